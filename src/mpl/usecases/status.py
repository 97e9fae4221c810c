"""The dashboard behind `mpl status`: where the person stands, and nudges to keep going.

Everything here is read through the portfolio's index, so it stays quick however
long the career.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mpl.domain.goals import days_left, overdue, progress_notes
from mpl.domain.periods import Period, parse_period
from mpl.domain.rows import GoalRow, MomentRow
from mpl.domain.vocab import GoalStatus
from mpl.storage.index import Query
from mpl.storage.portfolio import Portfolio
from mpl.usecases.reviews import NextReview, next_review, review_nudge

if TYPE_CHECKING:
    from mpl.usecases.cpd import StatusLine

RECENT = 5
QUIET_REFLECTION_DAYS = 21  # no reflection written for this long: a nudge
QUIET_GOAL_DAYS = 60  # an active goal with no activity for this long: a nudge
BEHIND_PACE = 0.75  # hours under this share of the pro-rata target: a nudge


@dataclass(frozen=True)
class GoalState:
    goal: GoalRow
    moments: int  # learning moments linked to it
    last_activity: dt.date  # created, a progress note or a linked moment, whichever is latest
    days_left: int | None  # to the target; negative when overdue
    overdue: bool


@dataclass(frozen=True)
class Dashboard:
    name: str
    role: str | None
    today: dt.date
    cpd_year: Period
    hours: float  # this CPD year
    hours_target: float | None
    moments_this_year: int
    goals: list[GoalState]  # active goals, soonest target first
    recent: list[MomentRow]  # newest last
    nudges: list[str]
    packs: list[StatusLine] = field(default_factory=list)  # how each chosen rule pack stands
    next_review: NextReview | None = None  # when the next review meeting is, as the last one said


def dashboard(portfolio: Portfolio) -> Dashboard:
    today = portfolio.env.today
    settings = portfolio.check_settings()
    year = parse_period("cpd-year", today, settings.cpd_year_start)
    count, hours = portfolio.totals(Query(since=year.start, until=year.end))
    active = portfolio.goal_rows([GoalStatus.ACTIVE.value])
    links = portfolio.goal_links([goal.id for goal in active])
    goals = [_goal_state(goal, links.get(goal.id), today) for goal in active]
    hours = round(hours, 2)
    packs = _pack_lines(portfolio) if settings.rule_packs else []
    coming = next_review(portfolio)
    soon = review_nudge(coming, today)
    return Dashboard(
        name=settings.name,
        role=settings.role_on(today),  # a role started for the future is not today's
        today=today,
        cpd_year=year,
        hours=hours,
        hours_target=settings.hours_target,
        moments_this_year=count,
        goals=goals,
        recent=portfolio.moment_rows(newest=RECENT),
        nudges=([soon] if soon else [])
        + nudges(portfolio, goals, year, hours, settings.hours_target)
        + _renewal_nudges(packs),
        packs=packs,
        next_review=coming,
    )


def _goal_state(goal: GoalRow, linked: tuple[int, dt.date] | None, today: dt.date) -> GoalState:
    """`linked`: how many learning moments name the goal, and the latest one's date."""
    moments, last_linked = linked or (0, None)
    activity = [goal.created, *(note.date for note in progress_notes(goal.body))]
    if last_linked:
        activity.append(last_linked)
    return GoalState(goal, moments, max(activity), days_left(goal, today), overdue(goal, today))


def nudges(
    portfolio: Portfolio, goals: list[GoalState], year: Period, hours: float, target: float | None
) -> list[str]:
    """Short, kind prompts about what would help most next."""
    today = portfolio.env.today
    found: list[str] = []
    last = portfolio.last_reflected()
    if last is None:
        found.append(
            "No reflection written yet: after your next learning moment, `mpl log` it with a reflection."
        )
    elif (days := (today - last).days) >= QUIET_REFLECTION_DAYS:
        found.append(f"No reflection written in {days} days: what have you learned since {last:%-d %B}?")
    many, newest = portfolio.unreflected()
    if many:
        found.append(
            f"{many} learning moment{'s have' if many != 1 else ' has'} no reflection yet:"
            f" `mpl edit {newest}` to start with the newest."
        )
    overdue = [
        f"Goal '{s.goal.title}' is {-(s.days_left or 0)} days past its target:"
        " mark it done, or give it a new target."
        for s in goals
        if s.overdue
    ]
    quiet = [
        f"Goal '{s.goal.title}' has had no activity for {(today - s.last_activity).days} days."
        for s in goals
        if (today - s.last_activity).days >= QUIET_GOAL_DAYS
    ]
    review = [
        f"Goal '{s.goal.title}' was due for review on {s.goal.review:%-d %B %Y}."
        for s in goals
        if s.goal.review is not None and s.goal.review <= today and s.last_activity < s.goal.review
    ]
    found += _few(overdue, "goals are past their target: `mpl goal list` shows which")
    found += _few(quiet, f"goals have had no activity for {QUIET_GOAL_DAYS} days or more")
    found += _few(review, "goals are due for review")
    if target:
        share = ((today - year.start).days + 1) / ((year.end - year.start).days + 1)
        if share >= 0.25 and hours < BEHIND_PACE * target * share:
            found.append(
                f"{hours:g} of {target:g} hours so far this CPD year:"
                f" about {target * share:.0f} would be on pace."
            )
    return found


def _pack_lines(portfolio: Portfolio) -> list[StatusLine]:
    from mpl.usecases.cpd import status_lines  # only portfolios with rule packs pay for them

    return status_lines(portfolio)


RENEWAL_SOON = 90  # days: a pack short this close to its cycle's end is a nudge


def _renewal_nudges(packs: list[StatusLine]) -> list[str]:
    found = []
    for line in packs:
        standing = line.standing
        if standing is None or standing.met or standing.days_left > RENEWAL_SOON:
            continue
        short = len(standing.outcomes) - standing.met_count
        found.append(
            f"{line.title}: {short} requirement{'s' if short != 1 else ''} short with"
            f" {standing.days_left} days left: `mpl cpd check --pack {line.name} --verbose` says what to do."
        )
    return found


def _few(nudges: list[str], summary: str, most: int = 3) -> list[str]:
    """The nudges themselves, or one line counting them when there are too many to read."""
    return nudges if len(nudges) <= most else [f"{len(nudges)} {summary}."]
