"""The exact matcher (being written)."""

from __future__ import annotations

from vorort.matching.model import Assignment, Instance, Result, Weights


def solve(
    instance: Instance, weights: Weights | None = None, time_limit: float | None = None
) -> Result:
    """Match households to apartments optimally (docs/matching.md)."""
    raise NotImplementedError


def rank_households_for(instance: Instance, apartment_id: str, limit: int = 10) -> list[Assignment]:
    """Who fits this apartment best? Feasible households, best first, with reasons."""
    raise NotImplementedError
