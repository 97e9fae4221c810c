"""The rule pack engine's cycles, counted to the day (first and last days in)."""

from __future__ import annotations

import datetime as dt

import pytest

from mpl.domain.rules import Cycle, MissingDate, Window, _span

D = dt.date


@pytest.mark.parametrize(
    ("cycle", "on", "start", "end"),
    [
        ({"kind": "calendar-year"}, D(2026, 1, 1), D(2026, 1, 1), D(2026, 12, 31)),
        ({"kind": "calendar-year"}, D(2026, 12, 31), D(2026, 1, 1), D(2026, 12, 31)),
        ({"kind": "calendar-year", "years": 3}, D(2026, 6, 1), D(2024, 1, 1), D(2026, 12, 31)),
        ({"kind": "cpd-year", "start": "11-01"}, D(2026, 10, 31), D(2025, 11, 1), D(2026, 10, 31)),
        ({"kind": "cpd-year", "start": "11-01"}, D(2026, 11, 1), D(2026, 11, 1), D(2027, 10, 31)),
        ({"kind": "cpd-year"}, D(2026, 3, 31), D(2025, 4, 1), D(2026, 3, 31)),  # the portfolio's 04-01
        ({"kind": "years-back", "years": 3}, D(2027, 3, 31), D(2024, 4, 1), D(2027, 3, 31)),
        ({"kind": "years-back", "years": 3}, D(2024, 4, 1), D(2024, 4, 1), D(2027, 3, 31)),
        ({"kind": "years-back", "years": 3}, D(2027, 4, 1), D(2027, 4, 1), D(2030, 3, 31)),  # renewed since
        ({"kind": "years-back", "years": 1, "date": "leap"}, D(2027, 6, 1), D(2027, 3, 1), D(2028, 2, 29)),
        # a day of a cycle before the person's date: the cycle holding it, first and last days
        ({"kind": "years-back", "years": 3}, D(2024, 3, 31), D(2021, 4, 1), D(2024, 3, 31)),
        ({"kind": "years-back", "years": 3}, D(2021, 4, 1), D(2021, 4, 1), D(2024, 3, 31)),
        ({"kind": "years-back", "years": 3}, D(2023, 6, 1), D(2021, 4, 1), D(2024, 3, 31)),
        ({"kind": "years-back", "years": 3}, D(2021, 3, 31), D(2018, 4, 1), D(2021, 3, 31)),
        ({"kind": "years-back", "years": 1, "date": "leap"}, D(2027, 2, 28), D(2026, 3, 1), D(2027, 2, 28)),
        ({"kind": "calendar-year"}, D(2019, 12, 31), D(2019, 1, 1), D(2019, 12, 31)),
        ({"kind": "cpd-year", "start": "11-01"}, D(2019, 11, 1), D(2019, 11, 1), D(2020, 10, 31)),
    ],
)
def test_each_cycle_holds_its_first_and_last_day(
    cycle: dict, on: dt.date, start: dt.date, end: dt.date
) -> None:
    dates = {"renewal": D(2027, 3, 31), "leap": D(2028, 2, 29)}
    window = Cycle.model_validate(cycle).window(on, dates, "04-01")
    assert (window.start, window.end) == (start, end)
    assert on in window and window.start in window and window.end in window
    assert (
        window.start - dt.timedelta(days=1) not in window and window.end + dt.timedelta(days=1) not in window
    )


def test_cycles_counted_back_from_a_date_follow_on_without_gap_or_overlap() -> None:
    cycle = Cycle(kind="years-back", years=1, date="leap")
    dates = {"leap": D(2028, 2, 29)}
    day, end = D(2020, 1, 1), None
    while day < D(2036, 1, 1):
        window = cycle.window(day, dates, "04-01")
        assert day in window and (end is None or window.start == end + dt.timedelta(days=1))
        day, end = window.end + dt.timedelta(days=1), window.end


def test_the_window_before_is_just_before() -> None:
    assert Window(D(2026, 1, 1), D(2026, 12, 31)).before(1) == Window(D(2025, 1, 1), D(2025, 12, 31))
    assert Window(D(2024, 4, 1), D(2027, 3, 31)).before(3) == Window(D(2021, 4, 1), D(2024, 3, 31))


def test_a_cycle_counting_back_from_an_unset_date_says_which() -> None:
    with pytest.raises(MissingDate) as raised:
        Cycle(kind="years-back", years=2, date="revalidation").window(D(2026, 1, 1), {}, "01-01")
    assert raised.value.name == "revalidation"


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        (D(2026, 1, 1), D(2026, 4, 1), "3 months"),
        (D(2026, 1, 1), D(2026, 4, 2), "3 months and 1 day"),
        (D(2026, 1, 31), D(2026, 2, 28), "1 month"),  # to the end of a shorter month
        (D(2026, 1, 1), D(2026, 1, 1), "0 days"),
    ],
)
def test_gaps_are_said_in_months_and_days(start: dt.date, end: dt.date, said: str) -> None:
    assert _span(start, end) == said
