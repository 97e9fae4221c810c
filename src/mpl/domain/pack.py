"""The appraisal pack as data: what a period's record says, gathered once for every format.

`mpl.usecases.pack` gathers it from a portfolio; each writer in `mpl.exporters` turns it
into a file. Private records, goals and notes are already left out (and counted) here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mpl.domain.goals import ProgressNote, overdue
from mpl.domain.model import Config, EvidenceItem, Goal, LearningMoment
from mpl.domain.periods import Period


@dataclass(frozen=True)
class MomentView:
    moment: LearningMoment
    reflection: list[tuple[str, str]]  # (heading, text), what was learned and what changed first
    goals: list[str]  # the ids of the goals it serves, less private goals left out of the pack


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    why: str
    notes: list[ProgressNote]
    moments: list[MomentView]
    actions: list[str]

    def overdue(self, today: dt.date) -> bool:
        return overdue(self.goal, today)


@dataclass(frozen=True)
class EvidenceRow:
    item: EvidenceItem
    record_id: str
    record_title: str


@dataclass(frozen=True)
class Figures:
    moments: int
    hours: float
    participatory_hours: float
    reflections: int
    hours_by_kind: dict[str, float]
    hours_by_month: dict[str, float]  # YYYY-MM -> hours, every month of the period
    goals_achieved: int
    goals_active: int
    goals_overdue: int
    hours_target: float | None


@dataclass(frozen=True)
class Pack:
    name: str
    role: str | None
    organisation: str | None
    period: Period
    prepared: dt.date
    figures: Figures
    moments: list[MomentView]
    goals: list[GoalView]
    unlinked: list[MomentView]
    plan: list[GoalView]  # the active goals: the forward plan
    evidence: list[EvidenceRow]
    left_out: int  # private records and notes not in the pack
    include_private: bool = False
    owner: Config | None = None  # mpl.toml: what formats that name the person elsewhere need (xAPI, CVs)
