"""Editing basic data (with optimistic locking), addresses and languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vorort.people.models import Address, Person, PersonLanguage, TimelineEntry

from ..factories import PersonFactory
from ..persons_factories import AddressFactory, PersonLanguageFactory, english, url


@pytest.fixture
def person(tenant):
    # An explicit birth date: the factory's sequence reaches future dates in long runs.
    return PersonFactory(
        kommune=tenant.kommune,
        first_name="Amina",
        last_name="Haddad",
        phone="0170 1",
        birth_date=dt.date(1990, 3, 12),
    )


def edit_data(person, **changes):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "gender": person.gender,
        "nationality": str(person.nationality or ""),
        "phone": person.phone,
        "email": person.email,
        "file_reference": person.file_reference,
        "version": person.version,
    }
    data.update(changes)
    return data


# --- Basic data ---------------------------------------------------------------------------


def test_edit_form_carries_the_version(tenant, person):
    body = tenant.client("fallmanagement").get(url("person_edit", person=person.uuid)).content
    assert b'name="version" value="1"' in body


def test_edit_saves_bumps_version_and_records_timeline(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url("person_edit", person=person.uuid), edit_data(person, last_name="Haddád")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Haddád"
    assert person.search_name == "amina haddad"
    assert person.version == 2
    entry = TimelineEntry.objects.get(person=person, kind="person.updated")
    assert entry.summary == "Basic data changed: last name."


def test_stale_version_is_refused_and_first_save_kept(tenant, person):
    first = tenant.client("fallmanagement")
    second = english(tenant.client("koordination"))
    # Both users open the form at version 1.
    stale = edit_data(person)
    response = first.post(url("person_edit", person=person.uuid), {**stale, "phone": "0170 2"})
    assert response.status_code == 302
    response = second.post(url("person_edit", person=person.uuid), {**stale, "phone": "0170 3"})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    person.refresh_from_db()
    assert person.phone == "0170 2"
    assert person.version == 2


def test_edit_refuses_future_birth_date(tenant, person):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = english(tenant.client("fallmanagement")).post(
        url("person_edit", person=person.uuid), edit_data(person, birth_date=future)
    )
    assert response.status_code == 400
    assert "Birth date:" in response.content.decode()
    person.refresh_from_db()
    assert person.version == 1


def test_edit_without_version_is_refused(tenant, person):
    data = edit_data(person, phone="0170 9")
    del data["version"]
    response = tenant.client("fallmanagement").post(url("person_edit", person=person.uuid), data)
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.phone == "0170 1"


def test_edit_403_for_wohnraum_and_404_for_other_kommune(tenant, other_tenant, person):
    data = edit_data(person, phone="x")
    assert (
        tenant.client("wohnraum").post(url("person_edit", person=person.uuid), data).status_code
        == 403
    )
    foreign = other_tenant.client("fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        path = url("person_edit", kommune=kommune, person=person.uuid)
        assert foreign.post(path, data).status_code == 404
    person.refresh_from_db()
    assert person.phone == "0170 1"


# --- Addresses ----------------------------------------------------------------------------


def address_data(**changes):
    data = {
        "street": "Marienplatz 2",
        "postcode": "33098",
        "city": "Paderborn",
        "care_of": "",
        "valid_from": "2025-03-01",
    }
    data.update(changes)
    return data


def test_new_address_closes_the_previous_open_one(tenant, person):
    old = AddressFactory(person=person, valid_from=dt.date(2024, 1, 1))
    response = tenant.client("fallmanagement").post(
        url("address_add", person=person.uuid), address_data()
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == dt.date(2025, 2, 28)
    new = Address.objects.get(person=person, valid_to__isnull=True)
    assert new.street == "Marienplatz 2"
    assert TimelineEntry.objects.filter(person=person, kind="address.added").exists()


def test_first_address_is_simply_added(tenant, person):
    response = tenant.client("fallmanagement").post(
        url("address_add", person=person.uuid), address_data()
    )
    assert response.status_code == 302
    assert Address.objects.get(person=person).valid_from == dt.date(2025, 3, 1)


def test_address_in_the_future_is_refused(tenant, person):
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = english(tenant.client("fallmanagement")).post(
        url("address_add", person=person.uuid), address_data(valid_from=future)
    )
    assert response.status_code == 400
    assert "Valid from:" in response.content.decode()
    assert not Address.objects.exists()


def test_address_before_the_previous_start_is_refused(tenant, person):
    old = AddressFactory(person=person, valid_from=dt.date(2025, 6, 1))
    response = english(tenant.client("fallmanagement")).post(
        url("address_add", person=person.uuid), address_data(valid_from="2025-05-01")
    )
    assert response.status_code == 400
    assert "must start after the start of the previous address" in response.content.decode()
    old.refresh_from_db()
    assert old.valid_to is None
    assert Address.objects.count() == 1


def test_address_needs_a_german_postcode(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url("address_add", person=person.uuid), address_data(postcode="3310")
    )
    assert response.status_code == 400
    assert "Postcode: please enter the five digits" in response.content.decode()
    assert not Address.objects.exists()


def test_address_403_and_404(tenant, other_tenant, person):
    assert (
        tenant.client("partner")
        .post(url("address_add", person=person.uuid), address_data())
        .status_code
        == 403
    )
    assert (
        other_tenant.client("fallmanagement")
        .post(url("address_add", person=person.uuid), address_data())
        .status_code
        == 404
    )
    assert not Address.objects.exists()


# --- Languages ----------------------------------------------------------------------------


def test_language_add_and_delete(tenant, person):
    client = tenant.client("fallmanagement")
    response = client.post(
        url("language_add", person=person.uuid), {"language": "de", "level": "A2"}
    )
    assert response.status_code == 302
    entry = PersonLanguage.objects.get(person=person)
    assert (entry.language, entry.level, entry.certified) == ("de", "A2", False)
    response = client.post(url("language_delete", person=person.uuid, language=entry.uuid))
    assert response.status_code == 302
    assert not PersonLanguage.objects.exists()
    kinds = list(TimelineEntry.objects.filter(person=person).values_list("kind", flat=True))
    assert sorted(kinds) == ["language.added", "language.deleted"]


def test_duplicate_language_is_refused(tenant, person):
    PersonLanguageFactory(person=person, language="de", level="A1")
    response = english(tenant.client("fallmanagement")).post(
        url("language_add", person=person.uuid), {"language": "de", "level": "B2"}
    )
    assert response.status_code == 400
    assert "is already recorded for this person" in response.content.decode()
    assert PersonLanguage.objects.get().level == "A1"


def test_language_needs_a_level(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url("language_add", person=person.uuid), {"language": "de"}
    )
    assert response.status_code == 400
    assert "Level: this field is required." in response.content.decode()


def test_language_delete_is_post_only_and_checks_role_and_kommune(tenant, other_tenant, person):
    entry = PersonLanguageFactory(person=person)
    path = url("language_delete", person=person.uuid, language=entry.uuid)
    assert tenant.client("fallmanagement").get(path).status_code == 405
    assert tenant.client("wohnraum").post(path).status_code == 403
    assert other_tenant.client("fallmanagement").post(path).status_code == 404
    foreign = PersonFactory(kommune=other_tenant.kommune)
    path = url("language_delete", person=foreign.uuid, language=entry.uuid)
    assert tenant.client("fallmanagement").post(path).status_code == 404
    assert PersonLanguage.objects.filter(pk=entry.pk).exists()


def test_language_of_another_person_is_not_deleted(tenant, person):
    other = PersonFactory(kommune=tenant.kommune)
    entry = PersonLanguageFactory(person=other)
    path = url("language_delete", person=person.uuid, language=entry.uuid)
    response = tenant.client("fallmanagement").post(path)
    assert response.status_code == 302
    assert PersonLanguage.objects.filter(pk=entry.pk).exists()


def test_language_add_403_and_404(tenant, other_tenant, person):
    data = {"language": "de", "level": "A2"}
    assert (
        tenant.client("ehrenamt").post(url("language_add", person=person.uuid), data).status_code
        == 403
    )
    assert (
        other_tenant.client("koordination")
        .post(url("language_add", person=person.uuid), data)
        .status_code
        == 404
    )
    assert not Person.objects.get(pk=person.pk).languages.exists()
