"""Naming records by id prefix, filtering lists, and malformed files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, commits, git


@pytest.fixture
def three(mpl: Run, started: Path) -> Path:
    mpl("goal", "add", "Weekly team meeting notes")
    mpl("log", "Weekly team meeting", "--date", "2026-11-02", "--hours", "1", "--tag", "team")
    mpl(
        "log",
        "Weekly team meeting",
        "--date",
        "2026-11-09",
        "--hours",
        "1",
        "--kind",
        "conversation",
    )
    return started


def test_colliding_titles_get_a_numbered_id(mpl: Run, three: Path) -> None:
    ids = [m["id"] for m in json.loads(mpl("list", "--json").stdout)]
    assert ids == ["weekly-team-meeting", "weekly-team-meeting-2"]
    assert (three / "log/2026/2026-11-09-weekly-team-meeting-2.md").is_file()


def test_an_id_in_a_file_name_is_taken_though_mpl_has_not_read_the_file(mpl: Run, three: Path) -> None:
    """Files put there by hand since mpl last looked (uncommitted, or committed with git)
    take their ids, whether their front matter says another id or cannot be read at all."""
    log = three / "log/2026"
    (log / "2026-10-01-ward-round.md").write_text(
        '+++\nid = "rounds"\ntitle = "Ward round"\ndate = 2026-10-01\n+++\n\nBy hand.\n'
    )
    (log / "2026-10-02-handover.md").write_text("+++\nid = [broken\n+++\n")
    git(three, "add", "log/2026/2026-10-02-handover.md")
    git(three, "commit", "-qm", "by hand")
    assert "ward-round-2" in mpl("log", "Ward round", "--hours", "1").stdout
    assert "handover-2" in mpl("log", "Handover", "--hours", "1").stdout
    assert "rounds-2" in mpl("log", "Rounds", "--hours", "1").stdout


def test_an_exact_id_wins_over_longer_ones(mpl: Run, three: Path) -> None:
    shown = json.loads(mpl("show", "weekly-team-meeting", "--json").stdout)
    assert shown["date"] == "2026-11-02"


def test_an_ambiguous_prefix_lists_the_candidates(mpl: Run, three: Path) -> None:
    result = mpl("show", "weekly", code=1)
    assert result.stderr == (
        "mpl: error: 'weekly' could be any of: weekly-team-meeting, weekly-team-meeting-2, "
        "weekly-team-meeting-notes (type more of the id)\n"
    )


def test_an_unknown_id_says_where_to_look(mpl: Run, three: Path) -> None:
    result = mpl("show", "nothing", code=1)
    assert "no record has an id starting with 'nothing'" in result.stderr


def test_goal_commands_look_only_at_goals(mpl: Run, three: Path) -> None:
    shown = json.loads(mpl("goal", "show", "weekly", "--json").stdout)
    assert shown["id"] == "weekly-team-meeting-notes"


def test_list_piped_is_plain_rows_of_tab_separated_fields(mpl: Run, three: Path) -> None:
    """What `gh` does: no table, no header, no total; date, id, title, kind, hours, tags,
    private. Every one, unless -n says how many (the screen's limit is for screens)."""
    mpl("log", "Private\tchat\x1b[31m", "--date", "2026-11-10", "--private", "--tag", "a", "--tag", "b")
    assert mpl("list").stdout == (
        "2026-11-02\tweekly-team-meeting\tWeekly team meeting\tother\t1\tteam\t\n"
        "2026-11-09\tweekly-team-meeting-2\tWeekly team meeting\tconversation\t1\t\t\n"
        "2026-11-10\tprivate-chat-31m\tPrivate chat[31m\tother\t0\ta,b\tprivate\n"
    )
    assert mpl("list", "-n", "1", "--kind", "conversation").stdout.count("\n") == 1
    for moment in range(110):
        mpl("log", f"Moment {moment}", "--date", "2026-01-01")
    assert len(mpl("list").stdout.splitlines()) == 113


def test_list_on_a_terminal_is_a_table_with_its_total(mpl: Run, three: Path, terminal: None) -> None:
    listed = mpl("list").stdout
    assert "Date" in listed and "┃" in listed and "weekly-team-meeting-2" in listed
    assert listed.splitlines()[-1] == "2 learning moments, 2 hours"


def test_list_filters_combine(mpl: Run, three: Path) -> None:
    def ids(*args: str) -> list[str]:
        return [m["id"] for m in json.loads(mpl("list", "--json", *args).stdout)]

    assert ids("--since", "2026-11-03") == ["weekly-team-meeting-2"]
    assert ids("--until", "2026-11-02") == ["weekly-team-meeting"]
    assert ids("--since", "2026-11-02", "--until", "2026-11-02") == ["weekly-team-meeting"]
    assert ids("--tag", "team") == ["weekly-team-meeting"]
    assert ids("--kind", "conversation") == ["weekly-team-meeting-2"]
    assert ids("--role", "staff nurse", "--org", "St Elsewhere NHS Trust") == [
        "weekly-team-meeting",
        "weekly-team-meeting-2",
    ]
    assert ids("--org", "Elsewhere") == []


def test_private_records_can_be_left_out_of_lists(mpl: Run, started: Path) -> None:
    mpl("log", "Difficult conversation", "--private")
    mpl("log", "Open one")
    assert [m["id"] for m in json.loads(mpl("list", "--json", "--no-private").stdout)] == ["open-one"]


def test_a_malformed_file_is_named_and_the_rest_keeps_working(mpl: Run, three: Path) -> None:
    broken = three / "log/2026/2026-11-10-broken-by-hand.md"
    broken.write_text('+++\ntitle = "Broken\nid = "broken-by-hand"\n+++\n\nText\n')
    before = broken.read_bytes()

    listed = mpl("list")
    assert "weekly-team-meeting-2" in listed.stdout
    assert listed.stderr.startswith(
        "mpl: warning: skipped log/2026/2026-11-10-broken-by-hand.md:2: invalid TOML"
    )
    mpl("log", "Still works")

    shown = mpl("show", "broken", code=4)
    assert shown.stderr.startswith("mpl: error: log/2026/2026-11-10-broken-by-hand.md:2: invalid TOML")
    assert shown.stderr.count("\n") == 1
    assert broken.read_bytes() == before


def test_a_wrong_type_names_the_key_and_its_line(mpl: Run, started: Path) -> None:
    mpl("log", "Journal club")
    path = started / "log/2026/2026-11-24-journal-club.md"
    path.write_text(path.read_text().replace("hours = 0.0", 'hours = "lots"'))
    result = mpl("show", "journal", code=4)
    assert "log/2026/2026-11-24-journal-club.md:6: hours: Input should be a valid number" in result.stderr


def test_a_goal_id_that_names_no_goal_is_refused(mpl: Run, started: Path) -> None:
    result = mpl("log", "Something", "--goal", "nope", code=1)
    assert "no goal has an id starting with 'nope'" in result.stderr
    assert not (started / "log").exists()


def test_no_portfolio_is_one_line_saying_run_init(mpl: Run, portfolio_dir: Path) -> None:
    result = mpl("list", code=3)
    assert result.stderr == (
        f"mpl: error: no portfolio at {portfolio_dir} (it has no mpl.toml) "
        f"(run `mpl init {portfolio_dir}` to make one there)\n"
    )


def test_portfolio_is_found_from_a_folder_inside_it(
    mpl: Run, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MPL_PORTFOLIO")
    (started / "log").mkdir()
    monkeypatch.chdir(started / "log")
    assert json.loads(mpl("list", "--json").stdout) == []


def test_the_default_portfolio_is_in_the_home_folder(
    mpl: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MPL_PORTFOLIO")
    assert "run `mpl init` to make one in" in mpl("list", code=3).stderr
    mpl("init", "--name", "Sam")
    assert (home / "learning" / "mpl.toml").is_file()
    mpl("log", "Found it")
    assert (home / "learning/log/2026/2026-11-24-found-it.md").is_file()


def test_dash_c_wins_over_the_environment(mpl: Run, started: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    mpl("init", str(other), "--name", "Alex")
    mpl("-C", str(other), "log", "Over there")
    assert (other / "log/2026/2026-11-24-over-there.md").is_file()
    assert not (started / "log").exists()


def test_init_refuses_an_existing_portfolio(mpl: Run, started: Path) -> None:
    result = mpl("init", "--name", "Again", code=1)
    assert "already holds a portfolio" in result.stderr


def test_goal_list_shows_open_goals_and_the_past_years(mpl: Run, started: Path) -> None:
    for title in ("Open goal", "Closed this year", "Closed long ago"):
        mpl("goal", "add", title)
    mpl("goal", "done", "closed-this")
    old = started / "goals/closed-long-ago.md"
    mpl("goal", "drop", "closed-long", "--reason", "moved on")
    old.write_text(old.read_text().replace("closed = 2026-11-24", "closed = 2024-01-10"))
    shown = mpl("goal", "list").stdout
    assert "Open goal" in shown and "Closed this year" in shown and "Closed long ago" not in shown
    assert shown.splitlines()[-1] == "1 goal closed over a year ago is not shown (--all shows every goal)"
    assert "Closed long ago" in mpl("goal", "list", "--all").stdout
    assert len(json.loads(mpl("goal", "list", "--json").stdout)) == 3


def test_undo_of_a_change_already_taken_back_by_hand_marks_it_and_moves_on(mpl: Run, started: Path) -> None:
    mpl("goal", "add", "Goal one")
    mpl("goal", "add", "Goal two")
    git(started, "rm", "-q", "goals/goal-two.md")
    git(started, "commit", "-qm", "removed by hand")
    result = mpl("undo")
    assert "had been undone by hand already" in result.stdout
    assert commits(started)[0] == "undo: goal: Goal two"
    assert "Undid “goal: Goal one”" in mpl("undo").stdout  # the next undo goes on to the change before
    assert not (started / "goals/goal-one.md").exists()
