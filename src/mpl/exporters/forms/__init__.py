"""Writers of a body's filled-in forms (`mpl export --form`), one module per format; each
turns a FilledForm into bytes, and what it needs (python-docx, say) loads only when used."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from mpl.domain.forms import FilledForm

FORMATS = {"md": "markdown", "html": "html", "docx": "docx", "pdf": "pdf", "json": "data"}


def render(form: FilledForm, format: str) -> bytes:
    writer: Callable[[FilledForm], bytes] = import_module(f"mpl.exporters.forms.{FORMATS[format]}").render
    return writer(form)


def period(form: FilledForm) -> str:
    return f"{form.period.start:%-d %B %Y} to {form.period.end:%-d %B %Y}"


def source(form: FilledForm) -> str:
    return f"{form.pack}: {form.body}. As published at {form.source}, checked {form.checked:%-d %B %Y}."


def left_out(form: FilledForm) -> str:
    if form.include_private:
        return "Private records are included at the owner's request."
    if form.left_out:
        many = form.left_out
        return f"{many} private record{'s' if many != 1 else ''} left out (--include-private puts them in)."
    return "No private records were left out."


def prepared(form: FilledForm) -> str:
    return f"Prepared on {form.prepared:%-d %B %Y} with mpl from {form.owner}'s own learning record."
