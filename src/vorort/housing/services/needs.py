"""Writes of a household's housing need and the places that matter to it.

The household size is never stored here: it is counted from the current members whenever a
rent limit is derived. Nationality, religion and ethnic origin are not part of the need.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.core.services import lock_for_update
from vorort.people.models import Household

from ..models import District, HousingNeed, ImportantPlace
from .records import save_named

NEED_FIELDS = (
    "active",
    "seeking_since",
    "move_in_by",
    "rent_limit_override",
    "rent_limit_reason",
    "needs_accessible",
    "required_municipality",
    "pets",
    "smokers",
    "priority",
    "priority_reason",
    "notes",
)


def _check_districts(kommune_id: int, districts: list[District], field: str) -> None:
    if any(d.kommune_id != kommune_id for d in districts):
        raise DomainError(
            _("Preferred districts: please choose among the offered districts."), field=field
        )


@transaction.atomic
def need_save(
    *,
    household: Household,
    actor: Any,
    expected_version: int | None,
    preferred_districts: list[District] | None = None,
    **data: Any,
) -> HousingNeed:
    """Record or change the housing need of ``household`` (optimistic lock when changing).

    A deviating rent limit and a raised priority each need a reason (model validation).
    """
    unknown = set(data) - set(NEED_FIELDS)
    if unknown:
        raise TypeError(f"unknown need fields: {sorted(unknown)}")
    data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    districts = list(preferred_districts or [])
    _check_districts(household.kommune_id, districts, "preferred_districts")
    lock_for_update(Household, household.pk, expected_version=None)
    need = HousingNeed.objects.filter(household=household).first()
    if need is None:
        need = HousingNeed(kommune_id=household.kommune_id, household=household, **data)
        save_named(need, actor=actor)
    else:
        need = lock_for_update(HousingNeed, need.pk, expected_version=expected_version)
        changed = [name for name, value in data.items() if getattr(need, name) != value]
        for name in changed:
            setattr(need, name, data[name])
        before = set(need.preferred_districts.values_list("pk", flat=True))
        if changed or before != {d.pk for d in districts}:
            save_named(need, actor=actor, update_fields=changed)
    need._history_user = actor  # type: ignore[attr-defined]
    need.preferred_districts.set(districts)
    return need


@transaction.atomic
def place_add(
    *, need: HousingNeed, actor: Any, kind: str, label: str, district: District
) -> ImportantPlace:
    """A place that matters to the household (school, workplace), located by its district."""
    if district.kommune_id != need.kommune_id:
        raise DomainError(
            _("District: please choose among the offered districts."), field="district"
        )
    lock_for_update(HousingNeed, need.pk, expected_version=None)
    place = ImportantPlace(
        kommune_id=need.kommune_id, need=need, kind=kind, label=label.strip(), district=district
    )
    save_named(place, actor=actor)
    return place


@transaction.atomic
def place_remove(*, place: ImportantPlace, actor: Any) -> None:
    lock_for_update(HousingNeed, place.need_id, expected_version=None)
    place.delete()
