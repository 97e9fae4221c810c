"""On a terminal mpl asks; in a pipe it never waits for an answer."""

from __future__ import annotations

import io
import json
from pathlib import Path

from mpl.env import Env

from conftest import TODAY, Run


def terminal(answers: str, portfolio: Path) -> Env:
    return Env(
        home=portfolio.parent,
        cwd=portfolio,
        today=TODAY,
        portfolio=portfolio,
        stdin=io.StringIO(answers),
        interactive=True,
    )


def test_log_with_no_reflection_asks_the_model_questions(mpl: Run, started: Path) -> None:
    env = terminal("I chaired it.\nKeep it short.\n\n", started)
    result = mpl("log", "Chaired the huddle", env=env)
    assert "What? What happened, and what was my part in it?" in result.stdout
    shown = json.loads(mpl("show", "chaired", "--json").stdout)
    assert shown["reflection"] == {
        "What?": "I chaired it.",
        "So what?": "Keep it short.",
        "Now what?": "",
    }


def test_log_with_no_arguments_asks_for_the_title_too(mpl: Run, started: Path) -> None:
    env = terminal("Watched a webinar\nOn delegation\n\n\n", started)
    mpl("log", env=env)
    shown = json.loads(mpl("show", "watched", "--json").stdout)
    assert shown["title"] == "Watched a webinar"
    assert shown["reflection"]["What?"] == "On delegation"


def test_another_model_asks_its_own_questions(mpl: Run, started: Path) -> None:
    env = terminal("It happened\nNervous\nGood\nHmm\nMore\nPlan\n", started)
    mpl("log", "Gibbs one", "--model", "gibbs", env=env)
    shown = json.loads(mpl("show", "gibbs", "--json").stdout)
    assert shown["model"] == "gibbs"
    assert list(shown["reflection"]) == [
        "Description",
        "Feelings",
        "Evaluation",
        "Analysis",
        "Conclusion",
        "Action plan",
    ]
    assert shown["reflection"]["Feelings"] == "Nervous"


def test_without_a_terminal_a_title_is_required(mpl: Run, started: Path) -> None:
    result = mpl("log", code=1)
    assert result.stderr == 'mpl: error: mpl log needs a title (mpl log "What happened" [options])\n'


def test_piped_text_with_headings_is_kept_as_written(mpl: Run, started: Path) -> None:
    mpl("log", "Piped", input="## What?\n\nA\n\n## So what?\n\nB\n")
    shown = json.loads(mpl("show", "piped", "--json").stdout)
    assert shown["reflection"] == {"What?": "A", "So what?": "B"}


def test_sections_by_key_for_any_model(mpl: Run, started: Path) -> None:
    mpl(
        "log",
        "Kolb one",
        "--model",
        "kolb",
        "--section",
        "observation=Saw it",
        "-s",
        "experimentation=Try it",
    )
    shown = json.loads(mpl("show", "kolb", "--json").stdout)
    assert shown["reflection"]["Reflective observation"] == "Saw it"
    assert shown["reflection"]["Active experimentation"] == "Try it"
    wrong = mpl("log", "Wrong", "--model", "kolb", "--what", "x", code=1)
    assert "the kolb model has no section 'what'" in wrong.stderr


def test_a_portfolio_can_add_its_own_model(mpl: Run, started: Path) -> None:
    config = started / "mpl.toml"
    config.write_text(
        config.read_text() + '\n[reflection_models]\nstar = ["Situation", "Task", "Action", "Result"]\n'
    )
    mpl("log", "Star one", "--model", "star", "-s", "result=It worked")
    shown = json.loads(mpl("show", "star", "--json").stdout)
    assert shown["reflection"] == {"Situation": "", "Task": "", "Action": "", "Result": "It worked"}
    assert (
        "use one of: driscoll, gibbs, kolb, nmc, free, star"
        in mpl("log", "x", "--model", "nope", code=1).stderr
    )


def test_init_asks_for_the_name_on_a_terminal(mpl: Run, portfolio_dir: Path) -> None:
    env = terminal("Sam Patel\nStaff Nurse\nSt Elsewhere\n", portfolio_dir)
    mpl("init", str(portfolio_dir), env=env)
    roles = json.loads(mpl("role", "list", "--json").stdout)
    assert [(r["title"], r["organisation"]) for r in roles] == [("Staff Nurse", "St Elsewhere")]


class _CutShort(io.StringIO):
    """A terminal whose person presses Ctrl-C once the lines given are answered."""

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        line = super().readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_at_a_reflection_question_keeps_the_answers_as_a_draft(
    mpl: Run, started: Path, editor
) -> None:
    env = terminal("", started)
    env.stdin = _CutShort("I chaired the huddle.\nKeep it short.\n")
    result = mpl("log", "Chaired the huddle", env=env, code=130)
    draft = started / ".mpl" / "drafts" / "new-chaired-the-huddle.md"
    assert result.stderr == (
        f"mpl: error: interrupted: the answers you typed are kept in {draft.relative_to(started)}"
        " (`mpl log 'Chaired the huddle' --edit` carries on with them)\n"
    )
    assert "I chaired the huddle." in draft.read_text() and "Keep it short." in draft.read_text()
    assert list((started / "log").glob("*/*.md")) == []  # nothing logged: it was cut short
    editor("text = text.replace('Keep it short.', 'Keep it short, and ask.')")
    mpl("log", "Chaired the huddle", "--edit")
    shown = json.loads(mpl("show", "chaired", "--json").stdout)
    assert shown["reflection"]["What?"] == "I chaired the huddle."
    assert shown["reflection"]["So what?"] == "Keep it short, and ask."
    assert not draft.exists()


def test_ctrl_c_before_any_answer_keeps_nothing(mpl: Run, started: Path) -> None:
    env = terminal("", started)
    env.stdin = _CutShort("")
    result = mpl("log", "Chaired the huddle", env=env, code=130)
    assert result.stderr.startswith("mpl: interrupted")
    assert not (started / ".mpl" / "drafts" / "new-chaired-the-huddle.md").exists()
