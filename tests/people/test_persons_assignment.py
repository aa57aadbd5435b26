"""Assigning a volunteer to a person, and what the volunteer then sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vorort.core.models import Membership
from vorort.people.models import PersonAssignment, TimelineEntry

from ..factories import PersonFactory, ResidenceStatusFactory, UserFactory
from ..persons_factories import english, url


@pytest.fixture
def person(tenant):
    person = PersonFactory(
        kommune=tenant.kommune, first_name="Yonas", last_name="Tesfay", phone="0151 777"
    )
    ResidenceStatusFactory(person=person, valid_from=dt.date(2024, 1, 1), valid_to=None)
    return person


def assign_data(tenant, **changes):
    data = {
        "volunteer": str(tenant.user("ehrenamt").uuid),
        "purpose": "Begleitung zum Jobcenter",
        "valid_from": timezone.localdate().isoformat(),
        "valid_to": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["fallmanagement", "ehrenamtskoordination"])
def test_assigned_volunteer_sees_the_person_and_only_basic_data(tenant, person, role):
    other = PersonFactory(kommune=tenant.kommune, first_name="Ahmad", last_name="Yilmaz")
    response = tenant.client(role).post(
        url("assignment_add", person=person.uuid), assign_data(tenant)
    )
    assert response.status_code == 302
    assignment = PersonAssignment.objects.get()
    assert assignment.volunteer == tenant.user("ehrenamt")
    assert TimelineEntry.objects.get(person=person).kind == "assignment.added"

    volunteer = tenant.client("ehrenamt")
    listing = volunteer.get(url("person_list")).content.decode()
    assert "Tesfay, Yonas" in listing
    assert "Yilmaz" not in listing
    detail = volunteer.get(url("person_detail", person=person.uuid))
    body = detail.content.decode()
    assert detail.status_code == 200
    assert 'id="stammdaten-heading"' in body
    assert "0151 777" in body
    assert 'id="aufenthalt-heading"' not in body
    assert "Aufenthaltsgestattung" not in body
    assert volunteer.get(url("person_detail", person=other.uuid)).status_code == 404


def test_only_ehrenamt_members_of_this_kommune_can_be_assigned(tenant, other_tenant, person):
    client = english(tenant.client("fallmanagement"))
    path = url("assignment_add", person=person.uuid)
    for user in (tenant.user("wohnraum"), other_tenant.user("ehrenamt")):
        response = client.post(path, assign_data(tenant, volunteer=str(user.uuid)))
        assert response.status_code == 400
        assert "Volunteer: please choose one of the offered values." in response.content.decode()
    assert not PersonAssignment.objects.exists()


def test_volunteer_list_offers_only_ehrenamt_members(tenant, other_tenant, person):
    stranger = UserFactory(username="no-membership", first_name="Nobody")
    body = tenant.client("fallmanagement").get(url("assignment_add", person=person.uuid))
    html = body.content.decode()
    assert str(tenant.user("ehrenamt").uuid) in html
    assert str(tenant.user("wohnraum").uuid) not in html
    assert str(other_tenant.user("ehrenamt").uuid) not in html
    assert str(stranger.uuid) not in html


def test_second_ehrenamt_volunteer_is_offered(tenant, person):
    helper = UserFactory(username="helga", first_name="Helga", last_name="Hilfreich")
    Membership.objects.create(user=helper, kommune=tenant.kommune, role="ehrenamt")
    response = tenant.client("fallmanagement").post(
        url("assignment_add", person=person.uuid), assign_data(tenant, volunteer=str(helper.uuid))
    )
    assert response.status_code == 302
    assert PersonAssignment.objects.get().volunteer == helper


def test_assignment_end_before_start_is_refused(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url("assignment_add", person=person.uuid),
        assign_data(tenant, valid_from="2025-05-01", valid_to="2025-04-01"),
    )
    assert response.status_code == 400
    assert "Valid to:" in response.content.decode()
    assert not PersonAssignment.objects.exists()


def test_assignment_needs_a_purpose(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url("assignment_add", person=person.uuid), assign_data(tenant, purpose="")
    )
    assert response.status_code == 400
    assert "Purpose: this field is required." in response.content.decode()


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamt", "partner", "auswertung"])
def test_assignment_403_for_other_roles(tenant, person, role):
    response = tenant.client(role).post(
        url("assignment_add", person=person.uuid), assign_data(tenant)
    )
    assert response.status_code == 403
    assert not PersonAssignment.objects.exists()


def test_assignment_404_for_other_kommune(tenant, other_tenant, person):
    response = other_tenant.client("fallmanagement").post(
        url("assignment_add", person=person.uuid), assign_data(tenant)
    )
    assert response.status_code == 404
    assert not PersonAssignment.objects.exists()
