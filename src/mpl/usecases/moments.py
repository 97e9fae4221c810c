"""Making learning moments: the decisions behind `mpl log`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mpl.domain.ids import slug, title_of
from mpl.domain.model import Goal, Kind, LearningMoment
from mpl.domain.reflection import ReflectionModel, compose, sections
from mpl.storage.portfolio import Portfolio


def new_moment(
    portfolio: Portfolio,
    title: str,
    *,
    date: dt.date,
    kind: Kind = Kind.OTHER,
    hours: float = 0,
    participatory: bool = False,
    goals: Sequence[str] = (),
    tags: Sequence[str] = (),
    competencies: Sequence[str] = (),
    private: bool = False,
    highlight: bool = False,
    model: ReflectionModel,
    body: str = "",
) -> LearningMoment:
    """A learning moment ready to add: a unique id, goal prefixes resolved to ids,
    and stamped with the role held on its date."""
    title = title_of(title, "learning moment")
    role = portfolio.config.role_on(date)
    moment = LearningMoment(
        id=portfolio.new_id(slug(title, "moment")),
        title=title,
        date=date,
        kind=kind,
        hours=hours,
        participatory=participatory,
        goals=[portfolio.find(ref, Goal).id for ref in goals],
        tags=_unique(tags),
        competencies=_unique(competencies),
        role=role.title if role else None,
        organisation=(role.organisation or None) if role else None,
        private=private,
        highlight=highlight,
        model=model.name,
    )
    moment.body = body
    return moment


def reflection_body(model: ReflectionModel, answers: dict[str, str], piped: str = "") -> str:
    """The body of a new moment: answers under the model's headings; piped text
    that already has `## ` headings is kept as written, else it answers the first."""
    if piped.strip():
        if any(sections(piped)):  # it has headings of its own: keep its layout
            return piped.strip() + "\n"
        answers = {model.sections[0].key: piped, **answers}
    return compose(model, answers)


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in values if value.strip()))
