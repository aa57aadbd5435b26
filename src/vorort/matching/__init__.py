"""The housing matcher (issue 3): households × apartments, optimal, with German reasons.

Pure Python — no Django import anywhere in this package (tests/matching checks it).

    from vorort.matching import Household, Apartment, Instance, solve
    result = solve(Instance(households, apartments))
    result.to_json()  # the contract of ``vorort match housing``

The model, the objective and the measured figures are in docs/matching.md.
"""

from __future__ import annotations

from vorort.matching.greedy import greedy
from vorort.matching.model import (
    Apartment,
    Assignment,
    Household,
    Instance,
    InstanceError,
    Place,
    Result,
    Unassigned,
    Weights,
)
from vorort.matching.parse import parse_instance
from vorort.matching.solver import rank_households_for, solve

__all__ = [
    "Apartment",
    "Assignment",
    "Household",
    "Instance",
    "InstanceError",
    "Place",
    "Result",
    "Unassigned",
    "Weights",
    "greedy",
    "parse_instance",
    "rank_households_for",
    "solve",
]
