"""The matcher's input built from the database (housing/services/instance.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vorort.housing.choices import ApartmentStatus, PlaceKind, PlacementStatus
from vorort.housing.models import ImportantPlace
from vorort.housing.services import kdu
from vorort.housing.services.instance import NO_MEMBERS, NO_RENT_LIMIT, build_instance
from vorort.people.models import HouseholdMember

from .. import placement_factories as pf

DAY = dt.date(2026, 11, 25)


def test_it_builds_households_and_apartments_with_limits_and_places(tenant):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    elsen = pf.district(k, "Elsen", latitude=Decimal("51.73"), longitude=Decimal("8.68"))
    school = pf.district(k, "Schloß Neuhaus", latitude=Decimal("51.74"), longitude=Decimal("8.70"))
    family = pf.household(
        k,
        3,
        needs_accessible=True,
        pets=True,
        priority=2,
        priority_reason="Notunterkunft",
        required_municipality="Paderborn",
        preferred_districts=[elsen],
        move_in_by=dt.date(2026, 12, 31),
    )
    ImportantPlace.objects.create(
        kommune=k,
        need=family.housing_need,
        kind=PlaceKind.SCHOOL,
        label="Grundschule",
        district=school,
    )
    flat = pf.apartment(k, district=elsen, accessible=True)
    built = build_instance(kommune=k, day=DAY)

    (h,) = built.instance.households
    assert h.id == str(family.uuid)
    assert h.persons == 3
    assert h.max_rent == Decimal("642.40")  # KdU Paderborn, 3 persons
    assert (h.needs_accessible, h.pets, h.smokers, h.priority) == (True, True, False, 2)
    assert h.required_municipality == "Paderborn"
    assert h.preferred_districts == ("Paderborn-Elsen",)
    assert [(p.lat, p.lon, p.label) for p in h.places] == [(51.74, 8.70, "Grundschule")]
    (a,) = built.instance.apartments
    assert a.id == str(flat.uuid)
    assert a.rent == Decimal("570.00")  # gross cold: 450 + 120, no heating (bruttokalt)
    assert (a.min_persons, a.max_persons, a.accessible, a.municipality) == (1, 5, True, "Paderborn")
    assert a.district == "Paderborn-Elsen"
    assert a.location == (51.73, 8.68)
    assert built.instance.available_by is None  # each household carries its own date
    assert h.move_in_by == dt.date(2026, 12, 31)
    assert built.dates[h.id] == dt.date(2026, 12, 31)
    assert built.members[h.id] == pf.members(family)


def test_the_limit_is_the_one_kdu_rent_limit_gives(tenant):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    families = [pf.household(k, n, name=f"Familie {n}") for n in (1, 2, 6)]
    override = pf.household(
        k,
        2,
        name="Familie Override",
        rent_limit_override=Decimal("600"),
        rent_limit_reason="Bescheid Jobcenter",
    )
    built = build_instance(kommune=k, day=DAY)
    for family in [*families, override]:
        persons = family.members.count()
        expected = kdu.rent_limit(family.housing_need, persons, DAY)
        assert built.limits[str(family.uuid)] == expected
    assert built.limits[str(families[2].uuid)].amount == Decimal("898.70") + Decimal("122.55")
    assert built.limits[str(override.uuid)].amount == Decimal("600")


def test_it_leaves_out_who_cannot_or_need_not_be_matched(tenant):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    looking = pf.household(k, 2, name="Familie Looking")
    pf.household(k, 2, name="Familie Inactive", active=False)
    pf.household(k, 2, name="Familie Without", need=False)
    left = pf.household(k, 1, name="Familie Left")
    HouseholdMember.objects.filter(household=left).update(left_on=DAY - dt.timedelta(days=3))
    holding = pf.household(k, 2, name="Familie Holding")
    reserved = pf.apartment(k, status=ApartmentStatus.RESERVED, street="Reserviert 1")
    pf.proposal(
        holding, reserved, started_by=tenant.user("wohnraum"), status=PlacementStatus.ACCEPTED
    )
    offered = pf.apartment(k, street="Frei 1")
    pf.apartment(k, status=ApartmentStatus.LET, street="Vermietet 1")
    pf.apartment(k, status=ApartmentStatus.WITHDRAWN, street="Zurückgezogen 1")

    built = build_instance(kommune=k, day=DAY)

    assert [h.id for h in built.instance.households] == [str(looking.uuid)]
    assert [a.id for a in built.instance.apartments] == [str(offered.uuid)]
    assert built.unassigned == [{"household": str(left.uuid), "reasons": [NO_MEMBERS]}]


def test_a_household_without_any_limit_is_listed_with_the_reason(tenant):
    k = tenant.kommune  # no KdU table loaded
    family = pf.household(k, 2)
    with_override = pf.household(
        k,
        2,
        name="Familie Override",
        rent_limit_override=Decimal("500"),
        rent_limit_reason="Bescheid",
    )
    built = build_instance(kommune=k, day=DAY)
    assert [h.id for h in built.instance.households] == [str(with_override.uuid)]
    assert built.unassigned == [{"household": str(family.uuid), "reasons": [NO_RENT_LIMIT]}]
    assert NO_RENT_LIMIT == "keine Mietobergrenze: KdU-Tabelle fehlt"


def test_it_ignores_the_other_kommune(tenant, other_tenant):
    pf.paderborn_kdu(tenant.kommune)
    pf.paderborn_kdu(other_tenant.kommune)
    pf.household(other_tenant.kommune, 2)
    pf.apartment(other_tenant.kommune)
    from django_scopes import scope

    with scope(kommune=tenant.kommune):
        built = build_instance(kommune=tenant.kommune, day=DAY)
    assert built.instance.households == ()
    assert built.instance.apartments == ()


def _queries(kommune) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_instance(kommune=kommune, day=DAY)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_households(tenant):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    elsen = pf.district(k, "Elsen")

    def add(n: int) -> None:
        for i in range(n):
            family = pf.household(
                k, 1 + i % 4, name=f"Familie {n}-{i}", preferred_districts=[elsen]
            )
            ImportantPlace.objects.create(
                kommune=k,
                need=family.housing_need,
                kind=PlaceKind.WORK,
                label="Betrieb",
                district=elsen,
            )
            pf.apartment(k, district=elsen, street=f"Weg {n}-{i}")

    add(2)
    few = _queries(k)
    add(8)
    assert _queries(k) == few


def test_a_household_without_a_move_in_wish_gets_the_run_day(tenant):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    family = pf.household(k, 2, move_in_by=None)
    built = build_instance(kommune=k, day=DAY)
    (h,) = built.instance.households
    assert h.id == str(family.uuid)
    assert h.move_in_by == DAY
    assert built.dates[h.id] == DAY
