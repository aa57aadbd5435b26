"""The pure period logic behind residence statuses, reception stays and addresses."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from vorort.people.periods import (
    Keyed,
    Span,
    blocking_open_predecessor,
    latest,
    overlapping,
    overlaps,
)

D = dt.date


def test_touching_periods_overlap_on_the_shared_day():
    assert overlaps(Span(D(2025, 1, 1), D(2025, 6, 30)), Span(D(2025, 6, 30), D(2025, 12, 31)))


def test_consecutive_periods_do_not_overlap():
    assert not overlaps(Span(D(2025, 1, 1), D(2025, 6, 30)), Span(D(2025, 7, 1), D(2025, 12, 31)))


def test_open_ended_period_reaches_forever():
    assert overlaps(Span(D(2020, 1, 1)), Span(D(2090, 1, 1), D(2090, 1, 2)))
    assert not overlaps(Span(D(2020, 1, 1)), Span(D(2019, 1, 1), D(2019, 12, 31)))


def test_two_open_ended_periods_always_overlap():
    assert overlaps(Span(D(2020, 1, 1)), Span(D(2030, 1, 1)))


def test_overlapping_lists_hits_earliest_first():
    others = [
        Keyed("b", Span(D(2025, 3, 1), D(2025, 3, 31))),
        Keyed("a", Span(D(2025, 1, 1), D(2025, 2, 15))),
        Keyed("c", Span(D(2026, 1, 1), None)),
    ]
    assert overlapping(Span(D(2025, 2, 1), D(2025, 3, 5)), others) == ["a", "b"]


def test_latest_is_the_one_with_the_latest_start():
    items = [Keyed(1, Span(D(2024, 1, 1))), Keyed(2, Span(D(2025, 1, 1), D(2025, 2, 1)))]
    assert latest(items).key == 2  # type: ignore[union-attr]
    assert latest([]) is None


def test_open_latest_period_blocks_a_later_new_one():
    others = [
        Keyed("old", Span(D(2023, 1, 1), D(2023, 12, 31))),
        Keyed("open", Span(D(2024, 1, 1))),
    ]
    assert blocking_open_predecessor(Span(D(2025, 1, 1), D(2025, 6, 1)), others) == "open"


def test_open_latest_period_does_not_block_an_earlier_gap():
    others = [Keyed("open", Span(D(2024, 1, 1)))]
    assert blocking_open_predecessor(Span(D(2022, 1, 1), D(2022, 6, 1)), others) is None


def test_closed_latest_period_blocks_nothing():
    others = [Keyed("closed", Span(D(2024, 1, 1), D(2024, 6, 30)))]
    assert blocking_open_predecessor(Span(D(2024, 3, 1)), others) is None


def test_validity_and_contains():
    assert Span(D(2025, 1, 1), D(2025, 1, 1)).is_valid()
    assert not Span(D(2025, 1, 2), D(2025, 1, 1)).is_valid()
    assert Span(D(2025, 1, 1)).contains(D(2099, 1, 1))
    assert not Span(D(2025, 1, 1), D(2025, 1, 31)).contains(D(2025, 2, 1))


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start = draw(days)
    end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=D(2040, 12, 31))))
    return Span(start, end)


def brute_force_overlap(a: Span, b: Span) -> bool:
    """Whether some day lies in both, checking day by day (open end: up to a far date)."""
    horizon = D(2041, 1, 1)
    a_end, b_end = a.end or horizon, b.end or horizon
    start, end = max(a.start, b.start), min(a_end, b_end)
    day = start
    while day <= end:
        if a.contains(day) and b.contains(day):
            return True
        day += dt.timedelta(days=1)
    return False


@given(spans(), spans())
def test_overlap_is_symmetric_and_matches_a_shared_day(a: Span, b: Span):
    assert overlaps(a, b) == overlaps(b, a)
    assert overlaps(a, b) == brute_force_overlap(a, b)


@given(spans())
def test_a_span_overlaps_itself(a: Span):
    assert overlaps(a, a)


@given(st.lists(spans(), max_size=6), spans())
def test_overlapping_returns_exactly_the_overlapping_keys(others: list[Span], new: Span):
    keyed = [Keyed(i, span) for i, span in enumerate(others)]
    hits = overlapping(new, keyed)
    assert set(hits) == {i for i, span in enumerate(others) if overlaps(new, span)}
    starts = [others[i].start for i in hits]
    assert starts == sorted(starts)
