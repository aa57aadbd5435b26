"""Facilities: list with free places, detail with residents, create/edit, occupancy add/end."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from vorort.housing.models import Facility, Occupancy

from ..housing_records_factories import make_facility, make_person


def url(name: str, **kwargs):
    return reverse(f"housing:{name}", kwargs={"kommune": "paderborn", **kwargs})


def occupy(facility, person, start, end=None):
    return Occupancy.objects.create(
        kommune=facility.kommune, person=person, facility=facility, valid_from=start, valid_to=end
    )


def test_facility_list_counts_current_residents_and_free_places(tenant):
    facility = make_facility(tenant.kommune, name="GU Alte Schule", places=10)
    occupy(facility, make_person(tenant.kommune, "A"), dt.date(2025, 1, 1))
    occupy(facility, make_person(tenant.kommune, "B"), dt.date(2025, 1, 1))
    occupy(facility, make_person(tenant.kommune, "C"), dt.date(2024, 1, 1), dt.date(2024, 6, 1))
    response = tenant.client("fallmanagement").get(url("facility_list"))
    assert response.status_code == 200
    row = response.context["page"].object_list[0]
    assert (row.occupants, row.free_places) == (2, 8)


def test_facility_list_query_count_is_constant(tenant, django_assert_max_num_queries):
    for _ in range(5):
        make_facility(tenant.kommune)
    client = tenant.client("wohnraum")
    client.get(url("facility_list"))
    with django_assert_max_num_queries(12) as small:
        client.get(url("facility_list"))
    for _ in range(45):
        occupy(make_facility(tenant.kommune), make_person(tenant.kommune), dt.date(2025, 1, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("facility_list"))
    assert len(response.context["page"].object_list) == 50


def test_facility_detail_shows_current_and_past_residents(tenant):
    facility = make_facility(tenant.kommune)
    occupy(facility, make_person(tenant.kommune, "Amina", "Haddad"), dt.date(2025, 1, 1))
    occupy(
        facility,
        make_person(tenant.kommune, "Omar", "Rahimi"),
        dt.date(2024, 1, 1),
        dt.date(2024, 6, 1),
    )
    response = tenant.client("wohnraum").get(url("facility_detail", facility=facility.uuid))
    assert [str(o.person) for o in response.context["current"]] == ["Haddad, Amina"]
    assert [str(o.person) for o in response.context["other"]] == ["Rahimi, Omar"]
    assert "/personen/" in response.content.decode()


def facility_post(**overrides):
    data = {"name": "ÜWH Dören", "kind": "uewh", "places": "40", "active": "on"}
    data.update(overrides)
    return data


def test_create_and_edit_facility(tenant):
    client = tenant.client("wohnraum")
    response = client.post(url("facility_create"), facility_post())
    facility = Facility.objects.get(name="ÜWH Dören")
    assert response["Location"] == url("facility_detail", facility=facility.uuid)
    response = client.post(
        url("facility_edit", facility=facility.uuid), facility_post(places="45", version="1")
    )
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.places == 45


def test_facility_bad_input_names_the_field(tenant):
    response = tenant.client("wohnraum").post(url("facility_create"), facility_post(places="0"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "places" in errors
    assert "Plätze" in errors["places"][0] or "places" in errors["places"][0].lower()
    assert not Facility.objects.exists()


def test_facility_stale_edit_is_refused(tenant):
    facility = make_facility(tenant.kommune, places=10)
    Facility.objects.filter(pk=facility.pk).update(version=4)
    response = tenant.client("wohnraum").post(
        url("facility_edit", facility=facility.uuid), facility_post(places="99", version="1")
    )
    assert response.status_code == 400
    facility.refresh_from_db()
    assert facility.places == 10


def test_add_resident_and_end_the_stay(tenant):
    facility = make_facility(tenant.kommune)
    person = make_person(tenant.kommune)
    client = tenant.client("wohnraum")
    response = client.post(
        url("occupancy_add", facility=facility.uuid),
        {"person": str(person.uuid), "valid_from": "2026-02-01"},
    )
    assert response.status_code == 302
    occupancy = Occupancy.objects.get(person=person)
    assert occupancy.facility == facility
    response = client.post(
        url("occupancy_end", facility=facility.uuid, occupancy=occupancy.uuid),
        {"valid_to": "2026-05-31", "reason": "Eigene Wohnung"},
    )
    assert response.status_code == 302
    occupancy.refresh_from_db()
    assert occupancy.valid_to == dt.date(2026, 5, 31)


def test_overlapping_resident_is_refused_with_the_other_period(tenant):
    first = make_facility(tenant.kommune, name="GU Alte Schule")
    second = make_facility(tenant.kommune, name="ÜWH Dören")
    person = make_person(tenant.kommune)
    occupy(first, person, dt.date(2026, 1, 1))
    response = tenant.client("wohnraum").post(
        url("occupancy_add", facility=second.uuid),
        {"person": str(person.uuid), "valid_from": "2026-02-01"},
    )
    assert response.status_code == 400
    message = response.context["form"].errors["valid_from"][0]
    assert "GU Alte Schule" in message
    assert "01.01.2026" in message
    assert Occupancy.objects.filter(person=person).count() == 1


def test_add_resident_without_person_names_the_field(tenant):
    facility = make_facility(tenant.kommune)
    response = tenant.client("wohnraum").post(
        url("occupancy_add", facility=facility.uuid), {"valid_from": "2026-02-01"}
    )
    assert response.status_code == 400
    assert "person" in response.context["form"].errors
    assert not Occupancy.objects.exists()


def test_person_of_other_kommune_cannot_be_added(tenant, other_tenant):
    facility = make_facility(tenant.kommune)
    foreign = make_person(other_tenant.kommune)
    response = tenant.client("wohnraum").post(
        url("occupancy_add", facility=facility.uuid),
        {"person": str(foreign.uuid), "valid_from": "2026-02-01"},
    )
    assert response.status_code == 400
    assert not Occupancy.objects.exists()


def test_end_before_start_is_400(tenant):
    facility = make_facility(tenant.kommune)
    occupancy = occupy(facility, make_person(tenant.kommune), dt.date(2026, 3, 1))
    response = tenant.client("wohnraum").post(
        url("occupancy_end", facility=facility.uuid, occupancy=occupancy.uuid),
        {"valid_to": "2026-01-01", "reason": "x"},
    )
    assert response.status_code == 400
    assert "valid_to" in response.context["form"].errors
    occupancy.refresh_from_db()
    assert occupancy.valid_to is None


def test_wrong_role_and_other_kommune(tenant, other_tenant):
    facility = make_facility(tenant.kommune)
    person = make_person(tenant.kommune)
    response = tenant.client("fallmanagement").post(
        url("occupancy_add", facility=facility.uuid),
        {"person": str(person.uuid), "valid_from": "2026-02-01"},
    )
    assert response.status_code == 403
    assert not Occupancy.objects.exists()
    response = other_tenant.client("wohnraum").get(
        reverse(
            "housing:facility_detail",
            kwargs={"kommune": "koenigswinter", "facility": facility.uuid},
        )
    )
    assert response.status_code == 404
