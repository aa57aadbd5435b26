"""A household's own move-in date (``Household.move_in_by``): exact, checked, explained."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vorort.matching import (
    Apartment,
    Household,
    Instance,
    InstanceError,
    greedy,
    parse_instance,
    rank_households_for,
    solve,
)
from vorort.matching.feasibility import build_network
from vorort.matching.generate import instance_to_json

from .strategies import BY, best, feasible, fit_matrix, instances
from .test_properties import _check_valid

DEC_1 = date(2026, 12, 1)
JAN_6 = date(2027, 1, 6)


@st.composite
def dated_instances(draw: Any) -> Instance:
    """Random instances where every household may have its own date and most apartments one."""
    base = draw(instances())
    day = st.integers(-20, 20).map(lambda d: BY + timedelta(days=d))
    hs = tuple(replace(h, move_in_by=draw(st.none() | day)) for h in base.households)
    aps = tuple(replace(a, available_from=draw(st.none() | day | day)) for a in base.apartments)
    available_by = draw(st.none() | st.just(BY + timedelta(days=10)))
    return Instance(hs, aps, available_by)


@st.composite
def crowded(draw: Any) -> Instance:
    """Households equal but for their date (so they would share a class without it)."""
    day = st.integers(-3, 3).map(lambda d: BY + timedelta(days=10 * d))
    hs = tuple(
        Household(f"h{i}", draw(st.integers(1, 2)), 500, move_in_by=draw(st.none() | day))
        for i in range(draw(st.integers(1, 8)))
    )
    aps = tuple(
        Apartment(f"a{j}", 2, 1, draw(st.sampled_from((400, 450))), available_from=draw(day))
        for j in range(draw(st.integers(1, 6)))
    )
    return Instance(hs, aps)


def _own_date_kept(instance: Instance, result: Any) -> None:
    hs = {h.id: h for h in instance.households}
    aps = {a.id: a for a in instance.apartments}
    for assignment in result.assignments:
        h, a = hs[assignment.household], aps[assignment.apartment]
        if h.move_in_by is not None and a.available_from is not None:
            assert a.available_from <= h.move_in_by, (h.id, a.id)
        if instance.available_by is not None and a.available_from is not None:
            assert a.available_from <= instance.available_by


@settings(max_examples=150)
@given(dated_instances() | crowded())
def test_per_household_dates_are_exact_against_the_independent_optimum(
    instance: Instance,
) -> None:
    result = solve(instance)
    _check_valid(instance, result)  # feasibility restated in plain Python, incl. move_in_by
    _own_date_kept(instance, result)
    assert result.optimal and result.gap == 0.0
    ok = feasible(instance)
    persons = np.array([h.persons for h in instance.households], dtype=np.int64)[:, None]
    prio = np.array([h.priority for h in instance.households], dtype=np.int64)[:, None]
    assert result.persons_housed == best(np.where(ok, persons, 0))
    big = 10_000
    level2 = best(np.where(ok, persons * big + prio, 0))
    assert result.persons_housed * big + result.priority_total == level2
    level3 = best(np.where(ok, (persons * big + prio) * big + fit_matrix(instance), 0))
    got = (result.persons_housed * big + result.priority_total) * big
    assert round(got + result.fit_total * 100) == level3


@settings(max_examples=60)
@given(dated_instances() | crowded())
def test_greedy_and_the_ranking_keep_the_own_date_too(instance: Instance) -> None:
    baseline = greedy(instance)
    _check_valid(instance, baseline)
    _own_date_kept(instance, baseline)
    assert solve(instance).persons_housed >= baseline.persons_housed
    ok = feasible(instance)
    for j, a in enumerate(instance.apartments):
        ranked = rank_households_for(instance, a.id, limit=len(instance.households))
        expected = {h.id for i, h in enumerate(instance.households) if ok[i, j]}
        assert {r.household for r in ranked} == expected


@settings(max_examples=40)
@given(dated_instances())
def test_the_own_date_survives_the_json_round_trip(instance: Instance) -> None:
    data = json.loads(json.dumps(instance_to_json(instance)))
    parsed = parse_instance(data)
    assert [h.move_in_by for h in parsed.households] == [h.move_in_by for h in instance.households]
    first = {**solve(instance).to_json(), "solve_seconds": 0}
    assert {**solve(parsed).to_json(), "solve_seconds": 0} == first


def test_households_differing_only_in_their_date_are_separate_classes() -> None:
    hs = (
        Household("early", 2, 500, move_in_by=DEC_1),
        Household("late", 2, 500, move_in_by=JAN_6),
        Household("none", 2, 500),
        Household("early2", 2, 500, move_in_by=DEC_1),
    )
    aps = (
        Apartment("jan", 2, 1, 400, available_from=JAN_6),
        Apartment("nov", 2, 1, 400, available_from=date(2026, 11, 1)),
        Apartment("feb", 2, 1, 400, available_from=date(2027, 2, 1)),
    )
    net = build_network(Instance(hs, aps))
    assert net.n_classes == 3  # early (×2), late, none
    assert net.cls_of[0] == net.cls_of[3]
    assert net.n_types == 3  # one tier per date threshold
    result = solve(Instance(hs, aps))
    got = {a.household: a.apartment for a in result.assignments}
    # All three can be housed only as: early → nov, late → jan, none → feb.
    assert got["none"] == "feb"
    assert {got.get("early"), got.get("early2")} >= {"nov"}
    assert got["late"] == "jan"
    assert result.persons_housed == 6


def test_without_any_household_date_the_network_is_unchanged() -> None:
    hs = (Household("h1", 2, 500), Household("h2", 3, 600))
    aps = tuple(
        Apartment(f"a{d}", 4, 1, 400 + d, available_from=BY + timedelta(days=d)) for d in range(5)
    )
    net = build_network(Instance(hs, aps))
    assert net.n_types == 1
    assert net.n_classes == 2


def test_both_dates_apply_when_both_are_set() -> None:
    h = Household("h", 2, 500, move_in_by=JAN_6)
    flat = Apartment("a", 2, 1, 400, available_from=date(2026, 12, 15))
    assert solve(Instance((h,), (flat,))).persons_housed == 2
    result = solve(Instance((h,), (flat,), available_by=DEC_1))
    assert result.persons_housed == 0  # the instance's date is earlier here
    assert result.unassigned[0].reasons == [
        "keine passende Wohnung bis 01.12.2026 bezugsfertig; nächste ab 15.12.2026"
    ]
    early = replace(h, move_in_by=date(2026, 12, 10))
    result = solve(Instance((early,), (flat,), available_by=JAN_6))
    assert result.unassigned[0].reasons == [
        "keine passende Wohnung bis 10.12.2026 bezugsfertig; nächste ab 15.12.2026"
    ]


def test_reasons_name_the_own_date() -> None:
    hs = (
        Household("soon", 2, 500, move_in_by=DEC_1),
        Household("later", 2, 500, move_in_by=date(2027, 2, 1)),
    )
    aps = (Apartment("jan", 3, 1, 400, available_from=JAN_6),)
    result = solve(Instance(hs, aps))
    (assignment,) = result.assignments
    assert assignment.household == "later"
    assert "bezugsfertig ab 06.01.2027 (Einzug gewünscht bis 01.02.2027)" in assignment.reasons
    (left,) = result.unassigned
    assert left.household == "soon"
    assert left.reasons == [
        "keine passende Wohnung bis 01.12.2026 bezugsfertig; nächste ab 06.01.2027"
    ]
    # Only a flat that is too late and too dear: both named together.
    poor = Household("poor", 2, 300, move_in_by=DEC_1)
    assert solve(Instance((poor,), aps)).unassigned[0].reasons == [
        "keine Wohnung zugleich ≤ 300,00 € und bis 01.12.2026 bezugsfertig"
    ]
    # An apartment in time but taken: the date is not the reason.
    aps2 = (Apartment("nov", 2, 1, 400, available_from=date(2026, 11, 1)),)
    two = (Household("big", 2, 500, move_in_by=DEC_1), Household("one", 1, 500, move_in_by=DEC_1))
    left = solve(Instance(two, aps2)).unassigned
    assert left[0].household == "one"
    assert left[0].reasons[0].startswith("1 passende Wohnung, an einen anderen Haushalt vergeben")


def test_the_parser_reads_move_in_by_and_names_a_malformed_one() -> None:
    data: dict[str, Any] = {
        "households": [{"id": "h", "persons": 2, "max_rent": 500, "move_in_by": "2026-12-01"}],
        "apartments": [{"id": "a", "max_persons": 2, "rent": 400, "available_from": "2027-01-06"}],
    }
    instance = parse_instance(data)
    assert instance.households[0].move_in_by == DEC_1
    # available_from is read because a household has a date (no options.available_by).
    assert instance.apartments[0].available_from == JAN_6
    assert solve(instance).persons_housed == 0
    data["households"][0]["move_in_by"] = None
    assert parse_instance(data).households[0].move_in_by is None
    assert parse_instance(data).apartments[0].available_from is None
    assert solve(parse_instance(data)).persons_housed == 2
    for bad in ("01.12.2026", 20261201, "soon"):
        data["households"][0]["move_in_by"] = bad
        with pytest.raises(InstanceError, match=r"^households\[0\]\.move_in_by: must be a date"):
            parse_instance(data)


def test_the_python_api_checks_move_in_by() -> None:
    with pytest.raises(InstanceError, match=r"^households\[0\]\.move_in_by: must be a date"):
        Instance((Household("h", 1, 400, move_in_by="2026-12-01"),), ())  # type: ignore[arg-type]
