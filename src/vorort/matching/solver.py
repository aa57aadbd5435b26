"""The exact matcher: a min-cost flow over household classes and apartment rent chains.

Network (OR-Tools ``SimpleMinCostFlow``, arcs added as numpy arrays):

* one node per household class (supply = its number of households);
* per apartment type a *rent chain*: one node per apartment, sorted by rent, with an arc from
  each apartment to the next cheaper one of its type (so flow entering at the most expensive
  affordable apartment can reach every cheaper one) and an arc of capacity 1 to the sink;
* per compatible (class, type) an arc to the chain node of the most expensive affordable
  apartment, its cost the negated value of housing one household of the class in the type;
* per class a bypass arc to the sink with cost 0 (the household stays without a proposal).

Every feasible assignment is a flow and vice versa, so the min-cost flow is an exact optimum.
The lexicographic objective is exact with integer weights chosen from the instance
(``_lexicographic_values``), checked against int64 overflow. Flow through the chains is then
decomposed into apartments, and each class's apartments go to its households in input order.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from vorort.matching.feasibility import (
    FIT_POINTS,
    Arrays,
    IntArray,
    Network,
    build_arrays,
    build_network,
    feasible_matrix,
    fit_points,
)
from vorort.matching.model import Assignment, Instance, Result, Unassigned, Weights
from vorort.matching.reasons import (
    TAKEN_BY_OPTIMUM,
    assignment_reasons,
    no_fit_reasons,
    not_worth_reason,
    taken_reason,
)

#: OR-Tools multiplies costs by (number of nodes + 1) internally; keep a margin below 2**63.
_COST_LIMIT = 2**61
#: Weighted mode: objective units per 1.0 of weighted value (before overflow scaling).
_WEIGHTED_SCALE = 10_000


@dataclass
class _Values:
    value: IntArray  # integer arc value per (class, type) pair; > 0 worth housing
    exact: bool  # the integer values represent the objective exactly
    error_per_arc: float  # else: |true − integer/scale| per arc, in objective units
    scale: float  # integer units per objective unit


def _fit_total(net: Network, w: Weights) -> IntArray:
    return np.rint(
        w.size_fit * net.size_pts + w.district * net.district_pts + w.distance * net.distance_pts
    ).astype(np.int64)


def _lexicographic_values(net: Network, w: Weights, n_nodes: int, divisor: int = 1) -> _Values:
    """persons × B + priority × C + fit, with C > any fit total and B > any C-weighted rest.

    ``n_match`` = min(households, available apartments) bounds the number of housed households,
    so S = max fit × n_match bounds the fit total and Q = the n_match largest priorities bound
    the priority total: C = S + 1 and B = C·Q + S + 1 make the order exact. When the costs
    would overflow OR-Tools' int64 arithmetic, the fit is coarsened (reported as not optimal).
    """
    arr = net.arrays
    n_match = min(len(arr.h_persons), len(net.order))
    persons = arr.h_persons[net.cls_rep[net.pair_c]]
    prio = arr.h_prio[net.cls_rep[net.pair_c]]
    top = np.sort(arr.h_prio)[::-1][:n_match]
    q_bound = int(top.sum())
    fit = _fit_total(net, w)
    while True:
        coarse = fit // divisor
        f_max = int(coarse.max()) if len(coarse) else 0
        s_bound = f_max * n_match
        c_weight = s_bound + 1
        b_weight = c_weight * q_bound + s_bound + 1
        p_max = int(persons.max()) if len(persons) else 0
        top_value = p_max * b_weight + int(top.max() if len(top) else 0) * c_weight + f_max
        if top_value * (n_nodes + 1) < _COST_LIMIT and top_value * n_match < _COST_LIMIT:
            break
        if f_max == 0:
            raise OverflowError("instance too large for exact integer costs")
        divisor *= 10
    value = persons * b_weight + prio * c_weight + coarse
    return _Values(
        value=value,
        exact=divisor == 1,
        error_per_arc=float(divisor),
        scale=1.0,
    )


def _weighted_values(net: Network, w: Weights, n_nodes: float) -> _Values:
    arr = net.arrays
    persons = arr.h_persons[net.cls_rep[net.pair_c]]
    prio = arr.h_prio[net.cls_rep[net.pair_c]]
    fit = (
        w.size_fit * net.size_pts + w.district * net.district_pts + w.distance * net.distance_pts
    ) / FIT_POINTS
    true = w.persons * persons + w.priority * prio + fit
    peak = float(np.abs(true).max()) if len(true) else 0.0
    n_match = max(1, min(len(arr.h_persons), len(net.order)))
    scale = float(_WEIGHTED_SCALE)
    if peak > 0:
        scale = min(scale, _COST_LIMIT / (peak * (n_nodes + 1) * n_match))
    scaled = true * scale
    value = np.rint(scaled).astype(np.int64)
    # Weights with few decimals make every value a whole number of units: then exact.
    error = float(np.abs(scaled - value).max()) if len(value) else 0.0
    if error < 1e-6:
        return _Values(value=value, exact=True, error_per_arc=0.0, scale=scale)
    return _Values(value=value, exact=False, error_per_arc=error, scale=scale)


def _flow(net: Network, values: IntArray) -> IntArray | None:
    """Solve; returns the apartment index per household (-1 = none), or None on a cost-range
    error of OR-Tools.

    Within a type, the apartments between two consecutive entry points (the dearest affordable
    apartment of some class) are interchangeable for every class, so each such *bucket* is one
    chain node with its size as capacity to the sink: the chains stay as short as the number of
    distinct rent limits that reach the type, whatever the number of apartments.
    """
    arr = net.arrays
    n_c = net.n_classes
    n_h = len(arr.h_persons)
    worth = values > 0
    pc, pt, pp, val = net.pair_c[worth], net.pair_t[worth], net.pair_pos[worth], values[worth]
    entry = net.type_start[pt] + pp - 1  # sorted position of the dearest affordable apartment
    tops = np.unique(entry)  # bucket b = sorted positions (lower[b], tops[b]]
    n_b = len(tops)
    sorted_type = np.searchsorted(net.type_start, tops, side="right") - 1
    same_as_previous = np.zeros(n_b, dtype=bool)
    same_as_previous[1:] = sorted_type[1:] == sorted_type[:-1]
    lower = net.type_start[sorted_type]
    lower[same_as_previous] = tops[np.flatnonzero(same_as_previous) - 1] + 1
    size = tops - lower + 1
    bucket = np.searchsorted(tops, entry)
    sink = n_c + n_b
    chained = np.flatnonzero(same_as_previous)
    tails = np.concatenate([pc, np.arange(n_c), n_c + chained, n_c + np.arange(n_b)])
    heads = np.concatenate(
        [n_c + bucket, np.full(n_c, sink), n_c + chained - 1, np.full(n_b, sink)]
    )
    caps = np.concatenate(
        [np.minimum(net.cls_count[pc], pp), net.cls_count, np.full(len(chained), n_h), size]
    )
    costs = np.concatenate([-val, np.zeros(n_c + len(chained) + n_b, np.int64)])
    mcf = min_cost_flow.SimpleMinCostFlow()
    arcs = mcf.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64), costs
    )
    supplies = np.concatenate([net.cls_count, np.zeros(n_b, np.int64), [-n_h]])
    mcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies.astype(np.int64))
    status = mcf.solve()
    if status == mcf.BAD_COST_RANGE:
        return None
    if status != mcf.OPTIMAL:  # pragma: no cover - the network is always feasible
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = mcf.flows(arcs)
    entry_flow = flows[: len(pc)]
    used = flows[len(arcs) - n_b :]
    # Decompose the chain flow: walk each chain from its dearest bucket down; units enter at
    # their bucket and leave where apartments are used (a pending unit can afford any cheaper
    # bucket). In a bucket the cheapest apartments are taken (then input order).
    by_bucket: dict[int, list[tuple[int, int]]] = {}
    for k in np.flatnonzero(entry_flow).tolist():
        by_bucket.setdefault(int(bucket[k]), []).append((int(pc[k]), int(entry_flow[k])))
    got: dict[int, list[int]] = {}
    pending: list[list[int]] = []
    order = net.order
    for b in range(n_b - 1, -1, -1):
        for c, f in by_bucket.get(b, ()):
            pending.append([c, f])
        left = int(used[b])
        position = int(lower[b])
        while left:
            top = pending[-1]
            take = min(left, top[1])
            got.setdefault(top[0], []).extend(order[position : position + take].tolist())
            position += take
            left -= take
            top[1] -= take
            if top[1] == 0:
                pending.pop()
        if not same_as_previous[b]:
            pending.clear()
    match = np.full(n_h, -1, dtype=np.int64)
    members = np.argsort(net.cls_of, kind="stable")
    bounds = np.searchsorted(net.cls_of[members], np.arange(n_c + 1))
    for c, apartments in got.items():
        who = members[bounds[c] : bounds[c + 1]]
        apartments.sort()
        match[who[: len(apartments)]] = apartments
    return match


def _fit_of_matches(arr: Arrays, match: IntArray, w: Weights) -> tuple[np.ndarray, np.ndarray]:
    housed = np.flatnonzero(match >= 0)
    size, district, distance = fit_points(arr, housed, match[housed])
    fit = (w.size_fit * size + w.district * district + w.distance * distance) / FIT_POINTS
    return housed, fit


def _free_feasible_count(net: Network, match: IntArray) -> IntArray:
    """Per class, the feasible apartments nobody got (prefix sums over each type's slice)."""
    taken = np.zeros(len(net.arrays.a_rent), dtype=bool)
    taken[match[match >= 0]] = True
    free_sorted = np.concatenate([[0], np.cumsum(~taken[net.order])])
    start = net.type_start[net.pair_t]
    per_pair = free_sorted[start + net.pair_pos] - free_sorted[start]
    return np.bincount(net.pair_c, weights=per_pair, minlength=net.n_classes).astype(np.int64)


def build_result(
    instance: Instance,
    net: Network,
    match: IntArray,
    *,
    weights: Weights,
    optimal: bool,
    gap: float,
    started: float,
    taken_why: str,
) -> Result:
    """Assemble a ``Result`` (reasons included) from an apartment index per household."""
    arr = net.arrays
    housed, fit = _fit_of_matches(arr, match, weights)
    score = np.zeros(len(match))
    score[housed] = fit
    feasible = net.feasible_count()
    free = _free_feasible_count(net, match)
    no_fit: dict[int, list[str]] = {}
    assignments: list[Assignment] = []
    unassigned: list[Unassigned] = []
    hs, aps, by = instance.households, instance.apartments, instance.available_by
    for i, h in enumerate(hs):
        a = int(match[i])
        if a >= 0:
            assignments.append(
                Assignment(h.id, aps[a].id, assignment_reasons(h, aps[a], by), float(score[i]))
            )
            continue
        c = int(net.cls_of[i])
        if free[c] > 0:  # only in weighted mode: housing it would not raise the objective
            reasons = [not_worth_reason(int(free[c]))]
        elif feasible[c] > 0:
            reasons = [taken_reason(int(feasible[c]), taken_why)]
        else:
            if c not in no_fit:
                no_fit[c] = no_fit_reasons(arr, int(net.cls_rep[c]), by)
            reasons = no_fit[c]
        unassigned.append(Unassigned(h.id, list(reasons)))
    return Result(
        assignments=assignments,
        unassigned=unassigned,
        persons_housed=int(arr.h_persons[housed].sum()),
        optimal=optimal,
        gap=gap,
        solve_seconds=time.perf_counter() - started,
        priority_total=int(arr.h_prio[housed].sum()),
        fit_total=float(fit.sum()),
    )


def solve(
    instance: Instance, weights: Weights | None = None, time_limit: float | None = None
) -> Result:
    """Match households to apartments optimally (docs/matching.md).

    Default (``Weights()``): lexicographic — most persons housed, then the highest total
    priority, then the best total fit — solved exactly (``optimal=True``, ``gap=0.0``).
    ``Weights(mode="weighted", ...)``: the weighted sum, exact up to integer rounding of the
    arc values; ``gap`` then bounds that rounding relative to the objective.
    Deterministic: the same instance gives the same result. ``time_limit`` is accepted for
    interface stability; the exact solve has no early stop (20,000 × 15,000 takes seconds).
    """
    del time_limit  # the exact solve is fast enough; see the docstring
    started = time.perf_counter()
    w = weights or Weights()
    net = build_network(instance)
    n_nodes = net.n_classes + len(net.pair_c) + 1  # ≥ classes + buckets + sink
    divisor = 1
    while True:
        if w.mode == "lexicographic":
            values = _lexicographic_values(net, w, n_nodes, divisor)
        else:
            values = _weighted_values(net, w, n_nodes * divisor)
        solved = _flow(net, values.value)
        if solved is not None:
            break
        # pragma: no cover - the bounds above keep the costs in OR-Tools' range
        divisor = int(values.error_per_arc * 10) if w.mode == "lexicographic" else divisor * 10
    match = solved
    gap = 0.0
    optimal = values.exact
    if not values.exact and w.mode == "lexicographic":
        # Persons and priority stay exact; the fit lost < ``divisor`` points on each arc.
        housed = int((match >= 0).sum())
        _, fit = _fit_of_matches(net.arrays, match, w)
        fit_found = float(fit.sum()) * FIT_POINTS
        slack = values.error_per_arc * 2 * max(housed, 1)
        gap = min(1.0, slack / max(fit_found, 1.0))
    elif not values.exact:
        # Rounding each arc value to integer units moves it by at most ``error`` units, on the
        # solution found and on the true optimum: optimum ≤ found + 2 · n_match · error / scale.
        n_match = min(len(instance.households), len(net.order))
        found = _weighted_objective(net.arrays, match, w)
        slack = n_match * values.error_per_arc * 2 / values.scale
        gap = 0.0 if slack == 0 else min(1.0, slack / max(abs(found), 1e-9))
        optimal = gap == 0.0
    return build_result(
        instance,
        net,
        match,
        weights=w,
        optimal=optimal,
        gap=gap,
        started=started,
        taken_why=TAKEN_BY_OPTIMUM,
    )


def _weighted_objective(arr: Arrays, match: IntArray, w: Weights) -> float:
    housed, fit = _fit_of_matches(arr, match, w)
    return float(
        w.persons * arr.h_persons[housed].sum() + w.priority * arr.h_prio[housed].sum() + fit.sum()
    )


def rank_households_for(instance: Instance, apartment_id: str, limit: int = 10) -> list[Assignment]:
    """Who fits this apartment best? The feasible households ordered by the default objective —
    most persons, then highest priority, then best fit, then input order — at most ``limit``,
    each with its reasons (``Assignment.score`` is the fit, 0 … 3). Unknown id: ``KeyError``."""
    index = {a.id: i for i, a in enumerate(instance.apartments)}
    if apartment_id not in index:
        raise KeyError(apartment_id)
    a = index[apartment_id]
    arr = build_arrays(instance)
    hh = np.arange(len(instance.households), dtype=np.int64)
    ok = feasible_matrix(arr, hh, np.array([a], dtype=np.int64))[:, 0]
    cand = hh[ok]
    size, district, distance = fit_points(arr, cand, np.full(len(cand), a, dtype=np.int64))
    fit = (size + district + distance) / FIT_POINTS
    ranked = np.lexsort((cand, -fit, -arr.h_prio[cand], -arr.h_persons[cand]))[: max(0, limit)]
    apartment = instance.apartments[a]
    return [
        Assignment(
            instance.households[int(cand[k])].id,
            apartment.id,
            assignment_reasons(instance.households[int(cand[k])], apartment, instance.available_by),
            float(fit[k]),
        )
        for k in ranked
    ]


__all__ = ["rank_households_for", "solve"]
