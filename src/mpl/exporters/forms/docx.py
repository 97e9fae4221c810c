"""A filled-in form as a Word document (python-docx): the form's tables as real tables with
borders, each account's questions in the form's order, and empty cells to sign."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Mm, Pt
from docx.table import _Row

from mpl.domain.forms import NOT_ANSWERED, Block, FilledForm, Table
from mpl.exporters import forms
from mpl.exporters.docx import clean, describe, furnish, isolated

TABLE_STYLE = "Table Grid"  # plain ruled cells, as on a paper form


def render(form: FilledForm) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as the paper forms
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)  # room for the header and footer
    section.header_distance = section.footer_distance = Mm(9)
    document.styles["Normal"].font.size = Pt(10)
    furnish(document, clean(f"{isolated(form.owner)} · {form.title} · {forms.period(form)}"))
    describe(document, form.title, f"{form.pack}, {forms.period(form)}", form.owner, form.prepared)
    document.add_heading(clean(form.title), level=0)
    document.add_paragraph().add_run(clean(form.owner)).bold = True
    document.add_paragraph(forms.period(form))
    if form.intro:
        document.add_paragraph(clean(form.intro))
    for part in form.parts:
        document.add_heading(clean(part.title), level=1)
        if part.intro:
            document.add_paragraph(clean(part.intro)).runs[0].italic = True
        for item in part.content:
            if isinstance(item, Table):
                _table(document, item)
            else:
                _block(document, item)
        if part.note:
            document.add_paragraph().add_run(clean(part.note)).bold = True
    for line in (forms.source(form), *form.notes, forms.left_out(form), forms.prepared(form)):
        document.add_paragraph(clean(line)).runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: DocxDocument, table: Table) -> None:
    if not table.rows:
        document.add_paragraph(clean(table.empty)).runs[0].italic = True
        return
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = TABLE_STYLE
    _keep_together(grid.rows[0], header=True)
    for cell, title in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean(title)).bold = True
    for values in table.rows:
        row = grid.add_row()
        _keep_together(row)
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = clean(value)
    document.add_paragraph()  # Word joins tables that touch


def _block(document: DocxDocument, block: Block) -> None:
    if block.heading:
        heading = document.add_heading(clean(block.heading), level=2)
        heading.paragraph_format.page_break_before = block.new_page
    elif block.new_page:
        document.add_paragraph().paragraph_format.page_break_before = True
    if block.compact:
        grid = document.add_table(rows=0, cols=2)
        grid.style = TABLE_STYLE
        for label, value in block.items:
            row = grid.add_row()
            _keep_together(row)
            row.cells[0].text = ""
            row.cells[0].paragraphs[0].add_run(clean(label)).bold = True
            row.cells[1].text = clean(value)
            if not value:  # a line to write on by hand
                row.height, row.height_rule = Mm(9), WD_ROW_HEIGHT_RULE.AT_LEAST
        document.add_paragraph()
        return
    for label, answer in block.items:
        question = document.add_paragraph()
        question.add_run(clean(label)).bold = True
        question.paragraph_format.keep_with_next = True
        for paragraph in answer.split("\n\n"):
            runs = document.add_paragraph(clean(paragraph.strip())).runs
            if answer == NOT_ANSWERED and runs:
                runs[0].italic = True


def _keep_together(row: _Row, header: bool = False) -> None:
    """A table row Word will not split across pages (and repeats on each page, if a header)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    for name in ("w:cantSplit", *(("w:tblHeader",) if header else ())):
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        properties.append(element)
