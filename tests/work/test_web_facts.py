"""Editing the work-access facts (work_facts_edit): validation, version lock, access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from vorort.people.models import AsylumProcedure, TimelineEntry
from vorort.work.models import WorkAccessFacts

from ..factories import PersonFactory
from ..persons_factories import english
from ..work_factories import WorkAccessFactsFactory


def url(person, kommune: str = "paderborn") -> str:
    return reverse("work:work_facts_edit", kwargs={"kommune": kommune, "person": person.uuid})


@pytest.fixture
def person(tenant):
    return PersonFactory(kommune=tenant.kommune, birth_date=dt.date(1990, 3, 12))


def data(**changes):
    values = {
        "entry_date": "2026-07-01",
        "identity_clarified_on": "2026-07-07",
        "identity_proof": "passport",
        "unaccompanied_minor": "false",
        "protection_status": "",
        "dublin_procedure": "false",
        "protection_in_other_eu_state": "unknown",
        "accelerated_procedure": "false",
        "decision_final_on": "",
        "suspensive_effect_ordered": "unknown",
        "withdrawn_on": "",
        "withdrawal_after_legal_advice": "unknown",
        "cooperation_breach": "false",
        "work_ban_60a6": "",
        "concrete_return_measures": "unknown",
        "employment_permitted_during_asylum_procedure": "unknown",
    }
    values.update(changes)
    return values


def test_form_offers_unknown_yes_no(tenant, person):
    response = english(tenant.client("fallmanagement")).get(url(person))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<option value="unknown" selected>unknown</option>' in body


def test_saving_records_the_facts_and_the_timeline(tenant, person):
    response = english(tenant.client("fallmanagement")).post(url(person), data())
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "work:work_person", kwargs={"kommune": "paderborn", "person": person.uuid}
    )
    facts = WorkAccessFacts.objects.get(person=person)
    assert facts.entry_date == dt.date(2026, 7, 1)
    assert facts.identity_proof == "passport"
    assert facts.dublin_procedure is False
    assert facts.protection_in_other_eu_state is None  # "unknown" stays unknown
    assert facts.kommune == tenant.kommune
    assert TimelineEntry.objects.filter(person=person, kind="work.facts").exists()


def test_changing_bumps_the_version_and_names_the_changed_fields(tenant, person):
    facts = WorkAccessFactsFactory(person=person, entry_date=dt.date(2026, 7, 1))
    response = english(tenant.client("koordination")).post(
        url(person), data(dublin_procedure="true", version=facts.version)
    )
    assert response.status_code == 302
    facts.refresh_from_db()
    assert facts.dublin_procedure is True
    assert facts.version == 2
    entry = TimelineEntry.objects.filter(person=person, kind="work.facts").latest("occurred_at")
    assert "Dublin procedure" in entry.summary


def test_a_stale_version_is_refused_and_nothing_changes(tenant, person):
    facts = WorkAccessFactsFactory(person=person, entry_date=dt.date(2026, 7, 1))
    first = tenant.client("fallmanagement")
    second = english(tenant.client("koordination"))
    assert first.post(url(person), data(version=1, cooperation_breach="true")).status_code == 302
    response = second.post(url(person), data(version=1, cooperation_breach="false"))
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    facts.refresh_from_db()
    assert facts.cooperation_breach is True
    assert facts.version == 2


def test_a_future_date_is_refused_naming_the_field(tenant, person):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = english(tenant.client("fallmanagement")).post(url(person), data(entry_date=future))
    assert response.status_code == 400
    assert "Entry into Germany: " in response.content.decode()
    assert "lies in the future" in response.content.decode()
    assert not WorkAccessFacts.objects.filter(person=person).exists()


def test_identity_cannot_be_clarified_before_entry(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url(person), data(entry_date="2026-07-01", identity_clarified_on="2026-06-01")
    )
    assert response.status_code == 400
    assert "Identity clarified on: " in response.content.decode()
    assert "before the entry into Germany" in response.content.decode()
    assert not WorkAccessFacts.objects.filter(person=person).exists()


def test_entry_after_the_asylum_request_is_refused(tenant, person):
    AsylumProcedure.objects.create(
        kommune=tenant.kommune, person=person, request_date=dt.date(2026, 6, 1)
    )
    response = english(tenant.client("fallmanagement")).post(url(person), data())
    assert response.status_code == 400
    assert "after the asylum request" in response.content.decode()


def test_finality_needs_a_recorded_decision(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url(person), data(decision_final_on="2026-08-01")
    )
    assert response.status_code == 400
    assert "no decision of the asylum procedure is recorded" in response.content.decode()


def test_withdrawal_after_legal_advice_needs_the_withdrawal_date(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url(person), data(withdrawal_after_legal_advice="true")
    )
    assert response.status_code == 400
    assert "Asylum application withdrawn on: " in response.content.decode()


def test_a_malformed_date_is_refused_naming_the_field(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url(person), data(entry_date="1.13.2026")
    )
    assert response.status_code == 400
    assert "Entry into Germany: please enter a valid date" in response.content.decode()


def test_an_unknown_work_ban_ground_is_refused(tenant, person):
    response = english(tenant.client("fallmanagement")).post(url(person), data(work_ban_60a6="4"))
    assert response.status_code == 400
    assert "please choose one of the offered values" in response.content.decode()


@pytest.mark.parametrize("role", ["partner", "wohnraum", "ehrenamt", "auswertung"])
def test_other_roles_may_not_edit(tenant, person, role):
    assert tenant.client(role).get(url(person)).status_code == 403
    assert tenant.client(role).post(url(person), data()).status_code == 403
    assert not WorkAccessFacts.objects.filter(person=person).exists()


def test_another_kommune_gets_not_found(tenant, other_tenant, person):
    client = other_tenant.client("fallmanagement")
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person, kommune="koenigswinter"), data()).status_code == 404
    assert not WorkAccessFacts.objects.filter(person=person).exists()
