"""Every date word mpl understands, relative to Tuesday 24 November 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from mpl.domain.dates import parse_date
from mpl.errors import MplError

from conftest import TODAY, Run


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("today", "2026-11-24"),
        ("Today", "2026-11-24"),
        ("yesterday", "2026-11-23"),
        ("tomorrow", "2026-11-25"),
        ("1 day ago", "2026-11-23"),
        ("3 days ago", "2026-11-21"),
        ("2 weeks ago", "2026-11-10"),
        ("in 2 days", "2026-11-26"),
        ("in 1 week", "2026-12-01"),
        ("monday", "2026-11-23"),
        ("tuesday", "2026-11-24"),
        ("this tuesday", "2026-11-24"),
        ("wednesday", "2026-11-18"),
        ("last monday", "2026-11-23"),
        ("last tuesday", "2026-11-17"),
        ("last  sunday", "2026-11-22"),
        ("next monday", "2026-11-30"),
        ("next tuesday", "2026-12-01"),
        ("next wednesday", "2026-11-25"),
        ("2026-02-28", "2026-02-28"),
        ("2024-02-29", "2024-02-29"),
    ],
)
def test_date_words(word: str, expected: str) -> None:
    assert parse_date(word, TODAY) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("word", ["2026-02-30", "someday", "last", "-3 days ago", "31/12/2026"])
def test_bad_dates_are_refused(word: str) -> None:
    with pytest.raises(MplError, match="cannot read the date"):
        parse_date(word, TODAY)


def test_a_bad_date_is_one_clear_line(mpl: Run, started) -> None:
    result = mpl("log", "Something", "--date", "2026-02-30", code=1)
    assert result.stdout == ""
    assert result.stderr.startswith("mpl: error: cannot read the date '2026-02-30' (use YYYY-MM-DD")
    assert result.stderr.count("\n") == 1
