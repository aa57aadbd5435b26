"""Households: list, create, detail, members joining and leaving (one household at a time)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vorort.people.models import Household, HouseholdMember, TimelineEntry

from ..factories import HouseholdFactory, PersonFactory
from ..persons_factories import HouseholdMemberFactory, english, url


@pytest.fixture
def household(tenant):
    return HouseholdFactory(kommune=tenant.kommune, name="Familie Haddad")


@pytest.fixture
def person(tenant):
    return PersonFactory(kommune=tenant.kommune, first_name="Amina", last_name="Haddad")


def test_household_list_shows_active_member_counts(tenant, household, person):
    HouseholdMemberFactory(household=household, person=person)
    HouseholdMemberFactory(
        household=household,
        person=PersonFactory(kommune=tenant.kommune),
        left_on=dt.date(2024, 6, 1),
    )
    response = tenant.client("fallmanagement").get(url("household_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Familie Haddad" in body
    assert "<td>1</td>" in body


def test_household_list_query_count_is_constant(tenant):
    client = tenant.client("koordination")

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url("household_list")).status_code == 200
        return len(context.captured_queries)

    for _ in range(3):
        HouseholdMemberFactory(person=PersonFactory(kommune=tenant.kommune))
    few = count()
    for _ in range(20):
        HouseholdMemberFactory(person=PersonFactory(kommune=tenant.kommune))
    assert count() == few


def test_household_create(tenant):
    response = tenant.client("fallmanagement").post(
        url("household_create"), {"name": "Familie Rahimi", "notes": "Vier Personen"}
    )
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("household_detail", household=household.uuid)
    assert household.name == "Familie Rahimi"
    assert household.kommune == tenant.kommune


def test_household_create_needs_a_name(tenant):
    response = english(tenant.client("fallmanagement")).post(url("household_create"), {"name": ""})
    assert response.status_code == 400
    assert "Name: this field is required." in response.content.decode()
    assert not Household.objects.exists()


def test_household_detail_lists_members_with_relation_and_dates(tenant, household, person):
    HouseholdMemberFactory(
        household=household, person=person, relation="spouse", joined_on=dt.date(2024, 2, 1)
    )
    body = english(tenant.client("fallmanagement")).get(
        url("household_detail", household=household.uuid)
    )
    html = body.content.decode()
    assert body.status_code == 200
    assert "Haddad, Amina" in html
    assert "spouse or partner" in html
    assert "02/01/2024" in html


def test_member_add_and_timeline(tenant, household, person):
    response = tenant.client("fallmanagement").post(
        url("household_member_add", household=household.uuid),
        {"person": str(person.uuid), "relation": "reference", "joined_on": "2025-01-01"},
    )
    assert response.status_code == 302
    member = HouseholdMember.objects.get()
    assert (member.household, member.person, member.relation) == (household, person, "reference")
    assert member.joined_on == dt.date(2025, 1, 1)
    assert TimelineEntry.objects.get(person=person).kind == "household.joined"


def test_member_add_search_narrows_the_offered_persons(tenant, household, person):
    PersonFactory(kommune=tenant.kommune, first_name="Olena", last_name="Kovalenko")
    body = tenant.client("fallmanagement").get(
        url("household_member_add", household=household.uuid), {"q": "haddad"}
    )
    html = body.content.decode()
    assert str(person.uuid) in html
    assert "Kovalenko" not in html


def test_person_can_be_active_member_of_one_household_only(tenant, household, person):
    other = HouseholdFactory(kommune=tenant.kommune, name="Familie Rahimi")
    HouseholdMemberFactory(household=other, person=person)
    response = english(tenant.client("fallmanagement")).post(
        url("household_member_add", household=household.uuid),
        {"person": str(person.uuid), "relation": "child", "joined_on": "2025-01-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "is already a member of the household" in body
    assert "Familie Rahimi" in body
    assert HouseholdMember.objects.count() == 1


def test_person_who_left_can_join_another_household(tenant, household, person):
    other = HouseholdFactory(kommune=tenant.kommune)
    HouseholdMemberFactory(household=other, person=person, left_on=dt.date(2024, 12, 31))
    response = tenant.client("fallmanagement").post(
        url("household_member_add", household=household.uuid),
        {"person": str(person.uuid), "relation": "reference", "joined_on": "2025-01-01"},
    )
    assert response.status_code == 302
    assert HouseholdMember.objects.filter(left_on__isnull=True).get().household == household


def test_member_add_refuses_future_date_and_foreign_person(tenant, other_tenant, household, person):
    client = english(tenant.client("fallmanagement"))
    path = url("household_member_add", household=household.uuid)
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        path, {"person": str(person.uuid), "relation": "child", "joined_on": future}
    )
    assert response.status_code == 400
    assert "Member since: the date must not be in the future." in response.content.decode()
    foreign = PersonFactory(kommune=other_tenant.kommune)
    response = client.post(
        path, {"person": str(foreign.uuid), "relation": "child", "joined_on": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "Person: please choose one of the offered values." in response.content.decode()
    assert not HouseholdMember.objects.exists()


def test_member_leave_sets_left_on(tenant, household, person):
    member = HouseholdMemberFactory(household=household, person=person)
    response = tenant.client("fallmanagement").post(
        url("household_member_leave", household=household.uuid, member=member.uuid),
        {"left_on": "2025-02-01"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == dt.date(2025, 2, 1)
    assert TimelineEntry.objects.get(person=person).kind == "household.left"


def test_member_leave_without_date_means_today(tenant, household, person):
    member = HouseholdMemberFactory(household=household, person=person)
    tenant.client("fallmanagement").post(
        url("household_member_leave", household=household.uuid, member=member.uuid)
    )
    member.refresh_from_db()
    assert member.left_on == timezone.localdate()


def test_member_leave_before_joining_is_refused(tenant, household, person):
    member = HouseholdMemberFactory(
        household=household, person=person, joined_on=dt.date(2024, 5, 1)
    )
    client = english(tenant.client("fallmanagement"))
    response = client.post(
        url("household_member_leave", household=household.uuid, member=member.uuid),
        {"left_on": "2024-04-01"},
        follow=True,
    )
    assert "Member until: the date must not be before the date they joined" in (
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.left_on is None


def test_member_leave_is_post_only(tenant, household, person):
    member = HouseholdMemberFactory(household=household, person=person)
    path = url("household_member_leave", household=household.uuid, member=member.uuid)
    assert tenant.client("fallmanagement").get(path).status_code == 405


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamtskoordination", "ehrenamt", "partner"])
def test_household_views_403_for_other_roles(tenant, household, person, role):
    member = HouseholdMemberFactory(household=household, person=person)
    client = tenant.client(role)
    assert client.get(url("household_list")).status_code == 403
    assert client.post(url("household_create"), {"name": "X"}).status_code == 403
    assert client.get(url("household_detail", household=household.uuid)).status_code == 403
    path = url("household_member_add", household=household.uuid)
    assert client.post(path, {"person": str(person.uuid), "relation": "child"}).status_code == 403
    leave = url("household_member_leave", household=household.uuid, member=member.uuid)
    assert client.post(leave).status_code == 403
    member.refresh_from_db()
    assert member.left_on is None
    assert Household.objects.count() == 1


def test_household_views_404_for_other_kommune(tenant, other_tenant, household, person):
    member = HouseholdMemberFactory(household=household, person=person)
    client = other_tenant.client("fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        detail = url("household_detail", kommune=kommune, household=household.uuid)
        add = url("household_member_add", kommune=kommune, household=household.uuid)
        leave = url(
            "household_member_leave", kommune=kommune, household=household.uuid, member=member.uuid
        )
        assert client.get(detail).status_code == 404
        assert client.get(add).status_code == 404
        assert client.post(leave).status_code == 404
    assert client.get(url("household_list")).status_code == 404
    assert client.post(url("household_create"), {"name": "X"}).status_code == 404
    member.refresh_from_db()
    assert member.left_on is None
