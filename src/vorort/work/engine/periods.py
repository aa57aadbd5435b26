"""Period arithmetic for waiting periods (§ 31 VwVfG with §§ 187, 188 BGB).

Two ways of counting, chosen by the rules data (``parameters.toml``, ``[counting] method``)
or per call:

``bgb`` (default, §§ 187 Abs. 1, 188 Abs. 2 Alt. 1, Abs. 3 BGB)
    The day of the event is not counted. An n-month period ends at the end of the day of the
    n-th following month that has the same number as the event day; if that month has no such
    day, at the end of its last day. Example: 07.07.2026 + 3 months ends 07.10.2026;
    31.08.2025 + 6 months ends 28.02.2026.

``event_day`` (§ 187 Abs. 2, § 188 Abs. 2 Alt. 2, Abs. 3 BGB analogously)
    The event day is counted as the first day (as some Ausländerbehörden do). The period ends
    at the end of the day *before* the day with the same number; if that day does not exist,
    at the end of the last day of the month. Example: 07.07.2026 + 3 months ends 06.10.2026.

In both cases the earliest permitted day is the day after the period ends
(:func:`first_day_after`).
"""

from __future__ import annotations

import calendar
import datetime as dt

BGB = "bgb"
EVENT_DAY = "event_day"
COUNTING_METHODS = (BGB, EVENT_DAY)

ONE_DAY = dt.timedelta(days=1)
_MONTH_LENGTHS = {month: calendar.monthrange(2001, month)[1] for month in range(1, 13)}


def _last_day(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_LENGTHS[month]


def add_months(day: dt.date, months: int) -> dt.date:
    """The day with the same number ``months`` months later, clamped to the month's end."""
    index = day.month - 1 + months
    year = day.year + index // 12
    month = index % 12 + 1
    last = _last_day(year, month)
    return dt.date(year, month, day.day if day.day <= last else last)


def period_end(event: dt.date, months: int, counting: str = BGB) -> dt.date:
    """The last day of a period of ``months`` months triggered by ``event``."""
    if months < 0:
        raise ValueError("a period cannot be negative")
    if counting == BGB:
        return add_months(event, months)
    if counting != EVENT_DAY:
        raise ValueError(f"unknown counting method {counting!r}")
    if months == 0:
        return event - ONE_DAY
    if event.day == 1:
        # The day before the 1st of the n-th month is the last day of the month before it.
        return add_months(event, months) - ONE_DAY
    index = event.month - 1 + months
    year = event.year + index // 12
    month = index % 12 + 1
    return dt.date(year, month, min(event.day - 1, _last_day(year, month)))


def first_day_after(event: dt.date, months: int, counting: str = BGB) -> dt.date:
    """The first day after a period of ``months`` months triggered by ``event`` has run.

    A period that would end after 31.12.9999 yields ``date.max`` (never reached).
    """
    try:
        return period_end(event, months, counting) + ONE_DAY
    except (OverflowError, ValueError):
        if counting not in COUNTING_METHODS or months < 0:
            raise
        return dt.date.max


def first_day_after_years(event: dt.date, years: int, counting: str = BGB) -> dt.date:
    """Year periods are counted like periods of 12 months (§ 188 Abs. 2 BGB)."""
    return first_day_after(event, 12 * years, counting)
