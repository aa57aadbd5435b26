"""First-come-first-served baseline (being written)."""

from __future__ import annotations

from vorort.matching.model import Instance, Result


def greedy(instance: Instance) -> Result:
    """Households in list order take the first feasible free apartment in list order."""
    raise NotImplementedError
