"""Import persons and residence statuses from a spreadsheet, atomically.

``import_persons`` and ``import_statuses`` read the file row by row, clean each row
(``validate.RowValidator``), and write valid rows in batches inside ONE transaction. At the
end the transaction is kept only if this is no dry run and either every row was valid or
invalid rows are to be skipped; otherwise it is rolled back, so an import either completes or
leaves the database as it was. The counts of a dry run are those the import would give.

Every run is recorded as an ``ImportRun`` (who, when, file name and SHA-256, counts, outcome)
after the transaction, so refused and failed runs are recorded too.

The key of a person is the Aktenzeichen (``Person.file_reference``) within the Kommune: a
known Aktenzeichen updates that person (changed fields only); an empty optional cell never
erases stored data. Periods (residence status, address, household membership) are added or
closed, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from vorort.core.models import Kommune
from vorort.people.choices import Relation
from vorort.people.models import (
    Address,
    Household,
    HouseholdMember,
    Person,
    PersonLanguage,
    ResidenceStatus,
    TimelineEntry,
)
from vorort.people.search import fold
from vorort.work.models import WorkAccessFacts

from .columns import PERSON_COLUMNS, STATUS_COLUMNS, Column
from .models import ImportRun
from .readers import UnreadableFile, open_table
from .validate import CleanRow, RowError, RowValidator, missing_columns

BATCH_SIZE = 1000
PERSON_FIELDS = ("last_name", "first_name", "birth_date", "gender", "nationality", "phone", "email")


@dataclass
class InvalidRow:
    row: int
    values: list[Any]
    errors: list[RowError]


@dataclass
class ImportResult:
    kind: str
    file_name: str
    sha256: str
    dry_run: bool = False
    skip_invalid: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    invalid: list[InvalidRow] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    committed: bool = False
    duplicates: int = 0
    run: ImportRun | None = None

    @property
    def refused(self) -> int:
        return len(self.invalid) or (1 if self.errors else 0)

    def summary(self) -> str:
        """The last line of the command-line contract (fixed text)."""
        return (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} refused={self.refused}"
        )


class _Rollback(Exception):
    pass


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _day(value: dt.date | None) -> str:
    return "" if value is None else f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


# --- the run ---------------------------------------------------------------------------


BatchWriter = Callable[["_Context", list[CleanRow]], None]
Progress = Callable[[int, int], None]


def check_mapping(mapping: dict[str, int], columns: tuple[Column, ...]) -> dict[str, int]:
    """The mapping as given; ValueError for an unknown column key or a negative index."""
    keys = {c.key for c in columns}
    for key, index in mapping.items():
        if key not in keys:
            raise ValueError(f"unknown column key {key!r} in the mapping")
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            raise ValueError(f"column index for {key!r} must be an integer >= 0, not {index!r}")
    return dict(mapping)


@dataclass
class _Context:
    kommune: Kommune
    actor: Any
    today: dt.date
    validator: RowValidator
    result: ImportResult
    households: dict[str, Household] = field(default_factory=dict)
    household_sizes: dict[str, int] = field(default_factory=dict)

    def refuse(self, row: CleanRow, key: str, message: str) -> None:
        error = RowError(row.row, self.validator.header(key), message)
        self.result.errors.append(error)
        self.result.invalid.append(InvalidRow(row.row, row.raw, [error]))


def _run(
    *,
    kind: str,
    columns: tuple[Column, ...],
    writer: BatchWriter,
    kommune: Kommune,
    path: str | Path,
    actor: Any,
    actor_label: str,
    dry_run: bool,
    skip_invalid: bool,
    file_name: str | None,
    today: dt.date | None,
    unique_key: bool,
    batch_size: int,
    progress: Progress | None = None,
    mapping: dict[str, int] | None = None,
) -> ImportResult:
    if mapping is not None:
        mapping = check_mapping(mapping, columns)
    started = timezone.now()
    today = today or timezone.localdate()
    result = ImportResult(
        kind=kind,
        file_name=file_name or Path(path).name,
        sha256=file_sha256(path),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
    )
    outcome = ImportRun.Outcome.FAILED
    try:
        with scope(kommune=kommune):
            try:
                table = open_table(path)
            except UnreadableFile:
                result.errors.append(
                    RowError(
                        1, "–", _("The file cannot be read: use .xlsx or .csv (UTF-8 or Windows).")
                    )
                )
                outcome = ImportRun.Outcome.REFUSED
                return result
            result.headers = [str(h).strip() for h in table.headers]
            result.errors.extend(missing_columns(table.headers, columns, mapping))
            if result.errors:
                outcome = ImportRun.Outcome.REFUSED
                return result
            validator = RowValidator(
                table.headers, columns, today=today, unique_key=unique_key, mapping=mapping
            )
            context = _Context(kommune, actor, today, validator, result)

            def report() -> None:
                if progress is not None:
                    done = table.position
                    progress(done, max(table.total, done) if table.total else 0)

            try:
                with transaction.atomic():
                    batch: list[CleanRow] = []
                    for read, (number, values) in enumerate(table.rows, start=1):
                        clean, errors = validator.check(number, values)
                        if errors:
                            result.errors.extend(errors)
                            result.invalid.append(InvalidRow(number, values, errors))
                        if clean is not None and (skip_invalid or not result.errors):
                            # Once a row is invalid and nothing will be kept, only validate.
                            batch.append(clean)
                        if len(batch) >= batch_size:
                            writer(context, batch)
                            batch = []
                            report()
                        elif read % batch_size == 0:
                            report()  # only validating (or many refused rows): still progress
                    if batch and (skip_invalid or not result.errors):
                        writer(context, batch)
                    result.duplicates = validator.duplicates
                    if progress is not None:
                        done = table.position
                        progress(done, done)
                    if dry_run or (result.errors and not skip_invalid):
                        raise _Rollback
            except _Rollback:
                pass
            if dry_run:
                outcome = ImportRun.Outcome.DRY_RUN
            elif result.errors and not skip_invalid:
                outcome = ImportRun.Outcome.REFUSED
                result.created = result.updated = result.unchanged = 0
            else:
                outcome = ImportRun.Outcome.COMMITTED
                result.committed = True
            result.invalid.sort(key=lambda r: r.row)
            result.errors.sort(key=lambda e: e.row)
            return result
    finally:
        with scope(kommune=kommune):
            result.run = ImportRun.objects.create(
                kommune=kommune,
                kind=kind,
                actor=actor,
                actor_label=actor_label if actor is None else str(actor.get_username()),
                file_name=result.file_name[:255],
                sha256=result.sha256,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                outcome=outcome,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
                refused=result.refused,
                started_at=started,
                finished_at=timezone.now(),
            )


def import_persons(
    *,
    kommune: Kommune,
    path: str | Path,
    actor: Any = None,
    actor_label: str = "cli",
    dry_run: bool = False,
    skip_invalid: bool = False,
    file_name: str | None = None,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    mapping: dict[str, int] | None = None,
) -> ImportResult:
    """Import the persons template ``path`` (.xlsx or .csv) into ``kommune``.

    Without ``skip_invalid`` any invalid row means nothing is stored; with it, the valid rows
    are stored and the invalid ones returned in ``result.invalid``. ``actor`` is the user
    (None on the command line, recorded as ``actor_label``).

    ``progress(rows_done, rows_total)`` is called after each batch and once at the end
    (then ``rows_done == rows_total``); the counts are rows after the header row, empty rows
    included, and ``rows_total`` is 0 when the file does not tell it cheaply. It runs
    inside the import's transaction: it must not write to the database through the same
    connection (a background task reports through its own, or the cache).

    ``mapping`` (column key of ``columns.PERSON_COLUMNS`` -> 0-based column index in the
    file, e.g. the web wizard's) replaces matching the header row; columns it leaves out
    are not read, and a required one missing refuses the file. An unknown key or a
    negative index raises ValueError.
    """
    return _run(
        kind="persons",
        columns=PERSON_COLUMNS,
        writer=write_person_batch,
        kommune=kommune,
        path=path,
        actor=actor,
        actor_label=actor_label,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        file_name=file_name,
        today=today,
        unique_key=True,
        batch_size=batch_size,
        progress=progress,
        mapping=mapping,
    )


def import_statuses(
    *,
    kommune: Kommune,
    path: str | Path,
    actor: Any = None,
    actor_label: str = "cli",
    dry_run: bool = False,
    skip_invalid: bool = False,
    file_name: str | None = None,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    mapping: dict[str, int] | None = None,
) -> ImportResult:
    """Import the residence-status history template ``path`` into ``kommune``.

    Each row adds one period to the person with that Aktenzeichen (who must exist); an
    identical period counts as unchanged, the same document from the same day with another
    end updates that end; a period overlapping another of the same person is refused.
    ``progress`` and ``mapping`` (keys of ``columns.STATUS_COLUMNS``) as for
    ``import_persons``.
    """
    return _run(
        kind="statuses",
        columns=STATUS_COLUMNS,
        writer=write_status_batch,
        kommune=kommune,
        path=path,
        actor=actor,
        actor_label=actor_label,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        file_name=file_name,
        today=today,
        unique_key=False,
        batch_size=batch_size,
        progress=progress,
        mapping=mapping,
    )


# --- status periods --------------------------------------------------------------------


def _overlaps(
    start: dt.date, end: dt.date | None, other_start: dt.date, other_end: dt.date | None
) -> bool:
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


def _plan_status(
    statuses: list[ResidenceStatus], document_type: str, start: dt.date, end: dt.date | None
) -> tuple[str, ResidenceStatus | None]:
    """("unchanged" | "update" | "create" | "overlap", the status concerned)."""
    for status in statuses:
        if status.document_type == document_type and status.valid_from == start:
            if status.valid_to == end:
                return "unchanged", status
            others = [s for s in statuses if s is not status]
            hit = next((s for s in others if _overlaps(start, end, s.valid_from, s.valid_to)), None)
            return ("overlap", hit) if hit else ("update", status)
    hit = next((s for s in statuses if _overlaps(start, end, s.valid_from, s.valid_to)), None)
    return ("overlap", hit) if hit else ("create", None)


def _overlap_message(hit: ResidenceStatus) -> str:
    return _(
        "the status overlaps the stored %(document)s from %(start)s to %(end)s; periods of "
        "one person must not overlap."
    ) % {
        "document": hit.get_document_type_display(),
        "start": _day(hit.valid_from),
        "end": _day(hit.valid_to) or _("open end"),
    }


def _statuses_by_person(person_ids: Iterable[int]) -> dict[int, list[ResidenceStatus]]:
    found: dict[int, list[ResidenceStatus]] = {}
    for status in ResidenceStatus.objects.filter(person_id__in=list(person_ids)):
        found.setdefault(status.person_id, []).append(status)
    return found


def write_status_batch(context: _Context, batch: list[CleanRow]) -> None:
    """Write one batch of the status-history import."""
    result = context.result
    refs = {row.values["file_reference"] for row in batch}
    persons: dict[str, list[Person]] = {}
    for person in Person.objects.filter(kommune=context.kommune, file_reference__in=refs):
        persons.setdefault(person.file_reference, []).append(person)
    statuses = _statuses_by_person(p.pk for group in persons.values() for p in group)
    to_create: list[ResidenceStatus] = []
    to_update: list[ResidenceStatus] = []
    for row in batch:
        values = row.values
        found = persons.get(values["file_reference"], [])
        if len(found) != 1:
            context.refuse(
                row,
                "file_reference",
                (
                    _(
                        "there is no person with the Aktenzeichen “%(value)s” (import the "
                        "persons first)."
                    )
                    if not found
                    else _("several persons have the Aktenzeichen “%(value)s”; correct that first.")
                )
                % {"value": values["file_reference"]},
            )
            continue
        person = found[0]
        own = statuses.setdefault(person.pk, [])
        action, status = _plan_status(
            own, values["document_type"], values["valid_from"], values.get("valid_to")
        )
        if action == "overlap":
            assert status is not None
            context.refuse(row, "valid_from", _overlap_message(status))
            continue
        if action == "unchanged":
            result.unchanged += 1
        elif action == "update":
            assert status is not None
            status.valid_to = values.get("valid_to")
            status.version += 1
            status.updated_at = timezone.now()
            to_update.append(status)
            result.updated += 1
        else:
            new = ResidenceStatus(
                kommune=context.kommune,
                person=person,
                document_type=values["document_type"],
                valid_from=values["valid_from"],
                valid_to=values.get("valid_to"),
            )
            own.append(new)
            to_create.append(new)
            result.created += 1
    _save(ResidenceStatus, to_create, to_update, ["valid_to", "version", "updated_at"], context)


def _save(
    model: Any, create: list[Any], update: list[Any], fields: list[str], context: _Context
) -> None:
    reason = _("spreadsheet import")
    if create:
        bulk_create_with_history(
            create, model, batch_size=500, default_user=context.actor, default_change_reason=reason
        )
    if update:
        bulk_update_with_history(
            update,
            model,
            fields,
            batch_size=500,
            default_user=context.actor,
            default_change_reason=reason,
        )


# --- persons ---------------------------------------------------------------------------


@dataclass
class _PersonWrites:
    households_new: list[Household] = field(default_factory=list)
    persons_new: list[Person] = field(default_factory=list)
    persons_changed: list[Person] = field(default_factory=list)
    statuses_new: list[ResidenceStatus] = field(default_factory=list)
    statuses_changed: list[ResidenceStatus] = field(default_factory=list)
    addresses_new: list[Address] = field(default_factory=list)
    addresses_changed: list[Address] = field(default_factory=list)
    languages_new: list[PersonLanguage] = field(default_factory=list)
    languages_changed: list[PersonLanguage] = field(default_factory=list)
    facts_new: list[WorkAccessFacts] = field(default_factory=list)
    facts_changed: list[WorkAccessFacts] = field(default_factory=list)
    members_new: list[HouseholdMember] = field(default_factory=list)
    members_changed: list[HouseholdMember] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)


def _load_households(context: _Context, names: set[str]) -> None:
    """Known households of the Kommune by name, with their member counts (one query)."""
    missing = names - context.households.keys()
    if not missing:
        return
    for household in (
        Household.objects.filter(kommune=context.kommune, name__in=missing)
        .annotate(size=Count("members"))
        .order_by("id")
    ):
        if household.name not in context.households:
            context.households[household.name] = household
            context.household_sizes[household.name] = household.size


def _person_related(person_ids: list[int], today: dt.date) -> dict[str, Any]:
    addresses: dict[int, list[Address]] = {}
    for address in Address.objects.filter(person_id__in=person_ids).order_by("-valid_from", "-id"):
        addresses.setdefault(address.person_id, []).append(address)
    languages: dict[int, dict[str, PersonLanguage]] = {}
    for entry in PersonLanguage.objects.filter(person_id__in=person_ids):
        languages.setdefault(entry.person_id, {})[entry.language] = entry
    facts = {f.person_id: f for f in WorkAccessFacts.objects.filter(person_id__in=person_ids)}
    members: dict[int, HouseholdMember] = {}
    for member in (
        HouseholdMember.objects.filter(person_id__in=person_ids)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .select_related("household")
        .order_by("-joined_on", "-id")
    ):
        members.setdefault(member.person_id, member)
    return {
        "statuses": _statuses_by_person(person_ids),
        "addresses": addresses,
        "languages": languages,
        "facts": facts,
        "members": members,
    }


def current_address(addresses: list[Address], today: dt.date) -> Address | None:
    """The address valid on ``today`` that started last (``addresses`` newest first)."""
    return next((a for a in addresses if a.is_current(today)), None)


def write_person_batch(context: _Context, batch: list[CleanRow]) -> None:
    """Write one batch of the persons import (a few queries per batch, not per row)."""
    refs = {row.values["file_reference"] for row in batch}
    existing: dict[str, list[Person]] = {}
    for person in Person.objects.filter(kommune=context.kommune, file_reference__in=refs):
        existing.setdefault(person.file_reference, []).append(person)
    related = _person_related([p.pk for group in existing.values() for p in group], context.today)
    _load_households(context, {r.values["household"] for r in batch if r.values.get("household")})
    writes = _PersonWrites()
    for row in batch:
        apply_person_row(context, row, existing, related, writes)
    now = timezone.now()
    for obj in writes.persons_changed:
        obj.updated_at = now
    _save(Household, writes.households_new, [], [], context)
    _save(
        Person,
        writes.persons_new,
        writes.persons_changed,
        [*PERSON_FIELDS, "search_name", "version", "updated_at"],
        context,
    )
    for collection in (
        writes.statuses_new,
        writes.addresses_new,
        writes.languages_new,
        writes.facts_new,
        writes.members_new,
        writes.timeline,
    ):
        for dependent in collection:
            # The person was saved above: take over its new primary key.
            dependent.person_id = dependent.person.pk
    for member in writes.members_new:
        member.household_id = member.household.pk
    changed_fields = ["version", "updated_at"]
    _save(
        ResidenceStatus,
        writes.statuses_new,
        writes.statuses_changed,
        ["valid_to", *changed_fields],
        context,
    )
    _save(
        Address,
        writes.addresses_new,
        writes.addresses_changed,
        ["street", "postcode", "city", "valid_to", *changed_fields],
        context,
    )
    _save(
        PersonLanguage,
        writes.languages_new,
        writes.languages_changed,
        ["level", *changed_fields],
        context,
    )
    _save(
        WorkAccessFacts,
        writes.facts_new,
        writes.facts_changed,
        ["entry_date", *changed_fields],
        context,
    )
    _save(
        HouseholdMember,
        writes.members_new,
        writes.members_changed,
        ["left_on", *changed_fields],
        context,
    )
    TimelineEntry.objects.bulk_create(writes.timeline, batch_size=500)


def _same(stored: Any, value: Any) -> bool:
    """Equal, also when the stored text is not in Unicode NFC (the importer reads NFC)."""
    if isinstance(stored, str) and isinstance(value, str):
        return unicodedata.normalize("NFC", stored) == value
    return bool(stored == value)


def _touch(obj: Any, collection: list[Any]) -> None:
    obj.version += 1
    obj.updated_at = timezone.now()
    collection.append(obj)


def apply_person_row(
    context: _Context,
    row: CleanRow,
    existing: dict[str, list[Person]],
    related: dict[str, Any],
    writes: _PersonWrites,
) -> None:
    """Plan the writes of one valid row; refuse it (nothing planned) on a conflict."""
    values = row.values
    kommune, today = context.kommune, context.today
    found = existing.get(values["file_reference"], [])
    if len(found) > 1:
        context.refuse(
            row,
            "file_reference",
            _("several persons have the Aktenzeichen “%(value)s”; correct that first.")
            % {"value": values["file_reference"]},
        )
        return
    person = found[0] if found else None
    is_new = person is None
    changed = False
    statuses = related["statuses"].get(person.pk, []) if person else []
    addresses = related["addresses"].get(person.pk, []) if person else []
    languages = related["languages"].get(person.pk, {}) if person else {}
    facts = related["facts"].get(person.pk) if person else None
    member = related["members"].get(person.pk) if person else None

    # Checks that can refuse the row come first, so a refused row plans nothing.
    status_plan: tuple[str, ResidenceStatus | None] | None = None
    if values.get("document_type"):
        status_plan = _plan_status(
            statuses, values["document_type"], values["valid_from"], values.get("valid_to")
        )
        if status_plan[0] == "overlap":
            assert status_plan[1] is not None
            context.refuse(row, "valid_from", _overlap_message(status_plan[1]))
            return
    address_plan = None
    if values.get("street"):
        wanted = (values["street"], values["postcode"], values["city"])
        current = current_address(addresses, today)
        latest = addresses[0] if addresses else None
        if current is not None and (current.street, current.postcode, current.city) == wanted:
            address_plan = "unchanged"
        elif latest is not None and latest.valid_from == today:
            address_plan = "correct"
        elif latest is not None and latest.valid_from > today:
            context.refuse(
                row,
                "street",
                _(
                    "an address from %(date)s is already stored; change the address in the "
                    "case file."
                )
                % {"date": _day(latest.valid_from)},
            )
            return
        else:
            address_plan = "move"

    if person is None:
        person = Person(kommune=kommune, file_reference=values["file_reference"])
        for name in PERSON_FIELDS:
            setattr(person, name, values.get(name) or ("" if name != "birth_date" else None))
        person.search_name = fold(f"{person.first_name} {person.last_name}")
        writes.persons_new.append(person)
    else:
        fields_changed = False
        for name in PERSON_FIELDS:
            value = values.get(name)
            # An empty optional cell never erases stored data.
            if value in (None, "") or _same(getattr(person, name), value):
                continue
            setattr(person, name, value)
            fields_changed = True
        if fields_changed:
            person.search_name = fold(f"{person.first_name} {person.last_name}")
            person.version += 1
            writes.persons_changed.append(person)
            changed = True

    if status_plan is not None:
        action, status = status_plan
        if action == "update":
            assert status is not None
            status.valid_to = values.get("valid_to")
            _touch(status, writes.statuses_changed)
            changed = True
        elif action == "create":
            writes.statuses_new.append(
                ResidenceStatus(
                    kommune=kommune,
                    person=person,
                    document_type=values["document_type"],
                    valid_from=values["valid_from"],
                    valid_to=values.get("valid_to"),
                )
            )
            changed = True

    if address_plan in ("correct", "move"):
        latest = addresses[0] if addresses else None
        if address_plan == "correct":
            assert latest is not None
            latest.street, latest.postcode, latest.city = (
                values["street"],
                values["postcode"],
                values["city"],
            )
            latest.valid_to = None
            _touch(latest, writes.addresses_changed)
        else:
            if latest is not None and (latest.valid_to is None or latest.valid_to >= today):
                latest.valid_to = today - dt.timedelta(days=1)
                _touch(latest, writes.addresses_changed)
            writes.addresses_new.append(
                Address(
                    kommune=kommune,
                    person=person,
                    street=values["street"],
                    postcode=values["postcode"],
                    city=values["city"],
                    valid_from=today,
                )
            )
        changed = True

    for code, level in values.get("languages") or ():
        entry = languages.get(code)
        if entry is None:
            writes.languages_new.append(
                PersonLanguage(kommune=kommune, person=person, language=code, level=level)
            )
            changed = True
        elif entry.level != level:
            entry.level = level
            _touch(entry, writes.languages_changed)
            changed = True

    entry_date = values.get("entry_date")
    if entry_date is not None:
        if facts is None:
            writes.facts_new.append(
                WorkAccessFacts(kommune=kommune, person=person, entry_date=entry_date)
            )
            changed = True
        elif facts.entry_date != entry_date:
            facts.entry_date = entry_date
            _touch(facts, writes.facts_changed)
            changed = True

    household_name: str = values.get("household") or ""
    if household_name and (member is None or member.household.name != household_name):
        name = household_name
        household = context.households.get(name)
        if household is None:
            household = Household(kommune=kommune, name=name)
            context.households[name] = household
            writes.households_new.append(household)
        if member is not None:
            member.left_on = today
            _touch(member, writes.members_changed)
        size = context.household_sizes.get(name, 0)
        context.household_sizes[name] = size + 1
        writes.members_new.append(
            HouseholdMember(
                kommune=kommune,
                household=household,
                person=person,
                relation=Relation.REFERENCE if size == 0 else Relation.OTHER,
                joined_on=today,
            )
        )
        changed = True

    if is_new:
        context.result.created += 1
        summary = _("Created by spreadsheet import.")
    elif changed:
        context.result.updated += 1
        summary = _("Updated by spreadsheet import.")
    else:
        context.result.unchanged += 1
        return
    writes.timeline.append(
        TimelineEntry(
            kommune=kommune,
            person=person,
            kind="person.imported",
            summary=summary,
            actor=context.actor,
            occurred_at=timezone.now(),
        )
    )
