"""Full-text search of the record, and rebuilding the index that serves it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from mpl.domain.rows import Row
from mpl.domain.search import Hit
from mpl.storage.index import Query
from mpl.storage.portfolio import Portfolio
from mpl.usecases.filters import Filters, query_of

if TYPE_CHECKING:
    from mpl.domain.model import Record

R = TypeVar("R")


@dataclass(frozen=True)
class Found(Generic[R]):
    hits: list[Hit[R]]  # the best first
    total: int  # how many matched in all


def search(portfolio: Portfolio, words: str, filters: Filters, limit: int) -> Found[Record]:
    """The best `limit` records matching `words` and `filters` (goals too, unless a filter
    narrows the search to learning moments), and how many matched in all."""
    query, goals_too = query_of(portfolio, filters), not filters.narrowing
    hits = portfolio.search(words, query, goals_too, limit)
    return Found(hits, _total(portfolio, words, query, goals_too, hits, limit))


def search_rows(portfolio: Portfolio, words: str, filters: Filters, limit: int) -> Found[Row]:
    """`search`, as the rows a listing shows (no pydantic needed)."""
    query, goals_too = query_of(portfolio, filters), not filters.narrowing
    hits = portfolio.search_rows(words, query, goals_too, limit)
    return Found(hits, _total(portfolio, words, query, goals_too, hits, limit))


def _total(
    portfolio: Portfolio, words: str, query: Query, goals_too: bool, hits: list[Hit[R]], limit: int
) -> int:
    """How many matched in all: as many as were found, unless the limit cut them short."""
    return portfolio.search_count(words, query, goals_too) if len(hits) == limit else len(hits)


def reindex(portfolio: Portfolio, progress: Callable[[int, int], None] | None = None) -> int:
    """Make the index again from the files; how many records it read."""
    return portfolio.reindex(progress)
