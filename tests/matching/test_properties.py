"""Properties of the matcher on generated small instances, against an independent optimum.

The reference is SciPy's ``linear_sum_assignment`` on a dense weight matrix (infeasible pairs
weigh 0), with the hard constraints restated in plain Python.
"""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from scipy.optimize import linear_sum_assignment

from vorort.matching import Instance, Weights, greedy, solve
from vorort.matching.feasibility import build_arrays, fit_points

from .strategies import best, contested, feasible, fit_matrix, instances


def _check_valid(instance: Instance, result) -> None:  # type: ignore[no-untyped-def]
    ids = [a.household for a in result.assignments] + [u.household for u in result.unassigned]
    assert sorted(ids) == sorted(h.id for h in instance.households)
    assert len(ids) == len(set(ids))
    flats = [a.apartment for a in result.assignments]
    assert len(flats) == len(set(flats))
    ok = feasible(instance)
    h_index = {h.id: i for i, h in enumerate(instance.households)}
    a_index = {a.id: j for j, a in enumerate(instance.apartments)}
    for a in result.assignments:
        assert ok[h_index[a.household], a_index[a.apartment]], (a.household, a.apartment)
    housed = sum(instance.households[h_index[a.household]].persons for a in result.assignments)
    assert result.persons_housed == housed
    for u in result.unassigned:
        assert u.reasons
    # Maximal: no household is left out while an apartment it fits stays free.
    used = {a_index[a.apartment] for a in result.assignments}
    for u in result.unassigned:
        free = [j for j in range(len(instance.apartments)) if j not in used]
        assert not ok[h_index[u.household], free].any()


@settings(max_examples=100)
@given(instances() | contested())
def test_the_matcher_is_valid_and_lexicographically_optimal(instance: Instance) -> None:
    result = solve(instance)
    _check_valid(instance, result)
    assert result.optimal and result.gap == 0.0
    ok = feasible(instance)
    persons = np.array([h.persons for h in instance.households], dtype=np.int64)[:, None]
    prio = np.array([h.priority for h in instance.households], dtype=np.int64)[:, None]
    # Level 1: persons; level 2: persons × B + priority; level 3: … + fit (B, C large enough).
    assert result.persons_housed == best(np.where(ok, persons, 0))
    big = 10_000
    level2 = best(np.where(ok, persons * big + prio, 0))
    assert result.persons_housed * big + result.priority_total == level2
    fit = fit_matrix(instance)
    level3 = best(np.where(ok, (persons * big + prio) * big + fit, 0))
    got = (result.persons_housed * big + result.priority_total) * big
    assert round(got + result.fit_total * 100) == level3


@settings(max_examples=50)
@given(instances())
def test_the_matcher_houses_at_least_as_many_persons_as_greedy(instance: Instance) -> None:
    baseline = greedy(instance)
    _check_valid(instance, baseline)
    assert solve(instance).persons_housed >= baseline.persons_housed


@settings(max_examples=50)
@given(instances())
def test_greedy_is_first_come_first_served(instance: Instance) -> None:
    ok = feasible(instance)
    free = [True] * len(instance.apartments)
    expected = {}
    for i, h in enumerate(instance.households):
        for j, a in enumerate(instance.apartments):
            if free[j] and ok[i, j]:
                free[j] = False
                expected[h.id] = a.id
                break
    got = {a.household: a.apartment for a in greedy(instance).assignments}
    assert got == expected


@settings(max_examples=40)
@given(instances())
def test_the_matcher_is_deterministic_and_order_independent_in_value(instance: Instance) -> None:
    first, second = solve(instance), solve(instance)
    assert {**first.to_json(), "solve_seconds": 0} == {**second.to_json(), "solve_seconds": 0}
    rng = random.Random(len(instance.households) * 31 + len(instance.apartments))
    hs, aps = list(instance.households), list(instance.apartments)
    rng.shuffle(hs)
    rng.shuffle(aps)
    shuffled = solve(replace(instance, households=tuple(hs), apartments=tuple(aps)))
    assert shuffled.persons_housed == first.persons_housed
    assert shuffled.priority_total == first.priority_total
    assert round(shuffled.fit_total, 6) == round(first.fit_total, 6)


@settings(max_examples=30)
@given(instances())
def test_unknown_fields_never_change_the_result(instance: Instance) -> None:
    from vorort.matching import parse_instance
    from vorort.matching.generate import instance_to_json

    data = instance_to_json(instance)
    plain = solve(parse_instance(data)).to_json()
    for k, row in enumerate(data["households"]):
        row["nationality"] = ["SY", "AF", "UA"][k % 3]
        row["religion"] = "x"
        row["ethnic_origin"] = "y"
        row["wheelchair"] = True
    for row in data["apartments"]:
        row["floor"] = 3
        row["lift"] = False
    decorated = solve(parse_instance(data)).to_json()
    assert {**plain, "solve_seconds": 0} == {**decorated, "solve_seconds": 0}


@settings(max_examples=40)
@given(instances() | contested())
def test_weighted_mode_reaches_the_independent_optimum(instance: Instance) -> None:
    weights = Weights(mode="weighted", persons=1.0, priority=2.0, size_fit=0.5, district=0.25)
    result = solve(instance, weights)
    _check_valid(instance, result)
    assert result.optimal and result.gap == 0.0
    n_h, n_a = len(instance.households), len(instance.apartments)
    if n_h == 0 or n_a == 0:
        assert result.assignments == []
        return
    arr = build_arrays(instance)
    hh, aa = np.meshgrid(np.arange(n_h), np.arange(n_a), indexing="ij")
    size, district, distance = (
        part.reshape(n_h, n_a) for part in fit_points(arr, hh.ravel(), aa.ravel())
    )
    value = (
        arr.h_persons[:, None] * 1.0
        + arr.h_prio[:, None] * 2.0
        + (0.5 * size + 0.25 * district + 1.0 * distance) / 100
    )
    weight = np.where(feasible(instance), np.maximum(value, 0.0), 0.0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    reference = float(weight[rows, cols].sum())
    got = result.persons_housed + 2.0 * result.priority_total + result.fit_total
    assert abs(got - reference) < 1e-6
