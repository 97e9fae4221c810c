"""A filled-in form as one self-contained HTML page that prints on A4: no scripts, no
requests to anywhere, the person's text escaped (their Markdown rendered as the pack
renders it: raw HTML, links and images never become markup)."""

from __future__ import annotations

from html import escape

from mpl.domain.forms import Block, FilledForm, Table
from mpl.exporters import forms
from mpl.exporters.html import css_string, markdown

CSS = """
@page { size: A4; margin: 18mm 14mm 16mm;
  @top-left { content: "%(head)s"; font: 8pt sans-serif; color: #5b6673; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif;
                  color: #5b6673; } }
@page :first { @top-left { content: none; } }
body { font: 10.5pt/1.4 "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1d2733; max-width: 182mm;
       margin: 0 auto; padding: 12px; }
h1 { font-size: 18pt; margin: 0 0 4px; color: #0b4f6c; }
h2 { font-size: 13pt; margin: 22px 0 6px; border-bottom: 2px solid #0b4f6c; padding-bottom: 3px;
     color: #0b4f6c; break-after: avoid; }
h3 { font-size: 11pt; margin: 14px 0 4px; break-after: avoid; }
.meta, .note, .intro { color: #5b6673; }
.short { color: #a0301f; font-weight: 600; }
table { border-collapse: collapse; width: 100%%; margin: 6px 0 10px; font-size: 9.5pt; }
th, td { border: 1px solid #9aa8b6; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eaf1f6; }
.account { break-inside: avoid; border: 1px solid #9aa8b6; padding: 4px 10px; margin: 8px 0; }
.account dt { font-weight: 600; margin-top: 6px; }
.account dd { margin: 2px 0 6px; }
.lead { break-inside: avoid; }
.fields { break-inside: avoid; }
.fields td { height: 24px; }
.fields td:first-child { width: 38%%; font-weight: 600; background: #f5f8fa; }
.apart { break-before: page; }
.missing { color: #8a94a0; font-style: italic; }
"""


def render(form: FilledForm) -> bytes:
    style = {"head": css_string(f"{form.owner} · {form.title} · {forms.period(form)}")}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(form.title)}: {escape(form.owner)}</title><style>{CSS % style}</style></head><body>",
        f"<h1>{escape(form.title)}</h1>",
        f'<p class="meta"><strong>{escape(form.owner)}</strong><br>{escape(forms.period(form))}</p>',
    ]
    if form.intro:
        parts.append(f'<p class="intro">{escape(form.intro)}</p>')
    for part in form.parts:
        rendered = [_table(item) if isinstance(item, Table) else _block(item) for item in part.content]
        intro = f'<p class="intro">{escape(part.intro)}</p>' if part.intro else ""
        lead = rendered.pop(0) if rendered and len(rendered[0]) < 6000 else ""  # kept with its heading
        parts.append(f'<section><div class="lead"><h2>{escape(part.title)}</h2>{intro}{lead}</div>')
        parts += rendered
        if part.note:
            parts.append(f'<p class="short">{escape(part.note)}</p>')
        parts.append("</section>")
    parts.append(f'<p class="note">{escape(forms.source(form))}</p>')
    parts += [f'<p class="note">{escape(note)}</p>' for note in form.notes]
    parts += [
        f'<p class="note">{escape(forms.left_out(form))}</p>',
        f'<p class="note">{escape(forms.prepared(form))}</p>',
        "</body></html>",
    ]
    return ("\n".join(parts) + "\n").encode()


def _table(table: Table) -> str:
    if not table.rows:
        return f'<p class="missing">{escape(table.empty)}</p>'
    head = "".join(f"<th>{escape(column)}</th>" for column in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def _block(block: Block) -> str:
    heading = f"<h3>{escape(block.heading)}</h3>" if block.heading else ""
    apart = ' class="apart"' if block.new_page else ""
    if block.compact:
        rows = "".join(
            f"<tr><td>{escape(label)}</td><td>{escape(value)}</td></tr>" for label, value in block.items
        )
        return f'<div{apart}>{heading}<table class="fields">{rows}</table></div>'
    items = "".join(f"<dt>{escape(label)}</dt><dd>{_answer(answer)}</dd>" for label, answer in block.items)
    return f'<div{apart}>{heading}<div class="account"><dl>{items}</dl></div></div>'


def _answer(text: str) -> str:
    from mpl.domain.forms import NOT_ANSWERED

    if text == NOT_ANSWERED:
        return f'<span class="missing">{escape(text)}</span>'
    return markdown(text)  # the pack's renderer: no raw HTML, links and images made plain text
