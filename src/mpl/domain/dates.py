"""Date words people type: `today`, `yesterday`, `3 days ago`, `last monday`, ISO dates."""

from __future__ import annotations

import datetime as dt
import re

from mpl.errors import MplError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS = {"day": 1, "week": 7}
_AGO = re.compile(r"(\d+) (day|week)s? ago")
_IN = re.compile(r"in (\d+) (day|week)s?")
_WEEKDAY = re.compile(r"(?:(last|next|this) )?(" + "|".join(WEEKDAYS) + ")")

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)  # the dates mpl gives a record


def plausible(day: dt.date) -> bool:
    """Could `day` be a record's date? (1900 to 2999: the year 1 is a typo, not a course.)"""
    return EARLIEST <= day <= LATEST


def record_date(day: dt.date, what: str) -> dt.date:
    """`day`, refused with a clear line when it cannot be `what` (the date of a record)."""
    if not plausible(day):
        raise MplError(
            f"{day.isoformat()} cannot be {what}: mpl dates records from {EARLIEST.year} to {LATEST.year}",
            hint="is it a typo? write dates as YYYY-MM-DD",
        )
    return day


DATE_WORDS_HELP = (
    "YYYY-MM-DD, today, yesterday, tomorrow, N days/weeks ago, in N days/weeks, "
    "monday (this week's or the last), last monday, next monday"
)


def parse_date(text: str, today: dt.date) -> dt.date:
    """Turn a date word or an ISO date into a date, relative to `today`."""
    word = " ".join(text.lower().split())
    fixed = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if word in fixed:
        return today + dt.timedelta(days=fixed[word])
    if match := _AGO.fullmatch(word) or _IN.fullmatch(word):
        sign = -1 if word.endswith("ago") else 1
        try:
            return today + sign * dt.timedelta(days=int(match[1]) * _UNITS[match[2]])
        except OverflowError:
            raise MplError(f"the date {text!r} is further away than any calendar goes") from None
    if match := _WEEKDAY.fullmatch(word):
        return _weekday(today, WEEKDAYS.index(match[2]), match[1])
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        pass
    raise MplError(f"cannot read the date {text!r}", hint=f"use {DATE_WORDS_HELP}")


def _weekday(today: dt.date, weekday: int, which: str | None) -> dt.date:
    """`monday`/`this monday`: today if it is one, else the last; `last`: strictly
    before today; `next`: strictly after today."""
    back = (today.weekday() - weekday) % 7
    if which == "next":
        return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if which == "last" and back == 0:
        back = 7
    return today - dt.timedelta(days=back)
