"""Review meetings: the one-to-one loop. Recorded with `mpl review add`, read back from
hand-written files, counted from by `--period since-last-review`, opening every pack, and
nudged about by `mpl status`."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from conftest import TODAY, Run, commits, git

REVIEW = "reviews/2026-11-20-one-to-one-with-ward-manager-november-2026.md"
HAND_WRITTEN = """\
+++
id = "appraisal-2026"
title = "Appraisal 2026"
date = 2026-10-01
kind = "appraisal"
with = "Matron"
agreed = [
    "Go on the leadership course",
    {text = "Lead a debrief, observed", goal = "lead-a-debrief"},
]
next = 2026-12-03
venue = "Seminar room 2"   # a key of the person's own
+++

Went well; she wants me to think about a band 6 post.
"""


@pytest.fixture
def goal(mpl: Run, started: Path) -> Path:
    mpl("goal", "add", "Lead a debrief", "--by", "2027-03-31", "--action", "Observe one first")
    return started


def test_review_add_writes_the_file_and_the_goal_action_in_one_commit(mpl: Run, goal: Path) -> None:
    result = mpl(
        "review", "add", "--with", "Ward manager", "--on", "2026-11-20",
        "--agreed", "Book the sepsis study day",
        "--action-for", "lead=Co-facilitate a debrief before leading one",
        "--next", "2026-12-18", "--note", "Good month; **busy** rota.",
    )  # fmt: skip
    assert result.stdout.splitlines() == [
        "Recorded review one-to-one-with-ward-manager-november-2026",
        "Added the agreed action to the planned actions of lead-a-debrief",
        "Next review: 18 December 2026",
    ]
    assert (goal / REVIEW).read_text() == (
        "+++\n"
        'id = "one-to-one-with-ward-manager-november-2026"\n'
        'title = "One-to-one with Ward manager, November 2026"\n'
        "date = 2026-11-20\n"
        'kind = "one-to-one"\n'
        'with = "Ward manager"\n'
        "agreed = [\n"
        '    "Book the sepsis study day",\n'
        '    {text = "Co-facilitate a debrief before leading one", goal = "lead-a-debrief"},\n'
        "]\n"
        "next = 2026-12-18\n"
        "private = false\n"
        "+++\n\n"
        "Good month; **busy** rota.\n"
    )
    goal_text = (goal / "goals/lead-a-debrief.md").read_text()
    assert (
        "## Planned actions\n\n- Observe one first\n- Co-facilitate a debrief before leading one\n"
        in goal_text
    )
    assert commits(goal)[0] == "review: One-to-one with Ward manager, November 2026"
    message = git(goal, "log", "-1", "--format=%B")
    assert "Mpl-Change: review" in message
    changed = git(goal, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == ["goals/lead-a-debrief.md", REVIEW]
    assert git(goal, "status", "--porcelain") == ""
    # the goal shows it as a planned action, in the pack's forward plan too
    assert "Co-facilitate a debrief before leading one" in mpl("export", "--period", "2026").stdout


def test_an_action_already_planned_is_not_added_twice(mpl: Run, goal: Path) -> None:
    mpl("review", "add", "--with", "Ward manager", "--action-for", "lead=Observe one first")
    text = (goal / "goals/lead-a-debrief.md").read_text()
    assert text.count("Observe one first") == 1
    assert "goals/lead-a-debrief.md" not in git(goal, "show", "--name-only", "--format=", "HEAD")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--action-for", "lead"], "--action-for 'lead' needs the form GOAL=TEXT"),
        (["--action-for", "lead="], "--action-for lead= needs the action after the ="),
        (["--action-for", "nope=Something"], "no goal has an id starting with 'nope'"),
        (["--on", "tomorrow"], "the review is dated 25 November 2026, after today"),
        (["--next", "2026-11-01"], "the next review (1 November 2026) is before this one (24 November 2026)"),
        (["--with", "  "], "say whom the review was with"),
    ],
)
def test_what_cannot_be_recorded_is_one_line_and_writes_nothing(
    mpl: Run, goal: Path, args: list[str], message: str
) -> None:
    before = commits(goal)
    with_ = [] if "--with" in args else ["--with", "Ward manager"]
    result = mpl("review", "add", *with_, *args, code=1)
    assert result.stderr.startswith(f"mpl: error: {message}")
    assert result.stderr.count("\n") == 1
    assert commits(goal) == before and not (goal / "reviews").exists()


def test_an_agreed_action_goes_only_to_an_open_goal(mpl: Run, goal: Path) -> None:
    mpl("goal", "done", "lead")
    result = mpl("review", "add", "--with", "Ward manager", "--action-for", "lead=More", code=1)
    assert "lead-a-debrief is achieved: an agreed action can go to an active or paused goal" in result.stderr
    assert "`mpl goal resume lead-a-debrief`" in result.stderr


def test_hand_written_review_files_are_read_shown_searched_and_edited(mpl: Run, goal: Path, editor) -> None:
    (goal / "reviews").mkdir()
    path = goal / "reviews/2026-10-01-appraisal-2026.md"
    path.write_text(HAND_WRITTEN)
    [listed] = json.loads(mpl("review", "list", "--json").stdout)
    assert listed["with"] == "Matron" and listed["venue"] == "Seminar room 2"
    assert listed["agreed"] == [
        "Go on the leadership course",
        {"text": "Lead a debrief, observed", "goal": "lead-a-debrief"},
    ]
    shown = mpl("show", "appraisal").stdout
    assert "2026-10-01 · appraisal · with Matron" in shown
    assert "• Lead a debrief, observed (goal lead-a-debrief)" in shown
    assert "band 6 post" in shown
    assert json.loads(mpl("show", "appraisal", "--json").stdout)["next"] == "2026-12-03"
    found = mpl("search", "leadership course").stdout
    assert "Appraisal 2026" in found and "review, 2026-10-01 · appraisal-2026" in found
    # mpl edit: a new date moves the file, and only what the person changed changes
    editor("text = text.replace('date = 2026-10-01', 'date = 2026-10-02')")
    mpl("edit", "appraisal")
    moved = goal / "reviews/2026-10-02-appraisal-2026.md"
    assert not path.exists() and moved.read_text() == HAND_WRITTEN.replace("2026-10-01", "2026-10-02")


def test_a_malformed_review_is_named_with_its_line_and_skipped_by_listings(mpl: Run, goal: Path) -> None:
    (goal / "reviews").mkdir()
    good = goal / "reviews/2026-10-01-appraisal-2026.md"
    good.write_text(HAND_WRITTEN)
    bad = goal / "reviews/2026-11-02-one-to-one.md"
    bad.write_text(
        '+++\nid = "one-to-one"\ntitle = "One-to-one"\ndate = 2026-11-02\nwith = "Ward manager"\n'
        'next = "soon"\n+++\n'
    )
    before = bad.read_bytes()
    shown = mpl("show", "one-to-one", code=4)
    assert shown.stderr.startswith("mpl: error: reviews/2026-11-02-one-to-one.md:6: next: Input should be")
    assert shown.stderr.count("\n") == 1
    listed = mpl("review", "list")
    assert "Appraisal 2026" in listed.stdout and "1 review meeting" in listed.stdout
    assert listed.stderr.startswith("mpl: warning: skipped reviews/2026-11-02-one-to-one.md:6: next:")
    doctor = mpl("doctor", code=6)
    assert "reviews/2026-11-02-one-to-one.md:6: next: Input should be a valid date" in doctor.stdout
    # the pack opens with the review it can read, and status counts from it
    assert "Matron" in mpl("export", "--period", "2026").stdout
    assert bad.read_bytes() == before


def test_a_review_whose_next_date_comes_first_is_named(mpl: Run, goal: Path) -> None:
    (goal / "reviews").mkdir()
    path = goal / "reviews/2026-10-01-appraisal-2026.md"
    path.write_text(HAND_WRITTEN.replace("next = 2026-12-03", "next = 2026-09-03"))
    result = mpl("show", "appraisal", code=4)
    assert "appraisal-2026.md:11: next: the next review (2026-09-03) is before this one" in (result.stderr)


def test_doctor_names_an_agreed_action_whose_goal_is_gone(mpl: Run, started: Path) -> None:
    (started / "reviews").mkdir()
    (started / "reviews/2026-10-01-appraisal-2026.md").write_text(HAND_WRITTEN)
    result = mpl("doctor", code=6)
    assert (
        "reviews/2026-10-01-appraisal-2026.md: refers to the goal 'lead-a-debrief', which does not exist"
        in result.stdout
    )


def test_the_index_takes_in_review_files_written_and_deleted_by_hand(mpl: Run, goal: Path) -> None:
    assert json.loads(mpl("review", "list", "--json").stdout) == []  # the index is made
    (goal / "reviews").mkdir()
    path = goal / "reviews/2026-10-01-appraisal-2026.md"
    path.write_text(HAND_WRITTEN)
    assert [r["id"] for r in json.loads(mpl("review", "list", "--json").stdout)] == ["appraisal-2026"]
    mpl("review", "add", "--with", "Ward manager")  # commits the hand-written file first, apart
    assert commits(goal)[:2] == [
        "review: One-to-one with Ward manager, November 2026",
        "manual edits: reviews/2026-10-01-appraisal-2026.md",
    ]
    path.unlink()
    listed = [r["id"] for r in json.loads(mpl("review", "list", "--json").stdout)]
    assert listed == ["one-to-one-with-ward-manager-november-2026"]
    mpl("show", "appraisal-2026", code=1)
    # ids are shared with goals and moments: a review's id is taken
    mpl("log", "One-to-one with Ward manager, November 2026")
    assert (goal / "log/2026/2026-11-24-one-to-one-with-ward-manager-november-2026-2.md").exists()


def test_undo_takes_back_the_review_and_the_goal_action(mpl: Run, goal: Path) -> None:
    goal_file = goal / "goals/lead-a-debrief.md"
    before = goal_file.read_text()
    mpl("review", "add", "--with", "Ward manager", "--action-for", "lead=Lead one")
    assert "- Lead one" in goal_file.read_text()
    undone = mpl("undo")
    assert "review: One-to-one with Ward manager, November 2026" in undone.stdout
    assert not (goal / REVIEW.replace("2026-11-20", "2026-11-24")).exists()
    assert goal_file.read_text() == before
    assert json.loads(mpl("review", "list", "--json").stdout) == []


# -- the period ------------------------------------------------------------------------------


def _period(mpl: Run, *args: str) -> dict:
    return json.loads(mpl("export", "--format", "json", *args).stdout)["period"]


def test_since_last_review_runs_from_the_day_of_the_last_review(mpl: Run, goal: Path) -> None:
    none = mpl("export", "--period", "since-last-review", code=1)
    assert none.stderr == (
        "mpl: error: no review meeting recorded yet to count from (record one with"
        " `mpl review add --with WHO`; a private one counts only with --include-private)\n"
    )
    mpl("review", "add", "--with", "Ward manager", "--on", "2026-10-01")
    mpl("review", "add", "--with", "Ward manager", "--on", "2026-11-10", "--title", "Mid-month catch-up")
    mpl("review", "add", "--with", "My coach", "--on", "2026-11-17", "--private")
    assert _period(mpl, "--period", "since-last-review") == {
        "label": "since the last review",
        "start": "2026-11-10",
        "end": TODAY.isoformat(),
    }
    assert _period(mpl, "--period", "since-last-review", "--include-private")["start"] == "2026-11-17"
    mpl("log", "On the day", "--date", "2026-11-10", "--what", "x")
    mpl("log", "The day before", "--date", "2026-11-09", "--what", "x")
    titles = [
        m["title"]
        for m in json.loads(mpl("export", "-p", "since-last-review", "-f", "json").stdout)["moments"]
    ]
    assert titles == ["On the day"]
    shown = mpl("export", "--period", "since-last-review").stdout
    assert "Period: since the last review (10 November 2026 to 24 November 2026)" in shown


# -- the pack's opening ----------------------------------------------------------------------


@pytest.fixture
def loop(mpl: Run, goal: Path) -> Path:
    """A goal, two reviews (the later one agreeing an action for it), and what happened since."""
    lead = goal / "goals/lead-a-debrief.md"
    lead.write_text(lead.read_text().replace("created = 2026-11-24", "created = 2026-08-01"))
    mpl("goal", "add", "Sepsis", "--by", "2027-06-30", "--success", "Audit my escalations")  # new since
    mpl("goal", "progress", "lead", "Watched the matron run one", "--percent", "20", "--on", "2026-09-01")
    mpl("review", "add", "--with", "Ward manager", "--on", "2026-06-01", "--agreed", "Old news")
    mpl(
        "review", "add", "--with", "Ward manager", "--on", "2026-10-20", "--next", "2026-12-01",
        "--agreed", "Share the audit at the ward meeting",
        "--action-for", "lead=Co-facilitate a debrief with the educator",
        "--note", "Notes of the meeting, for the full pack only.",
    )  # fmt: skip
    mpl("log", "Before the review", "--date", "2026-10-19", "--hours", "5", "--what", "x")
    mpl("log", "Co-facilitated a debrief", "--date", "2026-11-17", "--hours", "0.75", "--goal", "lead")
    mpl("log", "Read the audit", "--date", "2026-11-18", "--hours", "1", "--what", "x")
    mpl("log", "A private one", "--date", "2026-11-19", "--hours", "2", "--private", "--what", "x")
    mpl(
        "goal",
        "progress",
        "lead",
        "Co-facilitated with the educator",
        "--percent",
        "40",
        "--on",
        "2026-11-17",
    )
    mpl("goal", "met", "sepsis", "1", "--by", "read-the-audit", "--on", "2026-11-18")
    return goal


OPENING = [
    "Since the last review",
    "One-to-one with Ward manager on 20 October 2026; next review 1 December 2026",
    "Agreed:",
    "Share the audit at the ward meeting",
    "Co-facilitate a debrief with the educator (goal 1)",
    "Since then (20 Oct 2026 to 24 Nov 2026):",
    "2 learning moments, 1.75 hours (CPD log nos. 2 and 3)",
    "Goal 1, Lead a debrief: from 20% to 40%",
    "Goal 2, Sepsis: set since the review, now 0%, success criterion no. 1 met",
]


def _in_order(text: str, parts: list[str]) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after position {at} in:\n{text[:3000]}"
        at = found + len(part)


def test_every_detail_of_the_markdown_pack_opens_with_the_last_review(mpl: Run, loop: Path) -> None:
    for detail in ("brief", "standard", "full"):
        pack = mpl("export", "--period", "2026", "--detail", detail).stdout
        _in_order(pack, ["# Learning record: Sam Patel", *OPENING, "## Summary"])
        opening = pack.split("## Summary")[0]
        assert "Old news" not in opening and "A private one" not in pack
        assert "Notes of the meeting" not in opening
        # the full pack lists every review of the period, with the person's notes of it
        reviews = pack.split("## Review meetings")[1:]
        assert bool(reviews) == (detail == "full")
    _in_order(reviews[0], [
        "### 1 June 2026: One-to-one with Ward manager", "- Old news",
        "### 20 October 2026: One-to-one with Ward manager", "*Next review 1 December 2026*",
        "- Co-facilitate a debrief with the educator (goal 1)",
        "**Notes:** Notes of the meeting, for the full pack only.", "## Reflections",
    ])  # fmt: skip
    # a period that ends before the last review opens with the one before it
    earlier = mpl("export", "--since", "2026-01-01", "--until", "2026-09-30").stdout
    _in_order(
        earlier,
        ["One-to-one with Ward manager on 1 June 2026", "Old news", "Since then (1 Jun 2026 to 30 Sep"],
    )


def test_a_pack_with_no_review_to_show_opens_with_page_one(mpl: Run, goal: Path) -> None:
    assert mpl("export").stdout.split("\n## ")[1].startswith("Summary")
    mpl("review", "add", "--with", "My coach", "--private")
    assert mpl("export").stdout.split("\n## ")[1].startswith("Summary")
    assert mpl("export", "--include-private").stdout.split("\n## ")[1].startswith("Since the last review")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def test_the_html_and_word_packs_open_with_the_last_review(mpl: Run, loop: Path, tmp_path: Path) -> None:
    mpl("export", "--period", "2026", "--format", "html", "--out", str(tmp_path / "pack.html"))
    parser = _Text()
    parser.feed((tmp_path / "pack.html").read_text())
    body = " ".join(" ".join(parser.parts).split())
    opening = [part.replace("; next review 1 December 2026", "; next review 1 Dec 2026") for part in OPENING]
    opening[1] = opening[1].replace("20 October 2026", "20 Oct 2026")
    _in_order(body, [*opening, "Summary"])

    mpl("export", "--period", "2026", "--format", "docx", "--out", str(tmp_path / "pack.docx"))
    document = Document(io.BytesIO((tmp_path / "pack.docx").read_bytes()))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    [start] = [number for number, line in enumerate(paragraphs) if line.startswith("Since the last review")]
    assert paragraphs[start : start + 2] == [f"{OPENING[0]}  {opening[1]}", "Summary"]
    assert document.paragraphs[start].style.name == "Heading 1"
    [table] = [table for table in document.tables if table.rows[0].cells[0].text.startswith("Agreed")]
    agreed, since = ([p.text for p in cell.paragraphs] for cell in table.rows[0].cells)  # side by side
    assert agreed == [OPENING[2], *(f"• {item}" for item in OPENING[3:5])]
    assert since == [OPENING[5], *(f"• {item}" for item in OPENING[6:])]

    # at full detail, every review of the period with the person's notes, after the forward plan
    out = tmp_path / "full.docx"
    mpl("export", "--period", "2026", "--format", "docx", "--detail", "full", "--out", str(out))
    paragraphs = [paragraph.text for paragraph in Document(io.BytesIO(out.read_bytes())).paragraphs]
    _in_order("\n".join(paragraphs), [
        "Forward plan", "Review meetings", "1 June 2026: One-to-one with Ward manager", "Old news",
        "20 October 2026: One-to-one with Ward manager", "Next review 1 December 2026", "Agreed:",
        "Notes:", "Notes of the meeting, for the full pack only.", "Reflections",
    ])  # fmt: skip


def test_the_json_pack_carries_the_opening_without_private_goal_ids(mpl: Run, loop: Path) -> None:
    mpl("goal", "add", "Secret plan", "--private")
    mpl("review", "add", "--with", "Ward manager", "--action-for", "secret=Quietly", "--on", "2026-11-21")
    pack = json.loads(mpl("export", "--period", "2026", "--format", "json").stdout)
    opening = pack["since_review"]
    assert opening["review"]["agreed"] == [{"text": "Quietly", "goal": None}]
    assert "secret" not in json.dumps(opening)
    assert (opening["moments"], opening["hours"], opening["numbers"]) == (0, 0, [])


def test_private_reviews_reach_no_pack_unless_asked(mpl: Run, loop: Path, tmp_path: Path) -> None:
    mpl(
        "review",
        "add",
        "--with",
        "My coach",
        "--on",
        "2026-11-21",
        "--agreed",
        "Confidential plan",
        "--private",
    )
    for format in ("md", "html", "docx", "json", "csv"):
        out = tmp_path / f"pack.{format}"
        mpl("export", "--period", "2026", "--format", format, "--out", str(out))
        content = out.read_bytes()
        if format == "docx":
            document = Document(io.BytesIO(content))
            cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
            content = "\n".join([*(p.text for p in document.paragraphs), *cells]).encode()
        assert b"My coach" not in content and b"Confidential plan" not in content, format
        if format != "csv":
            assert b"Share the audit at the ward meeting" in content, format  # the last public one
    private = mpl("export", "--period", "2026", "--include-private").stdout
    _in_order(private, ["One-to-one with My coach on 21 November 2026", "Confidential plan", "## Summary"])


# -- status ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "nudge"),
    [
        (8, None),
        (7, "Your next review with Ward manager is on 1 December (in 7 days): `mpl export --period"
            " since-last-review` prepares for it."),
        (1, "Your next review with Ward manager is on 25 November (tomorrow): `mpl export --period"
            " since-last-review` prepares for it."),
        (0, "Your review with Ward manager is today: `mpl export --period since-last-review`"
            " prepares for it."),
        (-1, 'Your review with Ward manager was due on 23 November (yesterday): once it has happened,'
             ' `mpl review add --with "Ward manager" --agreed ...` records what you agreed.'),
        (-40, "Your review with Ward manager was due on 15 October (40 days ago): once it has happened,"
              ' `mpl review add --with "Ward manager" --agreed ...` records what you agreed.'),
    ],
)  # fmt: skip
def test_status_nudges_in_the_week_before_the_next_review_and_once_it_is_overdue(
    mpl: Run, started: Path, days: int, nudge: str | None
) -> None:
    when = TODAY + dt.timedelta(days=days)
    on = min(TODAY, when) - dt.timedelta(days=30)
    mpl("review", "add", "--with", "Ward manager", "--on", on.isoformat(), "--next", when.isoformat())
    board = json.loads(mpl("status", "--json").stdout)
    assert board["next_review"] == {
        "date": when.isoformat(),
        "with": "Ward manager",
        "days_left": days,
        "overdue": days < 0,
        "review": re.sub(r"[^a-z0-9]+", "-", f"one-to-one with ward manager {on:%B %Y}".lower()),
    }
    assert (nudge in board["nudges"]) if nudge else not any("review" in line for line in board["nudges"])
    shown = mpl("status").stdout
    assert f"Next review: {when:%-d %b %Y} with Ward manager" in shown
    if days == 1:  # a later review replaces the date it set; one with no next date, none
        mpl("review", "add", "--with", "Ward manager")
        assert json.loads(mpl("status", "--json").stdout)["next_review"] is None


def test_status_counts_a_private_review_it_is_for_the_person(mpl: Run, started: Path) -> None:
    mpl("review", "add", "--with", "My coach", "--next", "2026-11-26", "--private")
    assert json.loads(mpl("status", "--json").stdout)["next_review"]["with"] == "My coach"


def test_hostile_review_text_stays_inert_in_every_pack(mpl: Run, started: Path, tmp_path: Path) -> None:
    mpl(
        "review", "add", "--with", "<script>alert(1)</script>", "--on", "2026-11-01",
        "--agreed", '<img src="https://evil.example/x.png"> and [a link](https://evil.example/)',
        "--agreed", "tab\x0bhere", "--note", "<iframe src=https://evil.example/>",
    )  # fmt: skip
    markdown = mpl("export", "--period", "2026", "--detail", "full").stdout
    assert "<script>" not in markdown and "<img" not in markdown and "<iframe" not in markdown
    assert "One-to-one with &lt;script>alert(1)&lt;/script> on 1 November 2026" in markdown
    for format in ("html", "docx"):
        mpl("export", "-p", "2026", "--detail", "full", "-f", format, "--out", str(tmp_path / f"p.{format}"))
    html = (tmp_path / "p.html").read_text()
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert 'src="' not in html and "href=" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    document = Document(str(tmp_path / "p.docx"))  # a vertical tab would make the file unreadable
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "• tab here" in cells[0]  # Word's line break, in a one-line field, a space


def test_format_md_names_every_key_and_kind_of_a_review() -> None:
    from mpl.domain.model import Agreed, Review
    from mpl.domain.vocab import ReviewKind

    doc = (Path(__file__).parent.parent / "docs" / "FORMAT.md").read_text()
    section = doc.split("## Review meetings")[1].split("\n## ")[0]
    keys = [field.alias or name for name, field in Review.model_fields.items() if not field.exclude]
    keys += list(Agreed.model_fields)
    assert [key for key in keys if f"| `{key}` |" not in section and key != "evidence"] == []
    assert "`[[evidence]]`" in section
    assert all(f"`{kind.value}`" in section for kind in ReviewKind)
