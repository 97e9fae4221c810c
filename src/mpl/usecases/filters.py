"""The filters every listing of learning moments shares (`list`, `search`, `export`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mpl.domain import text
from mpl.domain.dates import parse_date
from mpl.domain.vocab import Kind
from mpl.storage.index import Query
from mpl.storage.portfolio import Portfolio


@dataclass(frozen=True)
class Filters:
    """Which learning moments a person asked for, as they said it."""

    since: str | None = None  # a date, in any of the ways `parse_date` reads
    until: str | None = None
    tags: tuple[str, ...] = ()
    goal: str | None = None  # a goal's id, or any unique start of it
    kind: Kind | None = None
    role: str | None = None
    organisation: str | None = None
    no_private: bool = False

    @property
    def narrowing(self) -> bool:
        """Does any filter but privacy narrow the moments down?"""
        return any([self.since, self.until, self.tags, self.goal, self.kind, self.role, self.organisation])


def query_of(portfolio: Portfolio, filters: Filters, today: dt.date | None = None) -> Query:
    """The storage's query for `filters`: dates read, the goal found."""
    today = today or portfolio.env.today
    return Query(
        since=parse_date(filters.since, today) if filters.since else None,
        until=parse_date(filters.until, today) if filters.until else None,
        tags=tuple(text.words(filters.tags)),  # as records hold them: é typed either way
        goal=portfolio.goal_id(filters.goal) if filters.goal else None,
        kind=filters.kind.value if filters.kind else None,
        role=text.line(filters.role) if filters.role else None,
        organisation=text.line(filters.organisation) if filters.organisation else None,
        include_private=not filters.no_private,
    )
