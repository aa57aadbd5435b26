"""Creating a person: the form, household membership, duplicate warning, bad input."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vorort.people.models import Household, HouseholdMember, Person, TimelineEntry

from ..factories import HouseholdFactory, PersonFactory
from ..persons_factories import english, url

VALID = {
    "first_name": "Amina",
    "last_name": "Haddad",
    "birth_date": "1990-03-12",
    "gender": "f",
    "nationality": "SY",
    "phone": "+49 5251 123456",
    "email": "amina@example.org",
    "file_reference": "AZ-2026/17",
}


def test_create_person_stores_it_with_a_timeline_entry(tenant):
    response = english(tenant.client("fallmanagement")).post(url("person_create"), VALID)
    person = Person.objects.get(kommune=tenant.kommune)
    assert response.status_code == 302
    assert response["Location"] == url("person_detail", person=person.uuid)
    assert person.full_name == "Amina Haddad"
    assert person.birth_date == dt.date(1990, 3, 12)
    assert person.search_name == "amina haddad"
    assert person.nationality == "SY"
    entry = TimelineEntry.objects.get(person=person)
    assert entry.kind == "person.created"
    assert entry.actor == tenant.user("fallmanagement")
    assert person.history.first().history_user == tenant.user("fallmanagement")


def test_create_person_accepts_german_date_format(tenant):
    data = {**VALID, "birth_date": "12.03.1990"}
    response = english(tenant.client("koordination")).post(url("person_create"), data)
    assert response.status_code == 302
    assert Person.objects.get().birth_date == dt.date(1990, 3, 12)


def test_create_person_in_a_new_household(tenant):
    data = {**VALID, "new_household_name": "Familie Haddad", "relation": "reference"}
    response = english(tenant.client("fallmanagement")).post(url("person_create"), data)
    assert response.status_code == 302
    member = HouseholdMember.objects.select_related("household", "person").get()
    assert member.household.name == "Familie Haddad"
    assert member.relation == "reference"
    assert member.joined_on == timezone.localdate()
    kinds = set(TimelineEntry.objects.values_list("kind", flat=True))
    assert kinds == {"person.created", "household.joined"}


def test_create_person_in_an_existing_household(tenant):
    household = HouseholdFactory(kommune=tenant.kommune, name="Familie Rahimi")
    data = {**VALID, "household": str(household.uuid), "relation": "child"}
    response = english(tenant.client("fallmanagement")).post(url("person_create"), data)
    assert response.status_code == 302
    assert HouseholdMember.objects.get().household == household


def test_household_needs_a_relation(tenant):
    data = {**VALID, "new_household_name": "Familie Haddad"}
    response = english(tenant.client("fallmanagement")).post(url("person_create"), data)
    assert response.status_code == 400
    assert "Relation: please choose the relation" in response.content.decode()
    assert not Person.objects.exists()
    assert not Household.objects.exists()


def test_household_of_another_kommune_cannot_be_chosen(tenant, other_tenant):
    foreign = HouseholdFactory(kommune=other_tenant.kommune)
    data = {**VALID, "household": str(foreign.uuid), "relation": "child"}
    response = english(tenant.client("fallmanagement")).post(url("person_create"), data)
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_future_birth_date_is_refused(tenant):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {**VALID, "birth_date": tomorrow.isoformat()}
    response = english(tenant.client("fallmanagement")).post(url("person_create"), data)
    assert response.status_code == 400
    assert "Birth date:" in response.content.decode()
    assert "lies in the future" in response.content.decode()
    assert not Person.objects.exists()


def test_missing_last_name_is_refused_naming_the_field(tenant):
    data = {**VALID, "last_name": ""}
    response = english(tenant.client("fallmanagement")).post(url("person_create"), data)
    assert response.status_code == 400
    assert "Last name: this field is required." in response.content.decode()
    assert not Person.objects.exists()


def test_bad_email_is_refused_naming_the_field(tenant):
    data = {**VALID, "email": "not-an-address"}
    response = english(tenant.client("fallmanagement")).post(url("person_create"), data)
    assert response.status_code == 400
    assert "E-mail: please enter a valid e-mail address." in response.content.decode()


def test_duplicate_warning_then_create_anyway(tenant):
    existing = PersonFactory(
        kommune=tenant.kommune,
        first_name="Amina",
        last_name="Haddád",
        birth_date=dt.date(1990, 3, 12),
    )
    client = english(tenant.client("fallmanagement"))
    response = client.post(url("person_create"), VALID)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Possible duplicate" in body
    assert url("person_detail", person=existing.uuid) in body
    assert 'type="checkbox" name="create_anyway"' in body
    assert Person.objects.count() == 1

    response = client.post(url("person_create"), {**VALID, "create_anyway": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_same_name_with_other_birth_date_is_no_duplicate(tenant):
    PersonFactory(
        kommune=tenant.kommune,
        first_name="Amina",
        last_name="Haddad",
        birth_date=dt.date(1991, 1, 1),
    )
    response = english(tenant.client("fallmanagement")).post(url("person_create"), VALID)
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_duplicate_in_another_kommune_does_not_warn(tenant, other_tenant):
    PersonFactory(
        kommune=other_tenant.kommune,
        first_name="Amina",
        last_name="Haddad",
        birth_date=dt.date(1990, 3, 12),
    )
    response = english(tenant.client("fallmanagement")).post(url("person_create"), VALID)
    assert response.status_code == 302


def test_create_form_403_for_roles_without_person_create(tenant):
    for role in ("wohnraum", "ehrenamtskoordination", "ehrenamt", "partner", "auswertung"):
        client = tenant.client(role)
        assert client.get(url("person_create")).status_code == 403, role
        assert client.post(url("person_create"), VALID).status_code == 403, role
    assert not Person.objects.exists()


def test_create_404_for_other_kommune(tenant, other_tenant):
    response = other_tenant.client("fallmanagement").post(url("person_create"), VALID)
    assert response.status_code == 404
    assert not Person.objects.exists()
