"""Goal dates as an iCalendar file (RFC 5545), written with the `icalendar` package.

Each goal's target date, each open goal's review date, and the next review meeting
(as the last one set it) is a task (VTODO) with its status, how far along it is and a
reminder a week before; `as_events` makes them all-day events instead, for calendar
apps that ignore tasks. UIDs are made from the person and the goal (or the meeting
that set the date), so importing a newer file updates the entries instead of adding
them again.
"""

from __future__ import annotations

import datetime as dt
import uuid

from icalendar import Alarm, Calendar, Event, Todo

from mpl.domain.model import Config, Goal, GoalStatus, Review
from mpl.domain.pack import Pack
from mpl.exporters.xapi import NAMESPACE

PRODID = "-//mpl//my professional learning//EN"
REMINDER = dt.timedelta(days=-7)  # a week before
OPEN = (GoalStatus.ACTIVE, GoalStatus.PAUSED)
TODO_STATUS = {
    GoalStatus.ACHIEVED: "COMPLETED",
    GoalStatus.DROPPED: "CANCELLED",
}


def render_ics(pack: Pack, *, as_events: bool = False) -> bytes:
    owner = pack.owner or Config(name=pack.name)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Learning goals: {owner.name}")
    stamp = dt.datetime.combine(pack.prepared, dt.time(0, 0), tzinfo=dt.UTC)
    who = owner.email or owner.name
    for view in pack.goals:
        goal = view.goal
        dates = [("target", goal.target, f"Goal due: {goal.title}")]
        if goal.status in OPEN:
            dates.append(("review", goal.review, f"Review goal: {goal.title}"))
        for what, day, summary in dates:
            if day is None:
                continue
            make = _event if as_events else _todo
            entry = make(goal, day, summary, stamp)
            entry.add("uid", f"{uuid.uuid5(NAMESPACE, f'ics/{who}/{goal.id}/{what}')}@mpl")
            entry.add("description", _description(goal))
            entry.add("categories", ["Learning goal"])
            if goal.status in OPEN:  # an achieved or dropped goal's date needs no reminder
                entry.add_component(_reminder(summary))
            calendar.add_component(entry)
    if pack.since_review is not None and pack.since_review.review.next is not None:
        calendar.add_component(_next_review(pack.since_review.review, who, stamp, as_events))
    ical: bytes = calendar.to_ical()
    return ical


def _next_review(review: Review, who: str, stamp: dt.datetime, as_events: bool) -> Todo | Event:
    """The next review meeting the last one set, to prepare for."""
    day = review.next
    assert day is not None
    summary = f"Review meeting with {review.who}"
    if as_events:
        entry: Todo | Event = Event()
        entry.add("dtstart", day)
        entry.add("dtend", day + dt.timedelta(days=1))
    else:
        entry = Todo()
        entry.add("due", day)
        entry.add("status", "NEEDS-ACTION")
    entry.add("dtstamp", stamp)
    entry.add("summary", summary)
    entry.add("uid", f"{uuid.uuid5(NAMESPACE, f'ics/{who}/review/{review.id}/next')}@mpl")
    agreed = [f"- {item.text}" for item in review.agreed]
    entry.add(
        "description",
        "\n".join([f"Set at the review of {review.date}.", *(["Agreed:", *agreed] if agreed else [])]),
    )
    entry.add("categories", ["Review meeting"])
    entry.add_component(_reminder(summary))
    return entry


def _todo(goal: Goal, day: dt.date, summary: str, stamp: dt.datetime) -> Todo:
    todo = Todo()
    todo.add("dtstamp", stamp)
    todo.add("summary", summary)
    todo.add("due", day)
    todo.add("status", _status(goal))
    todo.add("percent-complete", 100 if goal.status is GoalStatus.ACHIEVED else goal.progress)
    if goal.status is GoalStatus.ACHIEVED and goal.closed:
        todo.add("completed", dt.datetime.combine(goal.closed, dt.time(12, 0), tzinfo=dt.UTC))
    return todo


def _event(goal: Goal, day: dt.date, summary: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))  # all day: the end is exclusive
    event.add("transp", "TRANSPARENT")  # a reminder, not busy time
    if goal.status is GoalStatus.DROPPED:
        event.add("status", "CANCELLED")
    return event


def _status(goal: Goal) -> str:
    if goal.status in TODO_STATUS:
        return TODO_STATUS[goal.status]
    return "IN-PROCESS" if goal.progress else "NEEDS-ACTION"


def _description(goal: Goal) -> str:
    lines = [f"Status: {goal.status.value}, {goal.progress}% done."]
    if goal.success:
        lines += ["Success looks like:", *[f"- {item.text}" for item in goal.success]]
    return "\n".join(lines)


def _reminder(summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"In a week: {summary}")
    alarm.add("trigger", REMINDER)
    return alarm


def is_empty(ical: bytes) -> bool:
    """Does the calendar hold no task or event? (RFC 5545 asks for one at least.)"""
    return not Calendar.from_ical(ical).subcomponents
