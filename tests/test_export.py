"""`mpl export`: every format read back with a real parser, periods exact, private kept private."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt

from mpl.exporters.text import PLAN_COLUMNS

from conftest import Run, git

SECRET = "zanzibarsentinel"  # a word only private things hold (goal ids too)
QUARTER = ("2026-Q2", "2026-04-01", "2026-06-30")


@pytest.fixture
def record(mpl: Run, started: Path, tmp_path: Path) -> Path:
    """A quarter's learning with moments on, and just outside, its first and last days,
    private records and notes, and evidence."""
    mpl("goal", "add", "Lead a team debrief", "--by", "2026-05-31", "--success", "Run two debriefs",
        "--why", "To grow into a charge nurse role", "--action", "Shadow Priya")  # fmt: skip
    mpl("goal", "add", f"Find a new job {SECRET}", "--private")
    mpl("goal", "progress", "lead", "Ran the first debrief", "--percent", "40", "--on", "2026-05-02")
    mpl("goal", "progress", "lead", f"Felt {SECRET} about it", "--private", "--on", "2026-05-03")
    moments = [
        ("Before the quarter", "2026-03-31", "course", "2"),
        ("First day huddle", "2026-04-01", "on-the-job", "0.5"),
        ("Sepsis study day", "2026-05-15", "course", "6"),
        ("Last day reading", "2026-06-30", "reading", "1.5"),
        ("After the quarter", "2026-07-01", "reading", "1"),
    ]
    for title, day, kind, hours in moments:
        mpl("log", title, "--date", day, "--kind", kind, "--hours", hours, "--goal", "lead",
            "--what", f"{title}: what happened.", "--so-what", "What I learned.",
            "--now-what", "What I will change.")  # fmt: skip
    mpl("log", "Study day with the team", "--date", "2026-05-20", "--kind", "course", "--hours", "3",
        "--participatory", "--tag", "sepsis", "--goal", "find", "--what", "We practised.")  # fmt: skip
    mpl("log", "Difficult conversation", "--date", "2026-05-10", "--private", "--hours", "1",
        "--what", f"{SECRET} said something hard.")  # fmt: skip
    mpl("log", "Not yet reflected", "--date", "2026-06-01", "--hours", "0.25")
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(b"%PDF-1.4 sepsis certificate")
    mpl("evidence", "add", str(certificate), "--to", "sepsis")
    secret_file = tmp_path / "private-notes.txt"
    secret_file.write_text(f"{SECRET} notes")
    mpl("evidence", "add", str(secret_file), "--to", "difficult")
    return started


def export(mpl: Run, *args: str) -> str:
    return mpl("export", "--period", QUARTER[0], *args).stdout


def test_markdown_pack_reads_back_with_exact_period_and_figures(mpl: Run, record: Path) -> None:
    text = export(mpl)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[:4] == ["Learning record: Sam Patel", "Summary", "Hours by kind", "Goals"]
    assert "1 April 2026: First day huddle" in headings
    assert "30 June 2026: Last day reading" in headings
    assert "Before the quarter" not in text and "After the quarter" not in text
    assert "| Learning moments | 5 |" in text  # 4 public ones linked to goals, 1 unreflected
    assert "| Hours | 11.25 |" in text  # 0.5 + 6 + 1.5 + 3 + 0.25
    assert "| Participatory hours (with others) | 3 |" in text
    assert "| Reflections written | 4 of 5 |" in text
    assert "| Goals overdue | 1 |" in text
    assert "Period: 2026 Q2 (1 April 2026 to 30 June 2026)" in text
    assert "**Why:** To grow into a charge nurse role" in text
    assert "- 2 May 2026: Ran the first debrief (40%)" in text
    # what was learned and what changed come before what happened
    huddle = text[text.index("First day huddle") :]
    assert huddle.index("**So what?**") < huddle.index("**Now what?**") < huddle.index("**What?**")
    assert "| Lead a team debrief | Shadow Priya | Run two debriefs | 31 May 2026 |  |" in text
    assert "3 private records or notes left out." in text
    assert SECRET not in text


def test_private_things_reach_no_format_unless_asked(mpl: Run, record: Path, tmp_path: Path) -> None:
    for format in ("md", "html", "json", "csv"):
        assert SECRET not in export(mpl, "--format", format), format
        assert SECRET in export(mpl, "--format", format, "--include-private"), format
    mpl("export", "--period", QUARTER[0], "--format", "docx", "--out", str(tmp_path / "a.docx"))
    assert SECRET not in _docx_text(tmp_path / "a.docx")
    mpl("export", "-p", QUARTER[0], "-f", "docx", "-o", str(tmp_path / "b.docx"), "--include-private")
    assert SECRET in _docx_text(tmp_path / "b.docx")
    mpl("export", "--period", QUARTER[0], "--bundle", str(tmp_path / "pack.zip"))
    with zipfile.ZipFile(tmp_path / "pack.zip") as bundle:
        assert all(SECRET.encode() not in bundle.read(name) for name in bundle.namelist())


def test_private_goal_ids_are_not_named_by_public_moments(mpl: Run, record: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export(mpl, "--format", "csv").lstrip("\ufeff"))))
    study = next(row for row in rows if row["title"] == "Study day with the team")
    assert study["goals"] == ""
    assert "find-a-new-job" not in export(mpl, "--format", "json")


def test_csv_has_one_row_per_learning_moment(mpl: Run, record: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export(mpl, "--format", "csv").lstrip("\ufeff"))))
    assert [row["date"] for row in rows] == [
        "2026-04-01",
        "2026-05-15",
        "2026-05-20",
        "2026-06-01",
        "2026-06-30",
    ]
    assert rows[0] == {
        "date": "2026-04-01",
        "title": "First day huddle",
        "kind": "on-the-job",
        "hours": "0.5",
        "participatory": "no",
        "goals": "lead-a-team-debrief",
        "tags": "",
        "role": "Staff Nurse",
        "organisation": "St Elsewhere NHS Trust",
    }
    assert sum(float(row["hours"]) for row in rows) == 11.25


def test_json_pack_has_the_format_version_and_adds_up(mpl: Run, record: Path) -> None:
    data = json.loads(export(mpl, "--format", "json"))
    assert data["format"] == 1
    assert (data["period"]["start"], data["period"]["end"]) == QUARTER[1:]
    summary = data["summary"]
    assert summary["hours"] == sum(m["hours"] for m in data["moments"]) == 11.25
    assert summary["hours_by_kind"] == {"course": 9.0, "reading": 1.5, "on-the-job": 0.5, "other": 0.25}
    assert sum(summary["hours_by_month"].values()) == summary["hours"]
    assert list(summary["hours_by_month"]) == ["2026-04", "2026-05", "2026-06"]
    assert [goal["id"] for goal in data["goals"]] == ["lead-a-team-debrief"]
    assert [note["text"] for note in data["goals"][0]["notes"]] == ["Ran the first debrief"]
    assert data["left_out"] == 3  # the private moment, the private goal and the private note


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_pack_is_one_self_contained_page_with_charts(mpl: Run, record: Path) -> None:
    page = _Html()
    page.feed(export(mpl, "--format", "html"))
    assert "script" not in page.tags and "link" not in page.tags and page.links == []
    assert page.tags.count("svg") == 3  # hours per month, hours by kind, goal progress
    text = " ".join(page.text)
    assert "Learning record: Sam Patel" in text and "@page { size: A4" in text
    assert "1 April 2026: First day huddle" in text and "After the quarter" not in text


def test_the_chart_rounds_a_half_up(mpl: Run, started: Path) -> None:
    for title, hours in (("Course", "2"), ("Reading", "0.25")):
        mpl("log", title, "--date", "2026-10-05", "--hours", hours, "--what", "x")
    page = mpl("export", "--format", "html", "--period", "2026-10").stdout
    assert '" text-anchor="middle">2.3</text>' in page  # 2.25 hours in October; round() said 2.2


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_docx_pack_has_real_headings_and_tables(mpl: Run, record: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.docx"
    result = mpl("export", "--period", QUARTER[0], "--format", "docx", "--out", str(out))
    assert result.stdout == "Wrote pack.docx\n"  # said as the person would type it
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:3] == ["Learning record: Sam Patel", "Summary", "Goals"]
    assert any(p.text.startswith("Hours by kind: course") for p in document.paragraphs)  # a line
    assert {"Goals", "Forward plan", "Evidence index"} <= set(headings)
    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert summary["Hours"] == "11.25" and summary["Learning moments"] == "5"
    plan = document.tables[2]
    assert [cell.text for cell in plan.rows[0].cells] == list(PLAN_COLUMNS)


def test_bundle_holds_exactly_the_cited_evidence(mpl: Run, record: Path, tmp_path: Path) -> None:
    mpl("export", "--period", QUARTER[0], "--format", "html", "--bundle", str(tmp_path / "pack.zip"))
    with zipfile.ZipFile(tmp_path / "pack.zip") as bundle:
        names = sorted(bundle.namelist())
        stored = [p.relative_to(record).as_posix() for p in (record / "evidence").rglob("*") if p.is_file()]
        certificate = next(name for name in stored if name.endswith("certificate.pdf"))
        assert names == sorted([certificate, "sam-patel-2026-q2.html"])
        assert bundle.read(certificate) == b"%PDF-1.4 sepsis certificate"
    mpl("export", "--period", "2026-Q3", "--bundle", str(tmp_path / "empty.zip"))
    with zipfile.ZipFile(tmp_path / "empty.zip") as bundle:
        assert bundle.namelist() == ["sam-patel-2026-q3.md"]


def test_out_refuses_to_overwrite_unless_forced(mpl: Run, record: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.md"
    out.write_text("mine")
    result = mpl("export", "--out", str(out), code=1)
    assert f"mpl: error: {out} already exists (choose another name, or add --force" in result.stderr
    assert out.read_text() == "mine"
    mpl("export", "--out", str(out), "--force")
    assert out.read_text().startswith("# Learning record: Sam Patel")


def test_binary_formats_get_a_default_file_name_out_of_git(
    mpl: Run, record: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(record)
    result = mpl("export", "--period", "2026", "--format", "docx")
    assert result.stdout == "Wrote exports/sam-patel-2026.docx\n"
    assert (record / "exports/sam-patel-2026.docx").stat().st_size > 0
    assert git(record, "status", "--porcelain") == ""  # exports/ is ignored: nothing to commit later


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        ("2026", "2026-03-31", "2026-07-01"),
        ("2026-H1", "2026-03-31", "2026-06-30"),
        ("2026-04", "2026-04-01", "2026-04-01"),
        ("last-6-months", "2026-06-01", "2026-07-01"),  # today is 2026-11-24: from 25 May
    ],
)
def test_periods(mpl: Run, record: Path, period: str, first: str, last: str) -> None:
    data = json.loads(mpl("export", "--period", period, "--format", "json").stdout)
    dates = [moment["date"] for moment in data["moments"]]
    assert (dates[0], dates[-1]) == (first, last)


def test_since_until_and_since_joining(mpl: Run, record: Path) -> None:
    data = json.loads(mpl("export", "--since", "2026-05-15", "--until", "2026-05-20", "-f", "json").stdout)
    assert [m["date"] for m in data["moments"]] == ["2026-05-15", "2026-05-20"]
    mpl("role", "start", "Charge Nurse", "--org", "Another Trust", "--on", "2026-06-01")
    data = json.loads(mpl("export", "--period", "since-joining", "--format", "json").stdout)
    assert data["period"]["start"] == "2026-06-01" and data["role"] == "Charge Nurse"
    assert [m["date"] for m in data["moments"]] == ["2026-06-01", "2026-06-30", "2026-07-01"]


def test_goal_and_tag_filters(mpl: Run, record: Path) -> None:
    data = json.loads(export(mpl, "--goal", "lead", "--format", "json"))
    assert [m["title"] for m in data["moments"]] == [
        "First day huddle",
        "Sepsis study day",
        "Last day reading",
    ]
    data = json.loads(export(mpl, "--tag", "sepsis", "--format", "json"))
    assert [m["title"] for m in data["moments"]] == ["Study day with the team"]


def test_bad_periods_are_one_line(mpl: Run, record: Path) -> None:
    result = mpl("export", "--period", "2026-Q5", code=1)
    assert result.stderr.startswith("mpl: error: cannot read the period '2026-Q5' (use 2026, 2026-H1/H2")
    assert mpl("export", "--period", "2026", "--since", "2026-01-01", code=1).stderr == (
        "mpl: error: give either --period or --since/--until, not both\n"
    )
    result = mpl("export", "--bundle", "pack.tar", code=1)
    assert "should end in .zip" in result.stderr


GOLDEN = Path(__file__).parent / "golden" / "example-pack-2026.md"


def test_the_example_portfolios_markdown_pack_is_as_approved(mpl: Run, example: Path) -> None:
    """A whole pack, word for word. After a deliberate change to the pack, look at the
    difference, then approve it with MPL_UPDATE_GOLDEN=1."""
    pack = mpl("export", "--period", "2026").stdout
    if os.environ.get("MPL_UPDATE_GOLDEN"):
        GOLDEN.write_text(pack)
    assert pack == GOLDEN.read_text()


def test_success_criteria_can_be_met_and_show_everywhere(mpl: Run, record: Path) -> None:
    mpl("goal", "add", "Teach sepsis screening", "--success", "Teach the HCAs", "--success", "Audit it",
        "--support", "An hour with the sepsis lead")  # fmt: skip
    assert "say what shows it" in mpl("goal", "met", "teach", "1", code=1).stderr
    assert (
        "has 2 success criteria; there is no number 3"
        in mpl("goal", "met", "teach", "3", "--by", "sepsis", code=1).stderr
    )
    result = mpl("goal", "met", "teach", "1", "--by", "sepsis-study", "--on", "2026-05-16")
    assert result.stdout == "Met criterion 1 of teach-sepsis-screening on 16 May 2026: Teach the HCAs\n"
    text = (record / "goals" / "teach-sepsis-screening.md").read_text()
    met = '{text = "Teach the HCAs", met = 2026-05-16, by = "sepsis-study-day"}'
    assert f'success = [\n    {met},\n    "Audit it",\n]' in text
    sha = next(
        line.split('"')[1]
        for line in (record / "log/2026/2026-05-15-sepsis-study-day.md").read_text().splitlines()
        if line.startswith("sha256")
    )
    mpl("goal", "met", "teach", "2", "--evidence", sha[:8], "--on", "2026-06-01")
    assert "1. ✓ Teach the HCAs" in mpl("goal", "show", "teach").stdout
    assert "2 of 2" in mpl("goal", "list").stdout and "2 of 2" in mpl("status").stdout
    pack = mpl("export", "--period", "2026").stdout  # the goal was set after the quarter
    assert (
        "- ✓ no. 1: Teach the HCAs (met 16 May 2026, shown by Sepsis study day (no. 3 in the CPD log))"
        in pack
    )
    assert "- ✓ no. 2: Audit it (met 1 June 2026, shown by evidence " in pack
    assert "**Teach sepsis screening**: active; 0%; success criteria met: 2 of 2" in pack
    assert "| An hour with the sepsis lead |" in pack  # the forward plan's support column
    mpl("goal", "met", "teach", "2", "--not")
    assert "success criteria met: 1 of 2 (no. 1)" in mpl("export", "--period", "2026").stdout
    # a goal written by hand in the first format, criteria as plain strings, still reads
    assert "- ☐ no. 1: Run two debriefs" in pack


def test_highlights_lead_the_pack_and_reflections_keep_their_order(mpl: Run, record: Path) -> None:
    mpl("log", "NMC account", "--date", "2026-06-02", "--model", "nmc", "--goal", "lead", "--highlight",
        "-s", "nature=A study day.", "-s", "learning=Learned a lot.", "-s", "change=Changed my handover.",
        "-s", "code=Practise effectively.")  # fmt: skip
    assert "highlight = true" in (record / "log/2026/2026-06-02-nmc-account.md").read_text()
    pack = export(mpl)
    highlights = pack[pack.index("## Highlights") : pack.index("## Coming up")]
    assert "**2 June 2026: NMC account**" in highlights  # marked, so it leads
    assert "Last day reading" in highlights  # made up to three with the latest reflected on goals
    assert "First day huddle" not in highlights
    assert highlights.index("Learned a lot.") < highlights.index("Changed my handover.")
    assert "Practise effectively" not in highlights
    account = pack[pack.index("### 2 June 2026: NMC account") :]
    order = [account.index(words) for words in ("A study day.", "Learned a lot.", "Changed my", "Practise")]
    assert order == sorted(order)  # the form's order, as written


def test_moments_without_reflection_are_in_the_log_only_and_export_says_so(mpl: Run, record: Path) -> None:
    result = mpl("export", "--period", QUARTER[0], "--out", "pack.md")
    assert result.stderr.startswith(
        "mpl: note: 1 of the 5 learning moments in this pack has no reflection yet, so the pack lists it"
        " in the CPD log only: `mpl edit not-yet-reflected` adds one\n"
    )
    pack = Path("pack.md").read_text()
    assert "| 4 | 1 Jun 2026 | Not yet reflected (no reflection yet) | other | 0.25 |  |  |" in pack
    assert "Not yet reflected" not in pack[pack.index("## Reflections") :]
    assert "No reflection written yet" not in pack


def test_charts_and_figures_draw_no_month_still_to_come(mpl: Run, record: Path) -> None:
    data = json.loads(mpl("export", "--period", "2026", "--format", "json").stdout)
    assert list(data["summary"]["hours_by_month"])[-1] == "2026-11"  # today is 24 November 2026
    assert data["summary"]["period_target"] is None  # no hours target set


@pytest.mark.parametrize("detail", ["brief", "standard", "full"])
def test_detail_levels(mpl: Run, record: Path, detail: str) -> None:
    pack = export(mpl, "--detail", detail)
    assert ("## Reflections" in pack) is (detail != "brief")
    assert ("## Evidence index" in pack) is (detail != "brief")
    assert ("SHA-256" in pack) is (detail == "full")
    assert "## CPD log" in pack and "## Forward plan" in pack
    # the highlights (in every pack) point to the reflections only where the pack holds them
    assert "## Highlights" in pack
    assert ("each in full among the reflections" in pack) is (detail != "brief")


def test_a_one_day_pack_is_held_to_a_day_of_the_yearly_target(mpl: Run, started: Path) -> None:
    """12 hours a year make a day's target 0.03 hours, not 0 (which 0 hours 'met')."""
    settings = started / "mpl.toml"  # it has no hours target: one set by hand, before any table
    settings.write_text("hours_target = 12\n" + settings.read_text())
    pack = mpl("export", "--since", "2026-11-24", "--until", "2026-11-24").stdout
    assert "0 hours against a target of 0.03 (12 a year, pro rata): short by 0.03" in pack
