"""`mpl export --form nmc`: the NMC's record tables, read back as a confirmer would see them."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from docx import Document

from conftest import Run, git
from rulecases import NMC, REFLECTED, moment, write_portfolio

# The NMC's forms, as the pack gives them: the columns and questions a confirmer expects.
CPD_COLUMNS = [
    "Dates",
    "Method",
    "Topic",
    "Link to the Code",
    "Number of hours",
    "Number of participatory hours",
    "Evidence",
]
FEEDBACK_COLUMNS = [
    "Date",
    "Where the feedback came from",
    "Content of the feedback",
    "How I used it to improve my practice",
]
QUESTIONS = [
    "What was the nature of the CPD activity and/or practice-related feedback and/or event or experience"
    " in your practice?",
    "What did you learn from the CPD activity and/or feedback and/or event or experience in your practice?",
    "How did you change or improve your practice as a result?",
    "How is this relevant to the Code? Select one or more themes: Prioritise people \u2013 Practise"
    " effectively \u2013 Preserve safety \u2013 Promote professionalism and trust",
]
NMC_ACCOUNT = (
    "## What was the nature of the CPD activity, feedback or event?\n\nA night shift, a rising NEWS2.\n\n"
    "## What did you learn from it?\n\nEscalate early, with SBAR.\n\n"
    "## How did you change or improve your practice as a result?\n\nI use SBAR every time.\n\n"
    "## How is this relevant to the Code?\n\nI acted without delay.\n"
)


@pytest.fixture
def nurse(portfolio_dir: Path) -> Path:
    """A record that just meets the NMC pack, one account in the nmc model, one private record."""
    records = [dict(record) for record in NMC.records]
    first = next(r for r in records if r["id"] == "account-1")
    first.update(model="nmc", body=NMC_ACCOUNT, title="A deteriorating patient")
    next(r for r in records if r["id"] == "last-day")["date"] = dt.date(2026, 11, 24)  # today
    records.append(moment("private-course", NMC.records[0]["date"], hours=2.0, private=True, standards=["x"]))
    settings = f'rule_packs = ["nmc"]\n\n{NMC.settings}\nregistration = "21B4567C"'
    write_portfolio(portfolio_dir, settings, records)
    return portfolio_dir


def cells(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_word_forms_have_the_nmc_columns_and_questions_in_order(
    mpl: Run, nurse: Path, tmp_path: Path
) -> None:
    mpl("export", "--form", "nmc", "--format", "docx", "--out", str(tmp_path / "nmc.docx"))
    document = Document(str(tmp_path / "nmc.docx"))
    tables = [cells(table) for table in document.tables]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:5] == [
        "About me",
        "Continuing professional development (CPD) log",
        "Practice-related feedback log",
        "Written reflective accounts",
        "Reflective account 1",
    ]
    about = dict(map(tuple, tables[0]))
    assert about == {
        "Name": "Sam Patel",
        "NMC Pin": "21B4567C",
        "Revalidation period": "1 April 2024 to 31 March 2027",
    }
    cpd = tables[1]
    assert cpd[0] == CPD_COLUMNS
    assert cpd[1] == ["1 April 2024", "Other", "First day", "Preserve safety", "15", "15", ""]
    assert [row[2] for row in cpd[1:]] == ["First day", "Reading", "Last day"]  # not the private course
    assert sum(float(row[4]) for row in cpd[1:]) == 35
    assert sum(float(row[5]) for row in cpd[1:]) == 20
    feedback = tables[2]
    assert feedback[0] == FEEDBACK_COLUMNS and len(feedback) == 6
    assert feedback[1][:3] == ["10 January 2025", "a patient", "What happened, in a few words."]

    # five accounts, each the four questions in the form's order, each answered from its reflection
    texts = [p.text for p in document.paragraphs]
    assert headings.count("Reflective account 5") == 1 and "Reflective account 6" not in headings
    starts = [texts.index(f"Reflective account {n}") for n in range(1, 6)]
    for number, start in enumerate(starts, start=1):
        end = starts[number] if number < 5 else texts.index("Reflective discussion")
        asked = [text for text in texts[start:end] if text in QUESTIONS]
        assert asked == QUESTIONS, number
    first = texts[starts[0] : starts[1]]
    answers = [first[first.index(question) + 1] for question in QUESTIONS]
    assert answers == [
        "A night shift, a rising NEWS2.",
        "Escalate early, with SBAR.",
        "I use SBAR every time.",
        "Preserve safety",
    ]
    assert first[first.index(QUESTIONS[3]) + 2] == "I acted without delay."
    second = texts[starts[1] : starts[2]]  # a Driscoll reflection answers by its own sections
    assert second[second.index(QUESTIONS[0]) + 1] == "What happened, in a few words."
    assert second[second.index(QUESTIONS[1]) + 1] == "What I learned."
    assert second[second.index(QUESTIONS[2]) + 1] == "Not answered in the record."

    discussion = dict(map(tuple, tables[8]))
    assert discussion["Their NMC Pin"] == "12A3456E"
    assert discussion["Date of the discussion"] == "1 November 2026"
    assert tables[9] == [["Signature of the NMC registrant", ""]]
    confirmation = tables[10]
    assert confirmation[0] == ["Requirement", "What the record shows", "Seen by the confirmer"]
    assert confirmation[2][1] == "Met: 35 of 35 hours; Met: 20 of 20 hours"
    assert confirmation[1][1].startswith("Not checked by mpl")
    assert tables[11][0] == ["Confirmer's name", ""]
    assert "1 private record left out (--include-private puts them in)." in texts


def test_every_document_format_carries_the_same_form(mpl: Run, nurse: Path) -> None:
    markdown = mpl("export", "--form", "nmc", "--format", "md").stdout
    html = mpl("export", "--form", "nmc", "--format", "html").stdout
    data = json.loads(mpl("export", "--form", "nmc", "--format", "json").stdout)
    for question in QUESTIONS:
        assert markdown.count(f"**{question}**") == 5
        assert html.count(question.replace("'", "&#x27;")) == 5
    assert "| " + " | ".join(CPD_COLUMNS) + " |" in markdown
    assert "<th>Link to the Code</th>" in html
    assert [part["title"] for part in data["parts"]] == [
        "About me",
        "Continuing professional development (CPD) log",
        "Practice-related feedback log",
        "Written reflective accounts",
        "Reflective discussion",
        "Confirmation",
    ]
    assert data["left_out"] == 1
    with_private = json.loads(mpl("export", "--form", "nmc", "--format", "json", "--include-private").stdout)
    rows = with_private["parts"][1]["content"][0]["table"]["rows"]
    assert "Private course" in [row[2] for row in rows]


def test_a_short_record_says_so_on_the_form(mpl: Run, portfolio_dir: Path) -> None:
    records = [r for r in NMC.records if r["id"] not in ("account-4", "account-5", "discussion")]
    write_portfolio(portfolio_dir, f'rule_packs = ["nmc"]\n\n{NMC.settings}', records)
    markdown = mpl("export", "--form", "nmc").stdout
    assert "**3 of the 5 needed are in the record.**" in markdown
    assert "| Five written reflective accounts | Short: 3 of 5 records |  |" in markdown
    assert "## Reflective discussion" in markdown and "**1 of the 1 needed" not in markdown


def test_a_logged_record_not_counted_says_why_under_the_cpd_log(mpl: Run, portfolio_dir: Path) -> None:
    """The log lists every CPD record of the cycle; one with no link to the Code is not counted
    (the confirmation's hours are fewer): the form says which, and why."""
    records = [dict(record) for record in NMC.records]
    unlinked = next(r for r in records if r.get("standards") and r.get("hours"))
    unlinked.pop("standards")
    write_portfolio(portfolio_dir, f'rule_packs = ["nmc"]\n\n{NMC.settings}', records)
    markdown = mpl("export", "--form", "nmc").stdout
    day = f"{unlinked['date']:%-d %B %Y}"
    assert f"Not counted yet, for want of a field: {day} {unlinked['title']} (no standards" in markdown


def test_untrusted_text_stays_inert_in_every_format(mpl: Run, portfolio_dir: Path) -> None:
    hostile = '<script>alert(1)</script> | =HYPERLINK("x") **bold** \x0b\x01'
    records = [moment("hostile", NMC.records[0]["date"], title=hostile, hours=1.0, standards=[hostile])]
    records[0]["body"] = REFLECTED + "\n<img src=x onerror=alert(1)> [here](https://evil.example/)\n"
    records[0]["counts_as"] = ["reflective-account"]
    write_portfolio(portfolio_dir, f'rule_packs = ["nmc"]\n\n{NMC.settings}', records)
    html = mpl("export", "--form", "nmc", "--format", "html").stdout
    assert "<script>" not in html and "<img" not in html and "href" not in html
    docx = Document(
        io.BytesIO(
            mpl("export", "--form", "nmc", "-f", "docx", "-o", "f.docx") and Path("f.docx").read_bytes()
        )
    )
    assert any("<script>" in cell.text for table in docx.tables for row in table.rows for cell in row.cells)
    markdown = mpl("export", "--form", "nmc", "--format", "md").stdout
    row = next(line for line in markdown.splitlines() if line.startswith("| 1 April 2024"))
    assert row.count(" | ") == len(CPD_COLUMNS) - 1  # the pipe in the title does not make a column
    assert "<script>" not in markdown and "<img" not in markdown  # made text: &lt;script>


def test_forms_refuse_what_they_cannot_do(mpl: Run, nurse: Path) -> None:
    assert "not with --form" in mpl("export", "--form", "nmc", "--period", "2026", code=1).stderr
    assert (
        "forms come as md, html, docx, pdf, json, not csv"
        in mpl("export", "--form", "nmc", "-f", "csv", code=1).stderr
    )
    assert "has no forms" in mpl("export", "--form", "rics", code=1).stderr
    assert "no rule pack called 'nope'" in mpl("export", "--form", "nope", code=1).stderr


def test_a_word_form_without_out_goes_to_exports(
    mpl: Run, nurse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(nurse, "init", "-q")
    (nurse / ".gitignore").write_text("exports/\n.mpl/\n")
    monkeypatch.chdir(nurse)
    said = mpl("export", "--form", "nmc", "--format", "docx").stdout
    path = nurse / "exports" / "sam-patel-nmc-form-2024-04-01-to-2027-03-31.docx"
    assert said == "Wrote exports/sam-patel-nmc-form-2024-04-01-to-2027-03-31.docx\n"
    assert Document(io.BytesIO(path.read_bytes())).tables


def test_the_pdf_form_is_the_html_form_on_a4(mpl: Run, nurse: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    mpl("export", "--form", "nmc", "--format", "pdf", "--out", str(tmp_path / "nmc.pdf"))
    reader = PdfReader(str(tmp_path / "nmc.pdf"))
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages)
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Reflective account 5" in words and "Reflective account 6" not in words
    assert words.count("How did you change or improve your practice as a result?") == 5
    assert "Link to the Code" in words and "Signature of the NMC registrant" in words
    pages = len(reader.pages)
    assert all(f"Page {n} of {pages}" in page.extract_text() for n, page in enumerate(reader.pages, 1))


def test_the_word_form_says_whose_it_is_on_every_page_and_when_it_was_made(
    mpl: Run, nurse: Path, tmp_path: Path
) -> None:
    mpl("export", "--form", "nmc", "--format", "docx", "--out", str(tmp_path / "nmc.docx"))
    document = Document(str(tmp_path / "nmc.docx"))
    section = document.sections[0]
    assert "NMC revalidation record" in section.header.paragraphs[0].text
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert document.core_properties.created.date() == dt.date(2026, 11, 24)  # the day it was made


# -- the appraisal pack's requirements page and competencies ---------------------------------


def test_the_appraisal_pack_has_a_requirements_page_and_the_competencies(mpl: Run, nurse: Path) -> None:
    (nurse / "frameworks").mkdir()
    (nurse / "frameworks" / "ward.toml").write_text(
        'title = "Ward"\n[[competencies]]\ncode = "A1"\ntitle = "Assessment"\ngroup = "Care"\n'
        '[[competencies]]\ncode = "A2"\ntitle = "Escalation"\ngroup = "Care"\n'
    )
    first = next((nurse / "log" / "2024").glob("*first-day.md"))
    first.write_text(
        first.read_text().replace("date = 2024-04-01", 'date = 2024-04-01\ncompetencies = ["A1"]')
    )
    markdown = mpl("export", "--period", "2024", "--format", "md").stdout
    page = markdown.split("## Professional body requirements")[1].split("## Reflections")[0]
    assert (
        "*How the record stands against the rules of the bodies the author answers to, on 31 December 2024.*"
        in page
    )
    assert (
        "### NMC revalidation\n\n1 April 2024 to 31 March 2027: 0 of 5 requirements met, 820 days left."
        in page
    )
    assert "| 35 hours of CPD, each linked to the Code | 15 of 35 hours | short by 20 hours |" in page
    assert (
        "## Competencies\n\n1 of 2 competencies shown by the records in this pack. Nothing yet for A2."
        in page
    )
    assert "| Care | A1 | Assessment | 1 | 0 | 1 Apr 2024 |" in page
    data = json.loads(mpl("export", "--period", "2024", "--format", "json").stdout)
    assert [r["met"] for r in data["requirements"][0]["requirements"]] == [False, False, False, False, False]
    assert data["competencies"][0] == {
        "code": "A1", "title": "Assessment", "group": "Care",
        "records": 1, "evidence": 0, "last": "2024-04-01",
    }  # fmt: skip


def test_the_requirements_page_gives_nothing_private_away(mpl: Run, nurse: Path) -> None:
    data = json.loads(mpl("export", "--period", "2024", "--format", "json").stdout)
    hours = data["requirements"][0]["requirements"][0]["shows"]
    assert hours == "15 of 35 hours"  # the private course's 2 hours are not in it
    private = json.loads(mpl("export", "--period", "2024", "--format", "json", "--include-private").stdout)
    assert private["requirements"][0]["requirements"][0]["shows"] == "17 of 35 hours"


def test_without_rule_packs_or_frameworks_the_pack_has_neither(mpl: Run, started: Path) -> None:
    markdown = mpl("export", "--format", "md").stdout
    assert "Professional body requirements" not in markdown and "## Competencies" not in markdown


def test_word_pack_puts_the_requirements_on_a_page_of_their_own(
    mpl: Run, nurse: Path, tmp_path: Path
) -> None:
    mpl("export", "--period", "2024", "--format", "docx", "--out", str(tmp_path / "pack.docx"))
    document = Document(str(tmp_path / "pack.docx"))
    heading = next(p for p in document.paragraphs if p.text == "Professional body requirements")
    assert heading.paragraph_format.page_break_before
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Requirement")
    assert [c.text for c in table.rows[0].cells] == ["Requirement", "What the record shows", "Met"]
    assert len(table.rows) == 6
