"""Writers of the appraisal pack, one module per format; each turns a Pack into bytes."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from mpl.domain.pack import Pack
from mpl.errors import MplError

FORMATS = {  # name: (module, file extension, binary?)
    "md": ("markdown", "md", False),
    "html": ("html", "html", False),
    "docx": ("docx", "docx", True),
    "pdf": ("pdf", "pdf", True),
    "json": ("data", "json", False),
    "csv": ("data", "csv", False),
    "xapi": ("xapi", "xapi.json", False),
    "ics": ("ics", "ics", False),
    "jsonresume": ("jsonresume", "resume.json", False),
}
# What some formats alone take: option -> (the format, how the command line spells it).
OPTIONS = {
    "learned": ("xapi", "--with-learned"),
    "as_events": ("ics", "--as-events"),
}


def render(pack: Pack, format: str, **options: Any) -> bytes:
    """The pack in `format`; each writer (and what it needs, python-docx say) loads only when used.
    `options` (see OPTIONS) are passed on, when true, to the one format that takes each."""
    chosen = {name: value for name, value in options.items() if value}
    for name in chosen:
        if OPTIONS[name][0] != format:
            raise MplError(f"{OPTIONS[name][1]} is for --format {OPTIONS[name][0]}, not {format}")
    module = import_module(f"mpl.exporters.{FORMATS[format][0]}")
    write: Callable[..., bytes] = getattr(module, f"render_{format}")
    return write(pack, **chosen)
