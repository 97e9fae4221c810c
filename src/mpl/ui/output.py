"""Plain output with no heavy imports: one line for a person, JSON for a script.

Whatever a record, a badge or a folder says reaches the terminal shown, never obeyed:
`shown` writes out what a terminal would act on (escape sequences, direction overrides),
and `markup` also keeps rich from reading `[bold]` in it as markup. Every line mpl
writes for a person goes through one of them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from mpl.domain.text import json_visible, visible


def shown(value: object, lines: bool = False) -> str:
    """`value` as text a terminal shows as it is (see `mpl.domain.text.visible`)."""
    return visible(str(value), lines)


def markup(value: object) -> str:
    """`value` shown, and safe inside rich markup: `[bold]` in it stays text."""
    from rich.markup import escape

    return escape(shown(value))


# What would break a line of tab-separated fields, or act on a terminal it is shown on:
# control characters (tab and line breaks among them) and the marks that reorder text.
_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def say(message: str) -> None:
    """One plain line for the person (stdout)."""
    print(shown(message, lines=True))


def on_terminal() -> bool:
    """Does the output go to a terminal? As rich decides it (so a table and the choice to
    draw one agree): TTY_COMPATIBLE=1 or 0 says so, a non-empty FORCE_COLOR says yes, else
    whether stdout is a terminal."""
    said = os.environ.get("TTY_COMPATIBLE", "")
    if said in ("0", "1"):
        return said == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    return sys.stdout.isatty()


def plain_rows(rows: Iterable[Sequence[str]]) -> None:
    """Each row as one line of tab-separated fields, as `gh` prints a listing that is piped:
    no header, no colour, no total. A control character in a field (a tab, a line break)
    becomes a space, so that each line is one row and shows as plain text."""
    write = sys.stdout.write
    for row in rows:
        write("\t".join(_NOT_PLAIN.sub(" ", field) for field in row) + "\n")


def emit_json(data: Any) -> None:
    sys.stdout.write(json_visible(json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable)) + "\n")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")
