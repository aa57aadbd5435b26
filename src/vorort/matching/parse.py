"""JSON (already decoded) → ``Instance``, with messages that name the field.

The contract of ``vorort match housing`` (issue 3): ``{"households": [...], "apartments":
[...]}`` plus the optional ``"options": {"available_by": "YYYY-MM-DD"}``. Unknown fields are
ignored — including any nationality, religion or ethnic origin a file may carry: they never
reach the matcher. The optional fit fields (``district``, ``location``, ``preferred_districts``,
``places``, ``priority_reason``) are read when well-formed and otherwise ignored, so a field we
do not know the shape of can never change feasibility. A household's ``move_in_by`` (its own
latest move-in date) is read when given and then must be a date. ``available_from`` is only
read when ``options.available_by`` is set or some household has a ``move_in_by``, and then must
be a date.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from vorort.matching.model import Apartment, Household, Instance, InstanceError, Place

__all__ = ["parse_instance"]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _require(obj: dict[str, Any], key: str, path: str) -> Any:
    if key not in obj or obj[key] is None:
        raise InstanceError(f"{path}.{key}: missing")
    return obj[key]


def _integer(obj: dict[str, Any], key: str, path: str, *, default: int | None = None) -> int:
    value = obj.get(key)
    if value is None:
        if default is None:
            raise InstanceError(f"{path}.{key}: missing")
        return default
    if _is_number(value) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    raise InstanceError(f"{path}.{key}: must be an integer, got {value!r}")


def _money(obj: dict[str, Any], key: str, path: str) -> float:
    value = _require(obj, key, path)
    if not _is_number(value) or not math.isfinite(value):
        raise InstanceError(f"{path}.{key}: must be a number, got {value!r}")
    if value < 0:
        raise InstanceError(f"{path}.{key}: must be ≥ 0, got {value}")
    return float(value)


def _flag(obj: dict[str, Any], key: str, path: str, default: bool) -> bool:
    value = obj.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InstanceError(f"{path}.{key}: must be true or false, got {value!r}")
    return value


def _text(obj: dict[str, Any], key: str, path: str, *, optional: bool) -> str | None:
    value = obj.get(key)
    if value is None:
        return None if optional else ""
    if not isinstance(value, str):
        raise InstanceError(f"{path}.{key}: must be a string, got {value!r}")
    return value


def _id(obj: dict[str, Any], path: str, seen: set[str]) -> str:
    value = obj.get("id")
    if value is None:
        raise InstanceError(f"{path}.id: missing")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a numeric id is taken as its decimal text (the CLI echoes it)
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{path}.id: must be a non-empty string or an integer, got {value!r}")
    if value in seen:
        raise InstanceError(f"{path}.id: duplicate id {value!r}")
    seen.add(value)
    return value


def _date(value: Any, path: str) -> date:
    if not isinstance(value, str):
        raise InstanceError(f"{path}: must be a date YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InstanceError(f"{path}: must be a date YYYY-MM-DD, got {value!r}") from None


def _coordinates(value: Any) -> tuple[float, float] | None:
    if isinstance(value, dict):
        value = [value.get("lat"), value.get("lon")]
    if (
        isinstance(value, list | tuple)
        and len(value) >= 2
        and all(_is_number(v) and math.isfinite(v) for v in value[:2])
        and -90 <= value[0] <= 90
        and -180 <= value[1] <= 180
    ):
        return float(value[0]), float(value[1])
    return None


def _places(value: Any) -> tuple[Place, ...]:
    if not isinstance(value, list):
        return ()
    places = []
    for item in value:
        coords = _coordinates(item)
        if coords is None:
            continue
        label = ""
        if isinstance(item, dict) and isinstance(item.get("label"), str):
            label = item["label"]
        elif isinstance(item, list) and len(item) >= 3 and isinstance(item[2], str):
            label = item[2]
        places.append(Place(coords[0], coords[1], label))
    return tuple(places)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    if key not in data:
        raise InstanceError(f"{key}: missing (a list of {key})")
    value = data[key]
    if not isinstance(value, list):
        raise InstanceError(f"{key}: must be a list, got {type(value).__name__}")
    return value


def _household(raw: Any, path: str, seen: set[str]) -> Household:
    if not isinstance(raw, dict):
        raise InstanceError(f"{path}: must be an object, got {type(raw).__name__}")
    hid = _id(raw, path, seen)
    persons = _integer(raw, "persons", path)
    if persons < 1:
        raise InstanceError(f"{path}.persons: must be ≥ 1, got {persons}")
    priority = _integer(raw, "priority", path, default=0)
    if priority < 0:
        raise InstanceError(f"{path}.priority: must be ≥ 0, got {priority}")
    districts = raw.get("preferred_districts")
    reason = raw.get("priority_reason")
    move_in_by = raw.get("move_in_by")
    return Household(
        id=hid,
        persons=persons,
        max_rent=_money(raw, "max_rent", path),
        needs_accessible=_flag(raw, "needs_accessible", path, False),
        required_municipality=_text(raw, "required_municipality", path, optional=True) or None,
        priority=priority,
        pets=_flag(raw, "pets", path, False),
        smokers=_flag(raw, "smokers", path, False),
        preferred_districts=tuple(d for d in districts if isinstance(d, str) and d)
        if isinstance(districts, list)
        else (),
        places=_places(raw.get("places")),
        priority_reason=reason if isinstance(reason, str) else "",
        move_in_by=None if move_in_by is None else _date(move_in_by, f"{path}.move_in_by"),
    )


def _apartment(raw: Any, path: str, seen: set[str], dated: bool) -> Apartment:
    if not isinstance(raw, dict):
        raise InstanceError(f"{path}: must be an object, got {type(raw).__name__}")
    aid = _id(raw, path, seen)
    max_persons = _integer(raw, "max_persons", path)
    if max_persons < 1:
        raise InstanceError(f"{path}.max_persons: must be ≥ 1, got {max_persons}")
    min_persons = _integer(raw, "min_persons", path, default=1)
    if min_persons < 1:
        raise InstanceError(f"{path}.min_persons: must be ≥ 1, got {min_persons}")
    if min_persons > max_persons:
        raise InstanceError(
            f"{path}.min_persons: must be ≤ max_persons ({max_persons}), got {min_persons}"
        )
    available_from = None
    if dated and raw.get("available_from") is not None:
        available_from = _date(raw["available_from"], f"{path}.available_from")
    district = raw.get("district")
    return Apartment(
        id=aid,
        max_persons=max_persons,
        min_persons=min_persons,
        rent=_money(raw, "rent", path),
        accessible=_flag(raw, "accessible", path, False),
        municipality=_text(raw, "municipality", path, optional=False) or "",
        pets_allowed=_flag(raw, "pets_allowed", path, True),
        smokers_allowed=_flag(raw, "smokers_allowed", path, True),
        district=district if isinstance(district, str) else "",
        location=_coordinates(raw.get("location")),
        available_from=available_from,
    )


def parse_instance(data: Any) -> Instance:
    """Validate the decoded JSON of an instance and build it; ``InstanceError`` names the field."""
    if not isinstance(data, dict):
        raise InstanceError(f"(top level): must be an object, got {type(data).__name__}")
    available_by = None
    options = data.get("options")
    if options is not None:
        if not isinstance(options, dict):
            raise InstanceError(f"options: must be an object, got {type(options).__name__}")
        if options.get("available_by") is not None:
            available_by = _date(options["available_by"], "options.available_by")
    raw_households = _list(data, "households")
    raw_apartments = _list(data, "apartments")
    seen: set[str] = set()
    households = [_household(raw, f"households[{i}]", seen) for i, raw in enumerate(raw_households)]
    seen = set()
    dated = available_by is not None or any(h.move_in_by is not None for h in households)
    apartments = [
        _apartment(raw, f"apartments[{i}]", seen, dated) for i, raw in enumerate(raw_apartments)
    ]
    return Instance(tuple(households), tuple(apartments), available_by)
