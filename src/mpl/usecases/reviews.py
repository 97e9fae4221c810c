"""Review meetings: the monthly one-to-one or the appraisal where the pack is used, what was
agreed at it (some of it as goals' planned actions), and when the next one is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mpl.domain.goals import with_action
from mpl.domain.ids import slug, title_of
from mpl.domain.rows import ReviewRow
from mpl.domain.text import section_text
from mpl.domain.vocab import ChangeKind, GoalStatus, ReviewKind
from mpl.errors import MplError
from mpl.storage.portfolio import Portfolio, Update

if TYPE_CHECKING:  # the models: for recording a review (the dashboard reads rows)
    from mpl.domain.model import Goal, Review

REVIEW_SOON = 7  # days before the next review from which `mpl status` mentions it
PREPARE = "`mpl export --period since-last-review` prepares for it"


@dataclass(frozen=True)
class Recorded:
    review: Review
    goals: list[Goal]  # the goals an agreed action was added to


def record_review(
    portfolio: Portfolio,
    *,
    who: str,
    on: dt.date,
    agreed: Sequence[str] = (),
    actions: Sequence[tuple[str, str]] = (),
    next: dt.date | None = None,
    notes: str = "",
    private: bool = False,
    kind: ReviewKind = ReviewKind.ONE_TO_ONE,
    title: str | None = None,
) -> Recorded:
    """Record a review meeting held `on` a day with `who`: what was `agreed`, and the
    `actions` (goal id or its start, text) agreed that become planned actions of those
    goals, all in one commit."""
    from mpl.domain.model import Agreed, Goal, Review

    who = " ".join(who.split())
    if not who:
        raise MplError("say whom the review was with", hint='like --with "Ward manager"')
    today = portfolio.env.today
    if on > today:
        raise MplError(
            f"the review is dated {on:%-d %B %Y}, after today",
            hint="record a review once it has happened; the date of the next one goes in --next",
        )
    if next is not None and next < on:
        raise MplError(f"the next review ({next:%-d %B %Y}) is before this one ({on:%-d %B %Y})")
    items = [Agreed(text=text.strip()) for text in agreed if text.strip()]
    updates: dict[str, tuple[Goal, str]] = {}
    for ref, text in actions:
        if not text.strip():
            raise MplError(f"--action-for {ref}= needs the action after the =")
        goal = portfolio.find(ref, Goal)
        if goal.status not in (GoalStatus.ACTIVE, GoalStatus.PAUSED):
            raise MplError(
                f"{goal.id} is {goal.status.value}: an agreed action can go to an active or paused goal",
                hint=f"`mpl goal resume {goal.id}` makes it active again",
            )
        body = updates.get(goal.id, (goal, goal.body))[1]
        updates[goal.id] = (goal, with_action(body, text))
        items.append(Agreed(text=text.strip(), goal=goal.id))
    title = title_of(title, "review") if title else f"{kind.label} with {who}, {on:%B %Y}"
    review = Review.model_validate(
        {
            "id": portfolio.new_id(slug(title, "review")),
            "title": title,
            "date": on,
            "kind": kind,
            "with": who,
            "agreed": items,
            "next": next,
            "private": private,
        }
    )
    notes = section_text(notes).strip()  # a person's text: no controls, no section of its own
    review.body = notes + "\n" if notes else ""
    changed = [(goal, body) for goal, body in updates.values() if body != goal.body]
    edits: list[Update] = [(goal, {}, body) for goal, body in changed]
    portfolio.add(review, f"review: {review.title}", ChangeKind.REVIEW, updates=edits)
    return Recorded(review, [goal for goal, _ in changed])


def reviews(portfolio: Portfolio) -> list[Review]:
    """Every review meeting, newest first (unreadable files are skipped, with a warning)."""
    return portfolio.reviews()


def last_review(portfolio: Portfolio, until: dt.date, include_private: bool) -> Review | None:
    """The latest review meeting on or before `until` (a private one only if asked for)."""
    for review in portfolio.reviews():
        if review.date <= until and (include_private or not review.private):
            return review
    return None


@dataclass(frozen=True)
class NextReview:
    review: Review | ReviewRow  # the latest review, which set the date
    date: dt.date
    days: int  # from today; negative when the date has passed with no review recorded since

    @property
    def overdue(self) -> bool:
        return self.days < 0


def next_review(portfolio: Portfolio) -> NextReview | None:
    """When the next review is, as the latest review meeting says (private ones too: this is
    for the person); read from the index's rows, as `mpl status` reads everything."""
    today = portfolio.env.today
    latest = next((review for review in portfolio.review_rows() if review.date <= today), None)
    if latest is None or latest.next is None:
        return None
    return NextReview(latest, latest.next, (latest.next - today).days)


def review_nudge(coming: NextReview | None, today: dt.date) -> str | None:
    """A line for `mpl status` in the week before the next review, and once it is overdue."""
    if coming is None or coming.days > REVIEW_SOON:
        return None
    who = coming.review.who
    when = f"{coming.date:%-d %B}" if coming.date.year == today.year else f"{coming.date:%-d %B %Y}"
    if coming.days == 0:
        return f"Your review with {who} is today: {PREPARE}."
    if coming.days > 0:
        days = "tomorrow" if coming.days == 1 else f"in {coming.days} days"
        return f"Your next review with {who} is on {when} ({days}): {PREPARE}."
    ago = "yesterday" if coming.days == -1 else f"{-coming.days} days ago"
    return (
        f"Your review with {who} was due on {when} ({ago}): once it has happened,"
        f' `mpl review add --with "{who}" --agreed ...` records what you agreed.'
    )
