"""Competency frameworks, and how far a record covers them.

A framework is a TOML file in the portfolio's `frameworks/` folder (docs/FORMAT.md): codes
with a title, a group and a description. Goals and learning moments name codes in their
`competencies`; `coverage` says, for each code, which records and how much evidence are
behind it and when it was last shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mpl.domain.model import Goal, GoalStatus, LearningMoment

Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^\S(?:.*\S)?$")]


class Competency(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    code: Code
    title: Annotated[str, Field(min_length=1)]
    group: str = ""
    description: str = ""


class Framework(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    format: int = 1
    title: Annotated[str, Field(min_length=1)]
    source: str = ""  # where it comes from, or who wrote it
    about: str = ""
    competencies: list[Competency] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Framework:
        seen: set[str] = set()
        for competency in self.competencies:
            if competency.code.casefold() in seen:
                raise ValueError(f"the code {competency.code!r} is used twice")
            seen.add(competency.code.casefold())
        return self


@dataclass(frozen=True)
class Covered:
    competency: Competency
    framework: str  # the framework's file name
    moments: list[LearningMoment] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    evidence: int = 0  # distinct evidence files behind those records
    last: dt.date | None = None  # the latest learning moment, or goal achieved, that shows it

    @property
    def records(self) -> int:
        return len(self.moments) + len(self.goals)


@dataclass(frozen=True)
class Coverage:
    rows: list[Covered]  # every code of every framework, in the frameworks' order
    unknown: dict[str, list[str]]  # codes records name that no framework has: code -> record ids

    @property
    def uncovered(self) -> list[Covered]:
        return [row for row in self.rows if not row.records]


def canonical(code: str, frameworks: Sequence[Framework]) -> str | None:
    """The framework's own spelling of `code` (codes match whatever their case), or None."""
    wanted = code.strip().casefold()
    for framework in frameworks:
        for competency in framework.competencies:
            if competency.code.casefold() == wanted:
                return competency.code
    return None


def coverage(
    frameworks: Sequence[tuple[str, Framework]], moments: Sequence[LearningMoment], goals: Sequence[Goal]
) -> Coverage:
    by_code: dict[str, tuple[list[LearningMoment], list[Goal]]] = {}
    for moment in moments:
        for code in dict.fromkeys(c.casefold() for c in moment.competencies):
            by_code.setdefault(code, ([], []))[0].append(moment)
    for goal in goals:
        for code in dict.fromkeys(c.casefold() for c in goal.competencies):
            by_code.setdefault(code, ([], []))[1].append(goal)
    rows, known = [], set()
    for name, framework in frameworks:
        for competency in framework.competencies:
            key = competency.code.casefold()
            known.add(key)
            shown_by, set_for = by_code.get(key, ([], []))
            rows.append(_covered(competency, name, shown_by, set_for))
    unknown: dict[str, list[str]] = {}
    for moment in moments:
        for code in moment.competencies:
            if code.casefold() not in known:
                unknown.setdefault(code, []).append(moment.id)
    for goal in goals:
        for code in goal.competencies:
            if code.casefold() not in known:
                unknown.setdefault(code, []).append(goal.id)
    return Coverage(rows, dict(sorted(unknown.items())))


def _covered(competency: Competency, name: str, moments: list[LearningMoment], goals: list[Goal]) -> Covered:
    records: list[LearningMoment | Goal] = [*moments, *goals]
    files = {item.sha256 for record in records for item in record.evidence}
    days = [moment.date for moment in moments]
    days += [g.closed for g in goals if g.status is GoalStatus.ACHIEVED and g.closed is not None]
    return Covered(competency, name, moments, goals, len(files), max(days) if days else None)
