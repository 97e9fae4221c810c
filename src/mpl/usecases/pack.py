"""Gathering the appraisal pack of a period from the portfolio.

Private records, private goals and private progress notes are left out unless
the person asks for them; the pack counts what it left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from mpl.domain.competencies import Coverage
from mpl.domain.goals import planned_actions, progress_notes
from mpl.domain.model import Criterion, Goal, GoalStatus, LearningMoment, Record, Review
from mpl.domain.pack import (
    HIGHLIGHTS,
    CriterionView,
    Detail,
    EvidenceRow,
    Figures,
    GoalSince,
    GoalView,
    MomentView,
    Pack,
    RequirementsView,
    SinceReview,
)
from mpl.domain.periods import SINCE_LAST_REVIEW, Period, parse_period
from mpl.domain.reflection import get_model, sections
from mpl.errors import BadFile, IsALink, MplError
from mpl.storage.index import Query
from mpl.storage.portfolio import Portfolio
from mpl.usecases.reviews import last_review

COMING_UP = 6  # dates page one lists from the forward plan


def pack_period(portfolio: Portfolio, text: str, include_private: bool = False) -> Period:
    """The period `--period` names: `since-joining` from the current role's start,
    `since-last-review` from the day of the last review meeting a pack may show."""
    today = portfolio.env.today
    config = portfolio.config
    role = config.current_role
    review = None
    if text.strip().lower() == SINCE_LAST_REVIEW:
        review = last_review(portfolio, today, include_private)
    return parse_period(
        text, today, config.cpd_year_start, role.start if role else None, review.date if review else None
    )


def build_pack(
    portfolio: Portfolio,
    period: Period,
    query: Query,
    include_private: bool = False,
    detail: Detail = Detail.STANDARD,
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
    views = {m.id: _view(portfolio, m, number, hidden) for number, m in enumerate(moments, start=1)}
    serving: dict[str, list[MomentView]] = defaultdict(list)
    for moment in moments:
        for goal_id in dict.fromkeys(moment.goals):
            serving[goal_id].append(views[moment.id])

    goals: list[GoalView] = []
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
        criteria = [_criterion(portfolio, c, views, include_private) for c in goal.success]
        number = len(goals) + 1
        goals.append(GoalView(goal, number, why, shown, linked, planned_actions(goal.body), criteria))

    role = config.role_on(min(period.end, today))
    plan = [view for view in goals if view.goal.status is GoalStatus.ACTIVE]
    since = _since_review(portfolio, wanted, include_private, min(period.end, today), views, goals)
    # page one opens with the last review when there is one: it has room for the fewest highlights
    highlights, chosen = _highlights(list(views.values()), HIGHLIGHTS[0] if since else HIGHLIGHTS[1])
    return Pack(
        name=config.name,
        role=role.title if role else None,
        organisation=(role.organisation or None) if role else None,
        period=period,
        prepared=today,
        figures=_figures(moments, goals, period, today, config.hours_target),
        moments=list(views.values()),
        goals=goals,
        plan=plan,
        evidence=_evidence([*[view.goal for view in goals], *moments]),
        left_out=left_out,
        include_private=include_private,
        owner=config,
        detail=detail,
        highlights=highlights,
        chosen_highlights=chosen,
        coming_up=_coming_up(plan, today),
        since_review=since,
        reviews=_reviews_in(portfolio, period, include_private),
        paper=config.paper,
        language=config.language,
        requirements=_requirements(portfolio, min(period.end, today), include_private),
        coverage=_coverage(portfolio, moments, [view.goal for view in goals]),
    )


def _requirements(portfolio: Portfolio, on: dt.date, include_private: bool) -> list[RequirementsView]:
    """How the record stands against each rule pack the person uses, on the pack's last day
    (or today): of the records the pack may show, so its figures give nothing private away."""
    if not portfolio.config.rule_packs:
        return []
    from mpl.usecases.cpd import status_lines

    lines = status_lines(portfolio, on, include_private)
    return [RequirementsView(line.title, line.standing, line.problem) for line in lines]


def _coverage(portfolio: Portfolio, moments: list[LearningMoment], goals: list[Goal]) -> Coverage | None:
    """The person's competency frameworks, by the records in the pack; None without any."""
    from mpl.domain.competencies import coverage
    from mpl.storage import frameworks

    try:
        loaded = frameworks.load(portfolio.root)
    except (BadFile, IsALink) as error:  # the pack does without, as other commands skip a malformed file
        portfolio.env.warn(f"warning: the pack leaves competencies out: {error.message}")
        return None
    return coverage(loaded, moments, goals) if loaded else None


def _open_in(goal: Goal, period: Period) -> bool:
    """Was the goal being worked on during `period`: set by its end, not closed before its start?"""
    if goal.created > period.end:
        return False
    if goal.closed is not None:
        return goal.closed >= period.start
    return goal.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)


def _view(portfolio: Portfolio, moment: LearningMoment, number: int, hidden: set[str]) -> MomentView:
    try:
        model = get_model(moment.model, portfolio.config.reflection_models)
    except MplError:  # a model this portfolio no longer defines: its sections as written
        model = get_model("free")
    goals = [goal for goal in moment.goals if goal not in hidden]
    return MomentView(moment, number, model.written(moment.body), model.learned(moment.body), goals)


def _criterion(
    portfolio: Portfolio, criterion: Criterion, views: dict[str, MomentView], include_private: bool
) -> CriterionView:
    """A success criterion with what shows it met, in words a reader can follow up."""
    if criterion.met is None:
        return CriterionView(criterion, "")
    shown = ""
    if criterion.by:
        if criterion.by in views:
            view = views[criterion.by]
            shown = f"{view.moment.title} (no. {view.number} in the CPD log)"
        else:
            try:
                moment = portfolio.find(criterion.by, LearningMoment)
            except MplError:
                moment = None
            if moment is not None and (include_private or not moment.private):
                shown = f"{moment.title} ({moment.date:%-d %B %Y})"
            else:
                shown = "a learning moment not in this pack"
    if criterion.evidence:
        name = criterion.evidence.rsplit("/", 1)[-1]
        shown = f"{shown}; evidence {name}" if shown else f"evidence {name}"
    return CriterionView(criterion, shown)


def _highlights(views: list[MomentView], most: int) -> tuple[list[MomentView], bool]:
    """The moments a pack leads with: those the person marked (the latest `most`), made up
    to the fewest a pack shows with the latest reflected moments that serve a goal; by date."""
    fewest = HIGHLIGHTS[0]
    marked = [view for view in views if view.moment.highlight and view.reflected][-most:]
    others = [view for view in views if view.learned and view.goals and view not in marked]
    missing = max(0, fewest - len(marked))
    chosen = marked + (others[-missing:] if missing else [])
    return sorted(chosen, key=lambda view: view.number), bool(marked)


def _reviews_in(portfolio: Portfolio, period: Period, include_private: bool) -> list[Review]:
    """The review meetings in `period`, oldest first (private ones only if asked for)."""
    found = [review for review in portfolio.reviews() if review.date in period]
    return [review for review in reversed(found) if include_private or not review.private]


def _since_review(
    portfolio: Portfolio,
    query: Query,
    include_private: bool,
    until: dt.date,
    views: dict[str, MomentView],
    goals: list[GoalView],
) -> SinceReview | None:
    """The pack's opening: the latest review meeting up to `until` (the period's end, or
    today), what was agreed at it, and the learning and goal progress since its day."""
    review = last_review(portfolio, until, include_private)
    if review is None:
        return None
    found = portfolio.moments(Query(**{**vars(query), "since": review.date, "until": until}))
    moments = [moment for moment in found if include_private or not moment.private]
    since = review.date
    changed = []
    for view in goals:
        notes = [note for note in view.notes if since <= note.date <= until]
        met = [
            number
            for number, each in enumerate(view.criteria, start=1)
            if each.criterion.met is not None and since <= each.criterion.met <= until
        ]
        closed = view.goal.closed if view.goal.closed and since <= view.goal.closed <= until else None
        new = since <= view.goal.created <= until
        if notes or met or closed or new:
            before = [note.percent for note in view.notes if note.date < since and note.percent is not None]
            changed.append(GoalSince(view, notes, met, closed, before[-1] if before else None, new))
    return SinceReview(
        review=review,
        until=until,
        moments=len(moments),
        hours=round(sum(moment.hours for moment in moments), 2),
        numbers=[views[moment.id].number for moment in moments if moment.id in views],
        goals=changed,
    )


def _coming_up(plan: list[GoalView], today: dt.date) -> list[tuple[dt.date, str]]:
    """The forward plan's next dates: reviews and targets of active goals, soonest first
    (a target already passed comes first, as overdue). The next review meeting is in the
    pack's opening."""
    dates = []
    for view in plan:
        goal = view.goal
        if goal.review and goal.review >= today:
            dates.append((goal.review, f"review of goal {view.number}"))
        if goal.target:
            passed = " (overdue)" if goal.target < today else ""
            dates.append((goal.target, f"target date of goal {view.number}{passed}"))
    return sorted(dates)[:COMING_UP]


def _figures(
    moments: list[LearningMoment], goals: list[GoalView], period: Period, today: dt.date, target: float | None
) -> Figures:
    by_kind: dict[str, float] = defaultdict(float)
    by_month: dict[str, float] = {month: 0.0 for month in _months(period, today)}
    for moment in moments:
        by_kind[moment.kind.value] += moment.hours
        by_month[f"{moment.date:%Y-%m}"] = by_month.get(f"{moment.date:%Y-%m}", 0.0) + moment.hours
    statuses = [view.goal for view in goals]
    return Figures(
        moments=len(moments),
        hours=round(sum(m.hours for m in moments), 2),
        participatory_hours=round(sum(m.hours for m in moments if m.participatory), 2),
        reflections=sum(1 for m in moments if any(text for text in sections(m.body).values())),
        hours_by_kind=dict(sorted(by_kind.items(), key=lambda item: -item[1])),
        hours_by_month=dict(sorted(by_month.items())),
        goals_achieved=sum(
            1
            for g in statuses
            if g.status is GoalStatus.ACHIEVED and g.closed is not None and g.closed in period
        ),
        goals_active=sum(1 for g in statuses if g.status is GoalStatus.ACTIVE),
        goals_overdue=sum(1 for view in goals if view.overdue(today)),
        hours_target=target,
        period_target=_period_target(period, target),
    )


def _period_target(period: Period, target: float | None) -> float | None:
    """The yearly target for `period`: itself for a year, pro rata for a shorter or longer one."""
    if target is None or period.open_start:
        return None
    days = (period.end - period.start).days + 1
    return target if 360 <= days <= 370 else round(target * days / 365.25, 2)  # a day of 12 a year: 0.03


def _months(period: Period, today: dt.date) -> list[str]:
    """Every month of the period up to today's (a chart draws no month still to come)."""
    if period.open_start:  # an open-ended period: months with learning only
        return []
    months, day, last = [], period.start.replace(day=1), min(period.end, today)
    while day <= last:
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


def unreflected_note(pack: Pack) -> str:
    """What `mpl export` says before writing a pack some of whose learning has no reflection."""
    missing = pack.unreflected
    if not missing:
        return ""
    count, total = len(missing), len(pack.moments)
    which = f"{count} of the {total} learning moments in this pack" + (" have" if count != 1 else " has")
    listed = "them" if count != 1 else "it"
    fill = f"`mpl edit {missing[-1].moment.id}` adds one"
    if count != 1:
        fill += " to the newest (`mpl list` shows the others)"
    return f"{which} no reflection yet, so the pack lists {listed} in the CPD log only: {fill}"
