"""The pack as a Word document (python-docx): real headings, lists and tables that
open in Word and LibreOffice, ready to paste into an appraisal form."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt

from mpl.domain.pack import MomentView, Pack
from mpl.exporters import text

TABLE_STYLE = "Light Grid Accent 1"


def render_docx(pack: Pack) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = text.heading(pack)
    document.core_properties.author = pack.name
    document.add_heading(text.heading(pack), level=0)
    document.add_paragraph().add_run(text.who(pack)).bold = True
    document.add_paragraph(f"Period: {text.period(pack)}")

    document.add_heading(text.SUMMARY, level=1)
    _table(document, ("Figure", "Value"), text.summary_rows(pack))
    if pack.figures.hours_by_kind:
        document.add_heading(text.BY_KIND, level=2)
        _table(
            document, ("Kind", "Hours"), [(k, text.hours(h)) for k, h in pack.figures.hours_by_kind.items()]
        )

    document.add_heading(text.GOALS, level=1)
    if not pack.goals:
        document.add_paragraph(text.NOTHING[text.GOALS])
    for view in pack.goals:
        goal = view.goal
        document.add_heading(goal.title, level=2)
        document.add_paragraph(text.goal_line(view, pack.prepared)).runs[0].italic = True
        for label, content in text.goal_parts(view):
            if isinstance(content, list):
                _label(document, f"{label}:")
                for item in content:
                    document.add_paragraph(item, style="List Bullet")
            else:
                _label(document, f"{label}: ", content)
        if view.moments:
            _label(document, text.learning_towards(view))
            for moment in view.moments:
                _moment(document, moment, level=3)

    document.add_heading(text.UNLINKED, level=1)
    if not pack.unlinked:
        document.add_paragraph(text.NOTHING[text.UNLINKED])
    for moment in pack.unlinked:
        _moment(document, moment, level=2)

    document.add_heading(text.PLAN, level=1)
    if pack.plan:
        _table(document, text.PLAN_COLUMNS, [text.plan_row(view) for view in pack.plan])
    else:
        document.add_paragraph(text.NOTHING[text.PLAN])

    document.add_heading(text.EVIDENCE, level=1)
    if pack.evidence:
        _table(document, text.EVIDENCE_COLUMNS, text.evidence_rows(pack))
    else:
        document.add_paragraph(text.NOTHING[text.EVIDENCE])
    document.add_paragraph(text.left_out(pack))
    document.add_paragraph(text.prepared(pack))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _moment(document: DocxDocument, view: MomentView, level: int) -> None:
    moment = view.moment
    document.add_heading(f"{text.day(moment.date)}: {moment.title}", level=level)
    document.add_paragraph(text.moment_line(moment)).runs[0].italic = True
    if not view.reflection:
        document.add_paragraph(text.NO_REFLECTION)
    for heading, body in view.reflection:
        _label(document, f"{heading} ", body)


def _label(document: DocxDocument, label: str, rest: str = "") -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    if rest:
        paragraph.add_run(rest)


def _table(document: DocxDocument, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = TABLE_STYLE
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = title
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
