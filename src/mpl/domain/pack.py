"""The appraisal pack as data: what a period's record says, gathered once for every format.

`mpl.usecases.pack` gathers it from a portfolio; each writer in `mpl.exporters` turns it
into a file. Private records, goals and notes are already left out (and counted) here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from mpl.domain.competencies import Coverage
from mpl.domain.goals import ProgressNote, overdue
from mpl.domain.model import Config, Criterion, EvidenceItem, Goal, LearningMoment, Review
from mpl.domain.periods import Period
from mpl.domain.rules import Standing

HIGHLIGHTS = (3, 5)  # a pack leads with at least this many highlights, and at most this many


class Detail(StrEnum):
    """How much a pack says: `brief` (page one, the goals, the CPD log and the forward
    plan), `standard` (and every reflection, once), `full` (and the evidence in full)."""

    BRIEF = "brief"
    STANDARD = "standard"
    FULL = "full"


@dataclass(frozen=True)
class MomentView:
    moment: LearningMoment
    number: int  # its number in the pack's CPD log, from 1
    reflection: list[tuple[str, str]]  # (heading, text) as the person wrote them
    learned: list[tuple[str, str]]  # what was learned and what changed in practice
    goals: list[str]  # the ids of the goals it serves, less private goals left out of the pack

    @property
    def reflected(self) -> bool:
        return bool(self.reflection)


@dataclass(frozen=True)
class CriterionView:
    criterion: Criterion
    shown_by: str  # what shows it is met: a learning moment or an evidence file, in words


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    number: int  # its number in the pack, from 1
    why: str
    notes: list[ProgressNote]
    moments: list[MomentView]
    actions: list[str]
    criteria: list[CriterionView] = field(default_factory=list)

    def overdue(self, today: dt.date) -> bool:
        return overdue(self.goal, today)

    @property
    def met(self) -> int:
        return sum(1 for view in self.criteria if view.criterion.met is not None)


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
    hours_by_month: dict[str, float]  # YYYY-MM -> hours, every month of the period up to today
    goals_achieved: int
    goals_active: int
    goals_overdue: int
    hours_target: float | None  # a CPD year's, as mpl.toml says
    period_target: float | None  # the target for this period: pro rata, None if it cannot be said


@dataclass(frozen=True)
class GoalSince:
    """What happened to a goal of the pack since the last review."""

    view: GoalView
    notes: list[ProgressNote]  # progress notes since (private ones left out unless asked for)
    met: list[int]  # the numbers of the success criteria met since
    closed: dt.date | None  # when it was achieved or dropped, if since
    was: int | None  # its progress at the review, as the last note before it said; None if unknown
    new: bool = False  # set since the review


@dataclass(frozen=True)
class SinceReview:
    """The pack's opening: the last review meeting up to the period's end, what was agreed
    at it, and what happened after it."""

    review: Review
    until: dt.date  # "since" runs from the review's day to this one (the period's end, or today)
    moments: int  # learning moments since (in the pack's filters; private ones only if asked)
    hours: float
    numbers: list[int]  # the CPD log numbers of those of them in this pack
    goals: list[GoalSince]


@dataclass(frozen=True)
class RequirementsView:
    """How the record stands against one of the person's rule packs (`mpl cpd check`)."""

    title: str
    standing: Standing | None
    problem: str | None = None  # why it could not be checked


@dataclass(frozen=True)
class Pack:
    name: str
    role: str | None
    organisation: str | None
    period: Period
    prepared: dt.date
    figures: Figures
    moments: list[MomentView]  # the CPD log, oldest first, numbered
    goals: list[GoalView]
    plan: list[GoalView]  # the active goals: the forward plan
    evidence: list[EvidenceRow]
    left_out: int  # private records and notes not in the pack
    include_private: bool = False
    owner: Config | None = None  # mpl.toml: what formats that name the person elsewhere need (xAPI, CVs)
    detail: Detail = Detail.STANDARD
    highlights: list[MomentView] = field(default_factory=list)
    chosen_highlights: bool = False  # marked by the person, rather than picked by mpl
    coming_up: list[tuple[dt.date, str]] = field(default_factory=list)  # the plan's next dates
    since_review: SinceReview | None = None
    reviews: list[Review] = field(default_factory=list)  # the review meetings in the period, oldest first
    paper: str = "A4"
    language: str = "en-GB"
    requirements: list[RequirementsView] = field(default_factory=list)  # the rule packs in mpl.toml
    coverage: Coverage | None = None  # the competency frameworks, by the pack's records

    @property
    def reflected(self) -> list[MomentView]:
        return [view for view in self.moments if view.reflected]

    @property
    def unreflected(self) -> list[MomentView]:
        return [view for view in self.moments if not view.reflected]

    def goal_numbers(self, view: MomentView) -> list[int]:
        numbers = {goal.goal.id: goal.number for goal in self.goals}
        return [numbers[goal] for goal in view.goals if goal in numbers]
