"""Goals, tasks, notes and appointments of a case: add, update, mark done; closed cases refuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vorort.people import models as m
from vorort.people.choices import CaseStatus, GoalStatus

from ..cases_factories import GoalFactory, case_in, client_of, today, url


def _closed_case(tenant):
    return case_in(
        tenant,
        opened_on=today() - dt.timedelta(days=30),
        status=CaseStatus.CLOSED,
        closed_on=today() - dt.timedelta(days=1),
    )


# --- goal_add ------------------------------------------------------------------------------


def test_goal_add_adds_a_goal_with_a_timeline_entry(tenant):
    case = case_in(tenant)
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("goal_add", case=case.uuid)).status_code == 200
    response = client.post(
        url("goal_add", case=case.uuid),
        {"goal-title": "Führerschein", "goal-target_date": "2027-06-30"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("case_detail", case=case.uuid)
    goal = m.Goal.objects.get(case=case)
    assert goal.title == "Führerschein" and goal.target_date == dt.date(2027, 6, 30)
    entry = m.TimelineEntry.objects.get(case=case, kind="goal.added")
    assert entry.person == case.person and "Führerschein" in entry.summary


def test_goal_add_requires_a_title(tenant):
    case = case_in(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("goal_add", case=case.uuid), {"goal-title": ""}
    )
    assert response.status_code == 400
    assert "Goal: this field is required." in response.content.decode()
    assert not m.Goal.objects.exists()


def test_goal_add_is_refused_on_a_closed_case(tenant):
    case = _closed_case(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("goal_add", case=case.uuid), {"goal-title": "Noch ein Ziel"}
    )
    assert response.status_code == 400
    assert f"The case {case.reference} is closed: no goals can be added" in (
        response.content.decode()
    )
    assert not m.Goal.objects.exists()


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamt", "partner", "auswertung"])
def test_goal_add_is_forbidden_for_other_roles(tenant, role):
    case = case_in(tenant)
    response = client_of(tenant, role).post(url("goal_add", case=case.uuid), {"goal-title": "X"})
    assert response.status_code == 403
    assert not m.Goal.objects.exists()


def test_goal_add_404s_for_other_kommune(tenant, other_tenant):
    case = case_in(tenant)
    client = client_of(other_tenant, "fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        response = client.post(
            url("goal_add", kommune=kommune, case=case.uuid), {"goal-title": "X"}
        )
        assert response.status_code == 404
    assert not m.Goal.objects.exists()


# --- goal_status ---------------------------------------------------------------------------


def _status_data(goal, status, version=None):
    prefix = f"goal-{goal.uuid}"
    return {f"{prefix}-status": status, f"{prefix}-version": version or goal.version}


def test_goal_status_changes_the_status(tenant):
    goal = GoalFactory(case=case_in(tenant))
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("goal_status", goal=goal.uuid)).status_code == 200
    response = client.post(
        url("goal_status", goal=goal.uuid), _status_data(goal, GoalStatus.ACHIEVED)
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED and goal.version == 2
    assert m.TimelineEntry.objects.filter(case=goal.case, kind="goal.status_changed").exists()


def test_goal_status_refuses_an_unknown_status_and_a_stale_version(tenant):
    goal = GoalFactory(case=case_in(tenant))
    client = client_of(tenant, "fallmanagement")
    response = client.post(url("goal_status", goal=goal.uuid), _status_data(goal, "bogus"))
    assert response.status_code == 400
    assert "Status: please choose one of the offered values." in response.content.decode()
    response = client.post(
        url("goal_status", goal=goal.uuid), _status_data(goal, GoalStatus.DROPPED, version=7)
    )
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN and goal.version == 1


def test_goal_status_is_refused_on_a_closed_case(tenant):
    goal = GoalFactory(case=_closed_case(tenant))
    response = client_of(tenant, "fallmanagement").post(
        url("goal_status", goal=goal.uuid), _status_data(goal, GoalStatus.ACHIEVED)
    )
    assert response.status_code == 400
    assert "is closed" in response.content.decode()
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN


@pytest.mark.parametrize("role", ["wohnraum", "partner", "auswertung"])
def test_goal_status_is_forbidden_for_other_roles(tenant, role):
    goal = GoalFactory(case=case_in(tenant))
    response = client_of(tenant, role).post(
        url("goal_status", goal=goal.uuid), _status_data(goal, GoalStatus.ACHIEVED)
    )
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN


def test_goal_status_404s_for_other_kommune(tenant, other_tenant):
    goal = GoalFactory(case=case_in(tenant))
    client = client_of(other_tenant, "fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        response = client.post(
            url("goal_status", kommune=kommune, goal=goal.uuid),
            _status_data(goal, GoalStatus.ACHIEVED),
        )
        assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN


# --- task_add ------------------------------------------------------------------------------


def test_task_add_adds_a_task(tenant):
    case = case_in(tenant)
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("task_add", case=case.uuid)).status_code == 200
    response = client.post(
        url("task_add", case=case.uuid),
        {
            "task-title": "Antrag Jobcenter",
            "task-due_date": "2026-12-15",
            "task-assignee": tenant.user("koordination").pk,
        },
    )
    assert response.status_code == 302
    task = m.Task.objects.get(case=case)
    assert task.due_date == dt.date(2026, 12, 15)
    assert task.assignee == tenant.user("koordination")
    assert m.TimelineEntry.objects.filter(case=case, kind="task.added").exists()


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("", "Due date: this field is required."),
        ("31.02.2026", "Due date: please enter a valid date"),
    ],
)
def test_task_add_requires_a_valid_due_date(tenant, due, message):
    case = case_in(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("task_add", case=case.uuid), {"task-title": "Antrag", "task-due_date": due}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not m.Task.objects.exists()


def test_task_add_refuses_an_assignee_outside_the_case_roles(tenant, other_tenant):
    case = case_in(tenant)
    client = client_of(tenant, "fallmanagement")
    for user in (tenant.user("ehrenamt"), other_tenant.user("fallmanagement")):
        response = client.post(
            url("task_add", case=case.uuid),
            {"task-title": "Antrag", "task-due_date": "2026-12-15", "task-assignee": user.pk},
        )
        assert response.status_code == 400
        assert "Assigned to: please choose one of the offered values." in (
            response.content.decode()
        )
    assert not m.Task.objects.exists()


def test_task_add_is_refused_on_a_closed_case(tenant):
    case = _closed_case(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("task_add", case=case.uuid), {"task-title": "Antrag", "task-due_date": "2026-12-15"}
    )
    assert response.status_code == 400
    assert "is closed: no tasks can be added" in response.content.decode()
    assert not m.Task.objects.exists()


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamtskoordination", "partner"])
def test_task_add_is_forbidden_for_other_roles(tenant, role):
    case = case_in(tenant)
    response = client_of(tenant, role).post(
        url("task_add", case=case.uuid), {"task-title": "A", "task-due_date": "2026-12-15"}
    )
    assert response.status_code == 403
    assert not m.Task.objects.exists()


def test_task_add_404s_for_other_kommune(tenant, other_tenant):
    case = case_in(tenant)
    client = client_of(other_tenant, "fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        response = client.post(
            url("task_add", kommune=kommune, case=case.uuid),
            {"task-title": "A", "task-due_date": "2026-12-15"},
        )
        assert response.status_code == 404
    assert not m.Task.objects.exists()


# --- task_done -----------------------------------------------------------------------------


def _task(tenant, **kwargs):
    return m.Task.objects.create(
        kommune=tenant.kommune,
        case=kwargs.pop("case", None) or case_in(tenant),
        title="Unterlagen kopieren",
        due_date=today(),
        **kwargs,
    )


def test_task_done_marks_the_task_done(tenant):
    task = _task(tenant)
    response = client_of(tenant, "fallmanagement").post(url("task_done", task=task.uuid))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    assert m.TimelineEntry.objects.filter(case=task.case, kind="task.done").exists()


def test_task_done_with_htmx_returns_the_updated_row(tenant):
    task = _task(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("task_done", task=task.uuid), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="task-{task.uuid}">')
    assert "done" in body and "Mark done" not in body
    assert "<html" not in body


def test_task_done_twice_is_refused(tenant):
    task = _task(tenant, done_at=timezone.now() - dt.timedelta(days=1))
    before = task.done_at
    client = client_of(tenant, "fallmanagement")
    response = client.post(url("task_done", task=task.uuid))
    assert response.status_code == 400
    assert "is already done" in response.content.decode()
    response = client.post(url("task_done", task=task.uuid), HTTP_HX_REQUEST="true")
    assert "is already done" in response.content.decode()
    task.refresh_from_db()
    assert task.done_at == before


def test_task_done_only_by_post(tenant):
    task = _task(tenant)
    assert (
        client_of(tenant, "fallmanagement").get(url("task_done", task=task.uuid)).status_code == 405
    )
    task.refresh_from_db()
    assert task.done_at is None


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamt", "partner", "auswertung"])
def test_task_done_is_forbidden_for_other_roles(tenant, role):
    task = _task(tenant)
    assert client_of(tenant, role).post(url("task_done", task=task.uuid)).status_code == 403
    task.refresh_from_db()
    assert task.done_at is None


def test_task_done_404s_for_other_kommune(tenant, other_tenant):
    task = _task(tenant)
    client = client_of(other_tenant, "fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        assert client.post(url("task_done", kommune=kommune, task=task.uuid)).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


# --- note_add ------------------------------------------------------------------------------


def test_note_add_adds_a_note_also_to_a_closed_case(tenant):
    case = _closed_case(tenant)
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("note_add", case=case.uuid)).status_code == 200
    response = client.post(url("note_add", case=case.uuid), {"note-text": "Nachsorge: alles gut"})
    assert response.status_code == 302
    note = m.Note.objects.get(case=case)
    assert note.author == tenant.user("fallmanagement")
    entry = m.TimelineEntry.objects.get(case=case, kind="note.added")
    # The timeline says that there is a note, not what it says.
    assert "alles gut" not in entry.summary


def test_note_add_requires_a_text(tenant):
    case = case_in(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("note_add", case=case.uuid), {"note-text": "   "}
    )
    assert response.status_code == 400
    assert "Note: this field is required." in response.content.decode()
    assert not m.Note.objects.exists()


@pytest.mark.parametrize("role", ["wohnraum", "partner", "auswertung"])
def test_note_add_is_forbidden_for_other_roles(tenant, role):
    case = case_in(tenant)
    response = client_of(tenant, role).post(url("note_add", case=case.uuid), {"note-text": "x"})
    assert response.status_code == 403
    assert not m.Note.objects.exists()


def test_note_add_404s_for_other_kommune(tenant, other_tenant):
    case = case_in(tenant)
    client = client_of(other_tenant, "fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        response = client.post(url("note_add", kommune=kommune, case=case.uuid), {"note-text": "x"})
        assert response.status_code == 404
    assert not m.Note.objects.exists()


# --- appointment_add -----------------------------------------------------------------------


def _appointment_data(starts_at, **overrides):
    data = {
        "appointment-title": "Termin Ausländerbehörde",
        "appointment-starts_at": starts_at,
        "appointment-location": "Rathaus",
        "appointment-staff": "",
    }
    data.update(overrides)
    return data


def test_appointment_add_adds_an_appointment(tenant):
    case = case_in(tenant)
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("appointment_add", case=case.uuid)).status_code == 200
    response = client.post(
        url("appointment_add", case=case.uuid),
        _appointment_data(
            "2026-12-03T09:30", **{"appointment-staff": tenant.user("fallmanagement").pk}
        ),
    )
    assert response.status_code == 302
    appointment = m.Appointment.objects.get(case=case)
    local = timezone.localtime(appointment.starts_at)
    assert (local.date(), local.hour, local.minute) == (dt.date(2026, 12, 3), 9, 30)
    assert appointment.staff == tenant.user("fallmanagement")
    assert m.TimelineEntry.objects.filter(case=case, kind="appointment.added").exists()


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        ("", "Starts at: this field is required."),
        ("morgen", "Starts at: please enter a valid date and time."),
        ("2040-01-01T10:00", "Starts at: an appointment can be at most 5 years ahead"),
    ],
)
def test_appointment_add_refuses_bad_start_times(tenant, starts_at, message):
    case = case_in(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("appointment_add", case=case.uuid), _appointment_data(starts_at)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not m.Appointment.objects.exists()


def test_appointment_add_is_refused_on_a_closed_case(tenant):
    case = _closed_case(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("appointment_add", case=case.uuid), _appointment_data("2026-12-03T09:30")
    )
    assert response.status_code == 400
    assert "is closed: no appointments can be added" in response.content.decode()
    assert not m.Appointment.objects.exists()


@pytest.mark.parametrize("role", ["wohnraum", "partner", "ehrenamt"])
def test_appointment_add_is_forbidden_for_other_roles(tenant, role):
    case = case_in(tenant)
    response = client_of(tenant, role).post(
        url("appointment_add", case=case.uuid), _appointment_data("2026-12-03T09:30")
    )
    assert response.status_code == 403
    assert not m.Appointment.objects.exists()


def test_appointment_add_404s_for_other_kommune(tenant, other_tenant):
    case = case_in(tenant)
    client = client_of(other_tenant, "fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        response = client.post(
            url("appointment_add", kommune=kommune, case=case.uuid),
            _appointment_data("2026-12-03T09:30"),
        )
        assert response.status_code == 404
    assert not m.Appointment.objects.exists()


def test_case_page_hides_add_forms_on_a_closed_case(tenant):
    case = _closed_case(tenant)
    body = client_of(tenant, "fallmanagement").get(url("case_detail", case=case.uuid)).content
    assert url("task_add", case=case.uuid).encode() not in body
    assert url("goal_add", case=case.uuid).encode() not in body
    assert url("note_add", case=case.uuid).encode() in body
