"""The pack as a Word document (python-docx) that prints as the HTML pack does: a real A4
(or Letter) section, the language set, the person's name and period in the header, page
numbers in the footer, plain tables whose header rows repeat and whose rows never split,
and the person's Markdown rendered as Word formatting rather than shown as marks."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from mpl.domain.pack import GoalView, MomentView, Pack
from mpl.exporters import text
from mpl.exporters.html import LOG_WIDTHS, PLAN_WIDTHS

TABLE_STYLE = "Table Grid"  # plain lines, no banding, no bold first column
PAPER = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}
MARGIN = Mm(18)
GREY, GREEN, RED = RGBColor(0x5B, 0x66, 0x73), RGBColor(0x1E, 0x6B, 0x43), RGBColor(0xB0, 0x30, 0x20)
HEADER_FILL = "EAF1F6"
# Characters XML 1.0 cannot hold: a vertical tab or a \x01 in a reflection must not break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ISOLATE = ("\u2068", "\u2069")  # first-strong isolate ... pop directional isolate


def clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def isolated(value: str) -> str:
    """The person's text inside a line of the pack's own, isolated when it runs right to left."""
    value = clean(value)
    return f"{ISOLATE[0]}{value}{ISOLATE[1]}" if text.has_rtl(value) else value


def render_docx(pack: Pack) -> bytes:
    document = Document()
    _set_up(document, pack)
    document.add_heading(clean(text.heading(pack)), level=0)
    who = _line(document, isolated(text.who(pack)), bold=True)  # who and when in one line, as in HTML
    _run(who, f" · Period: {text.period_short(pack)}", size=9, colour=GREY)
    _opening(document, pack)

    document.add_heading(text.SUMMARY, level=1)
    _line(document, text.hours_line(pack), bold=True)
    summary = text.summary_rows(pack)
    half = (len(summary) + 1) // 2
    paired = [
        (*left, *right)
        for left, right in zip(summary[:half], [*summary[half:], ("", "")][:half], strict=True)
    ]
    _table(document, None, paired, (33, 17, 33, 17), numbers=(1, 3))
    if pack.figures.hours_by_kind:  # a labelled line, not a heading: page one has little room
        kinds = _line(document, f"{text.BY_KIND}: ", bold=True, size=9.5)
        kinds.paragraph_format.space_before = Pt(4)
        _run(kinds, text.by_kind(pack), size=9.5)
    _goals(document, pack)
    _highlights(document, pack)
    document.add_heading(text.COMING_UP, level=1)
    paragraph = document.add_paragraph()  # one paragraph: page one has room for little more
    for index, line in enumerate(text.coming_up(pack) or [text.NOTHING[text.COMING_UP]]):
        _run(paragraph, " · " if index else "", size=9.5)
        _run(paragraph, isolated(line), size=9.5, colour=RED if "(overdue)" in line else None)

    progress = document.add_heading(text.PROGRESS, level=1)
    progress.paragraph_format.page_break_before = True  # page one is the pack in brief
    if not pack.goals:
        _line(document, text.NOTHING[text.GOALS])
    for view in pack.goals:
        _goal(document, view, pack)

    document.add_heading(text.LOG, level=1)
    if pack.moments:
        rows = [text.log_row(view, pack) for view in pack.moments]
        _table(document, text.LOG_COLUMNS, rows, LOG_WIDTHS, numbers=(0, 4))
        if note := text.unreflected(pack):
            _line(document, note, colour=GREY)
    else:
        _line(document, text.NOTHING[text.LOG])

    document.add_heading(text.PLAN, level=1)
    if pack.plan:
        _table(
            document,
            text.PLAN_COLUMNS,
            [text.plan_cells(view, pack.prepared) for view in pack.plan],
            PLAN_WIDTHS,
        )
    else:
        _line(document, text.NOTHING[text.PLAN])

    if text.shows(pack, text.REVIEWS):
        _reviews(document, pack)
    _requirements(document, pack)
    if pack.coverage is not None:
        document.add_heading(text.COMPETENCIES, level=1)
        _line(document, text.coverage_line(pack))
        _table(
            document,
            text.COVERAGE_COLUMNS,
            text.coverage_rows(pack),
            (16, 10, 40, 10, 10, 14),
            numbers=(3, 4),
        )

    if text.shows(pack, text.REFLECTIONS):
        document.add_heading(text.REFLECTIONS, level=1)
        if not pack.reflected:
            _line(document, text.NOTHING[text.REFLECTIONS])
        for moment_view in pack.reflected:
            _moment(document, moment_view, pack)
    if text.shows(pack, text.EVIDENCE):
        document.add_heading(text.EVIDENCE, level=1)
        if pack.evidence:
            columns = text.evidence_columns(pack)
            widths = (34, 34, 12, 20) if len(columns) == 4 else (40, 45, 15)
            _table(document, columns, text.evidence_rows(pack), widths)
        else:
            _line(document, text.NOTHING[text.EVIDENCE])
    _line(document, text.left_out(pack), colour=GREY)
    _line(document, text.prepared(pack), colour=GREY)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- the document: page, language, header and footer, properties ---------------------------


def _set_up(document: DocxDocument, pack: Pack) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAPER.get(pack.paper, PAPER["A4"])
    section.left_margin = section.right_margin = MARGIN
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    section.header_distance = section.footer_distance = Mm(9)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    for name, size, before in (("Title", 20, 0), ("Heading 1", 13, 10), ("Heading 2", 11, 8)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(3)
    _language(document, pack.language)
    furnish(document, isolated(text.running_head(pack)))
    describe(
        document, text.heading(pack), f"CPD learning record, {text.period(pack)}", pack.name, pack.prepared
    )
    properties = document.core_properties
    properties.keywords = "CPD; appraisal; learning record"
    properties.category = "CPD"
    properties.language = pack.language


def furnish(document: DocxDocument, running_head: str) -> None:
    """The first section's header (`running_head`) and footer ("Page N of M")."""
    section = document.sections[0]
    header = section.header.paragraphs[0]
    _run(header, running_head, size=8, colour=GREY)
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    _run(footer, "Page ", size=8, colour=GREY)
    _field(footer, "PAGE")
    _run(footer, " of ", size=8, colour=GREY)
    _field(footer, "NUMPAGES")


def describe(document: DocxDocument, title: str, subject: str, owner: str, prepared: dt.date) -> None:
    """The document's properties: what it is, whose, and made when (not python-docx's
    template's 2013)."""
    properties = document.core_properties
    properties.title = clean(title)
    properties.subject = clean(subject)
    properties.author = properties.last_modified_by = clean(owner)
    properties.comments = "Prepared with mpl from the owner's own record."
    properties.created = properties.modified = dt.datetime.combine(prepared, dt.time(), tzinfo=dt.UTC)
    properties.revision = 1


def _language(document: DocxDocument, language: str) -> None:
    """The language of every run that does not say otherwise (spelling, hyphenation)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word and LibreOffice fill in (PAGE, NUMPAGES), showing 1 until they do."""
    for kind, content in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = _run(paragraph, "", size=8, colour=GREY)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {content} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = content
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


# -- paragraphs and runs ----------------------------------------------------------------------


def _run(
    paragraph: Paragraph,
    value: str,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    colour: RGBColor | None = None,
    mono: bool = False,
) -> Any:
    run = paragraph.add_run(clean(value))
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    if mono:
        run.font.name = "Courier New"
    return run


def _line(
    container: Any,
    value: str,
    bold: bool = False,
    italic: bool = False,
    style: str | None = None,
    colour: RGBColor | None = None,
    keep: bool = False,
    size: float | None = None,
) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph(style=style)
    _run(paragraph, value, bold=bold, italic=italic, colour=colour, size=size)
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _label(document: DocxDocument, label: str) -> None:
    _line(document, label, bold=True, keep=True)


# -- the pack's parts -------------------------------------------------------------------------


def _opening(document: DocxDocument, pack: Pack) -> None:
    """What was agreed at the last review, and what happened since."""
    since = pack.since_review
    if since is None:
        return
    heading = document.add_heading(text.SINCE_REVIEW, level=1)
    aside = _run(heading, f"  {isolated(text.review_line(since, brief=True))}", size=9, colour=GREY)
    aside.bold = False  # which review, beside the heading as the HTML pack has it
    half = _usable_width(document) // 2
    table = document.add_table(rows=1, cols=2)  # side by side, no lines: page one has little room
    table.autofit = False
    _narrow_margins(table)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    columns = (
        (f"{text.AGREED}:", text.review_agreed(pack, since.review) or [text.NOTHING_AGREED]),
        (f"{text.since_label(since)}:", text.since_items(since)),
    )
    for cell, (label, items) in zip(table.rows[0].cells, columns, strict=True):
        cell.width = half
        heading = cell.paragraphs[0]
        heading.paragraph_format.space_after = Pt(1)
        _run(heading, label, bold=True, size=8.5)
        for item in items:
            bullet = cell.add_paragraph()
            bullet.paragraph_format.left_indent = Mm(3.5)
            bullet.paragraph_format.first_line_indent = -Mm(3.5)
            bullet.paragraph_format.space_after = Pt(1)
            _run(bullet, f"• {isolated(item)}", size=8.5)


def _reviews(document: DocxDocument, pack: Pack) -> None:
    document.add_heading(text.REVIEWS, level=1)
    if not pack.reviews:
        _line(document, text.NOTHING[text.REVIEWS])
    for review in pack.reviews:
        document.add_heading(isolated(text.review_heading(review)), level=2)
        if meta := text.review_meta(review):
            _line(document, meta, italic=True, colour=GREY, keep=True)
        if agreed := text.review_agreed(pack, review):
            _label(document, f"{text.AGREED}:")
            for item in agreed:
                _line(document, isolated(item), style="List Bullet")
        if review.body.strip():
            _label(document, f"{text.NOTES}:")
            _markdown(document, review.body)


def _goals(document: DocxDocument, pack: Pack) -> None:
    document.add_heading(text.GOALS, level=1)
    if not pack.goals:
        _line(document, text.NOTHING[text.GOALS])
    for view in pack.goals:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(1)
        _run(paragraph, f"{view.number}. ", size=9.5)
        _run(paragraph, isolated(view.goal.title), bold=True, size=9.5)
        late = RED if view.overdue(pack.prepared) else None
        _run(paragraph, f": {text.goal_summary(view, pack.prepared)}", colour=late, size=9.5)
        for line in text.met_criteria(view):
            met = _line(document, isolated(line), colour=GREEN, size=9)
            met.paragraph_format.left_indent = Mm(6)
            met.paragraph_format.space_after = Pt(1)


def _highlights(document: DocxDocument, pack: Pack) -> None:
    document.add_heading(text.HIGHLIGHTS, level=1)
    if not pack.highlights:
        _line(document, text.NOTHING[text.HIGHLIGHTS])
        return
    _line(document, text.highlights_note(pack), italic=True, colour=GREY, size=9)
    for view in pack.highlights:
        title = _line(document, isolated(text.highlight_title(view)), bold=True, keep=True)
        _run(title, f" (no. {view.number})", colour=GREY)
        parts = text.highlight_parts(view, pack)
        for index, (label, body) in enumerate(parts):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(1 if index < len(parts) - 1 else 6)
            paragraph.paragraph_format.keep_with_next = index < len(parts) - 1
            _run(paragraph, f"{label} ", bold=True, size=9)
            _run(paragraph, isolated(body), size=9)


def _goal(document: DocxDocument, view: GoalView, pack: Pack) -> None:
    document.add_heading(isolated(f"{view.number}. {view.goal.title}"), level=2)
    late = RED if view.overdue(pack.prepared) else GREY
    _line(document, text.goal_line(view, pack.prepared), italic=True, colour=late, keep=True)
    for label, content in text.goal_parts(view, pack.detail):
        if isinstance(content, list):
            _label(document, f"{label}:")
            for item in content:
                colour = GREEN if item.startswith(text.MET) else None
                _line(document, isolated(item), style="List Bullet", colour=colour)
        else:
            _label(document, f"{label}:")
            _markdown(document, content)
    if view.moments and text.learning_items(view, pack.detail):
        _label(document, text.learning_towards(view))
        for item in text.learning_items(view, pack.detail):
            _line(document, isolated(item), style="List Bullet")


def _requirements(document: DocxDocument, pack: Pack) -> None:
    """A page of its own: how the record stands against each rule pack the person uses."""
    if not pack.requirements:
        return
    heading = document.add_heading(text.REQUIREMENTS, level=1)
    heading.paragraph_format.page_break_before = True
    _line(document, text.requirements_intro(pack), colour=GREY)
    for view in pack.requirements:
        document.add_heading(clean(view.title), level=2)
        _line(document, text.requirements_line(view), bold=True)
        if rows := text.requirement_rows(view):
            _table(document, text.REQUIREMENT_COLUMNS, rows, (52, 30, 18))
        if source := text.requirements_source(view):
            _line(document, clean(source), colour=GREY)


def _moment(document: DocxDocument, view: MomentView, pack: Pack) -> None:
    moment = view.moment
    document.add_heading(f"{text.day(moment.date)}: {isolated(moment.title)}", level=2)
    _line(document, text.reflection_line(view, pack), italic=True, colour=GREY, keep=True)
    for heading, body in view.reflection:
        if heading:
            _label(document, isolated(heading))
        _markdown(document, body)


# -- tables -----------------------------------------------------------------------------------


def _table(
    document: DocxDocument,
    header: tuple[str, ...] | None,
    rows: list[tuple[Any, ...]],
    widths: tuple[int, ...],
    numbers: tuple[int, ...] = (),
) -> Table:
    """A plain table across the page: columns of `widths` (percent), its header row repeated
    on every page it runs onto, no row split across pages."""
    usable = _usable_width(document)
    sizes = [int(usable * width / sum(widths)) for width in widths]
    table: Table = document.add_table(rows=0, cols=len(widths))
    table.style = TABLE_STYLE
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    _narrow_margins(table)
    for column, size in zip(table.columns, sizes, strict=True):
        column.width = size
    if header:
        _row(table, header, sizes, numbers, heading=True)
    for row in rows:
        _row(table, row, sizes, numbers)
    return table


def _usable_width(document: DocxDocument) -> int:
    """The width of the page between its margins, in EMU."""
    section = document.sections[-1]
    return int((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))


def _narrow_margins(table: Table) -> None:
    """Narrow cell margins: more room for the words."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")  # twentieths of a point: 1 mm
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _row(
    table: Table, cells: tuple[Any, ...], sizes: list[int], numbers: tuple[int, ...], heading: bool = False
) -> None:
    row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx 1.2 leaves add_row unannotated
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if heading:
        properties.append(OxmlElement("w:tblHeader"))
    for index, (cell, value, size) in enumerate(zip(row.cells, cells, sizes, strict=True)):
        cell.width = size
        items = value if isinstance(value, list) else [value]
        paragraph = cell.paragraphs[0]
        for number, item in enumerate(items):
            if number:
                paragraph = cell.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(1)
            if index in numbers:
                paragraph.alignment = 2
            bullet = "• " if len(items) > 1 else ""
            colour = GREEN if isinstance(item, str) and item.startswith(text.MET) else None
            _run(paragraph, bullet + isolated(str(item)), bold=heading, size=8.5, colour=colour)
        if heading:
            shade = OxmlElement("w:shd")
            shade.set(qn("w:val"), "clear")
            shade.set(qn("w:fill"), HEADER_FILL)
            cell._tc.get_or_add_tcPr().append(shade)


# -- the person's Markdown, as Word formatting ------------------------------------------------


def _markdown(document: DocxDocument, value: str) -> None:
    """Paragraphs, lists (nested too), quotes and code blocks; bold, italic, code and links
    (their address shown after them) inside: no Markdown mark is left as text."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).parse(clean(value))
    lists: list[str] = []
    quoted = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Number" if token.type == "ordered_list_open" else "List Bullet")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "blockquote_open":
            quoted += 1
        elif token.type == "blockquote_close":
            quoted -= 1
        elif token.type == "inline":
            style = None
            if lists:
                style = lists[-1] + (f" {min(len(lists), 3)}" if len(lists) > 1 else "")
            paragraph = document.add_paragraph(style=style)
            if quoted:
                paragraph.paragraph_format.left_indent = Mm(8)
            _inline(paragraph, token.children or [], italic=bool(quoted))
        elif token.type in ("fence", "code_block"):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Mm(6)
            for number, line in enumerate(token.content.rstrip("\n").split("\n")):
                if number:
                    paragraph.add_run().add_break()
                _run(paragraph, line, mono=True, size=9)


def _inline(paragraph: Paragraph, children: list[Any], italic: bool = False) -> None:
    bold, emphasis, links = 0, 0, []
    for child in children:
        kind = child.type
        if kind == "text":
            _run(paragraph, isolated(child.content), bold=bold > 0, italic=emphasis > 0 or italic)
        elif kind == "softbreak":
            _run(paragraph, " ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind.endswith("open") else -1
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind.endswith("open") else -1
        elif kind == "code_inline":
            _run(paragraph, child.content, mono=True)
        elif kind == "link_open":
            links.append(child)
        elif kind == "link_close":
            opened = links.pop()
            if opened.markup != "autolink":
                _run(paragraph, f" ({opened.attrs.get('href', '')})", colour=GREY)
        elif kind == "image":
            alt = "".join(grand.content for grand in child.children or [])
            _run(paragraph, f"[image: {alt}] ({child.attrs.get('src', '')})", colour=GREY)
