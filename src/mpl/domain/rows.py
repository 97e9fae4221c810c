"""Records as listings show them: plain typed rows.

The index holds records that were checked (by the pydantic models of `model.py`) when
their files were read; listing them again needs only the few fields a listing shows,
so the everyday read paths (`mpl list`, `mpl search`, `mpl status`) build these rows
instead of models, and do not import pydantic at all. Anything that writes, exports
or shows a whole record still reads it as a model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mpl.domain.vocab import GoalStatus, Kind


@dataclass(frozen=True, slots=True)
class RoleRow:
    """A role of `mpl.toml`: when it was held, and how it is named."""

    start: dt.date
    end: dt.date | None
    label: str  # as `Role.label` says it

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class SettingsRow:
    """What the dashboard shows of `mpl.toml`."""

    name: str
    roles: tuple[RoleRow, ...]  # in the file's order, as `Config.roles`
    hours_target: float | None
    cpd_year_start: str  # MM-DD
    rule_packs: bool  # are any rule packs chosen (`mpl status` says how each stands)?

    def role_on(self, day: dt.date) -> str | None:
        """The role held on `day`, as `Config.role_on` finds it."""
        return next((role.label for role in reversed(self.roles) if role.covers(day)), None)


@dataclass(frozen=True, slots=True)
class MomentRow:
    """A learning moment, as a listing shows it."""

    id: str
    title: str
    date: dt.date
    kind: Kind
    hours: float
    tags: tuple[str, ...]
    private: bool


@dataclass(frozen=True, slots=True)
class GoalRow:
    """A goal, as a listing or the dashboard shows it."""

    id: str
    title: str
    status: GoalStatus
    created: dt.date
    target: dt.date | None
    review: dt.date | None
    closed: dt.date | None  # when it was achieved or dropped
    progress: int
    criteria: int  # how many success criteria it has
    met: int  # how many of them are met
    body: str  # the Markdown below the front matter (its progress notes)
    private: bool


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A review meeting, as a search or the dashboard shows it."""

    id: str
    title: str
    date: dt.date
    who: str  # whom it was with
    next: dt.date | None  # when the next review is
    private: bool


Row = MomentRow | GoalRow | ReviewRow  # any record, as a listing or search shows it
