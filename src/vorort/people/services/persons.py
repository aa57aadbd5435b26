"""Writes of the person file: persons, addresses, languages, residence statuses, asylum
procedure, reception stays, health record and volunteer assignments.

Every function is atomic, takes the acting user as ``actor``, refuses bad input with a
translated ``DomainError`` naming the field, and writes a line to the person's timeline.
The ``*_problems`` helpers return every problem at once as ``(field, message)`` pairs so
forms can show them beside their fields; the services raise the first one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.core.models import AccessLog, Kommune
from vorort.core.services import lock_for_update, save_audited

from ..choices import DataCategory, DocumentType, Language
from ..models import (
    Address,
    AsylumProcedure,
    HealthRecord,
    Household,
    Person,
    PersonAssignment,
    PersonLanguage,
    ReceptionStay,
    ResidenceStatus,
)
from ..periods import Keyed, Span, blocking_open_predecessor, overlapping
from ..selectors import find_duplicate_persons, volunteers_of
from .households import household_create, household_member_add
from .timeline import timeline_record

Problems = list[tuple[str, str]]

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "nationality",
    "phone",
    "email",
    "file_reference",
)
STATUS_FIELDS = (
    "document_type",
    "legal_basis",
    "work_entry",
    "wohnsitzauflage",
    "wohnsitzauflage_place",
    "document_number",
    "valid_from",
    "valid_to",
)
ASYLUM_DATES = ("request_date", "registration_date", "application_date", "decision_date")
ASYLUM_FIELDS = (*ASYLUM_DATES, "decision", "bamf_reference")
HEALTH_FIELDS = ("needs_accessible_housing", "severe_disability", "notes")


class DuplicatePersonError(DomainError):
    """A person with the same name and birth date exists; ``duplicates`` lists them."""

    def __init__(self, message: str, *, duplicates: list[Person]) -> None:
        super().__init__(message)
        self.duplicates = duplicates


def day(value: dt.date | None) -> str:
    """A date as the user reads it (dd.mm.yyyy in German); "open-ended" for None."""
    if value is None:
        return _("open-ended")
    return date_format(value, "SHORT_DATE_FORMAT")


def _raise_first(problems: Problems) -> None:
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)


def _label(model: type, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)  # type: ignore[attr-defined]


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def period_problems(
    model: type,
    *,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    today: dt.date | None = None,
    start_field: str = "valid_from",
    end_field: str = "valid_to",
) -> Problems:
    """A period must start today or earlier and must not end before it starts."""
    today = today or timezone.localdate()
    problems: Problems = []
    start_label = _capfirst(_label(model, start_field))
    if valid_from is None:
        problems.append(
            (start_field, _("%(field)s: please enter a date.") % {"field": start_label})
        )
        return problems
    if valid_from > today:
        problems.append(
            (
                start_field,
                _("%(field)s: the date %(date)s lies in the future; enter the actual start.")
                % {"field": start_label, "date": day(valid_from)},
            )
        )
    if valid_to is not None and valid_to < valid_from:
        problems.append(
            (
                end_field,
                _("%(field)s: %(end)s is before the start %(start)s.")
                % {
                    "field": _capfirst(_label(model, end_field)),
                    "end": day(valid_to),
                    "start": day(valid_from),
                },
            )
        )
    return problems


# --- Persons --------------------------------------------------------------------------


def birth_date_problems(birth_date: dt.date | None) -> Problems:
    if birth_date is not None and birth_date > timezone.localdate():
        return [
            (
                "birth_date",
                _("Birth date: %(date)s lies in the future.") % {"date": day(birth_date)},
            )
        ]
    return []


@transaction.atomic
def person_create(
    *,
    kommune: Kommune,
    actor: Any,
    first_name: str,
    last_name: str,
    birth_date: dt.date | None = None,
    gender: str = "",
    nationality: str = "",
    phone: str = "",
    email: str = "",
    file_reference: str = "",
    household: Household | None = None,
    new_household_name: str = "",
    relation: str = "",
    confirm_duplicate: bool = False,
) -> Person:
    """Create a person, optionally as member of an existing or a new household.

    Raises ``DuplicatePersonError`` if a person with the same folded name and birth date
    exists in the Kommune, unless ``confirm_duplicate`` is set.
    """
    _raise_first(birth_date_problems(birth_date))
    if household is not None and new_household_name.strip():
        raise DomainError(
            _("Household: choose an existing household or enter a new name, not both."),
            field="household",
        )
    if (household is not None or new_household_name.strip()) and not relation:
        raise DomainError(
            _("Relation: please choose the relation to the household."), field="relation"
        )
    if not confirm_duplicate:
        duplicates = list(
            find_duplicate_persons(
                first_name=first_name, last_name=last_name, birth_date=birth_date
            )
        )
        if duplicates:
            raise DuplicatePersonError(
                _(
                    "A person with this name and birth date already exists. Check whether "
                    "it is the same person; to create a new one anyway, tick “Create anyway”."
                ),
                duplicates=duplicates,
            )
    person = Person(
        kommune=kommune,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        gender=gender,
        nationality=nationality,
        phone=phone,
        email=email,
        file_reference=file_reference.strip(),
    )
    save_audited(person, actor=actor)
    timeline_record(
        person=person,
        kind="person.created",
        summary=_("Person created: %(name)s.") % {"name": person.full_name},
        actor=actor,
    )
    if new_household_name.strip():
        household = household_create(kommune=kommune, actor=actor, name=new_household_name)
    if household is not None:
        household_member_add(household=household, person=person, actor=actor, relation=relation)
    return person


@transaction.atomic
def person_update(
    *, person: Person, actor: Any, expected_version: int | None, **data: Any
) -> Person:
    """Change the basic data of ``person``; refused if someone saved it meanwhile."""
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    _raise_first(birth_date_problems(data.get("birth_date")))
    person = lock_for_update(Person, person.pk, expected_version=expected_version)
    changed = [name for name, value in data.items() if getattr(person, name) != value]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, data[name])
    save_audited(person, actor=actor, update_fields=changed)
    timeline_record(
        person=person,
        kind="person.updated",
        summary=_("Basic data changed: %(fields)s.")
        % {"fields": ", ".join(_label(Person, name) for name in changed)},
        actor=actor,
    )
    return person


# --- Addresses and languages ------------------------------------------------------------


@transaction.atomic
def address_add(
    *,
    person: Person,
    actor: Any,
    street: str,
    postcode: str,
    city: str,
    valid_from: dt.date,
    care_of: str = "",
) -> Address:
    """Add the person's new current address from ``valid_from``.

    The previous open address is closed the day before. Refused if ``valid_from`` lies in
    the future or does not come after the start of the previous address.
    """
    problems = period_problems(Address, valid_from=valid_from, valid_to=None)
    _raise_first(problems)
    lock_for_update(Person, person.pk, expected_version=None)
    previous = Address.objects.filter(person=person).order_by("-valid_from", "-id").first()
    if previous is not None:
        if valid_from <= previous.valid_from:
            raise DomainError(
                _(
                    "Valid from: the new address must start after the start of the previous "
                    "address %(address)s (%(date)s)."
                )
                % {"address": previous, "date": day(previous.valid_from)},
                field="valid_from",
            )
        if previous.valid_to is None:
            previous.valid_to = valid_from - dt.timedelta(days=1)
            save_audited(previous, actor=actor, update_fields=["valid_to"])
        elif previous.valid_to >= valid_from:
            raise DomainError(
                _(
                    "Valid from: the previous address %(address)s is valid until %(date)s; "
                    "the new address can only start after that."
                )
                % {"address": previous, "date": day(previous.valid_to)},
                field="valid_from",
            )
    address = Address(
        kommune_id=person.kommune_id,
        person=person,
        street=street.strip(),
        postcode=postcode.strip(),
        city=city.strip(),
        care_of=care_of.strip(),
        valid_from=valid_from,
    )
    save_audited(address, actor=actor)
    timeline_record(
        person=person,
        kind="address.added",
        summary=_("New address from %(date)s: %(address)s.")
        % {"date": day(valid_from), "address": address},
        actor=actor,
    )
    return address


@transaction.atomic
def language_add(
    *, person: Person, actor: Any, language: str, level: str, certified: bool = False
) -> PersonLanguage:
    """Record a language of ``person``; each language once (change = delete and add)."""
    lock_for_update(Person, person.pk, expected_version=None)
    if PersonLanguage.objects.filter(person=person, language=language).exists():
        raise DomainError(
            _(
                "Language: %(language)s is already recorded for this person. Delete the "
                "existing entry first to record another level."
            )
            % {"language": Language(language).label if language in Language.values else language},
            field="language",
        )
    entry = PersonLanguage(
        kommune_id=person.kommune_id,
        person=person,
        language=language,
        level=level,
        certified=certified,
    )
    save_audited(entry, actor=actor)
    timeline_record(
        person=person,
        kind="language.added",
        summary=_("Language added: %(language)s (%(level)s).")
        % {"language": entry.get_language_display(), "level": entry.get_level_display()},
        actor=actor,
    )
    return entry


@transaction.atomic
def language_delete(*, entry: PersonLanguage, actor: Any) -> None:
    """Delete a language entry of a person."""
    entry = lock_for_update(PersonLanguage, entry.pk, expected_version=None)
    person = entry.person
    label = entry.get_language_display()
    entry._history_user = actor  # type: ignore[attr-defined]
    entry.delete()
    timeline_record(
        person=person,
        kind="language.deleted",
        summary=_("Language removed: %(language)s.") % {"language": label},
        actor=actor,
    )


# --- Residence statuses ---------------------------------------------------------------


def status_problems(
    *,
    document_type: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    legal_basis: str = "",
    wohnsitzauflage: bool = False,
    wohnsitzauflage_place: str = "",
    **_ignored: Any,
) -> Problems:
    """Checks of one residence status on its own (overlaps are checked by the services)."""
    problems = period_problems(ResidenceStatus, valid_from=valid_from, valid_to=valid_to)
    # An Aufenthaltserlaubnis is always issued for a purpose named by its section (§ 7 AufenthG).
    if document_type == DocumentType.AUFENTHALTSERLAUBNIS and not legal_basis.strip():
        problems.append(
            (
                "legal_basis",
                _(
                    "Legal basis: an Aufenthaltserlaubnis needs its legal basis, "
                    "e.g. “§ 25 Abs. 2 AufenthG”."
                ),
            )
        )
    if wohnsitzauflage and not wohnsitzauflage_place.strip():
        problems.append(
            (
                "wohnsitzauflage_place",
                _("Wohnsitzauflage place: please enter the place the Wohnsitzauflage names."),
            )
        )
    return problems


def _status_data(data: dict[str, Any]) -> dict[str, Any]:
    """The status fields of ``data``, text stripped, missing text as "" and flags as bool."""
    clean: dict[str, Any] = {}
    for name in STATUS_FIELDS:
        value = data.get(name)
        if name in ("valid_from", "valid_to"):
            clean[name] = value
        elif name == "wohnsitzauflage":
            clean[name] = bool(value)
        else:
            clean[name] = (value or "").strip()
    if not clean["wohnsitzauflage"]:
        clean["wohnsitzauflage_place"] = ""
    return clean


def _status_spans(statuses: Iterable[ResidenceStatus]) -> list[Keyed[ResidenceStatus]]:
    return [Keyed(s, Span(s.valid_from, s.valid_to)) for s in statuses]


def _overlap_message(document: Any, start: dt.date, end: dt.date | None, what: str) -> str:
    return _(
        "Valid from: this period overlaps %(what)s “%(document)s” (%(start)s – %(end)s). "
        "Periods of one person must not overlap: correct the dates."
    ) % {"what": what, "document": document, "start": day(start), "end": day(end)}


def _check_status_overlap(new: Span, others: list[ResidenceStatus], *, adding: bool) -> None:
    spans = _status_spans(others)
    if adding:
        blocking = blocking_open_predecessor(new, spans)
        if blocking is not None:
            raise DomainError(
                _(
                    "Valid from: the residence document “%(document)s” (valid from %(date)s) "
                    "has no end date. Set the end date of that document first, then add the "
                    "new one."
                )
                % {"document": blocking, "date": day(blocking.valid_from)},
                field="valid_from",
            )
    hits = overlapping(new, spans)
    if hits:
        hit = hits[0]
        raise DomainError(
            _overlap_message(hit, hit.valid_from, hit.valid_to, _("the residence document")),
            field="valid_from",
        )


@transaction.atomic
def status_add(*, person: Person, actor: Any, **data: Any) -> ResidenceStatus:
    """Add a residence document to the person's history (fields: ``STATUS_FIELDS``).

    Refused if the period overlaps another document of the person; if the latest document
    is open-ended, the user must first set its end date (nothing is closed automatically).
    """
    data = _status_data(data)
    _raise_first(status_problems(**data))
    lock_for_update(Person, person.pk, expected_version=None)
    others = list(ResidenceStatus.objects.filter(person=person))
    _check_status_overlap(Span(data["valid_from"], data["valid_to"]), others, adding=True)
    status = ResidenceStatus(
        kommune_id=person.kommune_id,
        person=person,
        **data,
    )
    save_audited(status, actor=actor)
    timeline_record(
        person=person,
        kind="status.added",
        summary=_("Residence status added: %(document)s, %(start)s – %(end)s.")
        % {"document": status, "start": day(status.valid_from), "end": day(status.valid_to)},
        actor=actor,
    )
    return status


@transaction.atomic
def status_update(
    *, status: ResidenceStatus, actor: Any, expected_version: int | None, **data: Any
) -> ResidenceStatus:
    """Correct a residence document; refused if stale, invalid or overlapping another."""
    data = _status_data(data)
    _raise_first(status_problems(**data))
    status = lock_for_update(ResidenceStatus, status.pk, expected_version=expected_version)
    lock_for_update(Person, status.person_id, expected_version=None)
    others = list(ResidenceStatus.objects.filter(person_id=status.person_id).exclude(pk=status.pk))
    _check_status_overlap(Span(data["valid_from"], data["valid_to"]), others, adding=False)
    changed = [name for name, value in data.items() if getattr(status, name) != value]
    if not changed:
        return status
    for name in changed:
        setattr(status, name, data[name])
    save_audited(status, actor=actor, update_fields=changed)
    timeline_record(
        person=status.person,
        kind="status.updated",
        summary=_("Residence status corrected: %(document)s, %(start)s – %(end)s.")
        % {"document": status, "start": day(status.valid_from), "end": day(status.valid_to)},
        actor=actor,
    )
    return status


# --- Asylum procedure -----------------------------------------------------------------


def asylum_problems(**data: Any) -> Problems:
    """Dates not in the future, in procedural order, outcome and decision date together."""
    today = timezone.localdate()
    problems: Problems = []
    for name in ASYLUM_DATES:
        value = data.get(name)
        if value is not None and value > today:
            problems.append(
                (
                    name,
                    _("%(field)s: %(date)s lies in the future.")
                    % {"field": _capfirst(_label(AsylumProcedure, name)), "date": day(value)},
                )
            )
    given = [(name, data[name]) for name in ASYLUM_DATES if data.get(name) is not None]
    for index, (later, later_date) in enumerate(given):
        for earlier, earlier_date in given[:index]:
            if later_date < earlier_date:
                problems.append(
                    (
                        later,
                        _(
                            "%(later)s: %(later_date)s cannot be before %(earlier)s "
                            "(%(earlier_date)s)."
                        )
                        % {
                            "later": _capfirst(_label(AsylumProcedure, later)),
                            "later_date": day(later_date),
                            "earlier": _label(AsylumProcedure, earlier),
                            "earlier_date": day(earlier_date),
                        },
                    )
                )
                break
    if data.get("decision") and data.get("decision_date") is None:
        problems.append(
            ("decision_date", _("Decision: an outcome needs the date of the decision."))
        )
    if data.get("decision_date") is not None and not data.get("decision"):
        problems.append(("decision", _("Outcome: a decision date needs the outcome.")))
    return problems


@transaction.atomic
def asylum_save(
    *, person: Person, actor: Any, expected_version: int | None, **data: Any
) -> AsylumProcedure:
    """Create or update the asylum procedure of ``person`` (fields: ``ASYLUM_FIELDS``)."""
    data = {name: data.get(name) for name in ASYLUM_FIELDS}
    data["decision"] = data["decision"] or ""
    data["bamf_reference"] = (data["bamf_reference"] or "").strip()
    _raise_first(asylum_problems(**data))
    lock_for_update(Person, person.pk, expected_version=None)
    existing = AsylumProcedure.objects.filter(person=person).first()
    if existing is None:
        procedure = AsylumProcedure(kommune_id=person.kommune_id, person=person, **data)
        save_audited(procedure, actor=actor)
        kind, summary = "asylum.created", _("Asylum procedure recorded.")
    else:
        procedure = lock_for_update(AsylumProcedure, existing.pk, expected_version=expected_version)
        changed = [name for name, value in data.items() if getattr(procedure, name) != value]
        if not changed:
            return procedure
        for name in changed:
            setattr(procedure, name, data[name])
        save_audited(procedure, actor=actor, update_fields=changed)
        kind = "asylum.updated"
        summary = _("Asylum procedure changed: %(fields)s.") % {
            "fields": ", ".join(_label(AsylumProcedure, name) for name in changed)
        }
    timeline_record(person=person, kind=kind, summary=summary, actor=actor)
    return procedure


# --- Reception stays ------------------------------------------------------------------


@transaction.atomic
def reception_add(
    *,
    person: Person,
    actor: Any,
    facility: str,
    kind: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
) -> ReceptionStay:
    """Add a stay in a reception facility; refused if it overlaps another stay."""
    _raise_first(period_problems(ReceptionStay, valid_from=valid_from, valid_to=valid_to))
    lock_for_update(Person, person.pk, expected_version=None)
    stays = [
        Keyed(s, Span(s.valid_from, s.valid_to))
        for s in ReceptionStay.objects.filter(person=person)
    ]
    hits = overlapping(Span(valid_from, valid_to), stays)
    if hits:
        hit = hits[0]
        raise DomainError(
            _overlap_message(hit.facility, hit.valid_from, hit.valid_to, _("the stay in")),
            field="valid_from",
        )
    stay = ReceptionStay(
        kommune_id=person.kommune_id,
        person=person,
        facility=facility.strip(),
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    save_audited(stay, actor=actor)
    timeline_record(
        person=person,
        kind="reception.added",
        summary=_("Reception stay added: %(facility)s, %(start)s – %(end)s.")
        % {"facility": stay.facility, "start": day(valid_from), "end": day(valid_to)},
        actor=actor,
    )
    return stay


# --- Health (special category, Art. 9 GDPR) ------------------------------------------------


def health_open(*, person: Person, actor: Any, path: str) -> HealthRecord | None:
    """Log that ``actor`` opened the health data of ``person`` and return the record.

    Call on every display of health data: the access log is how the data protection
    officer sees who read special-category data.
    """
    AccessLog.objects.create(
        kommune_id=person.kommune_id,
        user=actor,
        subject_type="person",
        subject_uuid=person.uuid,
        subject_label=str(person)[:200],
        category=DataCategory.GESUNDHEIT,
        path=path[:500],
    )
    return HealthRecord.objects.filter(person=person).first()


@transaction.atomic
def health_save(
    *, person: Person, actor: Any, expected_version: int | None, **data: Any
) -> HealthRecord:
    """Create or update the health record of ``person``. The timeline names no content."""
    data = {name: data.get(name) for name in HEALTH_FIELDS}
    data["notes"] = data["notes"] or ""
    data["needs_accessible_housing"] = bool(data["needs_accessible_housing"])
    data["severe_disability"] = bool(data["severe_disability"])
    lock_for_update(Person, person.pk, expected_version=None)
    existing = HealthRecord.objects.filter(person=person).first()
    if existing is None:
        record = HealthRecord(kommune_id=person.kommune_id, person=person, **data)
        save_audited(record, actor=actor)
    else:
        record = lock_for_update(HealthRecord, existing.pk, expected_version=expected_version)
        changed = [name for name, value in data.items() if getattr(record, name) != value]
        if not changed:
            return record
        for name in changed:
            setattr(record, name, data[name])
        save_audited(record, actor=actor, update_fields=changed)
    timeline_record(
        person=person, kind="health.updated", summary=_("Health record changed."), actor=actor
    )
    return record


# --- Volunteer assignments ------------------------------------------------------------


@transaction.atomic
def assignment_add(
    *,
    person: Person,
    actor: Any,
    volunteer: Any,
    purpose: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
) -> PersonAssignment:
    """Assign a volunteer (Ehrenamt member of the person's Kommune) to ``person``.

    From ``valid_from`` to ``valid_to`` the volunteer sees the person's basic data.
    """
    if not volunteers_of(person.kommune_id).filter(pk=volunteer.pk).exists():
        raise DomainError(
            _("Volunteer: only volunteers (role Ehrenamt) of this Kommune can be assigned."),
            field="volunteer",
        )
    if not purpose.strip():
        raise DomainError(_("Purpose: please describe the purpose."), field="purpose")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(
            _("Valid to: %(end)s is before the start %(start)s.")
            % {"end": day(valid_to), "start": day(valid_from)},
            field="valid_to",
        )
    assignment = PersonAssignment(
        kommune_id=person.kommune_id,
        person=person,
        volunteer=volunteer,
        purpose=purpose.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    save_audited(assignment, actor=actor)
    timeline_record(
        person=person,
        kind="assignment.added",
        summary=_("Volunteer %(volunteer)s assigned (%(purpose)s), %(start)s – %(end)s.")
        % {
            "volunteer": volunteer,
            "purpose": assignment.purpose,
            "start": day(valid_from),
            "end": day(valid_to),
        },
        actor=actor,
    )
    return assignment
