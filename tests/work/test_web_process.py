"""The process checklist: list, start a path, add a step, mark a step done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from vorort.people.choices import DataCategory
from vorort.work.models import ProcessPath, StepKind, WorkProcessStep

from ..factories import PersonFactory
from ..persons_factories import ConsentFactory, english
from ..work_factories import WorkProcessStepFactory, asylum_seeker_in_reception, permitted_from


def url(name: str, person, kommune: str = "paderborn") -> str:
    return reverse(f"work:{name}", kwargs={"kommune": kommune, "person": person.uuid})


def done_url(step, kommune: str = "paderborn") -> str:
    return reverse("work:work_step_done", kwargs={"kommune": kommune, "step": step.uuid})


@pytest.fixture
def person(tenant):
    return PersonFactory(kommune=tenant.kommune, birth_date=dt.date(1990, 3, 12))


# --- The list ---------------------------------------------------------------------------------


def test_process_page_lists_open_steps_first(tenant, person):
    WorkProcessStepFactory(person=person, kind=StepKind.JOB_OFFER, done_on=dt.date(2026, 1, 5))
    WorkProcessStepFactory(person=person, kind=StepKind.BA_REQUESTED, due_date=dt.date(2026, 1, 1))
    response = english(tenant.client("fallmanagement")).get(url("work_process", person))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("BA approval requested") < body.index("Job offer")
    assert "overdue" in body
    assert "Start a path" in body


def test_partner_with_consent_sees_the_steps_but_no_actions(tenant, person):
    ConsentFactory(
        person=person,
        recipient=tenant.partner_org,
        data_categories=[DataCategory.AUFENTHALT, DataCategory.ARBEIT],
    )
    WorkProcessStepFactory(person=person)
    response = english(tenant.client("partner")).get(url("work_process", person))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Application for a Beschäftigungserlaubnis" in body
    assert "Start a path" not in body
    assert "Done today" not in body


def test_process_page_is_forbidden_for_wohnraum(tenant, person):
    assert tenant.client("wohnraum").get(url("work_process", person)).status_code == 403


def test_process_page_of_another_kommune_is_not_found(tenant, other_tenant, person):
    client = other_tenant.client("koordination")
    assert client.get(url("work_process", person)).status_code == 404
    assert client.get(url("work_process", person, kommune="koenigswinter")).status_code == 404


# --- Start a path -----------------------------------------------------------------------------


def test_starting_a_path_creates_the_steps_due_before_the_waiting_period_ends(tenant):
    registered = timezone.localdate() - dt.timedelta(days=10)
    person = asylum_seeker_in_reception(tenant.kommune, registered=registered)
    manager = tenant.user("fallmanagement")
    response = tenant.client("fallmanagement").post(
        url("work_path_start", person),
        {"path": ProcessPath.EMPLOYMENT_PERMIT, "responsible": str(manager.uuid)},
    )
    assert response.status_code == 302
    steps = list(WorkProcessStep.objects.filter(person=person).order_by("due_date", "id"))
    assert len(steps) == 7
    application = next(s for s in steps if s.kind == StepKind.PERMIT_APPLICATION)
    # Planned for the first day the Ausländerbehörde may grant the permission.
    assert application.due_date == permitted_from(registered)
    assert all(s.responsible == manager for s in steps)


def test_starting_a_path_twice_is_refused_with_a_message(tenant, person):
    client = english(tenant.client("fallmanagement"))
    data = {"path": ProcessPath.BESCHAEFTIGUNGSDULDUNG}
    assert client.post(url("work_path_start", person), data).status_code == 302
    response = client.post(url("work_path_start", person), data)
    assert response.status_code == 400
    assert "has open steps already" in response.content.decode()
    assert WorkProcessStep.objects.filter(person=person).count() == 3


def test_starting_an_unknown_path_is_refused(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url("work_path_start", person), {"path": "asylum"}
    )
    assert response.status_code == 400
    assert "Path: please choose one of the offered values." in response.content.decode()
    assert not WorkProcessStep.objects.filter(person=person).exists()


def test_a_responsible_of_another_kommune_cannot_be_chosen(tenant, other_tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url("work_path_start", person),
        {
            "path": ProcessPath.EMPLOYMENT_PERMIT,
            "responsible": str(other_tenant.user("fallmanagement").uuid),
        },
    )
    assert response.status_code == 400
    assert "Responsible: please choose one of the offered values." in response.content.decode()
    assert not WorkProcessStep.objects.filter(person=person).exists()


def test_starting_a_path_needs_a_post(tenant, person):
    response = tenant.client("fallmanagement").get(url("work_path_start", person))
    assert response.status_code == 405


@pytest.mark.parametrize("role", ["partner", "wohnraum", "ehrenamt"])
def test_other_roles_cannot_start_a_path(tenant, person, role):
    response = tenant.client(role).post(
        url("work_path_start", person), {"path": ProcessPath.EMPLOYMENT_PERMIT}
    )
    assert response.status_code == 403
    assert not WorkProcessStep.objects.filter(person=person).exists()


def test_another_kommune_cannot_start_a_path(tenant, other_tenant, person):
    response = other_tenant.client("fallmanagement").post(
        url("work_path_start", person), {"path": ProcessPath.EMPLOYMENT_PERMIT}
    )
    assert response.status_code == 404
    assert not WorkProcessStep.objects.filter(person=person).exists()


# --- Add a step -------------------------------------------------------------------------------


def test_adding_a_step(tenant, person):
    client = tenant.client("koordination")
    assert client.get(url("work_step_add", person)).status_code == 200
    response = client.post(
        url("work_step_add", person),
        {
            "path": ProcessPath.AUSBILDUNGSDULDUNG,
            "kind": StepKind.TRAINING_CONTRACT,
            "due_date": "2026-12-01",
            "responsible": str(tenant.user("fallmanagement").uuid),
            "note": "Tischlerei Schmidt",
        },
    )
    assert response.status_code == 302
    step = WorkProcessStep.objects.get(person=person)
    assert step.kind == StepKind.TRAINING_CONTRACT
    assert step.due_date == dt.date(2026, 12, 1)
    assert step.responsible == tenant.user("fallmanagement")
    assert step.kommune == tenant.kommune


def test_adding_a_step_without_kind_is_refused(tenant, person):
    response = english(tenant.client("fallmanagement")).post(
        url("work_step_add", person), {"path": ProcessPath.EMPLOYMENT_PERMIT, "due_date": "x"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Step: this field is required." in body
    assert "Due date: please enter a valid date" in body
    assert not WorkProcessStep.objects.filter(person=person).exists()


def test_adding_a_step_is_forbidden_for_partner(tenant, person):
    response = tenant.client("partner").post(
        url("work_step_add", person),
        {"path": ProcessPath.EMPLOYMENT_PERMIT, "kind": StepKind.JOB_OFFER},
    )
    assert response.status_code == 403
    assert not WorkProcessStep.objects.exists()


def test_adding_a_step_in_another_kommune_is_not_found(tenant, other_tenant, person):
    response = other_tenant.client("fallmanagement").post(
        url("work_step_add", person, kommune="koenigswinter"),
        {"path": ProcessPath.EMPLOYMENT_PERMIT, "kind": StepKind.JOB_OFFER},
    )
    assert response.status_code == 404
    assert not WorkProcessStep.objects.exists()


# --- Done -------------------------------------------------------------------------------------


def test_marking_a_step_done(tenant, person):
    step = WorkProcessStepFactory(person=person)
    response = tenant.client("fallmanagement").post(done_url(step))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()


def test_marking_a_step_done_twice_is_refused(tenant, person):
    step = WorkProcessStepFactory(person=person, done_on=dt.date(2026, 1, 5))
    response = english(tenant.client("fallmanagement")).post(done_url(step))
    assert response.status_code == 400
    assert "already marked done" in response.content.decode()
    step.refresh_from_db()
    assert step.done_on == dt.date(2026, 1, 5)


def test_a_malformed_done_date_is_refused(tenant, person):
    step = WorkProcessStepFactory(person=person)
    response = english(tenant.client("fallmanagement")).post(done_url(step), {"done_on": "soon"})
    assert response.status_code == 400
    assert "Done on: please enter a valid date" in response.content.decode()
    step.refresh_from_db()
    assert step.done_on is None


def test_done_needs_a_post(tenant, person):
    step = WorkProcessStepFactory(person=person)
    assert tenant.client("fallmanagement").get(done_url(step)).status_code == 405


@pytest.mark.parametrize("role", ["partner", "wohnraum", "auswertung"])
def test_other_roles_cannot_mark_done(tenant, person, role):
    step = WorkProcessStepFactory(person=person)
    assert tenant.client(role).post(done_url(step)).status_code == 403
    step.refresh_from_db()
    assert step.done_on is None


def test_a_step_of_another_kommune_is_not_found(tenant, other_tenant, person):
    step = WorkProcessStepFactory(person=person)
    client = other_tenant.client("fallmanagement")
    assert client.post(done_url(step)).status_code == 404
    assert client.post(done_url(step, kommune="koenigswinter")).status_code == 404
    step.refresh_from_db()
    assert step.done_on is None
