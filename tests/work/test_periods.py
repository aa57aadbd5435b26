"""Period arithmetic (§ 31 VwVfG with §§ 187, 188 BGB): examples and properties."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vorort.work.engine.periods import (
    BGB,
    EVENT_DAY,
    add_months,
    first_day_after,
    first_day_after_years,
    period_end,
)

D = dt.date


@pytest.mark.parametrize(
    ("event", "months", "end", "first"),
    [
        # The reference's examples (shared/domain/work-access.md 1.1).
        (D(2026, 7, 7), 3, D(2026, 10, 7), D(2026, 10, 8)),
        (D(2025, 8, 31), 6, D(2026, 2, 28), D(2026, 3, 1)),
        (D(2026, 8, 31), 3, D(2026, 11, 30), D(2026, 12, 1)),
        # Leap years, year ends, the 29th of February.
        (D(2023, 8, 31), 6, D(2024, 2, 29), D(2024, 3, 1)),
        (D(2024, 2, 29), 6, D(2024, 8, 29), D(2024, 8, 30)),
        (D(2024, 2, 29), 12, D(2025, 2, 28), D(2025, 3, 1)),
        (D(2026, 11, 30), 3, D(2027, 2, 28), D(2027, 3, 1)),
        (D(2026, 12, 31), 1, D(2027, 1, 31), D(2027, 2, 1)),
        (D(2026, 1, 31), 1, D(2026, 2, 28), D(2026, 3, 1)),
        (D(2026, 5, 31), 4, D(2026, 9, 30), D(2026, 10, 1)),
    ],
)
def test_bgb_examples(event: dt.date, months: int, end: dt.date, first: dt.date) -> None:
    assert period_end(event, months) == end
    assert first_day_after(event, months) == first


def test_years_count_like_months() -> None:
    # gestattet since 02.05.2022 -> no BA approval needed from 03.05.2026 (reference 1.1)
    assert first_day_after_years(D(2022, 5, 2), 4) == D(2026, 5, 3)
    assert first_day_after_years(D(2024, 2, 29), 4) == D(2028, 3, 1)
    assert first_day_after_years(D(2024, 2, 29), 1) == D(2025, 3, 1)


@pytest.mark.parametrize(
    ("event", "months", "end"),
    [
        (D(2026, 7, 7), 3, D(2026, 10, 6)),
        (D(2026, 9, 1), 6, D(2027, 2, 28)),
        (D(2026, 3, 1), 6, D(2026, 8, 31)),  # the day before 01.09 is 31.08, not 28/29.08
        (D(2025, 8, 31), 6, D(2026, 2, 28)),  # § 188 Abs. 3: no 30.02 -> last day of February
        (D(2026, 8, 29), 6, D(2027, 2, 28)),
        (D(2027, 8, 30), 6, D(2028, 2, 29)),
    ],
)
def test_event_day_counting(event: dt.date, months: int, end: dt.date) -> None:
    assert period_end(event, months, EVENT_DAY) == end
    assert first_day_after(event, months, EVENT_DAY) == end + dt.timedelta(days=1)


def test_unknown_counting_and_negative_periods_are_refused() -> None:
    with pytest.raises(ValueError, match="counting"):
        period_end(D(2026, 1, 1), 3, "lunar")
    with pytest.raises(ValueError):
        period_end(D(2026, 1, 1), -1)


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))
months = st.integers(min_value=1, max_value=120)
methods = st.sampled_from([BGB, EVENT_DAY])


@given(dates, months, methods)
def test_the_first_permitted_day_is_after_the_event(event, n, method) -> None:
    first = first_day_after(event, n, method)
    assert first > event
    # n months are between 28n and 31n days (+ the day after the end).
    assert 28 * n <= (first - event).days <= 31 * n + 1


@given(dates, dates, months, methods)
def test_monotonic_in_the_event_date(a, b, n, method) -> None:
    early, late = min(a, b), max(a, b)
    assert first_day_after(early, n, method) <= first_day_after(late, n, method)


@given(dates, months)
def test_month_end_clamping(event, n) -> None:
    end = period_end(event, n)
    index = event.month - 1 + n
    assert (end.year, end.month) == (event.year + index // 12, index % 12 + 1)
    if end.day != event.day:
        # Only when the month is too short: the period then ends on its last day.
        assert end.day < event.day
        assert end.day == calendar.monthrange(end.year, end.month)[1]


@given(dates, months)
def test_event_day_counting_is_at_most_one_day_earlier(event, n) -> None:
    bgb = period_end(event, n, BGB)
    counted = period_end(event, n, EVENT_DAY)
    assert counted <= bgb
    assert (bgb - counted).days <= 1


@given(dates, st.integers(min_value=-240, max_value=240))
def test_add_months_keeps_the_day_or_clamps(day, n) -> None:
    result = add_months(day, n)
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == n
