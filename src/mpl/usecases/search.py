"""Full-text search of the record, and rebuilding the index that serves it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mpl.domain.search import Hit
from mpl.storage.portfolio import Portfolio
from mpl.usecases.filters import Filters, query_of


@dataclass(frozen=True)
class Found:
    hits: list[Hit]  # the best first
    total: int  # how many matched in all


def search(portfolio: Portfolio, words: str, filters: Filters, limit: int) -> Found:
    """The best `limit` records matching `words` and `filters` (goals too, unless a filter
    narrows the search to learning moments), and how many matched in all."""
    query, goals_too = query_of(portfolio, filters), not filters.narrowing
    hits = portfolio.search(words, query, goals_too, limit)
    total = portfolio.search_count(words, query, goals_too) if len(hits) == limit else len(hits)
    return Found(hits, total)


def reindex(portfolio: Portfolio, progress: Callable[[int, int], None] | None = None) -> int:
    """Make the index again from the files; how many records it read."""
    return portfolio.reindex(progress)
