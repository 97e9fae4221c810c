"""Full-text search of the record, and rebuilding the index that serves it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mpl.domain.search import Hit
from mpl.storage.index import Query
from mpl.storage.portfolio import Portfolio


@dataclass(frozen=True)
class Found:
    hits: list[Hit]  # the best first
    total: int  # how many matched in all


def search(portfolio: Portfolio, words: str, query: Query, goals_too: bool, limit: int) -> Found:
    """The best `limit` records matching `words` (and `query`; goals too, if `goals_too`),
    and how many matched in all."""
    hits = portfolio.search(words, query, goals_too, limit)
    total = portfolio.search_count(words, query, goals_too) if len(hits) == limit else len(hits)
    return Found(hits, total)


def reindex(portfolio: Portfolio, progress: Callable[[int, int], None] | None = None) -> int:
    """Make the index again from the files; how many records it read."""
    return portfolio.reindex(progress)
