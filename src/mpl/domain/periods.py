"""Periods an appraisal or a regulator asks about: `2026`, `2026-H2`, `2026-Q1`,
`2026-03`, `last-12-months`, `cpd-year`, `last-cpd-year`, `since-joining`, `since-last-review`."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from mpl.errors import MplError

PERIOD_HELP = (
    "2026, 2026-H1/H2, 2026-Q1..Q4, 2026-03, last-N-months, cpd-year, last-cpd-year, since-joining,"
    " since-last-review"
)
SINCE_LAST_REVIEW = "since-last-review"


EARLIEST = dt.date(1900, 1, 1)  # the start of a period with no --since


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str  # how a pack names it ("2026 H2"); "" when its dates say it all
    key: str  # the same, fit for a file name ("2026-h2")

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def open_start(self) -> bool:
        return self.start <= EARLIEST


def parse_period(
    text: str,
    today: dt.date,
    cpd_year_start: str = "01-01",
    joined: dt.date | None = None,
    last_review: dt.date | None = None,
) -> Period:
    """The period `text` names. `since-joining` counts from `joined` (the current role's
    start); `since-last-review` from `last_review`, the day of the last review meeting
    itself included (learning on the day of a meeting is in both packs rather than neither)."""
    word = text.strip().lower()
    if match := re.fullmatch(r"(\d{4})", word):
        year = int(match[1])
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year), str(year))
    if match := re.fullmatch(r"(\d{4})-h([12])", word):
        year, half = int(match[1]), int(match[2])
        start = dt.date(year, 1 if half == 1 else 7, 1)
        return Period(start, _month_end(year, 6 if half == 1 else 12), f"{year} H{half}", f"{year}-h{half}")
    if match := re.fullmatch(r"(\d{4})-q([1-4])", word):
        year, quarter = int(match[1]), int(match[2])
        first = 3 * quarter - 2
        return Period(
            dt.date(year, first, 1), _month_end(year, first + 2), f"{year} Q{quarter}", f"{year}-q{quarter}"
        )
    if match := re.fullmatch(r"(\d{4})-(\d{2})", word):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            label = f"{calendar.month_name[month]} {year}"
            return Period(dt.date(year, month, 1), _month_end(year, month), label, word)
    if match := re.fullmatch(r"last-(\d+)-months?", word):
        months = int(match[1])
        if months >= 1:
            start = _months_before(today, months) + dt.timedelta(days=1)
            label = f"the last {months} month{'s' if months != 1 else ''}"
            return Period(start, today, label, f"last-{months}-months")
    if word in ("cpd-year", "last-cpd-year"):
        start = cpd_year_containing(today, cpd_year_start)
        if word == "last-cpd-year":
            start = _months_before(start, 12)
        end = _months_before(start, -12) - dt.timedelta(days=1)
        years = f"{start.year}" if start.year == end.year else f"{start.year}/{end:%y}"
        return Period(start, end, f"CPD year {years}", f"cpd-year-{years.replace('/', '-')}")
    if word == "since-joining":
        if joined is None:
            raise MplError("no current role to count from", hint="start one with `mpl role start`")
        return Period(joined, today, "since joining", f"since-{joined}")
    if word == SINCE_LAST_REVIEW:
        if last_review is None:
            raise MplError(
                "no review meeting recorded yet to count from",
                hint="record one with `mpl review add --with WHO`;"
                " a private one counts only with --include-private",
            )
        return Period(
            last_review, max(today, last_review), "since the last review", f"since-review-{last_review}"
        )
    raise MplError(f"cannot read the period {text!r}", hint=f"use {PERIOD_HELP}, or --since/--until")


def between(start: dt.date | None, end: dt.date | None, today: dt.date) -> Period:
    """The period --since/--until give (from the beginning, up to today, when left out)."""
    end = end or today
    if start and end < start:
        raise MplError(f"the period ends ({end}) before it starts ({start})")
    return Period(start or EARLIEST, end, "", f"{start}-to-{end}" if start else f"to-{end}")


def cpd_year_containing(day: dt.date, cpd_year_start: str) -> dt.date:
    month, first = (int(part) for part in cpd_year_start.split("-"))
    start = dt.date(day.year, month, min(first, calendar.monthrange(day.year, month)[1]))
    return start if start <= day else _months_before(start, 12)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` months later (earlier if negative), clamped to the month's end."""
    return _months_before(day, -months)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (later if negative), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
