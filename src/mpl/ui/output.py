"""Plain output with no heavy imports: one line for a person, JSON for a script.

Whatever a record, a badge or a folder says reaches the terminal shown, never obeyed:
`shown` writes out what a terminal would act on (escape sequences, direction overrides),
and `markup` also keeps rich from reading `[bold]` in it as markup. Every line mpl
writes for a person goes through one of them.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
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


def say(message: str) -> None:
    """One plain line for the person (stdout)."""
    print(shown(message, lines=True))


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
