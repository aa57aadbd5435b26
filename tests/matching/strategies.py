"""Hypothesis strategies and an independent reference for the matcher tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from vorort.matching import Apartment, Household, Instance, Place
from vorort.matching.feasibility import build_arrays, fit_points

MUNIS = ("Paderborn", "Delbrück", "Büren")
DISTRICTS = ("Mitte", "Nord", "Süd")
RENTS = (380.0, 440.5, 520.0, 545.0, 642.4, 700.0, 742.9, 898.7)
BY = date(2026, 3, 1)


@st.composite
def households(draw: Any, i: int, fit: bool) -> Household:
    return Household(
        id=f"h{i}",
        persons=draw(st.integers(1, 6)),
        max_rent=draw(st.sampled_from(RENTS)),
        needs_accessible=draw(st.booleans()) and draw(st.booleans()),
        required_municipality=draw(st.none() | st.sampled_from(MUNIS)),
        priority=draw(st.integers(0, 3)),
        pets=draw(st.booleans()) and draw(st.booleans()),
        smokers=draw(st.booleans()),
        preferred_districts=tuple(draw(st.sets(st.sampled_from(DISTRICTS), max_size=2)))
        if fit
        else (),
        places=(Place(51.7 + draw(st.integers(-5, 5)) / 100, 8.75, "Schule"),)
        if fit and draw(st.booleans())
        else (),
    )


@st.composite
def apartments(draw: Any, j: int, fit: bool, dated: bool) -> Apartment:
    max_persons = draw(st.integers(1, 6))
    return Apartment(
        id=f"a{j}",
        max_persons=max_persons,
        min_persons=draw(st.integers(1, max_persons)),
        rent=draw(st.sampled_from(RENTS)),
        accessible=draw(st.booleans()),
        municipality=draw(st.sampled_from(MUNIS)),
        pets_allowed=draw(st.booleans()),
        smokers_allowed=draw(st.booleans()),
        district=draw(st.sampled_from(DISTRICTS)) if fit else "",
        location=(51.7 + draw(st.integers(-5, 5)) / 100, 8.75) if fit else None,
        available_from=BY + timedelta(days=draw(st.integers(-20, 20))) if dated else None,
    )


@st.composite
def contested(draw: Any) -> Instance:
    """Few constraints, more households than apartments: the levels of the objective decide."""
    n_a = draw(st.integers(1, 5))
    hs = tuple(
        Household(
            f"h{i}",
            draw(st.integers(1, 3)),
            draw(st.sampled_from(RENTS[2:])),
            priority=draw(st.integers(0, 3)),
            preferred_districts=(draw(st.sampled_from(DISTRICTS)),),
        )
        for i in range(draw(st.integers(n_a, 8)))
    )
    aps = tuple(
        Apartment(
            f"a{j}",
            draw(st.integers(2, 4)),
            1,
            draw(st.sampled_from(RENTS[:4])),
            district=draw(st.sampled_from(DISTRICTS)),
        )
        for j in range(n_a)
    )
    return Instance(hs, aps)


@st.composite
def instances(draw: Any, max_households: int = 9, max_apartments: int = 9) -> Instance:
    fit = draw(st.booleans())
    dated = draw(st.booleans())
    n_h = draw(st.integers(0, max_households))
    n_a = draw(st.integers(0, max_apartments))
    hs = [draw(households(i, fit)) for i in range(n_h)]
    aps = [draw(apartments(j, fit, dated)) for j in range(n_a)]
    return Instance(tuple(hs), tuple(aps), BY if dated else None)


def feasible(instance: Instance) -> np.ndarray:
    """The hard constraints, restated pair by pair in plain Python (independent of numpy code)."""
    by = instance.available_by
    out = np.zeros((len(instance.households), len(instance.apartments)), dtype=bool)
    for i, h in enumerate(instance.households):
        for j, a in enumerate(instance.apartments):
            out[i, j] = (
                a.min_persons <= h.persons <= a.max_persons
                and a.rent <= h.max_rent
                and (a.accessible or not h.needs_accessible)
                and (h.required_municipality is None or a.municipality == h.required_municipality)
                and (a.pets_allowed or not h.pets)
                and (a.smokers_allowed or not h.smokers)
                and (by is None or a.available_from is None or a.available_from <= by)
                and (
                    h.move_in_by is None
                    or a.available_from is None
                    or a.available_from <= h.move_in_by
                )
            )
    return out


def fit_matrix(instance: Instance) -> np.ndarray:
    """Fit points (size + district + distance) of every pair."""
    arr = build_arrays(instance)
    n_h, n_a = len(instance.households), len(instance.apartments)
    hh, aa = np.meshgrid(np.arange(n_h), np.arange(n_a), indexing="ij")
    size, district, distance = fit_points(arr, hh.ravel(), aa.ravel())
    return (size + district + distance).reshape(n_h, n_a)


def best(weight: np.ndarray) -> int:
    """Maximum total weight of a matching (infeasible pairs carry weight 0 = unassigned)."""
    if weight.size == 0:
        return 0
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return int(weight[rows, cols].sum())
