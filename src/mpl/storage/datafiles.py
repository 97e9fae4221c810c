"""TOML data files a person may write by hand (rule packs, competency frameworks): read
into a model, or one clear error naming the file and the line at fault."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from mpl.errors import BadFile
from mpl.storage.frontmatter import FrontMatterError, load_toml

M = TypeVar("M", bound=BaseModel)
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(?:#.*)?$")


def parse_model(shown: Path, text: str, model: type[M]) -> M:
    """The `model` that the TOML `text` of the file `shown` describes; a BadFile (not a
    record: fixed in any editor) naming the line at fault when it is not one."""
    try:
        data = load_toml(text, first_line=1)
    except FrontMatterError as error:
        raise BadFile(shown, error.problem, error.line, settings=True) from error
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        problem = first["msg"].removeprefix("Value error, ")
        problem = f"{where}: {problem}" if where else problem
        if error.error_count() > 1:
            problem += (
                f" (and {error.error_count() - 1} more problem{'s' if error.error_count() > 2 else ''})"
            )
        line = line_of(text, first["loc"])
        raise BadFile(shown, problem, line + 1 if line is not None else None, settings=True) from error


def line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """The line (from 0) where the value at pydantic's `loc` is set: a key in a table, the
    n-th table of an array of tables (`requirements.2`), or a key inside it; the nearest
    enclosing table's header when the key itself is not written (a missing key)."""
    lines = text.split("\n")
    headers = [
        (number, _name(match[1])) for number, line in enumerate(lines) if (match := _HEADER.match(line))
    ]
    start, end, prefix, found = 0, _next_header(headers, -1), "", None
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        if isinstance(part, int):  # the n-th [[prefix]]
            tables = [number for number, name in headers if name == prefix]
            if part >= len(tables):
                return found
            start = tables[part]
            end, found = _next_header(headers, start), start
            continue
        dotted = f"{prefix}.{part}" if prefix else str(part)
        if any(name == dotted or name.startswith(f"{dotted}.") for _, name in headers):
            prefix = dotted  # a table of its own ([dotted], [[dotted]]) or one inside it
            header = next((n for n, name in headers if name == dotted and n >= start), None)
            if header is not None and not (parts and isinstance(parts[0], int)):
                start, end, found = header, _next_header(headers, header), header
            continue
        key = _key_line(lines, str(part), start, end)
        return key if key is not None else found
    return found


def _name(header: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in header.split("."))


def _next_header(headers: list[tuple[int, str]], after: int) -> int:
    return next((number for number, _ in headers if number > after), 1 << 30)


def _key_line(lines: list[str], key: str, start: int, end: int) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((n for n in range(start, min(end, len(lines))) if pattern.match(lines[n])), None)
