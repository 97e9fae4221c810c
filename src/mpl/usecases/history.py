"""The record's history, and undoing mpl's own changes."""

from __future__ import annotations

from mpl.domain.changes import Change
from mpl.storage.portfolio import Portfolio


def history(portfolio: Portfolio, number: int) -> list[Change]:
    """The latest `number` changes, newest first."""
    return portfolio.history(number)


def undo(portfolio: Portfolio) -> tuple[Change, bool]:
    """Undo the last mpl change that can be undone, with a new commit: it, and whether
    undoing it changed anything (False: it had been taken back by hand already)."""
    return portfolio.undo()
