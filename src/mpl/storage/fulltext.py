"""The person's search query in SQLite FTS5's syntax, and FTS5's snippets as text.

A query FTS5 could not read is refused here, in the person's terms, before SQLite
sees it.
"""

from __future__ import annotations

import re

from mpl.domain.search import Snippet
from mpl.errors import BadQuery

OPERATORS = {"AND", "OR", "NOT", "(", ")"}
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


def fts_query(text: str) -> str:
    """The person's query in FTS5's syntax: operators and brackets kept, phrases
    kept, `word*` a prefix, every other word quoted (so `on-the-job` is a word).
    `AND NOT` is read as FTS5's `NOT`, and words side by side must all match, brackets
    or not. A query FTS5 could not read is one clear error here, in the person's terms."""
    parts: list[str] = []
    for token in _TOKEN.findall(text):
        if token == "NOT" and parts[-1:] == ["AND"]:
            parts[-1] = "NOT"
            continue
        if token in OPERATORS:
            term = None
        elif token.startswith('"'):
            term = token if token.endswith('"') and len(token) > 1 else token + '"'
        elif token.endswith("*") and token.strip("*"):
            term = _quoted(token.rstrip("*")) + "*"
        elif token.strip("*"):
            term = _quoted(token)
        else:
            continue
        if (term or token == "(") and parts and parts[-1] not in OPERATORS - {")"}:
            parts.append("AND")  # side by side: both must match
        parts.append(term or token)
    _check(parts)
    return " ".join(parts)


def _check(parts: list[str]) -> None:
    binary = {"AND", "OR", "NOT"}
    if not [part for part in parts if part not in OPERATORS]:
        raise BadQuery("no word")
    for before, part in zip(["(", *parts], [*parts, ")"], strict=True):
        if part in binary and before in binary | {"("}:
            raise BadQuery("no word before", part)
        if before in binary and part in binary | {")"}:
            raise BadQuery("no word after", before)
    depth = 0
    for part in parts:
        depth += {"(": 1, ")": -1}.get(part, 0)
        if depth < 0:
            break
    if depth:
        raise BadQuery("brackets")


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


MATCH_START, MATCH_END = "\x02", "\x03"  # what FTS5's snippet() puts around each match
TOKENIZE = "porter unicode61 remove_diacritics 2"  # how the index's full-text table reads words
SNIPPET = "snippet({table}, -1, char(2), char(3), '…', 16)"
# FTS5's snippet() takes time that grows with the square of the matches in a column (a
# 2 MB record of one word: hours). A record longer than this has its snippet made from
# windows of its text, each short enough to take milliseconds whatever it holds.
SNIPPET_WHOLE = 8_000  # characters of a record's body and extra text snippet() reads whole
WINDOW = 4_000  # characters in each window
MOST_WINDOWS = 64  # looked at, from the start: a match further in gives the first window


def window_snippet(query: str, title: str, body: str, tags: str, extra: str) -> str:
    """The snippet FTS5 makes for `query` (in its syntax) from the best-matching window of
    a long record's body (or its other columns, where they match), in bounded time."""
    import sqlite3

    windows = _windows(body) or [""]
    extra = extra[:WINDOW]
    scratch = sqlite3.connect(":memory:")
    try:
        scratch.execute(
            f"CREATE VIRTUAL TABLE w USING fts5 (title, body, tags, extra, tokenize = '{TOKENIZE}')"
        )
        scratch.executemany(
            "INSERT INTO w VALUES (?, ?, ?, ?)", [(title, window, tags, extra) for window in windows]
        )
        row = scratch.execute(
            f"SELECT {SNIPPET.format(table='w')} FROM w WHERE w MATCH ? ORDER BY rank LIMIT 1", (query,)
        ).fetchone()
    except sqlite3.OperationalError:
        row = None
    finally:
        scratch.close()
    if row:
        return str(row[0])
    return " ".join(windows[0].split()[:16]) + "…"  # the match lies further in


def _windows(text: str) -> list[str]:
    """The first `MOST_WINDOWS` windows of `text`, each about `WINDOW` characters, cut at
    spaces where there are any."""
    windows: list[str] = []
    start = 0
    while start < len(text) and len(windows) < MOST_WINDOWS:
        end = start + WINDOW
        if end < len(text):
            space = text.rfind(" ", start + WINDOW // 2, end)
            end = space if space > 0 else end
        windows.append(text[start:end])
        start = end
    return windows


def snippet_parts(text: str) -> Snippet:
    """FTS5's snippet, its matches marked with MATCH_START and MATCH_END, as parts."""
    parts: list[tuple[str, bool]] = []
    for piece in re.split(f"({MATCH_START}.*?{MATCH_END})", text, flags=re.S):
        if piece.startswith(MATCH_START) and piece.endswith(MATCH_END):
            parts.append((piece[1:-1], True))
        elif piece:
            parts.append((piece, False))
    return tuple(parts)
