"""Competencies: the codes records may name, checked against the person's frameworks, and
how far the record covers them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mpl.domain.competencies import Coverage, canonical, coverage
from mpl.errors import MplError
from mpl.storage import frameworks
from mpl.storage.index import Query
from mpl.storage.portfolio import Portfolio


def checked_codes(portfolio: Portfolio, codes: Sequence[str]) -> list[str]:
    """`codes` as the frameworks spell them; when there are frameworks, a code none of them
    has is refused. With no frameworks, any code goes."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    if not wanted:
        return []
    loaded = [framework for _, framework in frameworks.load(portfolio.root)]
    if not loaded:
        return wanted
    found = []
    for code in wanted:
        spelled = canonical(code, loaded)
        if spelled is None:
            raise MplError(
                f"no competency {code!r} in your frameworks ({frameworks.FRAMEWORKS_DIR}/)",
                hint="`mpl competencies` lists the codes",
            )
        found.append(spelled)
    return list(dict.fromkeys(found))


def matrix(portfolio: Portfolio, since: dt.date | None = None) -> Coverage:
    """Each competency of every framework with the records behind it (those from `since` on)."""
    loaded = frameworks.load(portfolio.root)
    if not loaded:
        raise MplError(
            f"no competency frameworks in {frameworks.FRAMEWORKS_DIR}/ yet",
            hint=f"`mpl competencies --example > {frameworks.FRAMEWORKS_DIR}/mine.toml` gives one to adapt",
        )
    moments = portfolio.moments(Query(since=since))
    goals = [
        goal
        for goal in portfolio.goals()
        if since is None or goal.created >= since or goal.closed is None or goal.closed >= since
    ]
    return coverage(loaded, moments, goals)


def example() -> str:
    return frameworks.example_text()
