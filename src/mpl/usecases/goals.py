"""Goals: setting them, and finding the learning that serves them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic

from mpl.domain.dates import record_date
from mpl.domain.goals import (
    D,
    ProgressNote,
    closing_changes,
    current,
    goal_body,
    progress_notes,
    with_criterion_met,
    with_note,
)
from mpl.domain.ids import slug, title_of
from mpl.domain.rows import GoalRow
from mpl.domain.vocab import Alignment, ChangeKind, GoalStatus
from mpl.errors import MplError
from mpl.storage.index import Query
from mpl.storage.portfolio import Portfolio

if TYPE_CHECKING:
    from mpl.domain.model import Criterion, Goal, LearningMoment


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
    from mpl.domain.model import Criterion, Goal
    from mpl.usecases.competencies import checked_codes  # frameworks: only for a new goal

    title = title_of(title, "goal")
    for day, what in ((target, "a goal's target date"), (review, "a goal's review date")):
        if day is not None:
            record_date(day, what)
    goal = Goal(
        id=portfolio.new_id(slug(title, "goal")),
        title=title,
        created=created,
        target=target,
        review=review,
        alignment=alignment,
        success=[Criterion(text=s.strip()) for s in success if s.strip()],
        current=current or None,
        support=support or None,
        competencies=checked_codes(portfolio, competencies),
        tags=list(tags),
        private=private,
    )
    goal.body = goal_body(why, actions)
    return goal


def add_goal(portfolio: Portfolio, title: str, **fields: Any) -> Goal:
    """Set a goal (see `new_goal` for its fields), in one commit."""
    goal = new_goal(portfolio, title, **fields)
    portfolio.add(goal, f"goal: {goal.title}", ChangeKind.GOAL)
    return goal


def linked_moments(portfolio: Portfolio, goal: Goal) -> list[LearningMoment]:
    return portfolio.moments(Query(goal=goal.id))


@dataclass(frozen=True)
class GoalView:
    """A goal with its progress notes and the learning linked to it."""

    goal: Goal
    notes: list[ProgressNote]
    moments: list[LearningMoment]


def view_goal(portfolio: Portfolio, goal: Goal | str) -> GoalView:
    """A goal (or the goal whose id is or starts with `goal`), its notes and its learning."""
    from mpl.domain.model import Goal

    found = portfolio.find(goal, Goal) if isinstance(goal, str) else goal
    return GoalView(found, progress_notes(found.body), linked_moments(portfolio, found))


@dataclass(frozen=True)
class GoalListing(Generic[D]):
    goals: list[D]  # all of the statuses asked for, soonest target first
    shown: list[D]  # those a screen shows: open ones and those closed this past year
    links: dict[str, int]  # goal id -> how many learning moments serve it


def list_goals(portfolio: Portfolio, statuses: Sequence[GoalStatus] | None, every: bool) -> GoalListing[Goal]:
    """The goals, whole (for JSON)."""
    return _listing(portfolio, portfolio.goals(statuses), bool(statuses) or every)


def list_goal_rows(
    portfolio: Portfolio, statuses: Sequence[GoalStatus] | None, every: bool
) -> GoalListing[GoalRow]:
    """The goals as the rows a table shows (the index's, read without the models)."""
    return _listing(portfolio, portfolio.goal_rows(statuses), bool(statuses) or every)


def _listing(portfolio: Portfolio, goals: list[D], every: bool) -> GoalListing[D]:
    shown = goals if every else current(goals, portfolio.env.today)
    return GoalListing(goals, shown, portfolio.link_counts())


def note_progress(
    portfolio: Portfolio, ref: str, note: str, percent: int | None, day: dt.date, private: bool
) -> Goal:
    """A dated progress note on the goal `ref` (and how far along it is), in one commit."""
    from mpl.domain.model import Goal

    goal = portfolio.find(ref, Goal)
    body = with_note(goal.body, ProgressNote(day, note.strip(), percent, private))
    changes = {} if percent is None else {"progress": percent}
    summary = f"goal progress: {goal.title}" + (f" ({percent}%)" if percent is not None else "")
    portfolio.update(goal, changes, summary, ChangeKind.GOAL_PROGRESS, body=body)
    return goal


def move_goal(
    portfolio: Portfolio, ref: str, status: GoalStatus, note: str, reason: str | None = None
) -> Goal:
    """Move the goal `ref` to `status` with a progress note saying so, in one commit."""
    from mpl.domain.model import Goal

    goal = portfolio.find(ref, Goal)
    if goal.status is status:
        raise MplError(f"{goal.id} is already {status.value}")
    today = portfolio.env.today
    body = with_note(goal.body, ProgressNote(today, note))
    changes = closing_changes(status, today, reason)
    summary = f"goal {status.value}: {goal.title}"
    portfolio.update(goal, changes, summary, ChangeKind.for_goal(status), body=body)
    return goal


def meet_criterion(
    portfolio: Portfolio,
    ref: str,
    number: int,
    day: dt.date,
    by: str | None = None,
    evidence: str | None = None,
    undo: bool = False,
) -> tuple[Goal, Criterion]:
    """Mark the `number`-th success criterion of `goal` met on `day`, shown by the learning
    moment `by` (an id or its start) or the evidence file `evidence` (its path, or the
    start of its SHA-256); with `undo`, not met after all. Commits the change; returns the
    goal and the criterion."""
    if not undo and not (by or evidence):
        raise MplError(
            "say what shows it: --by MOMENT (a learning moment) or --evidence FILE",
            hint="`mpl list` and `mpl evidence list` show them",
        )
    from mpl.domain.model import Goal, LearningMoment

    goal = portfolio.find(ref, Goal)
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
    return goal, chosen


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
