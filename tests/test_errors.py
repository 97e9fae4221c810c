"""Every mistake is one line on stderr with an exit code, never a traceback; whatever
people type is shown as they typed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, commits


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("log", "x", "--kind", "bogus"),
            "mpl: error: Invalid value for '--kind' / '-k': 'bogus' is not one of",
        ),
        (("frobnicate",), "mpl: error: No such command 'frobnicate'. (see `mpl --help`)"),
        (("--bogus",), "mpl: error: No such option: --bogus (see `mpl --help`)"),
        (("goal", "drop", "x"), "mpl: error: Missing option '--reason'. (see `mpl goal drop --help`)"),
        (("log", "x", "--hours", "-1"), "mpl: error: Invalid value for '--hours' / '-H'"),
    ],
)
def test_a_bad_option_is_one_line_and_exit_2(
    mpl: Run, started: Path, args: tuple[str, ...], line: str
) -> None:
    result = mpl(*args, code=2)
    assert result.stderr.startswith(line)
    assert result.stderr.count("\n") == 1 and result.stdout == ""


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("log", "   "), "mpl: error: a learning moment needs a title with some words in it\n"),
        (("goal", "add", " \t "), "mpl: error: a goal needs a title with some words in it\n"),
        (("role", "start", ""), "mpl: error: a role needs a title with some words in it\n"),
        (
            ("list", "--since", "99999999 days ago"),
            "mpl: error: the date '99999999 days ago' is further away than any calendar goes\n",
        ),
    ],
)
def test_empty_titles_and_impossible_dates_are_one_line(
    mpl: Run, started: Path, args: tuple[str, ...], line: str
) -> None:
    assert mpl(*args, code=1).stderr == line
    (started / "notes.md").write_text("mine")
    mpl("goal", "add", "Next")  # nothing was left cut short: the hand edit is the person's own
    assert commits(started)[:2] == ["goal: Next", "manual edits: notes.md"]


def test_a_bad_mpl_today_is_one_line(mpl: Run, started: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPL_TODAY", "tomorrow")
    assert mpl("list", code=1).stderr == (
        "mpl: error: MPL_TODAY='tomorrow' is not a date (give it as YYYY-MM-DD, or unset it)\n"
    )


@pytest.mark.parametrize("text", ["Close [/b] tag", "[red]not red[/red]", "[bold"])
def test_square_brackets_are_shown_as_typed(mpl: Run, started: Path, text: str) -> None:
    mpl("log", text, "--tag", f"{text}-tag")
    mpl("goal", "add", f"Goal {text}")
    mpl("role", "start", f"Band {text}", "--org", f"Org {text}", "--on", "tomorrow")
    assert text in mpl("list").stdout and f"{text}-tag" in mpl("list").stdout
    assert f"Goal {text}" in mpl("goal", "list").stdout
    roles = mpl("role", "list").stdout
    assert f"Band {text}" in roles and f"Org {text}" in roles
    assert f"Goal {text}" in mpl("status").stdout
