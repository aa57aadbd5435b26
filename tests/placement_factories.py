"""Builders for placement tests: districts, apartments, households with a need, the KdU table.

Plain functions (create inside ``scopes_disabled()``, as the test fixtures run).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from vorort.core.models import Kommune
from vorort.housing.choices import ApartmentStatus, LandlordKind, PlacementStatus
from vorort.housing.models import (
    Apartment,
    District,
    Facility,
    HousingNeed,
    KduTable,
    Landlord,
    MatchingRun,
    Occupancy,
    Placement,
)
from vorort.housing.services import kdu
from vorort.people.choices import Relation
from vorort.people.models import Household, HouseholdMember, Person

JOINED = dt.date(2025, 1, 1)


def paderborn_kdu(kommune: Kommune) -> KduTable:
    """The shipped Paderborn table: 1 p. 440,50 €, 2 p. 520 €, 3 p. 642,40 €, 4 p. 742,90 €."""
    return kdu.load_table(kommune=kommune, path=kdu.shipped_tables()["paderborn"])


def district(kommune: Kommune, name: str = "Kernstadt", **kwargs: Any) -> District:
    defaults: dict[str, Any] = {
        "municipality": "Paderborn",
        "latitude": Decimal("51.71905"),
        "longitude": Decimal("8.75439"),
    }
    defaults.update(kwargs)
    obj, _created = District.objects.get_or_create(kommune=kommune, name=name, defaults=defaults)
    return obj


def landlord(kommune: Kommune, **kwargs: Any) -> Landlord:
    defaults: dict[str, Any] = {
        "kind": LandlordKind.PRIVATE,
        "name": "Gisela Vermieterin",
        "contact_person": "Gisela Vermieterin",
        "phone": "05251 123456",
    }
    defaults.update(kwargs)
    return Landlord.objects.create(kommune=kommune, **defaults)


def apartment(kommune: Kommune, **kwargs: Any) -> Apartment:
    defaults: dict[str, Any] = {
        "street": "Westernstraße 10",
        "postcode": "33098",
        "municipality": "Paderborn",
        "rooms": Decimal("3"),
        "area_m2": Decimal("70"),
        "floor": 2,
        "has_lift": True,
        "rent_net_cold": Decimal("450"),
        "service_costs_cold": Decimal("120"),
        "heating_costs": Decimal("80"),
        "available_from": dt.date(2026, 1, 1),
        "min_persons": 1,
        "max_persons": 5,
        "pets_allowed": True,
        "smokers_allowed": True,
        "status": ApartmentStatus.OFFERED,
    }
    defaults.update(kwargs)
    if "landlord" not in defaults:
        defaults["landlord"] = landlord(kommune)
    return Apartment.objects.create(kommune=kommune, **defaults)


def household(
    kommune: Kommune,
    persons: int = 2,
    *,
    name: str = "Familie Haddad",
    need: bool = True,
    first_names: tuple[str, ...] = ("Amina", "Omar", "Lina", "Sami", "Nour", "Adam"),
    **need_fields: Any,
) -> Household:
    """A household with ``persons`` current members and (by default) an active need."""
    obj = Household.objects.create(kommune=kommune, name=name)
    last = name.split()[-1]
    for index in range(persons):
        person = Person.objects.create(
            kommune=kommune,
            first_name=first_names[index % len(first_names)],
            last_name=last,
            birth_date=dt.date(1985 + index, 1, 1),
            nationality="SY",
        )
        HouseholdMember.objects.create(
            kommune=kommune,
            household=obj,
            person=person,
            relation=Relation.REFERENCE if index == 0 else Relation.CHILD,
            joined_on=JOINED,
        )
    if need:
        fields: dict[str, Any] = {"seeking_since": dt.date(2025, 6, 1)}
        fields.update(need_fields)
        preferred = fields.pop("preferred_districts", [])
        obj_need = HousingNeed.objects.create(kommune=kommune, household=obj, **fields)
        obj_need.preferred_districts.set(preferred)
    return obj


def members(household: Household) -> list[Person]:
    return [m.person for m in household.members.select_related("person").order_by("id")]


def facility(kommune: Kommune, name: str = "GU Am Hoppenhof") -> Facility:
    obj, _created = Facility.objects.get_or_create(
        kommune=kommune, name=name, defaults={"kind": "gu", "places": 120}
    )
    return obj


def live_in_facility(household: Household, since: dt.date = JOINED) -> list[Occupancy]:
    place = facility(household.kommune)
    return [
        Occupancy.objects.create(
            kommune=household.kommune, person=person, facility=place, valid_from=since
        )
        for person in members(household)
    ]


def proposal(
    household: Household,
    flat: Apartment,
    *,
    started_by: Any,
    status: str = PlacementStatus.PROPOSED,
    **kwargs: Any,
) -> Placement:
    """A placement as a matching run would store it (with a run of the Kommune scope)."""
    run = MatchingRun.objects.create(kommune=household.kommune, started_by=started_by)
    defaults: dict[str, Any] = {
        "reasons": ["2 Personen passen (1–5)", "Miete 570,00 € ≤ 520,00 €"],
        "score": 1.5,
        "persons": household.members.count(),
        "rent_limit": Decimal("642.40"),
    }
    defaults.update(kwargs)
    return Placement.objects.create(
        kommune=household.kommune,
        household=household,
        apartment=flat,
        run=run,
        status=status,
        **defaults,
    )
