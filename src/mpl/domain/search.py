"""What a full-text search finds: records, best first, each with the words around its matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

Found = TypeVar("Found")  # a whole record (a model), or the row a listing shows
Snippet = tuple[tuple[str, bool], ...]  # the text around the matches: (text, is it a match?)


@dataclass(frozen=True)
class Hit(Generic[Found]):
    record: Found
    snippet: Snippet
    rank: float


def marked(snippet: Snippet, before: str, after: str) -> str:
    """The snippet as one string, each match between `before` and `after`."""
    return "".join(f"{before}{text}{after}" if match else text for text, match in snippet)
