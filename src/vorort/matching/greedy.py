"""First-come-first-served: the baseline of placement by hand.

Households in list order each take the first feasible apartment, in list order, that is still
free — what a municipality does with a waiting list and a list of offers. Used by the benchmark
(and the tests) to show what the optimal matcher gains.
"""

from __future__ import annotations

import math
import time

import numpy as np

from vorort.matching.feasibility import IntArray, Network, build_network
from vorort.matching.model import Instance, Result, Weights
from vorort.matching.reasons import TAKEN_BY_ORDER

_CHUNK = 256


def _feasible_lists(net: Network) -> list[IntArray]:
    """Per class, the feasible apartments in input order."""
    starts = net.type_start[net.pair_t]
    lists: list[list[IntArray]] = [[] for _ in range(net.n_classes)]
    for c, s, p in zip(net.pair_c.tolist(), starts.tolist(), net.pair_pos.tolist(), strict=True):
        lists[c].append(net.order[s : s + p])
    return [np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.int64) for parts in lists]


def greedy(instance: Instance) -> Result:
    """Households in list order take the first feasible free apartment in list order.

    ``optimal`` is False and ``gap`` NaN: the baseline proves nothing.
    """
    from vorort.matching.solver import build_result  # solver imports reasons; avoid a cycle

    started = time.perf_counter()
    net = build_network(instance)
    lists = _feasible_lists(net)
    pointer = np.zeros(net.n_classes, dtype=np.int64)
    taken = np.zeros(len(instance.apartments), dtype=bool)
    match = np.full(len(instance.households), -1, dtype=np.int64)
    for i, c in enumerate(net.cls_of.tolist()):
        candidates = lists[c]
        p = int(pointer[c])
        while p < len(candidates):
            window = candidates[p : p + _CHUNK]
            free = np.flatnonzero(~taken[window])
            if len(free):
                p += int(free[0])
                a = int(candidates[p])
                taken[a] = True
                match[i] = a
                p += 1
                break
            p += len(window)
        pointer[c] = p
    return build_result(
        instance,
        net,
        match,
        weights=Weights(),
        optimal=False,
        gap=math.nan,
        started=started,
        taken_why=TAKEN_BY_ORDER,
    )
