"""Process steps: adding, marking done and starting a path (vorort.work.services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vorort.core.errors import DomainError
from vorort.people.models import TimelineEntry
from vorort.work import services
from vorort.work.models import ProcessPath, StepKind, WorkProcessStep

from ..factories import PersonFactory
from ..work_factories import WorkProcessStepFactory


@pytest.fixture
def person(tenant):
    return PersonFactory(kommune=tenant.kommune, birth_date=dt.date(1990, 3, 12))


def test_starting_the_employment_path_creates_its_standard_steps(tenant, person):
    today = timezone.localdate()
    manager = tenant.user("fallmanagement")
    steps = services.path_start(
        person=person, actor=manager, path=ProcessPath.EMPLOYMENT_PERMIT, responsible=manager
    )
    assert [s.kind for s in steps] == [
        StepKind.JOB_OFFER,
        StepKind.EMPLOYER_DECLARATION,
        StepKind.PERMIT_APPLICATION,
        StepKind.BA_REQUESTED,
        StepKind.BA_GIVEN,
        StepKind.ABH_DECISION,
        StepKind.JOB_START,
    ]
    assert steps[0].due_date == today
    assert steps[2].due_date == today + dt.timedelta(days=14)
    assert all(s.responsible == manager and s.done_on is None for s in steps)
    assert WorkProcessStep.objects.filter(person=person).count() == 7
    entry = TimelineEntry.objects.get(person=person, kind="work.path_started")
    assert "7" in entry.summary


def test_the_employment_path_starts_two_weeks_before_the_waiting_period_ends(tenant, person):
    today = timezone.localdate()
    permitted_from = today + dt.timedelta(days=60)
    steps = services.path_start(
        person=person,
        actor=tenant.user("fallmanagement"),
        path=ProcessPath.EMPLOYMENT_PERMIT,
        permitted_from=permitted_from,
    )
    assert steps[0].due_date == permitted_from - dt.timedelta(days=14)
    # The application is due on the first day permission can be granted.
    assert steps[2].due_date == permitted_from


def test_a_waiting_period_ending_soon_starts_the_path_today(tenant, person):
    today = timezone.localdate()
    start = services.path_start_date(
        ProcessPath.EMPLOYMENT_PERMIT, on=today, permitted_from=today + dt.timedelta(days=3)
    )
    assert start == today


@pytest.mark.parametrize(
    ("path", "kinds"),
    [
        (
            ProcessPath.AUSBILDUNGSDULDUNG,
            [
                StepKind.TRAINING_CONTRACT,
                StepKind.CHAMBER_REGISTRATION,
                StepKind.APPLICATION_60C,
                StepKind.ABH_DECISION,
                StepKind.TRAINING_START,
            ],
        ),
        (
            ProcessPath.BESCHAEFTIGUNGSDULDUNG,
            [StepKind.EVIDENCE_60D, StepKind.APPLICATION_60D, StepKind.ABH_DECISION],
        ),
    ],
)
def test_the_duldung_paths_have_their_own_steps(tenant, person, path, kinds):
    steps = services.path_start(person=person, actor=tenant.user("koordination"), path=path)
    assert [s.kind for s in steps] == kinds
    assert [s.due_date for s in steps] == sorted(s.due_date for s in steps)


def test_a_path_with_open_steps_is_not_started_twice(tenant, person):
    actor = tenant.user("fallmanagement")
    services.path_start(person=person, actor=actor, path=ProcessPath.EMPLOYMENT_PERMIT)
    with pytest.raises(DomainError) as refused:
        services.path_start(person=person, actor=actor, path=ProcessPath.EMPLOYMENT_PERMIT)
    assert refused.value.field == "path"
    assert WorkProcessStep.objects.filter(person=person).count() == 7


def test_a_responsible_user_of_another_kommune_is_refused(tenant, other_tenant, person):
    with pytest.raises(DomainError) as refused:
        services.path_start(
            person=person,
            actor=tenant.user("fallmanagement"),
            path=ProcessPath.EMPLOYMENT_PERMIT,
            responsible=other_tenant.user("fallmanagement"),
        )
    assert refused.value.field == "responsible"
    assert not WorkProcessStep.objects.filter(person=person).exists()


def test_a_volunteer_cannot_be_responsible(tenant, person):
    with pytest.raises(DomainError):
        services.step_add(
            person=person,
            actor=tenant.user("fallmanagement"),
            path=ProcessPath.EMPLOYMENT_PERMIT,
            kind=StepKind.JOB_OFFER,
            responsible=tenant.user("ehrenamt"),
        )


def test_adding_a_step_records_it_on_the_timeline(tenant, person):
    step = services.step_add(
        person=person,
        actor=tenant.user("fallmanagement"),
        path=ProcessPath.EMPLOYMENT_PERMIT,
        kind=StepKind.EMPLOYER_DECLARATION,
        due_date=dt.date(2026, 12, 1),
        responsible=tenant.user("koordination"),
        note="  Bäckerei Müller  ",
    )
    assert step.note == "Bäckerei Müller"
    assert TimelineEntry.objects.filter(person=person, kind="work.step_added").exists()


def test_marking_a_step_done(tenant, person):
    step = WorkProcessStepFactory(person=person)
    done = services.step_done(step=step, actor=tenant.user("fallmanagement"))
    assert done.done_on == timezone.localdate()
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    assert step.version == 2
    assert TimelineEntry.objects.filter(person=person, kind="work.step_done").exists()


def test_a_step_done_already_is_refused(tenant, person):
    step = WorkProcessStepFactory(person=person, done_on=dt.date(2026, 1, 5))
    with pytest.raises(DomainError, match="bereits"):
        services.step_done(step=step, actor=tenant.user("fallmanagement"))
    step.refresh_from_db()
    assert step.done_on == dt.date(2026, 1, 5)


def test_a_step_cannot_be_done_in_the_future(tenant, person):
    step = WorkProcessStepFactory(person=person)
    with pytest.raises(DomainError) as refused:
        services.step_done(
            step=step,
            actor=tenant.user("fallmanagement"),
            done_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert refused.value.field == "done_on"
    step.refresh_from_db()
    assert step.done_on is None
