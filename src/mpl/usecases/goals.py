"""Goals: setting them, and finding the learning that serves them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mpl.domain.goals import goal_body, with_criterion_met
from mpl.domain.ids import slug, title_of
from mpl.domain.model import Alignment, Criterion, Goal, LearningMoment
from mpl.domain.vocab import ChangeKind
from mpl.errors import MplError
from mpl.storage.portfolio import Portfolio, Query
from mpl.usecases.competencies import checked_codes


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
    support: str | None = None,
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
        support=support or None,
        competencies=checked_codes(portfolio, competencies),
        tags=list(tags),
        private=private,
    )
    goal.body = goal_body(why, actions)
    return goal


def linked_moments(portfolio: Portfolio, goal: Goal) -> list[LearningMoment]:
    return portfolio.moments(Query(goal=goal.id))


def meet_criterion(
    portfolio: Portfolio,
    goal: Goal,
    number: int,
    day: dt.date,
    by: str | None = None,
    evidence: str | None = None,
    undo: bool = False,
) -> Criterion:
    """Mark the `number`-th success criterion of `goal` met on `day`, shown by the learning
    moment `by` (an id or its start) or the evidence file `evidence` (its path, or the
    start of its SHA-256); with `undo`, not met after all. Commits the change."""
    if not undo and not (by or evidence):
        raise MplError(
            "say what shows it: --by MOMENT (a learning moment) or --evidence FILE",
            hint="`mpl list` and `mpl evidence list` show them",
        )
    moment = portfolio.find(by, LearningMoment).id if by else None
    path = _evidence_path(portfolio, evidence) if evidence else None
    criteria = with_criterion_met(goal, number, None if undo else day, moment, path)
    chosen = criteria[number - 1]
    what = "not met" if undo else "met"
    portfolio.update(
        goal,
        {"success": [criterion.model_dump(exclude_none=True) for criterion in criteria]},
        f"goal criterion {what}: {goal.title}: {chosen.text}",
        ChangeKind.GOAL_CRITERION,
    )
    return chosen


def _evidence_path(portfolio: Portfolio, ref: str) -> str:
    """The stored path of the evidence file `ref` names: its path, or the start of its SHA-256."""
    known = portfolio.recorded_evidence()
    wanted = ref.strip().lower()
    matches = sorted(
        {
            path
            for sha, path in known.items()
            if path == ref.strip() or (len(wanted) >= 6 and sha.startswith(wanted))
        }
    )
    if len(matches) != 1:
        problem = "could be any of: " + ", ".join(matches) if matches else f"no evidence file is {ref!r}"
        raise MplError(
            problem, hint="give its path or the start of its SHA-256, as `mpl evidence list` shows"
        )
    return matches[0]
