"""Builders for the housing register tests (create inside ``scopes_disabled()``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from vorort.core.models import Kommune
from vorort.housing.choices import ApartmentStatus, FacilityKind, LandlordKind
from vorort.housing.models import Apartment, District, Facility, Landlord
from vorort.people.models import Person

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_district(kommune: Kommune, name: str = "Elsen", **kwargs: Any) -> District:
    values: dict[str, Any] = {
        "municipality": "Paderborn",
        "latitude": Decimal("51.73500"),
        "longitude": Decimal("8.68500"),
    }
    values.update(kwargs)
    return District.objects.create(kommune=kommune, name=name, **values)


def make_landlord(kommune: Kommune, **kwargs: Any) -> Landlord:
    values: dict[str, Any] = {
        "kind": LandlordKind.PRIVATE,
        "name": f"Vermieter {_next()}",
        "email": "",
    }
    values.update(kwargs)
    return Landlord.objects.create(kommune=kommune, **values)


def make_apartment(kommune: Kommune, **kwargs: Any) -> Apartment:
    values: dict[str, Any] = {
        "street": f"Riemekestraße {_next()}",
        "postcode": "33102",
        "municipality": "Paderborn",
        "rooms": Decimal("2"),
        "area_m2": Decimal("55"),
        "rent_net_cold": Decimal("400"),
        "service_costs_cold": Decimal("100"),
        "heating_costs": Decimal("60"),
        "available_from": dt.date(2026, 1, 1),
        "min_persons": 1,
        "max_persons": 3,
        "status": ApartmentStatus.OFFERED,
    }
    values.update(kwargs)
    if "landlord" not in values:
        values["landlord"] = make_landlord(kommune)
    return Apartment.objects.create(kommune=kommune, **values)


def make_facility(kommune: Kommune, **kwargs: Any) -> Facility:
    values: dict[str, Any] = {
        "name": f"Unterkunft {_next()}",
        "kind": FacilityKind.GEMEINSCHAFTSUNTERKUNFT,
        "places": 80,
    }
    values.update(kwargs)
    return Facility.objects.create(kommune=kommune, **values)


def make_person(kommune: Kommune, first_name: str = "Amina", last_name: str = "Haddad") -> Person:
    return Person.objects.create(
        kommune=kommune, first_name=first_name, last_name=last_name, birth_date=dt.date(1990, 1, 1)
    )


def apartment_post(landlord: Landlord, **overrides: Any) -> dict[str, Any]:
    """Form data of a valid apartment."""
    data: dict[str, Any] = {
        "landlord": str(landlord.uuid),
        "street": "Kamp 5",
        "postcode": "33098",
        "municipality": "Paderborn",
        "district": "",
        "rooms": "3",
        "area_m2": "72.5",
        "floor": "1",
        "rent_net_cold": "480.00",
        "service_costs_cold": "130.00",
        "heating_costs": "70",
        "available_from": "2026-12-01",
        "min_persons": "2",
        "max_persons": "4",
        "benefit_recipients_welcome": "on",
        "notes": "",
    }
    data.update(overrides)
    return data
