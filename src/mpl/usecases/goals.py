"""Goals: setting them, and finding the learning that serves them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mpl.domain.goals import goal_body
from mpl.domain.ids import slug, title_of
from mpl.domain.model import Alignment, Goal, LearningMoment
from mpl.storage.portfolio import Portfolio, Query


def new_goal(
    portfolio: Portfolio,
    title: str,
    *,
    created: dt.date,
    target: dt.date | None = None,
    review: dt.date | None = None,
    success: Sequence[str] = (),
    why: str = "",
    actions: Sequence[str] = (),
    current: str | None = None,
    alignment: Alignment = Alignment.PERSONAL,
    competencies: Sequence[str] = (),
    tags: Sequence[str] = (),
    private: bool = False,
) -> Goal:
    title = title_of(title, "goal")
    goal = Goal(
        id=portfolio.new_id(slug(title, "goal")),
        title=title,
        created=created,
        target=target,
        review=review,
        alignment=alignment,
        success=[s.strip() for s in success if s.strip()],
        current=current or None,
        competencies=list(competencies),
        tags=list(tags),
        private=private,
    )
    goal.body = goal_body(why, actions)
    return goal


def linked_moments(portfolio: Portfolio, goal: Goal) -> list[LearningMoment]:
    return portfolio.moments(Query(goal=goal.id))
