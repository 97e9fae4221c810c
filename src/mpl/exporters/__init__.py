"""Writers of the appraisal pack, one module per format; each turns a Pack into bytes."""

from __future__ import annotations

from importlib import import_module

from mpl.domain.pack import Pack

FORMATS = {  # name: (module, file extension, binary?)
    "md": ("markdown", "md", False),
    "html": ("html", "html", False),
    "docx": ("docx", "docx", True),
    "json": ("data", "json", False),
    "csv": ("data", "csv", False),
}


def render(pack: Pack, format: str) -> bytes:
    """The pack in `format`; each writer (and what it needs, python-docx say) loads only when used."""
    module = import_module(f"mpl.exporters.{FORMATS[format][0]}")
    return getattr(module, f"render_{format}")(pack)
