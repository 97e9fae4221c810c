"""Markdown files with TOML front matter between `+++` lines.

Reading uses `tomli`, the parser the standard library's `tomllib` was made from, in
its compiled build (three times quicker over a career's files; `tomllib` where it
is missing). Updating goes through `tomlkit`
on the original text, so comments, key order and formatting survive byte for
byte except the keys being changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

try:
    import tomli as toml
except ImportError:  # pragma: no cover (tomli is a dependency; tomllib is the same parser)
    import tomllib as toml  # type: ignore[no-redef]  # the same parser, another module to mypy

FENCE = "+++"
LONG_LINE = 100  # a new record's array longer than this on one line is written one item a line
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass
class Parsed:
    front: dict[str, Any]
    front_text: str
    body: str


class FrontMatterError(ValueError):
    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def split(text: str) -> tuple[str, str]:
    """(front matter text, everything after the closing fence) of a record's text."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != FENCE:
        raise FrontMatterError("does not start with a '+++' line (TOML front matter)", 1)
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r") == FENCE:
            front = "\n".join(lines[1:number])
            return (front + "\n" if front else ""), "\n".join(lines[number + 1 :])
    raise FrontMatterError("the front matter has no closing '+++' line", 1)


def parse(text: str) -> Parsed:
    front_text, rest = split(text)
    return Parsed(load_toml(front_text, first_line=2), front_text, rest.lstrip("\r\n"))


MOST_NESTED = 32  # arrays and tables within one another: more is no record, but a trap


def load_toml(text: str, first_line: int) -> dict[str, Any]:
    """The TOML `text` (starting on file line `first_line`) as data; a `FrontMatterError`
    naming the line for a syntax error, or for arrays and tables nested deeper than any
    record needs (which would exhaust the reader, or whatever reads it next)."""
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as error:
        raise FrontMatterError(*toml_problem(error, first_line)) from error
    except RecursionError:
        data = None
    if data is None or _depth(data) > MOST_NESTED:
        raise FrontMatterError(f"arrays or tables are nested more than {MOST_NESTED} deep")
    return data


def _depth(value: Any) -> int:
    """How deeply arrays and tables nest in `value` (found without recursion)."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth >= MOST_NESTED + 1:
                return depth
            deepest = max(deepest, depth)
            pending += [(child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest


def toml_problem(error: ValueError, first_line: int) -> tuple[str, int | None]:
    """What a TOML syntax error says, and its line in the file (the TOML starting on
    file line `first_line`)."""
    message = str(error)
    match = _TOML_POSITION.search(message)
    line = int(match[1]) + first_line - 1 if match else None
    return "invalid TOML: " + _TOML_POSITION.sub("", message).strip(), line


def render(front: Mapping[str, Any], body: str) -> str:
    """A new record's text: `front` in its given key order, then the body."""
    import tomlkit  # only writing needs it

    document = tomlkit.document()
    items = [(key, value) for key, value in front.items() if value is not None]
    for index, (key, value) in enumerate(items):
        later_plain = any(not _is_table_array(later) for _, later in items[index + 1 :])
        if _mixed(value) or (_is_table_array(value) and later_plain):
            value = _inline_array(value)  # tables before plain keys would take those keys in
        elif isinstance(value, list) and len(f"{key} = {tomlkit.item(value).as_string()}") > LONG_LINE:
            value = _inline_array(value)  # one item a line, to read and change by hand
        document[key] = value
    return _join(tomlkit.dumps(document), body)


def update(text: str, changes: Mapping[str, Any], body: str | None = None) -> str:
    """`text` with only the keys in `changes` set (None removes a key) and,
    if given, a new body. Everything else is kept exactly as it was, line endings
    included: a file written with CRLF stays CRLF throughout."""
    import tomlkit

    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
        body = body and body.replace("\r\n", "\n")
    front_text, rest = split(text)
    document = tomlkit.parse(front_text)
    for key, value in changes.items():
        inline = _is_table_array(value) and isinstance(document.get(key), tomlkit.items.Array)
        if value is None or (_is_table_array(value) and not inline):
            document.pop(key, None)  # an array of tables must go after the plain keys
        if value is not None:
            document[key] = _inline_array(value) if inline or _mixed(value) else value
    if body is not None:
        rest = _body_part(body)
    updated = f"{FENCE}\n{_line_ended(tomlkit.dumps(document))}{FENCE}\n{rest}"
    return updated.replace("\n", "\r\n") if crlf else updated


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _mixed(value: Any) -> bool:
    """A list of tables and other values (success criteria, some met): an inline array."""
    return (
        isinstance(value, list) and any(isinstance(v, Mapping) for v in value) and not _is_table_array(value)
    )


def _inline_array(values: list[Any]) -> Any:
    """An array kept where its key is (as success criteria are): one item a line, tables
    inline."""
    import tomlkit

    array = tomlkit.array()
    for value in values:
        if isinstance(value, Mapping):
            table = tomlkit.inline_table()
            table.update(value)
            value = table
        array.append(value)
    return array.multiline(True)


def _join(front_text: str, body: str) -> str:
    return f"{FENCE}\n{_line_ended(front_text)}{FENCE}\n{_body_part(body)}"


def _body_part(body: str) -> str:
    """What follows the closing fence: a blank line, then the body."""
    body = body.strip("\n")
    return f"\n{body}\n" if body else ""


def _line_ended(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"
