"""Gathering the appraisal pack of a period from the portfolio.

Private records, private goals and private progress notes are left out unless
the person asks for them; the pack counts what it left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from mpl.domain.goals import planned_actions, progress_notes
from mpl.domain.model import Goal, GoalStatus, LearningMoment, Record
from mpl.domain.pack import EvidenceRow, Figures, GoalView, MomentView, Pack
from mpl.domain.periods import Period
from mpl.domain.reflection import get_model, is_reflected, sections
from mpl.errors import MplError
from mpl.storage.portfolio import Portfolio, Query


def build_pack(
    portfolio: Portfolio,
    period: Period,
    query: Query,
    include_private: bool = False,
) -> Pack:
    """Gather the pack for `period`: `query` filters the learning moments (and with a
    goal, narrows the pack to that goal and the learning linked to it)."""
    today = portfolio.env.today
    config = portfolio.config
    wanted = Query(**{**vars(query), "since": period.start, "until": period.end, "include_private": True})
    found = portfolio.moments(wanted)
    moments = [m for m in found if include_private or not m.private]
    left_out = len(found) - len(moments)
    every_goal = portfolio.goals()
    hidden = set() if include_private else {goal.id for goal in every_goal if goal.private}
    views = {m.id: _view(portfolio, m, hidden) for m in moments}
    serving: dict[str, list[MomentView]] = defaultdict(list)
    for moment in moments:
        for goal_id in dict.fromkeys(moment.goals):
            serving[goal_id].append(views[moment.id])

    goals = []
    for goal in every_goal:
        linked = serving.get(goal.id, [])
        if (query.goal and goal.id != query.goal) or not (linked or _open_in(goal, period)):
            continue
        if goal.id in hidden:
            left_out += 1
            continue
        notes = progress_notes(goal.body)
        shown = [note for note in notes if include_private or not note.private]
        left_out += len(notes) - len(shown)
        why = sections(goal.body).get("Why", "")
        goals.append(GoalView(goal, why, shown, linked, planned_actions(goal.body)))

    in_pack = {view.goal.id for view in goals}
    role = config.role_on(min(period.end, today))
    return Pack(
        name=config.name,
        role=role.title if role else None,
        organisation=(role.organisation or None) if role else None,
        period=period,
        prepared=today,
        figures=_figures(moments, goals, period, today, config.hours_target),
        moments=list(views.values()),
        goals=goals,
        unlinked=[view for view in views.values() if not set(view.goals) & in_pack],
        plan=[view for view in goals if view.goal.status is GoalStatus.ACTIVE],
        evidence=_evidence([*[view.goal for view in goals], *moments]),
        left_out=left_out,
        include_private=include_private,
        owner=config,
    )


def _open_in(goal: Goal, period: Period) -> bool:
    """Was the goal being worked on during `period`: set by its end, not closed before its start?"""
    if goal.created > period.end:
        return False
    if goal.closed is not None:
        return goal.closed >= period.start
    return goal.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)


def _view(portfolio: Portfolio, moment: LearningMoment, hidden: set[str]) -> MomentView:
    try:
        model = get_model(moment.model, portfolio.config.reflection_models)
    except MplError:  # a model this portfolio no longer defines: its sections as written
        model = get_model("free")
    goals = [goal for goal in moment.goals if goal not in hidden]
    return MomentView(moment, model.in_outcome_order(moment.body), goals)


def _figures(
    moments: list[LearningMoment], goals: list[GoalView], period: Period, today: dt.date, target: float | None
) -> Figures:
    by_kind: dict[str, float] = defaultdict(float)
    by_month: dict[str, float] = {month: 0.0 for month in _months(period)}
    for moment in moments:
        by_kind[moment.kind.value] += moment.hours
        by_month[f"{moment.date:%Y-%m}"] = by_month.get(f"{moment.date:%Y-%m}", 0.0) + moment.hours
    statuses = [view.goal for view in goals]
    return Figures(
        moments=len(moments),
        hours=round(sum(m.hours for m in moments), 2),
        participatory_hours=round(sum(m.hours for m in moments if m.participatory), 2),
        reflections=sum(1 for m in moments if is_reflected(m.body)),
        hours_by_kind=dict(sorted(by_kind.items(), key=lambda item: -item[1])),
        hours_by_month=by_month,
        goals_achieved=sum(
            1
            for g in statuses
            if g.status is GoalStatus.ACHIEVED and g.closed is not None and g.closed in period
        ),
        goals_active=sum(1 for g in statuses if g.status is GoalStatus.ACTIVE),
        goals_overdue=sum(1 for view in goals if view.overdue(today)),
        hours_target=target,
    )


def _months(period: Period) -> list[str]:
    if (period.end - period.start).days > 366 * 5:  # an open-ended period: months with learning only
        return []
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        months.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _evidence(records: list[Record]) -> list[EvidenceRow]:
    rows, seen = [], set()
    for record in records:
        for item in record.evidence:
            if (item.path, record.id) not in seen:
                seen.add((item.path, record.id))
                rows.append(EvidenceRow(item, record.id, record.title))
    return rows
