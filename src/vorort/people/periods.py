"""Periods of days and their overlaps (pure: no Django import).

A period runs from ``start`` to ``end`` inclusive; ``end`` ``None`` means open-ended
("until further notice"), which for overlap purposes counts as until forever. Residence
statuses, reception stays and addresses are such periods; services use these functions to
refuse a period that would overlap another of the same person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Span:
    """Days ``start`` .. ``end`` (inclusive); ``end`` None is open-ended."""

    start: dt.date
    end: dt.date | None = None

    def is_valid(self) -> bool:
        """Whether the span ends on or after its start."""
        return self.end is None or self.end >= self.start

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def is_open(self) -> bool:
        return self.end is None


def overlaps(a: Span, b: Span) -> bool:
    """Whether ``a`` and ``b`` share at least one day (open ends reach forever)."""
    a_ends_before_b = a.end is not None and a.end < b.start
    b_ends_before_a = b.end is not None and b.end < a.start
    return not (a_ends_before_b or b_ends_before_a)


@dataclass(frozen=True)
class Keyed(Generic[T]):
    """A span with the object it belongs to (a status, a stay...)."""

    key: T
    span: Span


def overlapping(new: Span, others: Iterable[Keyed[T]]) -> list[T]:
    """Keys of those ``others`` that overlap ``new``, earliest start first."""
    hits = [item for item in others if overlaps(new, item.span)]
    hits.sort(key=lambda item: item.span.start)
    return [item.key for item in hits]


def latest(items: Iterable[Keyed[T]]) -> Keyed[T] | None:
    """The item with the latest start (the "previous" period when a new one is added)."""
    result: Keyed[T] | None = None
    for item in items:
        if result is None or item.span.start > result.span.start:
            result = item
    return result


def blocking_open_predecessor(new: Span, others: Iterable[Keyed[T]]) -> T | None:
    """The latest other period if it is open-ended and ``new`` would overlap it.

    Adding a new residence document while the latest one has no end date is refused with a
    request to close the previous one first: nothing is shortened automatically.
    """
    last = latest(others)
    if last is not None and last.span.is_open and overlaps(new, last.span):
        return last.key
    return None
