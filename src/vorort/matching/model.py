"""The data of a housing matching: households, apartments, the instance, weights and the result.

Pure Python (no Django). Every class is a frozen dataclass; sequences given as lists are stored
as tuples so that instances are hashable and cannot change under the solver.

Nationality, religion and ethnic origin are never inputs: there is no field for them, and the
JSON parser ignores any such key (docs/matching.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

Money = float | int | Decimal

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
]


class InstanceError(ValueError):
    """A malformed instance. The message starts with the field path, e.g.
    ``households[3].persons: must be ≥ 1, got 0``."""


@dataclass(frozen=True)
class Place:
    """A place that matters to a household (school, workplace …): latitude, longitude, label."""

    lat: float
    lon: float
    label: str = ""


def _as_place(value: Place | Sequence[Any]) -> Place:
    if isinstance(value, Place):
        return value
    items = list(value)
    if len(items) not in (2, 3):
        raise InstanceError(f"places: expected (lat, lon) or (lat, lon, label), got {value!r}")
    label = str(items[2]) if len(items) == 3 else ""
    return Place(float(items[0]), float(items[1]), label)


@dataclass(frozen=True)
class Household:
    """A household that needs an apartment.

    ``max_rent`` is the rent limit (KdU cap for its size, or the case's override);
    ``required_municipality`` is the Wohnsitzauflage place (None = anywhere);
    ``priority`` 0 (none) … 3; ``preferred_districts`` and ``places`` (``Place`` or
    ``(lat, lon[, label])``) only influence the fit, never feasibility. ``move_in_by`` is
    the household's own latest move-in date: an apartment with ``available_from`` later than
    it is infeasible for this household (None = no date of its own).
    """

    id: str
    persons: int
    max_rent: Money
    needs_accessible: bool = False
    required_municipality: str | None = None
    priority: int = 0
    pets: bool = False
    smokers: bool = False
    preferred_districts: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    priority_reason: str = ""
    move_in_by: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "preferred_districts", tuple(self.preferred_districts))
        object.__setattr__(self, "places", tuple(_as_place(p) for p in self.places))
        if self.required_municipality == "":
            object.__setattr__(self, "required_municipality", None)


@dataclass(frozen=True)
class Apartment:
    """An apartment on offer. ``location`` is ``(lat, lon)`` or None; ``available_from`` only
    matters when the instance has ``available_by`` or a household has ``move_in_by``."""

    id: str
    max_persons: int
    min_persons: int
    rent: Money
    accessible: bool = False
    municipality: str = ""
    pets_allowed: bool = True
    smokers_allowed: bool = True
    district: str = ""
    location: tuple[float, float] | None = None
    available_from: date | None = None

    def __post_init__(self) -> None:
        if self.location is not None:
            lat, lon = self.location
            object.__setattr__(self, "location", (float(lat), float(lon)))


def _check_number(path: str, value: Any, minimum: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InstanceError(f"{path}: must be a number, got {value!r}")
    if not math.isfinite(float(value)):
        raise InstanceError(f"{path}: must be a finite number, got {value!r}")
    if value < minimum:
        raise InstanceError(f"{path}: must be ≥ {minimum:g}, got {value}")


def _check_int(path: str, value: Any, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{path}: must be an integer, got {value!r}")
    if value < minimum:
        raise InstanceError(f"{path}: must be ≥ {minimum}, got {value}")


def _check_id(path: str, value: Any, seen: set[str]) -> None:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{path}: must be a non-empty string, got {value!r}")
    if value in seen:
        raise InstanceError(f"{path}: duplicate id {value!r}")
    seen.add(value)


@dataclass(frozen=True)
class Instance:
    """Households × apartments. ``available_by``: when set, an apartment whose
    ``available_from`` is later than that date is infeasible for everyone (a household's own
    ``move_in_by`` applies in addition).

    The constructor validates (ids unique and non-empty, persons ≥ 1, rents ≥ 0,
    1 ≤ min_persons ≤ max_persons, priority ≥ 0) and raises ``InstanceError`` naming the field.
    """

    households: tuple[Household, ...]
    apartments: tuple[Apartment, ...]
    available_by: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "households", tuple(self.households))
        object.__setattr__(self, "apartments", tuple(self.apartments))
        seen: set[str] = set()
        for i, h in enumerate(self.households):
            path = f"households[{i}]"
            _check_id(f"{path}.id", h.id, seen)
            _check_int(f"{path}.persons", h.persons, 1)
            _check_number(f"{path}.max_rent", h.max_rent, 0)
            _check_int(f"{path}.priority", h.priority, 0)
            if h.move_in_by is not None and not isinstance(h.move_in_by, date):
                raise InstanceError(f"{path}.move_in_by: must be a date, got {h.move_in_by!r}")
        seen = set()
        for i, a in enumerate(self.apartments):
            path = f"apartments[{i}]"
            _check_id(f"{path}.id", a.id, seen)
            _check_int(f"{path}.max_persons", a.max_persons, 1)
            _check_int(f"{path}.min_persons", a.min_persons, 1)
            if a.min_persons > a.max_persons:
                raise InstanceError(
                    f"{path}.min_persons: must be ≤ max_persons ({a.max_persons}), "
                    f"got {a.min_persons}"
                )
            _check_number(f"{path}.rent", a.rent, 0)


@dataclass(frozen=True)
class Weights:
    """How the matcher ranks solutions.

    ``mode="lexicographic"`` (default): maximise persons housed, then the total priority of the
    housed households, then the total fit — exactly, in that order; ``persons`` and
    ``priority`` are then ignored and ``size_fit``, ``district`` and ``distance`` weigh the
    parts of the fit. ``mode="weighted"``: maximise the weighted sum of
    ``persons × persons housed + priority × priority + size_fit × size fit + district ×
    preferred district + distance × nearness``, where each fit part is between 0 and 1 per
    household (docs/matching.md).
    """

    mode: Literal["lexicographic", "weighted"] = "lexicographic"
    persons: float = 1.0
    priority: float = 1.0
    size_fit: float = 1.0
    district: float = 1.0
    distance: float = 1.0

    def __post_init__(self) -> None:
        if self.mode not in ("lexicographic", "weighted"):
            raise ValueError(f"mode: must be 'lexicographic' or 'weighted', got {self.mode!r}")
        for name in ("persons", "priority", "size_fit", "district", "distance"):
            value = getattr(self, name)
            if not math.isfinite(value) or (self.mode == "lexicographic" and value < 0):
                raise ValueError(f"{name}: must be a finite number ≥ 0, got {value!r}")


@dataclass(frozen=True)
class Assignment:
    """A proposal: household → apartment, with German reasons and the fit score (0 … 1)."""

    household: str
    apartment: str
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


@dataclass(frozen=True)
class Unassigned:
    """A household without a proposal, with the German reasons why."""

    household: str
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    """The outcome of ``solve`` or ``greedy``. Every household is exactly once in
    ``assignments`` or ``unassigned`` (both in input order of the households).

    ``optimal`` is True when the objective is proven optimal; ``gap`` is the relative gap
    between the objective found and a proven upper bound (0.0 when optimal; NaN when unknown,
    as for the greedy baseline). ``priority_total`` and ``fit_total`` are the second and third
    objective levels of the solution.
    """

    assignments: list[Assignment]
    unassigned: list[Unassigned]
    persons_housed: int
    optimal: bool
    gap: float
    solve_seconds: float
    priority_total: int = 0
    fit_total: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object (a dict, ready for ``json.dumps``)."""
        return {
            "assignments": [
                {"household": a.household, "apartment": a.apartment, "reasons": list(a.reasons)}
                for a in self.assignments
            ],
            "unassigned": [
                {"household": u.household, "reasons": list(u.reasons)} for u in self.unassigned
            ],
            "persons_housed": self.persons_housed,
            "optimal": self.optimal,
            "gap": None if math.isnan(self.gap) else round(self.gap, 6),
            "solve_seconds": round(self.solve_seconds, 3),
        }
