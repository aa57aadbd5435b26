"""Case file (Fall): list, open, detail, edit, close; case numbers; access by role and Kommune."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vorort.people import models as m
from vorort.people.choices import CaseStatus, Relation
from vorort.people.services import cases as services

from ..cases_factories import case_in, client_of, person_in, today, url
from ..factories import HouseholdFactory, UserFactory

# --- case_list -----------------------------------------------------------------------------


def test_case_list_shows_open_cases_by_default(tenant):
    open_case = case_in(tenant, reference="PA-2026-00001")
    case_in(tenant, reference="PA-2026-00002", status=CaseStatus.CLOSED, closed_on=today())
    response = client_of(tenant, "fallmanagement").get(url("case_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert open_case.reference in body
    assert "PA-2026-00002" not in body


def test_case_list_filters_closed_and_mine(tenant):
    me = tenant.user("fallmanagement")
    case_in(tenant, reference="PA-2026-00001", case_manager=me)
    case_in(tenant, reference="PA-2026-00002", case_manager=tenant.user("koordination"))
    case_in(tenant, reference="PA-2026-00003", status=CaseStatus.CLOSED, closed_on=today())
    client = client_of(tenant, "fallmanagement")

    body = client.get(url("case_list") + "?status=closed").content.decode()
    assert "PA-2026-00003" in body and "PA-2026-00001" not in body

    body = client.get(url("case_list") + "?status=open&mine=1").content.decode()
    assert "PA-2026-00001" in body and "PA-2026-00002" not in body

    body = client.get(url("case_list") + "?status=all").content.decode()
    assert all(f"PA-2026-0000{n}" in body for n in (1, 2, 3))


def test_case_list_is_paginated_by_50(tenant):
    person = person_in(tenant)
    for n in range(55):
        case_in(tenant, person=person, reference=f"PA-2026-{n:05d}")
    client = client_of(tenant, "fallmanagement")
    first = client.get(url("case_list"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(url("case_list") + "?status=open&page=2")
    assert len(second.context["page"].object_list) == 5


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_case_list_query_count_does_not_grow_with_rows(tenant):
    client = client_of(tenant, "fallmanagement")
    for n in range(3):
        case_in(tenant, reference=f"PA-2026-{n:05d}", case_manager=UserFactory())
    few = _queries(client, url("case_list"))
    for n in range(3, 20):
        case_in(tenant, reference=f"PA-2026-{n:05d}", case_manager=UserFactory())
    many = _queries(client, url("case_list"))
    assert few == many


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamt", "partner", "auswertung"])
def test_case_list_is_forbidden_for_other_roles(tenant, role):
    assert client_of(tenant, role).get(url("case_list")).status_code == 403


def test_case_list_404s_for_other_kommune(tenant, other_tenant):
    case_in(tenant)
    response = client_of(other_tenant, "fallmanagement").get(url("case_list"))
    assert response.status_code == 404


def test_case_list_does_not_show_other_kommunes_cases(tenant, other_tenant):
    case_in(other_tenant, reference="KO-2026-00001")
    body = client_of(tenant, "fallmanagement").get(url("case_list")).content.decode()
    assert "KO-2026-00001" not in body


# --- case_create ---------------------------------------------------------------------------


def _create_data(tenant, **overrides):
    data = {
        "case_manager": tenant.user("fallmanagement").pk,
        "household": "",
        "opened_on": today().isoformat(),
        "summary": "Erstberatung",
    }
    data.update(overrides)
    return data


def test_case_create_opens_a_case_with_a_reference(tenant):
    person = person_in(tenant)
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("case_create", person=person.uuid)).status_code == 200
    response = client.post(url("case_create", person=person.uuid), _create_data(tenant))
    case = m.Case.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == url("case_detail", case=case.uuid)
    assert case.reference == f"PA-{today().year}-00001"
    assert case.case_manager == tenant.user("fallmanagement")
    assert case.status == CaseStatus.OPEN
    entry = m.TimelineEntry.objects.get(person=person)
    assert entry.case == case and entry.kind == "case.opened"


def test_case_references_run_per_kommune_and_year(tenant, other_tenant):
    actor = tenant.user("fallmanagement")
    year = today().year
    first = services.case_create(
        actor=actor, person=person_in(tenant), case_manager=actor, opened_on=today()
    )
    second = services.case_create(
        actor=actor, person=person_in(tenant), case_manager=actor, opened_on=today()
    )
    other_actor = other_tenant.user("fallmanagement")
    other = services.case_create(
        actor=other_actor,
        person=person_in(other_tenant),
        case_manager=other_actor,
        opened_on=today(),
    )
    assert first.reference == f"PA-{year}-00001"
    assert second.reference == f"PA-{year}-00002"
    assert other.reference == f"KO-{year}-00001"
    # Numbers of last year do not count; a gap is not filled, the highest number goes on.
    case_in(tenant, reference=f"PA-{year - 1}-00077")
    case_in(tenant, reference=f"PA-{year}-00040")
    third = services.case_create(
        actor=actor, person=person_in(tenant), case_manager=actor, opened_on=today()
    )
    assert third.reference == f"PA-{year}-00041"


def test_case_create_with_the_persons_household(tenant):
    person = person_in(tenant)
    household = HouseholdFactory(kommune=tenant.kommune)
    m.HouseholdMember.objects.create(
        kommune=tenant.kommune,
        household=household,
        person=person,
        relation=Relation.REFERENCE,
        joined_on=dt.date(2025, 1, 1),
    )
    response = client_of(tenant, "fallmanagement").post(
        url("case_create", person=person.uuid), _create_data(tenant, household=household.pk)
    )
    assert response.status_code == 302
    assert m.Case.objects.get(person=person).household == household


def test_case_create_refuses_a_household_the_person_is_not_in(tenant):
    person = person_in(tenant)
    foreign = HouseholdFactory(kommune=tenant.kommune)
    response = client_of(tenant, "fallmanagement").post(
        url("case_create", person=person.uuid), _create_data(tenant, household=foreign.pk)
    )
    assert response.status_code == 400
    assert "Household" in response.context["form"].errors["household"][0]
    assert not m.Case.objects.exists()


def test_case_create_refuses_an_opening_date_in_the_future(tenant):
    person = person_in(tenant)
    tomorrow = today() + dt.timedelta(days=1)
    response = client_of(tenant, "fallmanagement").post(
        url("case_create", person=person.uuid), _create_data(tenant, opened_on=tomorrow)
    )
    assert response.status_code == 400
    assert "Opened on: the date cannot be in the future." in response.content.decode()
    assert not m.Case.objects.exists()


def test_case_create_requires_a_case_manager_of_this_kommune(tenant):
    person = person_in(tenant)
    client = client_of(tenant, "fallmanagement")
    response = client.post(
        url("case_create", person=person.uuid),
        _create_data(tenant, case_manager=tenant.user("wohnraum").pk),
    )
    assert response.status_code == 400
    assert "Case manager" in response.context["form"].errors["case_manager"][0]
    response = client.post(
        url("case_create", person=person.uuid), _create_data(tenant, case_manager="")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["case_manager"] == [
        "Case manager: this field is required."
    ]
    assert not m.Case.objects.exists()


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamtskoordination", "partner", "auswertung"])
def test_case_create_is_forbidden_for_other_roles(tenant, role):
    person = person_in(tenant)
    response = client_of(tenant, role).post(
        url("case_create", person=person.uuid), _create_data(tenant)
    )
    assert response.status_code == 403
    assert not m.Case.objects.exists()


def test_case_create_404s_for_other_kommune(tenant, other_tenant):
    person = person_in(tenant)
    client = client_of(other_tenant, "fallmanagement")
    assert client.get(url("case_create", person=person.uuid)).status_code == 404
    # Own Kommune in the URL, the other Kommune's person: 404 as well.
    response = client.post(
        url("case_create", kommune="koenigswinter", person=person.uuid),
        _create_data(other_tenant),
    )
    assert response.status_code == 404
    assert not m.Case.objects.exists()


# --- case_detail ---------------------------------------------------------------------------


def test_case_detail_shows_the_case_file(tenant):
    from ..cases_factories import AppointmentFactory, GoalFactory

    case = case_in(tenant, case_manager=tenant.user("fallmanagement"), summary="Wohnungssuche")
    GoalFactory(case=case, title="Eigene Wohnung")
    m.Task.objects.create(kommune=tenant.kommune, case=case, title="Offen-A", due_date=today())
    m.Task.objects.create(
        kommune=tenant.kommune,
        case=case,
        title="Erledigt-B",
        due_date=today(),
        done_at=dt.datetime(2026, 1, 2, 10, tzinfo=dt.UTC),
    )
    m.Note.objects.create(
        kommune=tenant.kommune, case=case, text="Alte Notiz", author=tenant.user("fallmanagement")
    )
    m.Note.objects.create(
        kommune=tenant.kommune, case=case, text="Neue Notiz", author=tenant.user("fallmanagement")
    )
    AppointmentFactory(case=case, title="Termin Jobcenter")
    response = client_of(tenant, "koordination").get(url("case_detail", case=case.uuid))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Wohnungssuche", "Eigene Wohnung", "Offen-A", "Erledigt-B", "Termin Jobcenter"):
        assert text in body
    assert body.index("Neue Notiz") < body.index("Alte Notiz")
    assert [t.title for t in response.context["open_tasks"]] == ["Offen-A"]
    assert [t.title for t in response.context["done_tasks"]] == ["Erledigt-B"]
    assert url("person_detail", person=case.person.uuid) in body


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamt", "partner", "auswertung"])
def test_case_detail_is_forbidden_for_other_roles(tenant, role):
    case = case_in(tenant)
    assert client_of(tenant, role).get(url("case_detail", case=case.uuid)).status_code == 403


def test_case_detail_404s_for_other_kommune(tenant, other_tenant):
    case = case_in(tenant)
    client = client_of(other_tenant, "fallmanagement")
    assert client.get(url("case_detail", case=case.uuid)).status_code == 404
    assert (
        client.get(url("case_detail", kommune="koenigswinter", case=case.uuid)).status_code == 404
    )


# --- case_edit -----------------------------------------------------------------------------


def _edit_data(case, **overrides):
    data = {
        "case_manager": case.case_manager_id,
        "household": "",
        "opened_on": case.opened_on.isoformat(),
        "summary": "Neu zusammengefasst",
        "version": case.version,
    }
    data.update(overrides)
    return data


def test_case_edit_saves_and_bumps_the_version(tenant):
    case = case_in(tenant, case_manager=tenant.user("fallmanagement"))
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("case_edit", case=case.uuid)).status_code == 200
    response = client.post(
        url("case_edit", case=case.uuid),
        _edit_data(case, case_manager=tenant.user("koordination").pk),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.summary == "Neu zusammengefasst"
    assert case.case_manager == tenant.user("koordination")
    assert case.version == 2
    assert m.TimelineEntry.objects.filter(case=case, kind="case.updated").exists()


def test_case_edit_refuses_a_stale_version(tenant):
    case = case_in(tenant, case_manager=tenant.user("fallmanagement"), summary="Original")
    client = client_of(tenant, "fallmanagement")
    stale = _edit_data(case, summary="Meine Änderung")
    # Someone else saves first.
    assert (
        client.post(
            url("case_edit", case=case.uuid), _edit_data(case, summary="Zuerst")
        ).status_code
        == 302
    )
    response = client.post(url("case_edit", case=case.uuid), stale)
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    case.refresh_from_db()
    assert case.summary == "Zuerst"


def test_case_edit_requires_the_version(tenant):
    case = case_in(tenant, case_manager=tenant.user("fallmanagement"))
    data = _edit_data(case)
    del data["version"]
    response = client_of(tenant, "fallmanagement").post(url("case_edit", case=case.uuid), data)
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.version == 1


def test_case_edit_refuses_an_opening_date_after_closing(tenant):
    case = case_in(
        tenant,
        case_manager=tenant.user("fallmanagement"),
        opened_on=today() - dt.timedelta(days=20),
        status=CaseStatus.CLOSED,
        closed_on=today() - dt.timedelta(days=10),
    )
    response = client_of(tenant, "fallmanagement").post(
        url("case_edit", case=case.uuid),
        _edit_data(case, opened_on=(today() - dt.timedelta(days=5)).isoformat()),
    )
    assert response.status_code == 400
    assert "Opened on" in response.context["form"].errors["opened_on"][0]
    case.refresh_from_db()
    assert case.opened_on == today() - dt.timedelta(days=20)


@pytest.mark.parametrize("role", ["wohnraum", "partner", "auswertung"])
def test_case_edit_is_forbidden_for_other_roles(tenant, role):
    case = case_in(tenant, case_manager=tenant.user("fallmanagement"))
    response = client_of(tenant, role).post(url("case_edit", case=case.uuid), _edit_data(case))
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.version == 1


def test_case_edit_404s_for_other_kommune(tenant, other_tenant):
    case = case_in(tenant, case_manager=tenant.user("fallmanagement"))
    client = client_of(other_tenant, "fallmanagement")
    assert client.post(url("case_edit", case=case.uuid), _edit_data(case)).status_code == 404
    assert client.get(url("case_edit", kommune="koenigswinter", case=case.uuid)).status_code == 404


# --- case_close ----------------------------------------------------------------------------


def test_case_close_closes_the_case(tenant):
    case = case_in(tenant, opened_on=today() - dt.timedelta(days=30))
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("case_close", case=case.uuid)).status_code == 200
    response = client.post(
        url("case_close", case=case.uuid),
        {"close-closed_on": today().isoformat(), "close-version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == today()
    assert m.TimelineEntry.objects.filter(case=case, kind="case.closed").exists()


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-31, "Closed on: the case cannot be closed before it was opened"),
        (1, "Closed on: the date cannot be in the future."),
    ],
)
def test_case_close_refuses_bad_dates(tenant, days, message):
    case = case_in(tenant, opened_on=today() - dt.timedelta(days=30))
    response = client_of(tenant, "fallmanagement").post(
        url("case_close", case=case.uuid),
        {"close-closed_on": (today() + dt.timedelta(days=days)).isoformat()},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.closed_on is None


def test_case_close_refuses_a_closed_case(tenant):
    case = case_in(tenant, status=CaseStatus.CLOSED, closed_on=today() - dt.timedelta(days=1))
    response = client_of(tenant, "fallmanagement").post(
        url("case_close", case=case.uuid), {"close-closed_on": today().isoformat()}
    )
    assert response.status_code == 400
    assert "is already closed" in response.content.decode()
    case.refresh_from_db()
    assert case.closed_on == today() - dt.timedelta(days=1)


def test_case_close_requires_a_date(tenant):
    case = case_in(tenant)
    response = client_of(tenant, "fallmanagement").post(url("case_close", case=case.uuid), {})
    assert response.status_code == 400
    assert "Closed on: this field is required." in response.content.decode()


@pytest.mark.parametrize("role", ["wohnraum", "partner", "ehrenamt"])
def test_case_close_is_forbidden_for_other_roles(tenant, role):
    case = case_in(tenant)
    response = client_of(tenant, role).post(
        url("case_close", case=case.uuid), {"close-closed_on": today().isoformat()}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_case_close_404s_for_other_kommune(tenant, other_tenant):
    case = case_in(tenant)
    client = client_of(other_tenant, "fallmanagement")
    data = {"close-closed_on": today().isoformat()}
    assert client.post(url("case_close", case=case.uuid), data).status_code == 404
    assert (
        client.post(url("case_close", kommune="koenigswinter", case=case.uuid), data).status_code
        == 404
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_case_create_retries_when_a_concurrent_request_took_the_number(tenant, monkeypatch):
    actor = tenant.user("fallmanagement")
    year = today().year
    # Another request inserted number 1 after this one had looked for the highest number.
    case_in(tenant, reference=f"PA-{year}-00001")
    real_next, real_save = services.next_reference, services.save_audited
    tried = []

    def stale_next(kommune, year):
        return f"PA-{year}-00001" if not tried else real_next(kommune, year)

    def save_without_precheck(obj, **kwargs):
        tried.append(obj.reference)
        if len(tried) == 1:
            obj.save()  # straight to the database, which refuses the duplicate
        real_save(obj, **kwargs)

    monkeypatch.setattr(services, "next_reference", stale_next)
    monkeypatch.setattr(services, "save_audited", save_without_precheck)
    case = services.case_create(
        actor=actor, person=person_in(tenant), case_manager=actor, opened_on=today()
    )
    assert tried == [f"PA-{year}-00001", f"PA-{year}-00002"]
    assert case.reference == f"PA-{year}-00002"
    assert m.Case.objects.filter(reference=f"PA-{year}-00002").count() == 1
