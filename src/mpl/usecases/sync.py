"""Keeping the portfolio the same on every machine, through the person's own git remote."""

from __future__ import annotations

from dataclasses import dataclass

from mpl.domain.changes import SyncReport
from mpl.storage.portfolio import Portfolio


@dataclass(frozen=True)
class Synced:
    report: SyncReport
    remote: str  # the remote's URL


def sync(portfolio: Portfolio, remote: str | None) -> Synced:
    """Pull and push through the portfolio's remote (set first to `remote`, if given)."""
    report = portfolio.sync(remote)
    return Synced(report, portfolio.repo.remote_url() or "")
