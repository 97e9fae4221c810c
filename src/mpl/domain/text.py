"""The one boundary for untrusted text: what every string entering a record passes.

Text reaches a record from the command line, from pasted Word text, from imported
files and from badges any issuer made. Whatever it was, a record holds it in one
form: Unicode NFC (so `é` typed two ways is one tag), no control characters but a
body's line breaks and tabs, no invisible direction overrides, and a field meant to be
one line (a title, a tag, a name, a reason) on one line: a line break in it becomes a
space, so nothing it says can start a new line of a file, a commit message or a pack.

`visible` is the way out to a terminal: what a terminal would obey instead of show
(escape sequences, direction overrides) is written out as `\\x1b`, `\\u202e`, ...
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# What ends a line somewhere: in files, in git, in spreadsheets, in Word (a vertical tab
# is Word's line break), in Unicode.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Invisible marks that reorder the text around them (the "Trojan source" characters).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
MAX_TITLE = 300  # characters a title from elsewhere (an import, a badge) is cut to
_C0_C1 = "".join(chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)))
_HIDDEN = _C0_C1 + BIDI_CONTROLS + "\u2028\u2029"
_SURROGATES = "\ud800-\udfff"  # what undecodable bytes (a file name, an argument) become in Python
_BREAKS = re.compile(r"\r\n|[" + re.escape(LINE_BREAKS) + "]")
_FOLDED = re.compile(r"[ \t]*(?:\r\n|[" + re.escape(LINE_BREAKS) + r"])\s*")  # a break and spaces around it
_DROPPED_IN_LINE = re.compile("[" + re.escape(_HIDDEN.replace("\t", "")) + "]")
_DROPPED_IN_BODY = re.compile("[" + re.escape(_HIDDEN.replace("\t", "").replace("\n", "")) + "]")
_UNDECODABLE = re.compile(f"[{_SURROGATES}]")
_SHOWN = re.compile("[" + re.escape(_HIDDEN) + _SURROGATES + "]")
_SHOWN_KEEPING_LINES = re.compile(
    "[" + re.escape(_HIDDEN.replace("\n", "").replace("\t", "")) + _SURROGATES + "]"
)


def line(value: str) -> str:
    """`value` as one line: NFC, every line break and tab a space, other control
    characters and direction overrides dropped, no spaces at either end."""
    if value.isascii() and value.isprintable():  # the usual case, quickly
        return value.strip()
    value = _FOLDED.sub(" ", _nfc(_decodable(value))).replace("\t", " ")
    return _DROPPED_IN_LINE.sub("", value).strip()


def body(value: str) -> str:
    """`value` as the text of a record's body: NFC, every kind of line break `\\n`, tabs
    kept, every other control character and direction override dropped."""
    if value.isascii() and all(c.isprintable() or c in "\n\t" for c in value):
        return value
    value = _BREAKS.sub("\n", _nfc(_decodable(value)))
    return _DROPPED_IN_BODY.sub("", value)


def shortened(value: str, most: int) -> str:
    """`value` cut to at most `most` characters, ending in '…' where it was cut."""
    return value if len(value) <= most else value[: most - 1].rstrip() + "…"


_SECTION_HEADING = re.compile(r"^##(?= )", re.MULTILINE)


def section_text(value: str) -> str:
    """`value` as `body`, to go under one `## ` heading of a record (a reflection answer,
    a goal's why, a review's notes): a `## ` line in it is made a `### ` one, so that it
    stays part of that section instead of starting one (a fake `## Progress`, say)."""
    return _SECTION_HEADING.sub("###", body(value))


def words(values: Iterable[str]) -> list[str]:
    """Tags, competencies and the like: each one `line`, blank ones and repeats left
    out (the same tag in NFC and NFD spelling is one tag), in their first order."""
    return list(dict.fromkeys(cleaned for cleaned in map(line, values) if cleaned))


def has_line_break(value: str) -> bool:
    return bool(_BREAKS.search(value))


def visible(value: str, lines: bool = False) -> str:
    """`value` safe to write to a terminal: every control character (but, with `lines`,
    line breaks and tabs) and direction override written out as `\\x1b`, `\\u202e`, ...
    so the terminal shows it instead of obeying it."""
    if value.isascii() and value.isprintable():
        return value
    pattern = _SHOWN_KEEPING_LINES if lines else _SHOWN
    if lines:
        value = value.replace("\r\n", "\n")
    return pattern.sub(_written_out, value)


_JSON_HIDDEN = re.compile("[\x80-\x9f\u2028\u2029" + BIDI_CONTROLS + "]")


def json_visible(json_text: str) -> str:
    """JSON text with what JSON may hold as it is but a terminal would obey or reorder (C1
    controls, direction overrides, Unicode's line separators) escaped as `\\u009b`; JSON
    escapes the other controls itself."""
    return _JSON_HIDDEN.sub(lambda match: f"\\u{ord(match[0]):04x}", json_text)


def _written_out(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _decodable(value: str) -> str:
    """Undecodable bytes carried as lone surrogates made the replacement character."""
    return _UNDECODABLE.sub("\ufffd", value)


def _nfc(value: str) -> str:
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
