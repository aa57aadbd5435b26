"""The work-access panel on the person page and the full answer page (work_person)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from vorort.people.choices import DataCategory
from vorort.people.models import AsylumProcedure

from ..factories import PersonFactory
from ..persons_factories import ConsentFactory, ReceptionStayFactory, english
from ..work_factories import asylum_seeker_in_reception, permitted_from


def person_url(person) -> str:
    return reverse("people:person_detail", kwargs={"kommune": "paderborn", "person": person.uuid})


def answer_url(person, kommune: str = "paderborn") -> str:
    return reverse("work:work_person", kwargs={"kommune": kommune, "person": person.uuid})


@pytest.fixture
def registered():
    return timezone.localdate() - dt.timedelta(days=20)


@pytest.fixture
def waiting(tenant, registered):
    return asylum_seeker_in_reception(tenant.kommune, registered=registered)


def consent(tenant, person, *categories):
    return ConsentFactory(
        person=person,
        recipient=tenant.partner_org,
        data_categories=[DataCategory.STAMMDATEN, *categories],
        given_on=dt.date(2024, 1, 1),
    )


# --- The panel on the person page -------------------------------------------------------------


def test_panel_shows_the_waiting_period_and_the_first_permitted_day(tenant, waiting, registered):
    response = english(tenant.client("fallmanagement")).get(person_url(waiting))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="work-heading"' in body
    first_day = permitted_from(registered)
    assert f'data-permitted-from="{first_day.isoformat()}"' in body
    assert first_day.strftime("%d.%m.%Y") in body
    assert "Waiting period" in body
    # The four activities with today's decision.
    for activity in ("Employment", "Vocational training", "Internship", "Self-employment"):
        assert activity in body
    assert "prohibited" in body
    # The evidence names the rule and its citation.
    assert "§ 61" in body


def test_panel_timeline_runs_from_registration_to_permission(tenant, waiting, registered):
    body = english(tenant.client("koordination")).get(person_url(waiting)).content.decode()
    registration = body.index("Registration of the asylum application")
    change = body.index("Waiting period ends")
    assert registration < change
    assert f'datetime="{registered.isoformat()}"' in body


def test_panel_is_not_shown_to_a_role_without_work_view(tenant, waiting):
    body = tenant.client("wohnraum").get(person_url(waiting)).content.decode()
    assert 'id="work-heading"' not in body


def test_partner_sees_the_panel_only_with_consent_to_work_and_residence(tenant, waiting):
    only_residence = consent(tenant, waiting, DataCategory.AUFENTHALT)
    client = tenant.client("partner")
    assert 'id="work-heading"' not in client.get(person_url(waiting)).content.decode()
    only_residence.data_categories = [DataCategory.AUFENTHALT, DataCategory.ARBEIT]
    only_residence.save()
    assert 'id="work-heading"' in client.get(person_url(waiting)).content.decode()


def test_panel_names_a_missing_registration_date_and_links_to_the_asylum_form(tenant):
    # In a reception facility the waiting period runs from the registration (§ 61 Abs. 1 AsylG).
    person = PersonFactory(kommune=tenant.kommune, nationality="SY")
    AsylumProcedure.objects.create(
        kommune=tenant.kommune, person=person, request_date=timezone.localdate()
    )
    ReceptionStayFactory(person=person, valid_from=timezone.localdate(), valid_to=None)
    body = english(tenant.client("fallmanagement")).get(person_url(person)).content.decode()
    assert "Missing facts" in body
    assert "Registrierungsdatum fehlt" in body
    asylum_form = reverse(
        "people:asylum_edit", kwargs={"kommune": "paderborn", "person": person.uuid}
    )
    assert asylum_form in body


def test_a_person_with_nothing_recorded_still_gets_a_page(tenant):
    person = PersonFactory(kommune=tenant.kommune, nationality="")
    response = tenant.client("fallmanagement").get(person_url(person))
    assert response.status_code == 200
    assert 'id="work-heading"' in response.content.decode()


# --- The full answer --------------------------------------------------------------------------


def test_full_answer_for_a_chosen_date_and_activity(tenant, waiting, registered):
    first_day = permitted_from(registered)
    client = english(tenant.client("fallmanagement"))
    before = client.get(answer_url(waiting), {"on": (first_day - dt.timedelta(days=1)).isoformat()})
    assert before.status_code == 200
    assert "Employment: prohibited" in before.content.decode()
    after = client.get(
        answer_url(waiting), {"on": first_day.isoformat(), "activity": "vocational_training"}
    )
    body = after.content.decode()
    assert after.status_code == 200
    assert "Vocational training: Anspruch" in body
    assert "Rules applied" in body


def test_full_answer_defaults_to_today_and_employment(tenant, waiting):
    body = english(tenant.client("koordination")).get(answer_url(waiting)).content.decode()
    assert "Today, " in body
    assert "Employment: prohibited" in body


def test_full_answer_refuses_a_malformed_date(tenant, waiting):
    response = english(tenant.client("fallmanagement")).get(
        answer_url(waiting), {"on": "31.02.2026"}
    )
    assert response.status_code == 400
    assert "Date: please enter a valid date" in response.content.decode()


def test_full_answer_refuses_an_unknown_activity(tenant, waiting):
    response = english(tenant.client("fallmanagement")).get(
        answer_url(waiting), {"activity": "volunteering"}
    )
    assert response.status_code == 400
    assert "Activity: please choose one of the offered values." in response.content.decode()


def test_full_answer_is_forbidden_for_wohnraum(tenant, waiting):
    assert tenant.client("wohnraum").get(answer_url(waiting)).status_code == 403


def test_full_answer_of_another_kommune_is_not_found(tenant, other_tenant, waiting):
    # A user of the other Kommune, with the Paderborn URL and with their own Kommune's URL.
    client = other_tenant.client("fallmanagement")
    assert client.get(answer_url(waiting)).status_code == 404
    assert client.get(answer_url(waiting, kommune="koenigswinter")).status_code == 404


def test_partner_without_consent_to_work_data_gets_not_found(tenant, waiting):
    consent(tenant, waiting, DataCategory.AUFENTHALT)
    assert tenant.client("partner").get(answer_url(waiting)).status_code == 404


def test_partner_with_consent_to_both_sees_the_answer(tenant, waiting):
    consent(tenant, waiting, DataCategory.AUFENTHALT, DataCategory.ARBEIT)
    response = tenant.client("partner").get(answer_url(waiting))
    assert response.status_code == 200
    # A partner may look, not edit.
    edit = reverse("work:work_facts_edit", kwargs={"kommune": "paderborn", "person": waiting.uuid})
    assert edit not in response.content.decode()
