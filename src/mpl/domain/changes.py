"""The record's history as git keeps it: its changes, and what a sync did."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    sha: str
    when: dt.datetime
    summary: str
    action: str | None  # the Mpl-Change trailer (a ChangeKind's value); None for others' commits
    undoes: str | None  # the Mpl-Id (or, from older mpl, the sha) of the change an undo reverted
    change_id: str | None = None


@dataclass(frozen=True)
class Conflict:
    """A file both machines changed: the other's version is in `copy`; or one machine
    deleted it (`deleted` says where: "here" or "there") and the changed version is kept."""

    path: str
    copy: str | None = None
    deleted: str | None = None


@dataclass
class SyncReport:
    pulled: int = 0
    pushed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    dangling_head: tuple[str, str] | None = None  # (URL, branch): the remote's HEAD names no branch
    # it has, so a plain `git clone` of it checks nothing out
