"""Occupancy service: start, end, end the current ones on a move-in, no overlaps."""

from __future__ import annotations

import datetime as dt

import pytest

from vorort.core.errors import DomainError
from vorort.housing.models import Occupancy
from vorort.housing.services.occupancy import (
    end_current_occupancies,
    end_occupancy,
    start_occupancy,
)
from vorort.people.models import TimelineEntry

from ..housing_records_factories import make_apartment, make_facility, make_person


def test_start_and_end_an_occupancy(tenant):
    person = make_person(tenant.kommune)
    facility = make_facility(tenant.kommune, name="GU Alte Schule")
    actor = tenant.user("wohnraum")
    occupancy = start_occupancy(
        person=person, actor=actor, facility=facility, valid_from=dt.date(2026, 1, 10)
    )
    assert occupancy.facility == facility
    assert occupancy.valid_to is None
    end_occupancy(occupancy=occupancy, actor=actor, valid_to=dt.date(2026, 3, 31), reason="Umzug")
    occupancy.refresh_from_db()
    assert occupancy.valid_to == dt.date(2026, 3, 31)
    assert occupancy.end_reason == "Umzug"
    kinds = list(TimelineEntry.objects.filter(person=person).values_list("kind", flat=True))
    assert "housing.occupancy_started" in kinds
    assert "housing.occupancy_ended" in kinds


def test_overlapping_occupancy_is_refused_and_names_the_other_period(tenant):
    person = make_person(tenant.kommune)
    facility = make_facility(tenant.kommune, name="GU Alte Schule")
    other = make_facility(tenant.kommune, name="ÜWH Dören")
    actor = tenant.user("wohnraum")
    start_occupancy(person=person, actor=actor, facility=facility, valid_from=dt.date(2026, 1, 10))
    with pytest.raises(DomainError) as error:
        start_occupancy(person=person, actor=actor, facility=other, valid_from=dt.date(2026, 2, 1))
    assert "GU Alte Schule" in error.value.message
    assert "10.01.2026" in error.value.message
    assert error.value.field == "valid_from"
    assert Occupancy.objects.filter(person=person).count() == 1


def test_a_closed_period_later_than_the_start_also_overlaps(tenant):
    person = make_person(tenant.kommune)
    facility = make_facility(tenant.kommune)
    actor = tenant.user("wohnraum")
    occupancy = start_occupancy(
        person=person, actor=actor, facility=facility, valid_from=dt.date(2026, 3, 1)
    )
    end_occupancy(occupancy=occupancy, actor=actor, valid_to=dt.date(2026, 3, 31), reason="x")
    with pytest.raises(DomainError):
        start_occupancy(
            person=person, actor=actor, facility=facility, valid_from=dt.date(2026, 1, 1)
        )
    # After the last night it is fine.
    start_occupancy(person=person, actor=actor, facility=facility, valid_from=dt.date(2026, 4, 1))


def test_end_before_start_is_refused(tenant):
    person = make_person(tenant.kommune)
    actor = tenant.user("wohnraum")
    occupancy = start_occupancy(
        person=person,
        actor=actor,
        facility=make_facility(tenant.kommune),
        valid_from=dt.date(2026, 3, 1),
    )
    with pytest.raises(DomainError) as error:
        end_occupancy(occupancy=occupancy, actor=actor, valid_to=dt.date(2026, 2, 1), reason="x")
    assert error.value.field == "valid_to"
    occupancy.refresh_from_db()
    assert occupancy.valid_to is None


def test_move_in_ends_the_facility_and_starts_the_apartment(tenant):
    person = make_person(tenant.kommune)
    facility = make_facility(tenant.kommune)
    apartment = make_apartment(tenant.kommune)
    actor = tenant.user("wohnraum")
    start_occupancy(person=person, actor=actor, facility=facility, valid_from=dt.date(2025, 5, 1))
    ended = end_current_occupancies(
        person, last_night=dt.date(2026, 4, 30), reason="Einzug", actor=actor
    )
    new = start_occupancy(
        person=person, actor=actor, apartment=apartment, valid_from=dt.date(2026, 5, 1)
    )
    assert [o.valid_to for o in ended] == [dt.date(2026, 4, 30)]
    assert new.apartment == apartment
    assert Occupancy.objects.get(person=person, facility=facility).end_reason == "Einzug"


def test_end_current_occupancies_refuses_a_move_into_the_past(tenant):
    person = make_person(tenant.kommune)
    actor = tenant.user("wohnraum")
    start_occupancy(
        person=person,
        actor=actor,
        facility=make_facility(tenant.kommune),
        valid_from=dt.date(2026, 5, 1),
    )
    with pytest.raises(DomainError):
        end_current_occupancies(person, last_night=dt.date(2026, 4, 1), reason="x", actor=actor)
    assert Occupancy.objects.get(person=person).valid_to is None


def test_occupancy_needs_exactly_one_place(tenant):
    person = make_person(tenant.kommune)
    with pytest.raises(DomainError):
        start_occupancy(person=person, actor=tenant.user("wohnraum"), valid_from=dt.date.today())
