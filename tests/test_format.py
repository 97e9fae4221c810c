"""The file format: hand edits, comments, key order and unknown keys survive mpl's updates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mpl.domain.goals import ProgressNote, progress_notes, with_note
from mpl.storage.frontmatter import FrontMatterError, parse, render, split, update

from conftest import Run

HAND_WRITTEN = """\
+++
# Written by hand: my own comment stays.
title   = "Lead a team debrief after an incident"
id = "lead-a-team-debrief-after-an-incident"   # keep this id
status = "active"
created = 2026-01-12
success = [
  "Run two debriefs end to end",   # the real test
  "Team rates them useful",
]
progress = 10
mentor = "Priya"   # a key mpl does not know

[extra]
badge = "later"
+++

## Why

Because.

## Progress

- 2026-02-03: Shadowed a debrief (10%)
"""


def test_update_changes_only_the_keys_it_means_to() -> None:
    updated = update(HAND_WRITTEN, {"progress": 40})
    assert updated == HAND_WRITTEN.replace("progress = 10", "progress = 40")


def test_update_with_no_changes_is_byte_for_byte_the_same() -> None:
    assert update(HAND_WRITTEN, {}) == HAND_WRITTEN


def test_removing_a_key_leaves_the_rest() -> None:
    updated = update(HAND_WRITTEN, {"mentor": None})
    assert "mentor" not in updated
    assert updated.count("\n") == HAND_WRITTEN.count("\n") - 1


def test_goal_progress_through_the_cli_keeps_comments_order_and_unknown_keys(mpl: Run, started: Path) -> None:
    path = started / "goals" / "lead-a-team-debrief-after-an-incident.md"
    path.parent.mkdir()
    path.write_text(HAND_WRITTEN)
    mpl("goal", "progress", "lead", "Co-led a debrief", "--percent", "40")
    expected = HAND_WRITTEN.replace("progress = 10", "progress = 40") + (
        "- 2026-11-24: Co-led a debrief (40%)\n"
    )
    assert path.read_text() == expected


def test_unknown_keys_are_kept_and_shown_in_json(mpl: Run, started: Path, editor) -> None:
    mpl("log", "Journal club", "--hours", "1")
    path = started / "log/2026/2026-11-24-journal-club.md"
    path.write_text(path.read_text().replace("+++\n\n", 'provider = "RCN"\n+++\n\n', 1))
    editor("text = text.replace('hours = 1.0', 'hours = 1.5')")
    mpl("edit", "journal")
    assert 'provider = "RCN"' in path.read_text()
    shown = json.loads(mpl("show", "journal", "--json").stdout)
    assert (shown["provider"], shown["hours"]) == ("RCN", 1.5)


def test_new_records_are_written_in_a_stable_key_order(mpl: Run, started: Path) -> None:
    mpl("log", "Journal club", "--hours", "1.5", "--tag", "research", "--kind", "conversation")
    text = (started / "log/2026/2026-11-24-journal-club.md").read_text()
    keys = [line.split(" = ")[0] for line in text.split("+++")[1].strip().splitlines()]
    assert keys == [
        "id",
        "title",
        "date",
        "kind",
        "hours",
        "participatory",
        "goals",
        "tags",
        "competencies",
        "role",
        "organisation",
        "private",
        "model",
    ]


def test_render_and_parse_round_trip() -> None:
    text = render({"id": "a", "title": "T", "tags": ["x"]}, "## What?\n\nSomething")
    parsed = parse(text)
    assert parsed.front == {"id": "a", "title": "T", "tags": ["x"]}
    assert parsed.body == "## What?\n\nSomething\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [("title = 1\n", 1), ("+++\ntitle = \n+++\n", 2), ("+++\ntitle = 'x'\n", 1)],
)
def test_broken_front_matter_names_the_line(text: str, line: int) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse(text)
    assert caught.value.line == line


def test_crlf_files_are_read() -> None:
    front, rest = split("+++\r\ntitle = 'x'\r\n+++\r\n\r\nBody\r\n")
    assert "title" in front and "Body" in rest


def test_progress_notes_are_appended_under_their_heading() -> None:
    body = "## Why\n\nBecause.\n\n## Progress\n\n- 2026-01-01: Started (5%)\n\n## Later\n\nText\n"
    updated = with_note(body, ProgressNote(__import__("datetime").date(2026, 2, 1), "More", 20))
    assert "- 2026-01-01: Started (5%)\n- 2026-02-01: More (20%)\n\n## Later" in updated
    assert [n.percent for n in progress_notes(updated)] == [5, 20]


def test_a_progress_section_is_made_when_missing() -> None:
    updated = with_note(
        "## Why\n\nBecause.\n", ProgressNote(__import__("datetime").date(2026, 2, 1), "First")
    )
    assert updated == "## Why\n\nBecause.\n\n## Progress\n\n- 2026-02-01: First\n"


def test_a_crlf_file_stays_crlf_through_an_update(mpl: Run, started: Path) -> None:
    mpl("goal", "add", "Windows goal")
    path = started / "goals/windows-goal.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    mpl("goal", "progress", "windows", "note one", "--percent", "20")
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 10
    assert b"progress = 20\r\n" in data and b"- 2026-11-24: note one (20%)\r\n" in data


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('format = 1\nname = "x"\nbad = = 3\n', 3, "invalid TOML: Invalid value"),
        (
            'format = 1\nname = "x"\nreflection_model = 5\n',
            3,
            "reflection_model: Input should be a valid string",
        ),
    ],
)
def test_a_malformed_mpl_toml_is_named_with_its_line(
    mpl: Run, started: Path, text: str, line: int, problem: str
) -> None:
    (started / "mpl.toml").write_text(text)
    assert mpl("list", code=4).stderr == (
        f"mpl: error: mpl.toml:{line}: {problem} (the file was left as it is: fix it in any editor)\n"
    )
