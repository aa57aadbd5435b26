"""Writes of the case file (Fall): open, edit and close cases; goals, tasks, notes, appointments.

Every function is atomic, takes the acting user as ``actor``, refuses with a translated
``DomainError`` (naming the field where there is one) and writes a line on the person's
timeline with ``case=`` set, so the case's history is the timeline filtered by case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vorort.core.errors import DomainError
from vorort.core.models import Kommune
from vorort.core.services import lock_for_update, save_audited

from ..choices import CaseStatus, GoalStatus
from ..models import Appointment, Case, Goal, Household, Note, Person, Task
from .timeline import timeline_record

#: How far ahead an appointment may be planned (a typo like 2062 for 2026 is refused).
APPOINTMENT_MAX_YEARS_AHEAD = 5


def _today() -> dt.date:
    return timezone.localdate()


def _years_ahead(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def reference_prefix(kommune: Kommune, year: int) -> str:
    """``PA-2026-`` for Paderborn in 2026: the first two letters of the slug, upper case."""
    letters = "".join(c for c in kommune.slug if c.isalnum())[:2].upper() or "XX"
    return f"{letters}-{year}-"


def next_reference(kommune: Kommune, year: int) -> str:
    """The next free case number of ``kommune`` in ``year``: ``PA-2026-00042``.

    Call with the Kommune row locked (``case_create`` does), so two requests do not pick
    the same number; the unique constraint is the last line of defence.
    """
    prefix = reference_prefix(kommune, year)
    highest = 0
    for reference in Case.objects.filter(kommune=kommune, reference__startswith=prefix).values_list(
        "reference", flat=True
    ):
        tail = reference[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:05d}"


def _check_not_future(day: dt.date | None, *, field: str, label: str) -> None:
    if day is not None and day > _today():
        raise DomainError(
            _("%(field)s: the date cannot be in the future.") % {"field": label}, field=field
        )


def _check_household(person: Person, household: Household | None) -> None:
    if (
        household is not None
        and not household.members.filter(person=person, left_on__isnull=True).exists()
    ):
        raise DomainError(
            _("Household: the person is not a current member of this household."),
            field="household",
        )


CLOSED_MESSAGES = {
    "goal": _lazy("The case %(reference)s is closed: no goals can be added or changed."),
    "task": _lazy("The case %(reference)s is closed: no tasks can be added or changed."),
    "appointment": _lazy("The case %(reference)s is closed: no appointments can be added."),
}


def _check_open(case: Case, what: str) -> None:
    """Refuse changes of ``what`` ("goal", "task", "appointment") on a closed case."""
    if case.status == CaseStatus.CLOSED:
        raise DomainError(str(CLOSED_MESSAGES[what]) % {"reference": case.reference})


@transaction.atomic
def case_create(
    *,
    actor: Any,
    person: Person,
    case_manager: Any,
    opened_on: dt.date,
    household: Household | None = None,
    summary: str = "",
) -> Case:
    """Open a case for ``person`` with a new case number of the Kommune and the current year."""
    _check_not_future(opened_on, field="opened_on", label=_("Opened on"))
    _check_household(person, household)
    # Serialise case numbering per Kommune: the lock is held until the transaction ends.
    kommune = Kommune.objects.select_for_update().get(pk=person.kommune_id)
    year = _today().year
    for _attempt in range(3):
        case = Case(
            kommune=kommune,
            person=person,
            household=household,
            reference=next_reference(kommune, year),
            case_manager=case_manager,
            opened_on=opened_on,
            summary=summary,
        )
        try:
            with transaction.atomic():
                save_audited(case, actor=actor)
        except IntegrityError:  # a concurrent request took the number after all
            continue
        break
    else:
        raise DomainError(_("No free case number was found. Please try again."))
    timeline_record(
        person=person,
        case=case,
        kind="case.opened",
        summary=_("Case %(reference)s opened") % {"reference": case.reference},
        actor=actor,
    )
    return case


@transaction.atomic
def case_update(
    *,
    actor: Any,
    case: Case,
    expected_version: int,
    case_manager: Any,
    opened_on: dt.date,
    household: Household | None = None,
    summary: str = "",
) -> Case:
    """Change manager, household, opening date and summary; refused if someone saved first."""
    locked = lock_for_update(Case, case.pk, expected_version=expected_version)
    _check_not_future(opened_on, field="opened_on", label=_("Opened on"))
    if locked.closed_on is not None and opened_on > locked.closed_on:
        raise DomainError(
            _("Opened on: the case cannot be opened after it was closed (%(closed)s).")
            % {"closed": locked.closed_on.strftime("%d.%m.%Y")},
            field="opened_on",
        )
    _check_household(locked.person, household)
    locked.case_manager = case_manager
    locked.household = household
    locked.opened_on = opened_on
    locked.summary = summary
    save_audited(
        locked, actor=actor, update_fields=["case_manager", "household", "opened_on", "summary"]
    )
    timeline_record(
        person=locked.person,
        case=locked,
        kind="case.updated",
        summary=_("Case %(reference)s edited") % {"reference": locked.reference},
        actor=actor,
    )
    return locked


@transaction.atomic
def case_close(
    *, actor: Any, case: Case, closed_on: dt.date, expected_version: int | None = None
) -> Case:
    """Close the case on ``closed_on`` (not before it was opened, not in the future)."""
    locked = lock_for_update(Case, case.pk, expected_version=expected_version)
    if locked.status == CaseStatus.CLOSED:
        raise DomainError(
            _("The case %(reference)s is already closed.") % {"reference": locked.reference}
        )
    _check_not_future(closed_on, field="closed_on", label=_("Closed on"))
    if closed_on < locked.opened_on:
        raise DomainError(
            _("Closed on: the case cannot be closed before it was opened (%(opened)s).")
            % {"opened": locked.opened_on.strftime("%d.%m.%Y")},
            field="closed_on",
        )
    locked.status = CaseStatus.CLOSED
    locked.closed_on = closed_on
    save_audited(locked, actor=actor, update_fields=["status", "closed_on"])
    timeline_record(
        person=locked.person,
        case=locked,
        kind="case.closed",
        summary=_("Case %(reference)s closed") % {"reference": locked.reference},
        actor=actor,
    )
    return locked


@transaction.atomic
def goal_create(*, actor: Any, case: Case, title: str, target_date: dt.date | None = None) -> Goal:
    locked = lock_for_update(Case, case.pk, expected_version=None)
    _check_open(locked, "goal")
    goal = Goal(kommune_id=locked.kommune_id, case=locked, title=title, target_date=target_date)
    save_audited(goal, actor=actor)
    timeline_record(
        person=locked.person,
        case=locked,
        kind="goal.added",
        summary=_("Goal added: %(title)s") % {"title": title},
        actor=actor,
    )
    return goal


@transaction.atomic
def goal_set_status(
    *, actor: Any, goal: Goal, status: str, expected_version: int | None = None
) -> Goal:
    locked = lock_for_update(Goal, goal.pk, expected_version=expected_version)
    case = locked.case
    _check_open(case, "goal")
    if status not in GoalStatus.values:
        raise DomainError(_("Status: choose one of the offered values."), field="status")
    if status == locked.status:
        return locked
    locked.status = status
    save_audited(locked, actor=actor, update_fields=["status"])
    timeline_record(
        person=case.person,
        case=case,
        kind="goal.status_changed",
        summary=_("Goal “%(title)s”: %(status)s")
        % {"title": locked.title, "status": GoalStatus(status).label},
        actor=actor,
    )
    return locked


@transaction.atomic
def task_create(
    *, actor: Any, case: Case, title: str, due_date: dt.date | None, assignee: Any = None
) -> Task:
    locked = lock_for_update(Case, case.pk, expected_version=None)
    _check_open(locked, "task")
    if due_date is None:
        raise DomainError(_("Due date: please enter the date the task is due."), field="due_date")
    task = Task(
        kommune_id=locked.kommune_id,
        case=locked,
        title=title,
        due_date=due_date,
        assignee=assignee,
    )
    save_audited(task, actor=actor)
    timeline_record(
        person=locked.person,
        case=locked,
        kind="task.added",
        summary=_("Task added: %(title)s") % {"title": title},
        actor=actor,
    )
    return task


@transaction.atomic
def task_complete(*, actor: Any, task: Task) -> Task:
    """Mark ``task`` done now; a task already done is refused (someone was quicker)."""
    locked = lock_for_update(Task, task.pk, expected_version=None)
    case = locked.case
    _check_open(case, "task")
    if locked.done_at is not None:
        raise DomainError(_("The task “%(title)s” is already done.") % {"title": locked.title})
    locked.done_at = timezone.now()
    save_audited(locked, actor=actor, update_fields=["done_at"])
    timeline_record(
        person=case.person,
        case=case,
        kind="task.done",
        summary=_("Task done: %(title)s") % {"title": locked.title},
        actor=actor,
    )
    return locked


@transaction.atomic
def note_create(*, actor: Any, case: Case, text: str) -> Note:
    """Add a note; closed cases accept notes too (e.g. on what happened afterwards)."""
    locked = lock_for_update(Case, case.pk, expected_version=None)
    if not text.strip():
        raise DomainError(_("Note: please enter a text."), field="text")
    note = Note(kommune_id=locked.kommune_id, case=locked, text=text, author=actor)
    save_audited(note, actor=actor)
    # The note's text stays in the case file; the timeline only says that there is one.
    timeline_record(
        person=locked.person,
        case=locked,
        kind="note.added",
        summary=_("Note added to case %(reference)s") % {"reference": locked.reference},
        actor=actor,
    )
    return note


@transaction.atomic
def appointment_create(
    *,
    actor: Any,
    case: Case,
    title: str,
    starts_at: dt.datetime | None,
    location: str = "",
    staff: Any = None,
) -> Appointment:
    locked = lock_for_update(Case, case.pk, expected_version=None)
    _check_open(locked, "appointment")
    if starts_at is None:
        raise DomainError(
            _("Starts at: please enter the date and time of the appointment."),
            field="starts_at",
        )
    if timezone.is_naive(starts_at):
        raise DomainError(_("Starts at: the time has no time zone."), field="starts_at")
    limit = _years_ahead(_today(), APPOINTMENT_MAX_YEARS_AHEAD)
    if timezone.localdate(starts_at) > limit:
        raise DomainError(
            _("Starts at: an appointment can be at most %(years)s years ahead (until %(limit)s).")
            % {"years": APPOINTMENT_MAX_YEARS_AHEAD, "limit": limit.strftime("%d.%m.%Y")},
            field="starts_at",
        )
    appointment = Appointment(
        kommune_id=locked.kommune_id,
        case=locked,
        title=title,
        starts_at=starts_at,
        location=location,
        staff=staff,
    )
    save_audited(appointment, actor=actor)
    timeline_record(
        person=locked.person,
        case=locked,
        kind="appointment.added",
        summary=_("Appointment on %(when)s: %(title)s")
        % {"when": timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M"), "title": title},
        actor=actor,
    )
    return appointment
