"""`mpl status`: the one-screen dashboard and its nudges."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Run


def status(mpl: Run) -> dict:
    return json.loads(mpl("status", "--json").stdout)


def test_a_new_portfolio_is_told_where_to_start(mpl: Run, started: Path) -> None:
    board = status(mpl)
    assert (board["name"], board["role"]) == ("Sam Patel", "Staff Nurse, St Elsewhere NHS Trust")
    assert board["goals"] == [] and board["recent"] == [] and board["hours"] == 0
    assert board["nudges"] == [
        "No reflection written yet: after your next learning moment, `mpl log` it with a reflection."
    ]
    shown = mpl("status").stdout
    assert "No active goals: set one with `mpl goal add`." in shown


def test_goals_hours_recent_learning_and_nudges(mpl: Run, started: Path) -> None:
    mpl("goal", "add", "Lead a debrief", "--by", "2026-11-01")  # overdue on 2026-11-24
    mpl("goal", "add", "Sepsis", "--by", "2027-06-30")
    config = started / "mpl.toml"
    config.write_text(config.read_text().replace("\n[[roles]]", "hours_target = 35.0\n\n[[roles]]"))
    for number, day in enumerate(("2025-12-30", "2026-01-05", "2026-09-01", "2026-10-20", "2026-10-21"), 1):
        mpl("log", f"Learning {number}", "--date", day, "--hours", "2", "--goal", "lead", "--what", "x")
    mpl("log", "Unreflected one", "--date", "2026-10-22", "--hours", "1")
    mpl("log", "Unreflected two", "--date", "2026-10-23", "--hours", "1", "--private")
    board = status(mpl)
    assert board["cpd_year"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert (board["hours"], board["hours_target"], board["moments_this_year"]) == (10, 35, 6)
    assert [(g["id"], g["days_left"], g["overdue"], g["moments"]) for g in board["goals"]] == [
        ("lead-a-debrief", -23, True, 5),
        ("sepsis", 218, False, 0),
    ]
    assert [m["title"] for m in board["recent"]] == [
        "Learning 3",
        "Learning 4",
        "Learning 5",
        "Unreflected one",
        "Unreflected two",
    ]
    assert board["nudges"] == [
        "No reflection written in 34 days: what have you learned since 21 October?",
        "2 learning moments have no reflection yet: `mpl edit unreflected-two` to start with the newest.",
        "Goal 'Lead a debrief' is 23 days past its target: mark it done, or give it a new target.",
        "10 of 35 hours so far this CPD year: about 31 would be on pace.",
    ]
    shown = mpl("status").stdout
    assert "CPD year 1 Jan 2026 to 31 Dec 2026: 10 of 35 hours, 6 learning moments" in shown
    assert "Unreflected two (private)" in shown
    assert "• Goal 'Lead a debrief' is 23 days past its target" in shown


def test_a_quiet_goal_is_noticed(mpl: Run, started: Path) -> None:
    mpl("goal", "add", "Old goal")
    goal = started / "goals/old-goal.md"
    goal.write_text(goal.read_text().replace("created = 2026-11-24", "created = 2026-08-01"))
    mpl("log", "Recent", "--what", "x")
    assert "Goal 'Old goal' has had no activity for 115 days." in status(mpl)["nudges"]
    mpl("goal", "progress", "old", "Picked it up again")
    assert not any("Old goal" in nudge for nudge in status(mpl)["nudges"])


def test_what_status_shows_of_mpl_toml_follows_the_file(mpl: Run, started: Path) -> None:
    """The index keeps what the dashboard shows of mpl.toml (issue 13) only for the file as
    it was: any edit, however quick and whatever its size, is read."""
    import os
    import sqlite3

    assert status(mpl)["name"] == "Sam Patel"
    config = started / "mpl.toml"
    before = config.stat()
    config.write_text(config.read_text().replace('name = "Sam Patel"', 'name = "Sam Pate1"'))  # same size
    os.utime(config, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same modification time
    assert status(mpl)["name"] == "Sam Pate1"
    db = sqlite3.connect(started / ".mpl" / "index.sqlite")
    with db:  # a note in the index of the wrong shape is not believed: the file is read
        db.execute("UPDATE meta SET value = json_set(value, '$[1].name', 5) WHERE key = 'settings'")
    db.close()
    assert status(mpl)["name"] == "Sam Pate1"
