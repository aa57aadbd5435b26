"""Weighted mode, ranking for one apartment, the fit level, scale."""

from __future__ import annotations

import time

import pytest

from vorort.matching import (
    Apartment,
    Household,
    Instance,
    Weights,
    rank_households_for,
    solve,
)
from vorort.matching.bench import check
from vorort.matching.generate import generate


def test_priority_comes_before_fit_and_persons_before_priority() -> None:
    households = (
        Household("two", 2, 700.0),
        Household("two-urgent", 2, 700.0, priority=3),
        Household("three", 3, 700.0),
    )
    apartments = (Apartment("a1", 3, 1, 600.0),)
    assert solve(Instance(households, apartments)).assignments[0].household == "three"
    apartments = (Apartment("a1", 2, 1, 600.0),)
    assert solve(Instance(households, apartments)).assignments[0].household == "two-urgent"


def test_size_fit_breaks_ties_towards_few_empty_places() -> None:
    households = (Household("h1", 2, 900.0),)
    apartments = (Apartment("big", 5, 1, 500.0), Apartment("snug", 2, 1, 600.0))
    result = solve(Instance(households, apartments))
    assert result.assignments[0].apartment == "snug"
    assert result.assignments[0].score == 1.0


def test_weighted_mode_can_put_priority_above_persons() -> None:
    households = (Household("large", 4, 900.0), Household("urgent", 1, 900.0, priority=3))
    apartments = (Apartment("a1", 4, 1, 500.0),)
    default = solve(Instance(households, apartments))
    assert default.assignments[0].household == "large"
    weights = Weights(mode="weighted", persons=1.0, priority=5.0, size_fit=0.0)
    weighted = solve(Instance(households, apartments), weights)
    assert weighted.assignments[0].household == "urgent"
    assert weighted.optimal and weighted.gap == 0.0  # whole units: exact
    odd = solve(Instance(households, apartments), Weights(mode="weighted", priority=0.1234567))
    assert not odd.optimal and 0 < odd.gap < 1e-3  # a rounded value: a proven bound


def test_weighted_mode_leaves_a_household_out_when_housing_it_scores_below_zero() -> None:
    weights = Weights(mode="weighted", persons=0.0, priority=0.0, size_fit=-1.0)
    result = solve(Instance((Household("h1", 1, 900.0),), (Apartment("a1", 2, 1, 500.0),)), weights)
    assert result.assignments == []
    assert result.unassigned[0].reasons == [
        "1 passende Wohnung ist frei, aber nach der gewählten Gewichtung nicht vorgeschlagen"
    ]


def test_rank_households_for_one_apartment() -> None:
    households = (
        Household("too-big", 6, 900.0),
        Household("single", 1, 900.0),
        Household("pair", 2, 900.0),
        Household("pair-urgent", 2, 900.0, priority=1),
        Household("poor", 2, 300.0),
    )
    apartments = (Apartment("a1", 3, 1, 500.0),)
    ranked = rank_households_for(Instance(households, apartments), "a1", limit=3)
    assert [a.household for a in ranked] == ["pair-urgent", "pair", "single"]
    assert ranked[0].reasons[0] == "2 Personen; Wohnung für 1–3 Personen"
    with pytest.raises(KeyError):
        rank_households_for(Instance(households, apartments), "nope")


def test_a_district_sized_instance_is_solved_fast_and_correctly() -> None:
    instance = generate(1500, 1200, seed=2, fit=True, dated=True)
    started = time.perf_counter()
    result = solve(instance)
    assert time.perf_counter() - started < 10
    check(instance, result)
    assert result.optimal
