"""Housing demo data: created with the demo, valid, deterministic, fast enough at scale."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from vorort.core.models import Kommune
from vorort.demo.housing import generate_housing
from vorort.demo.places import PADERBORN
from vorort.housing.choices import ApartmentStatus, OfferStatus, PlacementStatus
from vorort.housing.models import (
    Apartment,
    District,
    Facility,
    HousingNeed,
    KduTable,
    Landlord,
    Occupancy,
    OfferSubmission,
    Placement,
)
from vorort.housing.services.kdu import table_on

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo() -> str:
    return run_demo("--persons", "400", "--seed", "3")


def test_demo_creates_housing_for_both_kommunen(demo):
    for kommune in Kommune.objects.all():
        assert District.objects.filter(kommune=kommune).count() >= 8
        assert Landlord.objects.filter(kommune=kommune).count() == 40
        assert Apartment.objects.filter(kommune=kommune).count() == 120
        assert Facility.objects.filter(kommune=kommune).count() == 3
        assert HousingNeed.objects.filter(kommune=kommune).exists()
        assert Occupancy.objects.filter(kommune=kommune, valid_to__isnull=True).exists()
        assert OfferSubmission.objects.filter(kommune=kommune, status=OfferStatus.NEW).count() == 4
        assert table_on(kommune, dt.date.today()) is not None
    paderborn = Kommune.objects.get(slug="paderborn")
    names = set(District.objects.filter(kommune=paderborn).values_list("name", flat=True))
    assert {"Kernstadt", "Schloß Neuhaus", "Elsen", "Sande", "Wewer"} <= names
    assert KduTable.objects.get(kommune=paderborn).name == "KdU Paderborn / Bad Lippspringe"
    assert "housing with 120 apartments" in demo


def test_landlords_of_every_kind_and_rents_around_the_limits(demo):
    paderborn = Kommune.objects.get(slug="paderborn")
    kinds = set(Landlord.objects.filter(kommune=paderborn).values_list("kind", flat=True))
    assert {"private", "company", "cooperative"} <= kinds
    table = KduTable.objects.get(kommune=paderborn)
    within = above = 0
    for apartment in Apartment.objects.filter(kommune=paderborn):
        limit = table.limit_for(apartment.max_persons)
        if apartment.gross_cold_rent <= limit:
            within += 1
        else:
            above += 1
    assert within > 30
    assert above > 5


def test_every_housing_row_passes_full_clean(demo):
    for model in (Apartment, Landlord, Facility, District, HousingNeed, Occupancy, Placement):
        for obj in model.objects.all()[:60]:
            obj.full_clean()


def test_needs_have_reasons_and_some_wohnsitzauflage(demo):
    needs = HousingNeed.objects.all()
    assert needs.filter(priority__gt=0).exists()
    assert not needs.filter(priority__gt=0, priority_reason="").exists()
    assert not needs.filter(rent_limit_override__isnull=False, rent_limit_reason="").exists()
    assert needs.exclude(required_municipality="").exists()


def test_occupancies_never_overlap_and_fit_the_places(demo):
    by_person: dict[int, list[Occupancy]] = {}
    for occupancy in Occupancy.objects.order_by("valid_from"):
        by_person.setdefault(occupancy.person_id, []).append(occupancy)
    for periods in by_person.values():
        for earlier, later in itertools.pairwise(periods):
            assert earlier.valid_to is not None and earlier.valid_to < later.valid_from
    today = dt.date.today()
    current = Q(occupancies__valid_from__lte=today) & (
        Q(occupancies__valid_to__isnull=True) | Q(occupancies__valid_to__gte=today)
    )
    for facility in Facility.objects.annotate(n=Count("occupancies", filter=current)):
        assert facility.n <= facility.places


def test_moved_in_households_make_let_apartments(demo):
    placements = Placement.objects.filter(status=PlacementStatus.MOVED_IN)
    assert placements.exists()
    for placement in placements:
        assert placement.apartment.status == ApartmentStatus.LET
        assert Occupancy.objects.filter(apartment=placement.apartment).exists()


def test_running_again_adds_nothing_and_reset_gives_the_same_data(demo):
    before = Counter(Apartment.objects.values_list("street", flat=True))
    run_demo("--persons", "400", "--seed", "3")
    assert Counter(Apartment.objects.values_list("street", flat=True)) == before
    run_demo("--persons", "400", "--seed", "3", "--reset")
    assert Counter(Apartment.objects.values_list("street", flat=True)) == before


def test_generation_is_quick_for_many_households(tenant):
    """The housing part touches a sample of households only: a large demo stays fast."""
    from vorort.people.models import Household, HouseholdMember, Person

    households = Household.objects.bulk_create(
        Household(kommune=tenant.kommune, name=f"Familie {n}") for n in range(3000)
    )
    persons = Person.objects.bulk_create(
        Person(kommune=tenant.kommune, first_name="A", last_name=f"B{n}", search_name=f"a b{n}")
        for n in range(3000)
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            kommune=tenant.kommune,
            household=h,
            person=p,
            relation="reference",
            joined_on=dt.date(2024, 1, 1),
        )
        for h, p in zip(households, persons, strict=True)
    )
    started = time.monotonic()
    rows = generate_housing(tenant.kommune, PADERBORN, seed=1, today=dt.date(2026, 11, 25))
    assert time.monotonic() - started < 10
    assert rows["housing_need"] == 150
