"""A filled-in form as Markdown: the person's text stays Markdown, raw HTML in it made
plain text, as in the pack."""

from __future__ import annotations

from mpl.domain.forms import Block, FilledForm, Table
from mpl.domain.text import body as shown_as_text
from mpl.exporters import forms
from mpl.exporters.markdown import inert


def render(form: FilledForm) -> bytes:
    out = [f"# {form.title}", "", f"**{inert(form.owner)}**  ", f"{forms.period(form)}", ""]
    if form.intro:
        out += [form.intro, ""]
    for part in form.parts:
        out += [f"## {part.title}", ""]
        if part.intro:
            out += [f"*{part.intro}*", ""]
        for item in part.content:
            out += _table(item) if isinstance(item, Table) else _block(item)
        if part.note:
            out += [f"**{part.note}**", ""]
    out += ["---", "", forms.source(form), ""]
    out += [f"- {note}" for note in form.notes] + ([""] if form.notes else [])
    out += [forms.left_out(form), "", forms.prepared(form), ""]
    return shown_as_text("\n".join(out)).encode()  # no control character a record held


def _table(table: Table) -> list[str]:
    if not table.rows:
        return [table.empty, ""]
    lines = [_row(table.columns), "|---" * len(table.columns) + "|"]
    return lines + [_row(row) for row in table.rows] + [""]


def _block(block: Block) -> list[str]:
    out = [f"### {inert(block.heading)}", ""] if block.heading else []
    for label, answer in block.items:
        if block.compact:
            out += [f"**{label}:** {inert(' '.join(answer.split())) or '______________________________'}", ""]
        else:
            out += [f"**{label}**", "", inert(answer), ""]
    return out


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(inert(" ".join(cell.replace("|", "\\|").split())) for cell in cells) + " |"
