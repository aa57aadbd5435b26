"""Writes of work access: the extra facts and the process steps of a person.

Every function is atomic, takes the acting user as ``actor``, refuses bad input with a
translated ``DomainError`` naming the field, and writes a line to the person's timeline.
``facts_problems`` returns every problem at once as ``(field, message)`` pairs so the form can
show them beside their fields; the service raises the first one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.core.services import lock_for_update, save_audited
from vorort.people.models import AsylumProcedure, Person
from vorort.people.services.timeline import timeline_record

from .models import ProcessPath, StepKind, WorkAccessFacts, WorkProcessStep
from .selectors import responsible_choices

Problems = list[tuple[str, str]]

FACT_FIELDS = (
    "entry_date",
    "identity_clarified_on",
    "identity_proof",
    "unaccompanied_minor",
    "protection_status",
    "dublin_procedure",
    "protection_in_other_eu_state",
    "accelerated_procedure",
    "decision_final_on",
    "suspensive_effect_ordered",
    "withdrawn_on",
    "withdrawal_after_legal_advice",
    "cooperation_breach",
    "work_ban_60a6",
    "concrete_return_measures",
    "employment_permitted_during_asylum_procedure",
)
FACT_DATES = ("entry_date", "identity_clarified_on", "decision_final_on", "withdrawn_on")
TEXT_FACTS = ("identity_proof", "protection_status", "work_ban_60a6")

#: The standard steps of each path, with the planned days after the path's start.
#: Planning defaults only: every due date can be changed. The employment path starts two
#: weeks before the waiting period ends, so the application is ready when the law allows it;
#: the BA approval counts as given after two weeks without an answer (§ 36 Abs. 2 BeschV);
#: the Ausbildungsduldung is applied for at most 7 months before the training starts (§ 60c
#: Abs. 7 AufenthG).
PATH_STEPS: dict[str, tuple[tuple[str, int], ...]] = {
    ProcessPath.EMPLOYMENT_PERMIT: (
        (StepKind.JOB_OFFER, 0),
        (StepKind.EMPLOYER_DECLARATION, 7),
        (StepKind.PERMIT_APPLICATION, 14),
        (StepKind.BA_REQUESTED, 21),
        (StepKind.BA_GIVEN, 35),
        (StepKind.ABH_DECISION, 49),
        (StepKind.JOB_START, 56),
    ),
    ProcessPath.AUSBILDUNGSDULDUNG: (
        (StepKind.TRAINING_CONTRACT, 0),
        (StepKind.CHAMBER_REGISTRATION, 14),
        (StepKind.APPLICATION_60C, 21),
        (StepKind.ABH_DECISION, 63),
        (StepKind.TRAINING_START, 90),
    ),
    ProcessPath.BESCHAEFTIGUNGSDULDUNG: (
        (StepKind.EVIDENCE_60D, 14),
        (StepKind.APPLICATION_60D, 28),
        (StepKind.ABH_DECISION, 84),
    ),
}
#: How long before the end of the waiting period the employment path starts.
EMPLOYMENT_LEAD_DAYS = 14


def day(value: dt.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value is not None else "–"


def _verbose(field: str) -> str:
    return str(getattr(WorkAccessFacts._meta.get_field(field), "verbose_name", field))


def _label(field: str) -> str:
    text = _verbose(field)
    return text[:1].upper() + text[1:]


def _raise_first(problems: Problems) -> None:
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)


# --- Facts ------------------------------------------------------------------------------------


def facts_problems(*, person: Person, **data: Any) -> Problems:
    """Dates not in the future and in a possible order; dependent facts need their date."""
    today = timezone.localdate()
    problems: Problems = []
    for name in FACT_DATES:
        value = data.get(name)
        if value is not None and value > today:
            problems.append(
                (
                    name,
                    _("%(field)s: %(date)s lies in the future.")
                    % {"field": _label(name), "date": day(value)},
                )
            )
    entry = data.get("entry_date")
    birth = person.birth_date
    if entry is not None and birth is not None and entry < birth:
        problems.append(
            (
                "entry_date",
                _("%(field)s: %(date)s is before the birth date %(birth)s.")
                % {
                    "field": _label("entry_date"),
                    "date": day(entry),
                    "birth": day(person.birth_date),
                },
            )
        )
    clarified = data.get("identity_clarified_on")
    if entry is not None and clarified is not None and clarified < entry:
        problems.append(
            (
                "identity_clarified_on",
                _("%(field)s: %(date)s cannot be before the entry into Germany (%(entry)s).")
                % {
                    "field": _label("identity_clarified_on"),
                    "date": day(clarified),
                    "entry": day(entry),
                },
            )
        )
    if data.get("identity_proof") and clarified is None:
        problems.append(
            (
                "identity_clarified_on",
                _("%(field)s: please enter the date; the kind of proof alone is not enough.")
                % {"field": _label("identity_clarified_on")},
            )
        )
    procedure = AsylumProcedure.objects.filter(person=person).first()
    request = procedure.request_date if procedure else None
    if entry is not None and request is not None and entry > request:
        problems.append(
            (
                "entry_date",
                _("%(field)s: %(date)s is after the asylum request (%(request)s).")
                % {"field": _label("entry_date"), "date": day(entry), "request": day(request)},
            )
        )
    final = data.get("decision_final_on")
    decided = procedure.decision_date if procedure else None
    if final is not None and decided is None:
        problems.append(
            (
                "decision_final_on",
                _(
                    "%(field)s: no decision of the asylum procedure is recorded; enter the "
                    "decision in the asylum procedure first."
                )
                % {"field": _label("decision_final_on")},
            )
        )
    elif final is not None and decided is not None and final < decided:
        problems.append(
            (
                "decision_final_on",
                _("%(field)s: %(date)s is before the decision (%(decided)s).")
                % {
                    "field": _label("decision_final_on"),
                    "date": day(final),
                    "decided": day(decided),
                },
            )
        )
    withdrawn = data.get("withdrawn_on")
    if withdrawn is not None and request is not None and withdrawn < request:
        problems.append(
            (
                "withdrawn_on",
                _("%(field)s: %(date)s is before the asylum request (%(request)s).")
                % {
                    "field": _label("withdrawn_on"),
                    "date": day(withdrawn),
                    "request": day(request),
                },
            )
        )
    if data.get("withdrawal_after_legal_advice") and withdrawn is None:
        problems.append(
            (
                "withdrawn_on",
                _("%(field)s: a withdrawal after legal advice needs the date of the withdrawal.")
                % {"field": _label("withdrawn_on")},
            )
        )
    return problems


@transaction.atomic
def facts_save(
    *, person: Person, actor: Any, expected_version: int | None, **data: Any
) -> WorkAccessFacts:
    """Create or update the work-access facts of ``person`` (fields: ``FACT_FIELDS``)."""
    data = {name: data.get(name) for name in FACT_FIELDS}
    for name in TEXT_FACTS:
        data[name] = data[name] or ""
    _raise_first(facts_problems(person=person, **data))
    lock_for_update(Person, person.pk, expected_version=None)
    existing = WorkAccessFacts.objects.filter(person=person).first()
    if existing is None:
        facts = WorkAccessFacts(kommune_id=person.kommune_id, person=person, **data)
        save_audited(facts, actor=actor)
        summary = _("Work-access facts recorded.")
    else:
        facts = lock_for_update(WorkAccessFacts, existing.pk, expected_version=expected_version)
        changed = [name for name, value in data.items() if getattr(facts, name) != value]
        if not changed:
            return facts
        for name in changed:
            setattr(facts, name, data[name])
        save_audited(facts, actor=actor, update_fields=changed)
        names = ", ".join(_verbose(name) for name in changed)
        summary = _("Work-access facts changed: %(fields)s.") % {"fields": names}
    timeline_record(person=person, kind="work.facts", summary=summary, actor=actor)
    return facts


# --- Process steps ----------------------------------------------------------------------------


def _check_responsible(person: Person, responsible: Any) -> None:
    if (
        responsible is not None
        and not responsible_choices(person.kommune_id).filter(pk=responsible.pk).exists()
    ):
        raise DomainError(
            _("Responsible: %(user)s does not work on cases in this Kommune.")
            % {"user": responsible},
            field="responsible",
        )


@transaction.atomic
def step_add(
    *,
    person: Person,
    actor: Any,
    path: str,
    kind: str,
    due_date: dt.date | None = None,
    responsible: Any = None,
    note: str = "",
) -> WorkProcessStep:
    """Add one step to ``person``'s process."""
    _check_responsible(person, responsible)
    step = WorkProcessStep(
        kommune_id=person.kommune_id,
        person=person,
        path=path,
        kind=kind,
        due_date=due_date,
        responsible=responsible,
        note=(note or "").strip(),
    )
    save_audited(step, actor=actor)
    timeline_record(
        person=person,
        kind="work.step_added",
        summary=_("Work process step added: %(step)s (due %(due)s).")
        % {"step": step.get_kind_display(), "due": day(due_date)},
        actor=actor,
    )
    return step


@transaction.atomic
def step_done(
    *, step: WorkProcessStep, actor: Any, done_on: dt.date | None = None
) -> WorkProcessStep:
    """Mark ``step`` done on ``done_on`` (default today); refused if it is already done."""
    today = timezone.localdate()
    done_on = done_on or today
    if done_on > today:
        raise DomainError(
            _("Done on: %(date)s lies in the future.") % {"date": day(done_on)}, field="done_on"
        )
    locked = lock_for_update(WorkProcessStep, step.pk, expected_version=None)
    if locked.done_on is not None:
        raise DomainError(
            _("This step was already marked done on %(date)s.") % {"date": day(locked.done_on)}
        )
    locked.done_on = done_on
    save_audited(locked, actor=actor, update_fields=["done_on"])
    timeline_record(
        person=locked.person,
        kind="work.step_done",
        summary=_("Work process step done: %(step)s.") % {"step": locked.get_kind_display()},
        actor=actor,
    )
    return locked


def path_start_date(path: str, *, on: dt.date, permitted_from: dt.date | None) -> dt.date:
    """The first due date of ``path``: today, or for the employment path two weeks before
    the waiting period ends (``permitted_from``: the first day permission can be granted)."""
    if path == ProcessPath.EMPLOYMENT_PERMIT and permitted_from is not None:
        return max(on, permitted_from - dt.timedelta(days=EMPLOYMENT_LEAD_DAYS))
    return on


@transaction.atomic
def path_start(
    *,
    person: Person,
    actor: Any,
    path: str,
    permitted_from: dt.date | None = None,
    responsible: Any = None,
) -> list[WorkProcessStep]:
    """Create the standard steps of ``path`` for ``person`` with planned due dates.

    Refused while steps of that path are still open (start it once; add single steps).
    """
    if path not in PATH_STEPS:
        raise DomainError(_("Path: please choose one of the offered paths."), field="path")
    _check_responsible(person, responsible)
    lock_for_update(Person, person.pk, expected_version=None)
    if WorkProcessStep.objects.filter(person=person, path=path, done_on__isnull=True).exists():
        raise DomainError(
            _("Path: %(path)s has open steps already; add single steps instead.")
            % {"path": ProcessPath(path).label},
            field="path",
        )
    start = path_start_date(path, on=timezone.localdate(), permitted_from=permitted_from)
    steps = []
    for kind, offset in PATH_STEPS[path]:
        step = WorkProcessStep(
            kommune_id=person.kommune_id,
            person=person,
            path=path,
            kind=kind,
            due_date=start + dt.timedelta(days=offset),
            responsible=responsible,
        )
        save_audited(step, actor=actor)
        steps.append(step)
    timeline_record(
        person=person,
        kind="work.path_started",
        summary=_("Work process started: %(path)s, %(count)s steps from %(start)s.")
        % {"path": ProcessPath(path).label, "count": len(steps), "start": day(start)},
        actor=actor,
    )
    return steps
