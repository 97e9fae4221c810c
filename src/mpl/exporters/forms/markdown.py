"""A filled-in form as Markdown."""

from __future__ import annotations

from mpl.domain.forms import Block, FilledForm, Table
from mpl.exporters import forms


def render(form: FilledForm) -> bytes:
    out = [f"# {form.title}", "", f"**{form.owner}**  ", f"{forms.period(form)}", ""]
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
    return "\n".join(out).encode()


def _table(table: Table) -> list[str]:
    if not table.rows:
        return [table.empty, ""]
    lines = [_row(table.columns), "|---" * len(table.columns) + "|"]
    return lines + [_row(row) for row in table.rows] + [""]


def _block(block: Block) -> list[str]:
    out = [f"### {block.heading}", ""] if block.heading else []
    for label, answer in block.items:
        if block.compact:
            out += [f"**{label}:** {' '.join(answer.split()) or '______________________________'}", ""]
        else:
            out += [f"**{label}**", "", answer, ""]
    return out


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(" ".join(cell.replace("|", "\\|").split()) for cell in cells) + " |"
