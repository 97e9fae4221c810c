"""The pack as a person prints it: the example portfolio's packs at each level of detail,
read back with real readers (pypdf and pypdfium2 for the PDF, python-docx for Word, an HTML
parser for the page), and hostile text that must stay inert in every format."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from markdown_it import MarkdownIt

from mpl.exporters.text import LOG_COLUMNS, PLAN_COLUMNS

from conftest import EXAMPLES, TODAY, Run

ARABIC = "مراجعة الحالات"  # "case review"

LEVELS = ("brief", "standard", "full")
Export = Callable[..., bytes]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Export:
    """The example portfolio under git, and a way to export its last twelve months through
    the real CLI in a process of its own (packs are made once per module and kept)."""
    root = tmp_path_factory.mktemp("demo")
    portfolio = root / "portfolio"
    shutil.copytree(EXAMPLES, portfolio)
    env = {
        **os.environ,
        "HOME": str(root),
        "MPL_PORTFOLIO": str(portfolio),
        "MPL_TODAY": TODAY.isoformat(),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Sam Patel",
        "GIT_AUTHOR_EMAIL": "sam@example.org",
        "GIT_COMMITTER_NAME": "Sam Patel",
        "GIT_COMMITTER_EMAIL": "sam@example.org",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "example"]):
        subprocess.run(["git", *args], cwd=portfolio, env=env, check=True)
    made: dict[tuple[str, ...], bytes] = {}

    def export(format: str, detail: str = "standard") -> bytes:
        key = (format, detail)
        if key not in made:
            out = root / f"{detail}.{format}"
            command = [sys.executable, "-m", "mpl", "export", "--period", "last-12-months"]
            command += ["--format", format, "--detail", detail, "--out", str(out), "--force"]
            subprocess.run(command, env=env, check=True, capture_output=True)
            made[key] = out.read_bytes()
        return made[key]

    return export


# -- PDF -------------------------------------------------------------------------------------


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert all(
        round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in reader.pages
    )
    return [page.extract_text() for page in reader.pages]


def _inked_to(pdf: bytes) -> list[float]:
    """For each page, how far down (0 to 1) its body has ink, the running head and the page
    number left out: a page whose body ends at 0.4 is more than half blank."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    lowest = []
    for page in document:
        image = page.render(scale=0.5).to_pil().convert("L")
        width, height = image.size
        body = image.crop((0, int(height * 0.06), width, int(height * 0.93)))
        box = body.point(lambda value: 255 if value < 200 else 0).getbbox()
        lowest.append(0.0 if box is None else (box[3] + height * 0.06) / height)
    return lowest


@pytest.mark.parametrize("detail", LEVELS)
def test_pdf_pack_is_a4_numbered_and_has_no_half_empty_page(demo: Export, detail: str) -> None:
    pdf = demo("pdf", detail)
    assert pdf.startswith(b"%PDF")
    pages = _pages(pdf)
    count = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {count}" in text
        if number > 1:
            assert "Sam Patel · learning record · the last 12 months" in text
    inked = _inked_to(pdf)
    assert all(depth > 0.5 for depth in inked[:-1]), [round(depth, 2) for depth in inked]
    if detail == "brief":
        assert count <= 4  # page one, the goals, the CPD log, the forward plan
        assert "\nReflections\n" not in "\n".join(pages)
    else:
        assert 10 <= count <= 16


def test_pdf_page_one_is_the_pack_in_brief(demo: Export) -> None:
    first = _pages(demo("pdf", "brief"))[0]
    wanted = ("Staff Nurse, St Elsewhere NHS Trust", "against a target of 12: met", "participatory", "Goals")
    wanted += ("success criteria met: 1 of 2 (no. 1)", "Highlights", "Coming up", "review of goal")
    wanted += (
        "Since the last review",
        "One-to-one with Ward manager on 20 Oct 2026",
        "Agreed:",
        "Since then",
    )
    for words in wanted:
        assert words in first, words
    assert "Progress towards each goal" not in first


# -- Word ------------------------------------------------------------------------------------


def _docx(content: bytes) -> Document:
    return Document(io.BytesIO(content))


def test_word_pack_is_a4_in_british_english_with_page_numbers(demo: Export) -> None:
    document = _docx(demo("docx", "standard"))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert "Sam Patel · learning record" in section.header.paragraphs[0].text
    fields = [node.text.strip() for node in section.footer._element.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    properties = document.core_properties
    assert properties.created.date() == TODAY and properties.author == "Sam Patel"
    assert properties.language == "en-GB" and properties.title == "Learning record: Sam Patel"


def test_word_tables_repeat_their_header_keep_rows_whole_and_fit_the_page(demo: Export) -> None:
    document = _docx(demo("docx", "brief"))
    section = document.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    tables = {tuple(cell.text for cell in table.rows[0].cells): table for table in document.tables}
    for columns in (PLAN_COLUMNS, LOG_COLUMNS):
        table = tables[columns]
        assert table.style.name == "Table Grid"
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        widths = [cell.width for cell in table.rows[1].cells]
        assert abs(sum(widths) - usable) < Mm(1)
        assert len(set(widths)) > 2  # sized to their content, not five equal columns
    plan = tables[PLAN_COLUMNS]
    widths = dict(zip(PLAN_COLUMNS, [cell.width for cell in plan.rows[1].cells], strict=True))
    assert widths["Success criteria"] > 2 * widths["Target date"]


def test_word_pack_shows_no_markdown_marks(demo: Export) -> None:
    document = _docx(demo("docx", "full"))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert not [text for text in texts if re.search(r"\*\*|__|`|^#|^[-*] ", text)]
    bulleted = [p for p in document.paragraphs if p.style.name.startswith("List Bullet")]
    assert bulleted  # lists are Word lists


# -- HTML ------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Tags, attributes and, for each element a style sheet keeps whole, its text length."""

    def __init__(self, whole: Callable[[str, dict[str, str]], bool]) -> None:
        super().__init__()
        self.whole, self.open, self.lengths = whole, [], []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        self.attributes += list(values.items())
        if tag in ("br", "col", "meta", "rect", "line"):
            return
        self.open.append([tag, self.whole(tag, values), 0])

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, whole, length = self.open.pop()
            if whole:
                self.lengths.append(length)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1][0] == "style":
            self.style += data
        for element in self.open:
            element[2] += len(data.strip())


def test_html_pack_prints_on_a4_keeps_only_short_things_whole_and_names_no_address(demo: Export) -> None:
    html = demo("html", "full").decode()
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)[1]
    assert re.search(r"@page \{ size: A4;", style)
    assert 'counter(page) " of " counter(pages)' in style
    kept = [selector.strip() for selector, rules in re.findall(r"([^{}]+)\{([^{}]*)\}", style)
            if "break-inside: avoid" in rules]  # fmt: skip
    assert set(kept) <= {"tr", "figure", ".highlight"}, kept

    def whole(tag: str, attributes: dict[str, str]) -> bool:
        return tag in ("tr", "figure") or "highlight" in attributes.get("class", "").split()

    page = _Page(whole)
    page.feed(html)
    assert page.lengths and max(page.lengths) < 1500  # a third of a page of text at most
    addresses = [value for name, value in page.attributes if name in ("src", "href", "srcset", "action")]
    assert addresses == []
    assert "url(" not in style and "@import" not in style
    assert not [value for name, value in page.attributes if "://" in value and name != "xmlns"]
    assert "script" not in page.tags and "img" not in page.tags


def test_charts_have_values_a_legend_no_month_to_come_and_dropped_goals_shown(demo: Export) -> None:
    html = demo("html", "standard").decode()
    charts = re.findall(r"<figure>.*?</figure>", html, re.DOTALL)
    assert len(charts) == 3
    month, goals, kinds = (
        next(c for c in charts if name in c) for name in ("per month", "Goal progress", "by kind")
    )
    assert ">Dec</text>" in month and ">Nov</text>" in month and ">8.5</text>" in month
    labels = re.findall(r">([A-Z][a-z]{2})</text>", month)
    assert len(labels) == 13 and labels[-1] == "Nov"  # Nov 2025 to Nov 2026, no month still to come
    assert (
        "3. Learn conversational Polish</text>" in goals and ">dropped</text>" in goals
    )  # a legend and a label
    assert 'stroke-dasharray="3 2"' in goals
    assert ">16.5 h</text>" in kinds


# -- hostile text stays inert in every format ----------------------------------------------

HOSTILE = (
    "**Bold** and *italic*, `code`, a [link](https://evil.example/x) and ![a pixel](https://evil.example/p.png)\n\n"
    "- first item\n- second item\n\n"
    '<script>alert("x")</script> <img src=x onerror=alert(1)>\n\n'
    "Arabic in a line: نسبة (%10) then English.\vTab\x01end."
)


@pytest.fixture
def hostile(mpl: Run, started: Path) -> Path:
    mpl("goal", "add", '=HYPERLINK("https://evil.example")', "--success", "+1 shown", "--by", "2027-01-01")
    mpl("log", "@SUM(A1:A9)", "--date", "2026-11-01", "--hours", "1", "--goal", "hyperlink",
        "--what", HOSTILE, "--tag", "\t=1+1", "--highlight")  # fmt: skip
    mpl("log", f"{ARABIC} (%10) with the team", "--date", "2026-11-02", "--goal", "hyperlink",
        "--so-what", "Learned.", "--now-what", "Changed.")  # fmt: skip
    return started


def test_hostile_text_is_inert_in_markdown_html_csv_and_word(mpl: Run, hostile: Path, tmp_path: Path) -> None:
    markdown = mpl("export", "--period", "2026").stdout
    tokens = MarkdownIt("commonmark").parse(markdown)  # as GitHub would, raw HTML allowed
    raw = [t for t in tokens if t.type == "html_block"]
    raw += [c for t in tokens for c in t.children or [] if c.type == "html_inline"]
    assert raw == [] and "&lt;script>" in markdown

    html = mpl("export", "--period", "2026", "--format", "html").stdout
    page = _Page(lambda tag, attributes: False)
    page.feed(html)
    assert "script" not in page.tags and "img" not in page.tags
    assert not [value for name, value in page.attributes if "evil" in value]
    assert "(https://evil.example/x)" in html and "<strong>Bold</strong>" in html
    assert f"<bdi>{ARABIC} (%10) with the team</bdi>" in html  # isolated in the lines around it

    rows = list(
        csv.reader(io.StringIO(mpl("export", "--period", "2026", "--format", "csv").stdout.lstrip("\ufeff")))
    )
    assert rows[1][1] == "'@SUM(A1:A9)" and rows[1][6] == "'=1+1"  # the tag's tab trimmed, the formula not
    assert rows[2][1].startswith(ARABIC)

    out = tmp_path / "hostile.docx"
    mpl("export", "--period", "2026", "--format", "docx", "--out", str(out))
    document = Document(str(out))
    texts = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Tabend." in texts and "\x0b" not in texts and "\x01" not in texts
    assert f"\u2068{ARABIC} (%10) with the team\u2069" in texts  # isolated in the pack's own lines
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "Bold" in bold and "**" not in texts
    assert "a pixel" in texts and "(https://evil.example/p.png)" in texts


def test_pdf_is_one_clear_line_without_weasyprint(
    mpl: Run, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = mpl("export", "--format", "pdf", "--out", "pack.pdf", code=1)
    assert result.stderr.startswith(
        "mpl: error: cannot write a PDF here: WeasyPrint is not installed (PDF needs"
    )
    assert len(result.stderr.splitlines()) == 1


def test_paper_and_language_come_from_mpl_toml(mpl: Run, started: Path, tmp_path: Path) -> None:
    config = started / "mpl.toml"
    text = config.read_text()
    config.write_text(
        text.replace("cpd_year_start", 'paper = "letter"\nlanguage = "en-US"\ncpd_year_start', 1)
    )
    html = mpl("export", "--format", "html").stdout
    assert '<html lang="en-US">' in html and "@page { size: Letter;" in html
    mpl("export", "--format", "docx", "--out", str(tmp_path / "p.docx"))
    section = Document(str(tmp_path / "p.docx")).sections[0]
    assert abs(section.page_width - Mm(215.9)) < Mm(1) and abs(section.page_height - Mm(279.4)) < Mm(1)
    config.write_text(text.replace("cpd_year_start", 'paper = "A3"\ncpd_year_start', 1))
    assert "paper: must be one of A4, Letter" in mpl("status", code=4).stderr
