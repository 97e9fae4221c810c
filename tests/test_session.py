"""The whole session a person has on their first day with mpl, through the real CLI."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from mpl.storage.frontmatter import parse

from conftest import Run, commits


def front(path: Path) -> dict:
    return parse(path.read_text()).front


def test_first_session(mpl: Run, portfolio_dir: Path, editor, terminal: None) -> None:
    result = mpl(
        "init",
        str(portfolio_dir),
        "--name",
        "Sam Patel",
        "--role",
        "Staff Nurse",
        "--org",
        "St Elsewhere NHS Trust",
        "--since",
        "2025-09-01",
    )
    assert f"Started the learning record of Sam Patel in {portfolio_dir}" in result.stdout
    config = tomllib.loads((portfolio_dir / "mpl.toml").read_text())
    assert config["name"] == "Sam Patel"
    assert config["roles"] == [
        {
            "title": "Staff Nurse",
            "organisation": "St Elsewhere NHS Trust",
            "start": __import__("datetime").date(2025, 9, 1),
        }
    ]

    result = mpl(
        "goal",
        "add",
        "Lead a team debrief after an incident",
        "--by",
        "2027-03-31",
        "--success",
        "Run two debriefs end to end",
        "--success",
        "Team rates them useful",
        "--why",
        "Ward manager asked; I want to grow into a charge nurse role",
        "--alignment",
        "both",
    )
    assert result.stdout == "Added goal lead-a-team-debrief-after-an-incident\n"
    goal_file = portfolio_dir / "goals" / "lead-a-team-debrief-after-an-incident.md"
    goal = front(goal_file)
    assert goal["success"] == ["Run two debriefs end to end", "Team rates them useful"]
    assert (goal["status"], goal["alignment"], str(goal["target"])) == (
        "active",
        "both",
        "2027-03-31",
    )
    assert "Ward manager asked" in goal_file.read_text()

    result = mpl(
        "log",
        "Chaired my first safety huddle",
        "--date",
        "yesterday",
        "--kind",
        "on-the-job",
        "--hours",
        "0.5",
        "--goal",
        "lead-a-team",
        "--tag",
        "leadership",
    )
    moment_file = portfolio_dir / "log/2026/2026-11-23-chaired-my-first-safety-huddle.md"
    assert result.stdout == (
        "Logged chaired-my-first-safety-huddle (log/2026/2026-11-23-chaired-my-first-safety-huddle.md)\n"
    )
    moment = front(moment_file)
    assert moment["goals"] == ["lead-a-team-debrief-after-an-incident"]
    assert (moment["role"], moment["organisation"]) == ("Staff Nurse", "St Elsewhere NHS Trust")
    assert (moment["kind"], moment["hours"], moment["tags"]) == ("on-the-job", 0.5, ["leadership"])

    mpl(
        "log",
        "Read the sepsis guideline",
        "--kind",
        "reading",
        "--hours",
        "1",
        "--what",
        "Read the new trust guideline",
        "--so-what",
        "Lactate matters",
        "--now-what",
        "Escalate sooner",
    )
    sepsis = (portfolio_dir / "log/2026/2026-11-24-read-the-sepsis-guideline.md").read_text()
    assert "## What?\n\nRead the new trust guideline\n\n## So what?\n\nLactate matters\n" in sepsis
    assert "## Now what?\n\nEscalate sooner\n" in sepsis

    mpl("log", "Difficult conversation", "--private", input="Long reflection about a relative.\n")
    private_file = portfolio_dir / "log/2026/2026-11-24-difficult-conversation.md"
    assert front(private_file)["private"] is True
    assert "## What?\n\nLong reflection about a relative.\n" in private_file.read_text()

    listed = mpl("list", "--since", "2026-01-01", "--tag", "leadership")
    assert "chaired-my-first-safety-huddle" in listed.stdout
    assert "sepsis" not in listed.stdout
    assert "1 learning moment, 0.5 hours" in listed.stdout

    shown = mpl("show", "chaired")
    assert "Chaired my first safety huddle" in shown.stdout
    assert "Lead a team debrief after an incident" in shown.stdout

    mpl("goal", "progress", "lead-a-team", "Ran the first debrief", "--percent", "40")
    assert front(goal_file)["progress"] == 40
    assert "## Progress\n\n- 2026-11-24: Ran the first debrief (40%)\n" in goal_file.read_text()

    goals = json.loads(mpl("goal", "list", "--json").stdout)
    assert [(g["id"], g["progress"], g["moments"]) for g in goals] == [
        ("lead-a-team-debrief-after-an-incident", 40, 1)
    ]
    shown = json.loads(mpl("goal", "show", "lead", "--json").stdout)
    assert shown["notes"] == [
        {"date": "2026-11-24", "text": "Ran the first debrief", "percent": 40, "private": False}
    ]
    assert shown["moments"] == ["chaired-my-first-safety-huddle"]

    mpl("goal", "add", "Other goal")
    mpl("goal", "drop", "other", "--reason", "role changed")
    other = front(portfolio_dir / "goals/other-goal.md")
    assert (other["status"], other["reason"], str(other["closed"])) == (
        "dropped",
        "role changed",
        "2026-11-24",
    )
    mpl("goal", "done", "lead")
    assert front(goal_file)["status"] == "achieved"
    assert front(goal_file)["progress"] == 100

    editor("text = text.replace('hours = 0.5', 'hours = 0.75')")
    assert mpl("edit", "chaired").stdout == "Saved log/2026/2026-11-23-chaired-my-first-safety-huddle.md\n"
    assert commits(portfolio_dir)[0] == "edit: Chaired my first safety huddle"
    mpl("undo")

    history = mpl("history").stdout
    assert "goal achieved: Lead a team debrief after an incident" in history
    assert commits(portfolio_dir)[:4] == [
        "undo: edit: Chaired my first safety huddle",
        "edit: Chaired my first safety huddle",
        "goal achieved: Lead a team debrief after an incident",
        "goal dropped: Other goal",
    ]
    result = mpl("undo")
    assert "Undid “goal achieved: Lead a team debrief after an incident”" in result.stdout
    assert front(goal_file)["status"] == "active"
    assert commits(portfolio_dir)[0] == "undo: goal achieved: Lead a team debrief after an incident"

    mpl("role", "start", "Charge Nurse", "--org", "Another Trust", "--on", "2027-01-06")
    roles = json.loads(mpl("role", "list", "--json").stdout)
    assert [(r["title"], r["end"]) for r in roles] == [
        ("Staff Nurse", "2027-01-05"),
        ("Charge Nurse", None),
    ]


def test_every_change_is_one_commit_with_a_readable_message(mpl: Run, started: Path) -> None:
    before = len(commits(started))
    mpl("goal", "add", "Present at the journal club")
    mpl("log", "Watched a webinar on delegation", "--kind", "online", "--hours", "1")
    mpl("goal", "progress", "present", "Booked a slot")
    assert commits(started)[:3] == [
        "goal progress: Present at the journal club",
        "log: Watched a webinar on delegation",
        "goal: Present at the journal club",
    ]
    assert len(commits(started)) == before + 3
    status = __import__("conftest").git(started, "status", "--porcelain")
    assert status == ""


def test_json_output_for_scripts(mpl: Run, started: Path) -> None:
    created = json.loads(
        mpl(
            "log",
            "Shadowed the tissue viability nurse",
            "--hours",
            "2",
            "--kind",
            "on-the-job",
            "--participatory",
            "--json",
        ).stdout
    )
    assert created["id"] == "shadowed-the-tissue-viability-nurse"
    assert created["participatory"] is True
    listed = json.loads(mpl("list", "--json").stdout)
    assert [m["id"] for m in listed] == ["shadowed-the-tissue-viability-nurse"]
    assert listed[0]["reflected"] is False
    shown = json.loads(mpl("show", "shadowed", "--json").stdout)
    assert shown["path"] == "log/2026/2026-11-24-shadowed-the-tissue-viability-nurse.md"
    history = json.loads(mpl("history", "--json").stdout)
    assert history[0]["summary"] == "log: Shadowed the tissue viability nurse"
    assert history[0]["action"] == "log"
