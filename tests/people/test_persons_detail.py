"""The person page: which sections each role sees, partner consent, volunteers."""

from __future__ import annotations

import datetime as dt

import pytest

from vorort.people.choices import DataCategory, DocumentType
from vorort.people.models import Consent

from ..factories import PersonFactory, ResidenceStatusFactory
from ..persons_factories import (
    AddressFactory,
    AssignmentFactory,
    HouseholdMemberFactory,
    PersonLanguageFactory,
    ReceptionStayFactory,
    english,
    url,
)


@pytest.fixture
def person(tenant):
    person = PersonFactory(
        kommune=tenant.kommune,
        first_name="Amina",
        last_name="Haddad",
        birth_date=dt.date(1990, 3, 12),
        phone="0170 1234567",
    )
    PersonLanguageFactory(person=person, language="ar", level="L1")
    PersonLanguageFactory(person=person, language="de", level="B1", certified=True)
    member = HouseholdMemberFactory(person=person)
    HouseholdMemberFactory(
        person=PersonFactory(kommune=tenant.kommune, first_name="Omar", last_name="Haddad"),
        household=member.household,
        relation="child",
    )
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSERLAUBNIS,
        legal_basis="§ 25 Abs. 2 AufenthG",
        work_entry="Erwerbstätigkeit erlaubt",
        wohnsitzauflage=True,
        wohnsitzauflage_place="Paderborn",
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2027, 1, 1),
    )
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSGESTATTUNG,
        valid_from=dt.date(2022, 1, 1),
        valid_to=dt.date(2023, 12, 31),
    )
    ReceptionStayFactory(person=person, facility="EAE Bochum")
    AddressFactory(person=person, street="Bahnhofstraße 1")
    return person


def page(client, person) -> tuple[int, str]:
    response = english(client).get(url("person_detail", person=person.uuid))
    return response.status_code, response.content.decode()


def test_case_manager_sees_every_section(tenant, person):
    status, body = page(tenant.client("fallmanagement"), person)
    assert status == 200
    assert 'id="stammdaten-heading"' in body
    assert "0170 1234567" in body
    assert "B1" in body and "first language" in body
    assert "Omar" in body  # household member
    assert 'id="aufenthalt-heading"' in body
    assert "§ 25 Abs. 2 AufenthG" in body
    assert "Erwerbstätigkeit erlaubt" in body
    assert "yes: Paderborn" in body
    assert "EAE Bochum" in body
    assert 'id="wohnen-heading"' in body
    assert "Bahnhofstraße 1" in body
    assert 'id="timeline-heading"' in body
    assert url("person_health", person=person.uuid) in body
    assert url("person_edit", person=person.uuid) in body
    assert url("status_add", person=person.uuid) in body


def test_statuses_are_listed_newest_first(tenant, person):
    _status, body = page(tenant.client("fallmanagement"), person)
    assert body.index("Aufenthaltserlaubnis (") < body.index("Aufenthaltsgestattung (")


def test_wohnraum_sees_status_and_housing_but_no_timeline_health_or_actions(tenant, person):
    status, body = page(tenant.client("wohnraum"), person)
    assert status == 200
    assert 'id="aufenthalt-heading"' in body
    assert 'id="wohnen-heading"' in body
    assert 'id="timeline-heading"' not in body
    assert url("person_health", person=person.uuid) not in body
    assert url("person_edit", person=person.uuid) not in body
    assert url("status_add", person=person.uuid) not in body


def test_volunteer_coordinator_sees_only_basic_data_and_assignments(tenant, person):
    status, body = page(tenant.client("ehrenamtskoordination"), person)
    assert status == 200
    assert 'id="stammdaten-heading"' in body
    assert 'id="aufenthalt-heading"' not in body
    assert "§ 25 Abs. 2 AufenthG" not in body
    assert 'id="wohnen-heading"' not in body
    assert url("assignment_add", person=person.uuid) in body


def test_unassigned_volunteer_gets_404(tenant, person):
    status, _body = page(tenant.client("ehrenamt"), person)
    assert status == 404


def test_assigned_volunteer_sees_only_basic_data(tenant, person):
    AssignmentFactory(person=person, volunteer=tenant.user("ehrenamt"))
    status, body = page(tenant.client("ehrenamt"), person)
    assert status == 200
    assert 'id="stammdaten-heading"' in body
    assert 'id="aufenthalt-heading"' not in body
    assert "Aufenthaltserlaubnis" not in body
    assert 'id="wohnen-heading"' not in body
    assert "Bahnhofstraße" not in body
    assert 'id="timeline-heading"' not in body


def test_expired_assignment_hides_the_person_again(tenant, person):
    AssignmentFactory(
        person=person,
        volunteer=tenant.user("ehrenamt"),
        valid_from=dt.date(2023, 1, 1),
        valid_to=dt.date(2023, 12, 31),
    )
    assert page(tenant.client("ehrenamt"), person)[0] == 404


def test_partner_without_consent_gets_404(tenant, person):
    assert page(tenant.client("partner"), person)[0] == 404


def consent(tenant, person, categories, **kwargs):
    return Consent.objects.create(
        kommune=tenant.kommune,
        person=person,
        purpose="work",
        data_categories=categories,
        recipient=tenant.partner_org,
        given_on=kwargs.pop("given_on", dt.date(2024, 1, 1)),
        **kwargs,
    )


def test_partner_with_stammdaten_consent_sees_person_but_not_residence(tenant, person):
    consent(tenant, person, [DataCategory.STAMMDATEN])
    status, body = page(tenant.client("partner"), person)
    assert status == 200
    assert 'id="stammdaten-heading"' in body
    assert "0170 1234567" in body
    assert 'id="aufenthalt-heading"' not in body
    assert "§ 25 Abs. 2 AufenthG" not in body
    assert 'id="wohnen-heading"' not in body
    assert 'id="timeline-heading"' not in body


def test_partner_with_aufenthalt_consent_sees_residence(tenant, person):
    consent(tenant, person, [DataCategory.AUFENTHALT])
    status, body = page(tenant.client("partner"), person)
    assert status == 200
    assert 'id="aufenthalt-heading"' in body
    assert "§ 25 Abs. 2 AufenthG" in body
    assert 'id="stammdaten-heading"' not in body
    assert "0170 1234567" not in body


def test_partner_with_withdrawn_consent_gets_404(tenant, person):
    consent(tenant, person, [DataCategory.STAMMDATEN], withdrawn_on=dt.date(2024, 6, 1))
    assert page(tenant.client("partner"), person)[0] == 404


def test_partner_consent_of_another_organisation_gives_no_access(tenant, person):
    from ..factories import PartnerOrganisationFactory

    other_org = PartnerOrganisationFactory(kommune=tenant.kommune, name="Sozialamt")
    Consent.objects.create(
        kommune=tenant.kommune,
        person=person,
        purpose="benefits",
        data_categories=[DataCategory.STAMMDATEN],
        recipient=other_org,
        given_on=dt.date(2024, 1, 1),
    )
    assert page(tenant.client("partner"), person)[0] == 404


def test_auswertung_gets_403(tenant, person):
    assert page(tenant.client("auswertung"), person)[0] == 403


def test_other_kommune_gets_404_with_own_slug_and_foreign_uuid(tenant, other_tenant, person):
    client = other_tenant.client("koordination")
    response = client.get(url("person_detail", kommune="koenigswinter", person=person.uuid))
    assert response.status_code == 404
    assert page(client, person)[0] == 404


def test_timeline_shows_newest_first(tenant, person):
    from vorort.people.services.timeline import timeline_record

    timeline_record(person=person, kind="x.first", summary="Erster Eintrag", actor=None)
    timeline_record(person=person, kind="x.second", summary="Zweiter Eintrag", actor=None)
    _status, body = page(tenant.client("fallmanagement"), person)
    assert body.index("Zweiter Eintrag") < body.index("Erster Eintrag")
