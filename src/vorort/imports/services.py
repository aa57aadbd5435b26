"""Import persons and residence statuses from a spreadsheet, atomically.

``import_persons`` and ``import_statuses`` read the file row by row, clean each row
(``validate.RowValidator``), and write valid rows in batches inside ONE transaction. At the
end the transaction is kept only if this is no dry run and either every row was valid or
invalid rows are to be skipped; otherwise it is rolled back, so an import either completes or
leaves the database as it was. The counts of a dry run are those the import would give.

Every run is recorded as an ``ImportRun`` (who, when, file name and SHA-256, counts, outcome)
after the transaction, so refused and failed runs are recorded too.

A batch costs a few queries, not a few per row: the stored persons of the batch and their
related rows are loaded with ``values()`` (one query each), every row is planned as plain
values (``apply_person_row``: refusals first, so a refused row plans nothing), and
``_flush`` writes the batch table by table with ``bulk.py`` (one insert or update statement
per table, plus the simple-history rows and timeline entries). ``progress`` reports after
each batch; ``mapping`` replaces the header matching (the web wizard's column mapping).

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
from django.db.models import Count, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from vorort.core.models import Kommune
from vorort.people.choices import DocumentType, Relation
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

from .bulk import IdPool, Row, insert_with_history, new_row, table, update_with_history
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
    # Households of the file by name: id and number of members (a compact index over the
    # whole file, so rows of one household in different batches join the same one).
    households: dict[str, int] = field(default_factory=dict)
    household_sizes: dict[str, int] = field(default_factory=dict)
    pools: dict[type[Model], IdPool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.kommune_id: int = self.kommune.pk
        self.actor_id: int | None = getattr(self.actor, "pk", None)

    def pool(self, model: type[Model]) -> IdPool:
        found = self.pools.get(model)
        if found is None:
            found = self.pools[model] = IdPool(model)
        return found

    def new(self, model: type[Model], now: dt.datetime, **values: Any) -> Row:
        """A new row of ``model`` in this Kommune, with its primary key already given."""
        return new_row(model, self.pool(model), now, kommune_id=self.kommune_id, **values)

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


# --- writing ---------------------------------------------------------------------------

# Tables in the order they are written (a row's foreign keys point at earlier tables).
WRITE_ORDER: tuple[type[Model], ...] = (
    Household,
    Person,
    ResidenceStatus,
    Address,
    PersonLanguage,
    WorkAccessFacts,
    HouseholdMember,
)
# What the import changes in a stored row.
UPDATE_FIELDS: dict[type[Model], list[str]] = {
    Person: [*PERSON_FIELDS, "search_name", "version", "updated_at"],
    ResidenceStatus: ["valid_to", "legal_basis", "version", "updated_at"],
    Address: ["street", "postcode", "city", "valid_to", "version", "updated_at"],
    PersonLanguage: ["level", "version", "updated_at"],
    WorkAccessFacts: ["entry_date", "version", "updated_at"],
    HouseholdMember: ["left_on", "version", "updated_at"],
}


@dataclass
class _Writes:
    """The rows one batch creates and changes, written together by ``_flush``."""

    now: dt.datetime
    created: dict[type[Model], list[Row]] = field(default_factory=dict)
    changed: dict[type[Model], list[Row]] = field(default_factory=dict)
    timeline: list[Row] = field(default_factory=list)

    texts: dict[str, str] = field(default_factory=dict)

    def text(self, kind: str) -> str:
        """The timeline summary for a created or updated person (translated once a batch)."""
        found = self.texts.get(kind)
        if found is None:
            found = self.texts[kind] = (
                _("Created by spreadsheet import.")
                if kind == "created"
                else _("Updated by spreadsheet import.")
            )
        return found

    def create(self, model: type[Model], row: Row) -> Row:
        self.created.setdefault(model, []).append(row)
        return row

    def touch(self, model: type[Model], row: Row) -> None:
        """A stored row changed: next version, updated now."""
        row["version"] += 1
        row["updated_at"] = self.now
        self.changed.setdefault(model, []).append(row)


def _flush(context: _Context, writes: _Writes) -> None:
    """Write a batch: updates, inserts and their history rows, then timeline entries."""
    user_id, reason, when = context.actor_id, _("spreadsheet import"), writes.now
    for model in WRITE_ORDER:
        changed = writes.changed.get(model)
        if changed:
            update_with_history(
                model, changed, UPDATE_FIELDS[model], user_id=user_id, reason=reason, when=when
            )
    for model in WRITE_ORDER:
        created = writes.created.get(model)
        if created:
            insert_with_history(model, created, user_id=user_id, reason=reason, when=when)
    table(TimelineEntry).insert(writes.timeline)
    for pool in context.pools.values():
        pool.refresh()


# The fields of stored rows the import compares and changes (no timestamps, no uuid: the
# history of a changed row is copied from the table itself, see bulk.copy_to_history).
LOAD_FIELDS: dict[type[Model], list[str]] = {
    Person: ["id", "file_reference", *PERSON_FIELDS, "version"],
    ResidenceStatus: [
        "id",
        "person_id",
        "document_type",
        "legal_basis",
        "valid_from",
        "valid_to",
        "version",
    ],
    Address: ["id", "person_id", "street", "postcode", "city", "valid_from", "valid_to", "version"],
    PersonLanguage: ["id", "person_id", "language", "level", "version"],
    WorkAccessFacts: ["id", "person_id", "entry_date", "version"],
    HouseholdMember: ["id", "person_id", "left_on", "version", "household__name"],
}


def _values(model: type[Model]) -> list[str]:
    return LOAD_FIELDS[model]


# --- status periods --------------------------------------------------------------------


def _overlaps(
    start: dt.date, end: dt.date | None, other_start: dt.date, other_end: dt.date | None
) -> bool:
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


def _plan_status(
    statuses: list[Row],
    document_type: str,
    start: dt.date,
    end: dt.date | None,
    legal_basis: str = "",
) -> tuple[str, Row | None]:
    """("unchanged" | "update" | "create" | "overlap", the status concerned).

    The same document from the same day is that status: another end, or a legal basis it
    lacks or names otherwise, updates it (an empty legal basis never erases one)."""
    for status in statuses:
        if status["document_type"] == document_type and status["valid_from"] == start:
            same_basis = not legal_basis or _basis_key(status["legal_basis"]) == _basis_key(
                legal_basis
            )
            if status["valid_to"] == end and same_basis:
                return "unchanged", status
            hit = next(
                (
                    s
                    for s in statuses
                    if s is not status and _overlaps(start, end, s["valid_from"], s["valid_to"])
                ),
                None,
            )
            return ("overlap", hit) if hit else ("update", status)
    hit = next((s for s in statuses if _overlaps(start, end, s["valid_from"], s["valid_to"])), None)
    return ("overlap", hit) if hit else ("create", None)


def _basis_key(text: str) -> str:
    """A legal basis compared without spaces and case ("§25 Abs.5" = "§ 25 Abs. 5")."""
    return "".join(text.split()).casefold()


def _update_status(status: Row, values: dict[str, Any]) -> None:
    status["valid_to"] = values.get("valid_to")
    if values.get("legal_basis"):
        status["legal_basis"] = values["legal_basis"]


def _overlap_message(hit: Row) -> str:
    document = hit["document_type"]
    return _(
        "the status overlaps the stored %(document)s from %(start)s to %(end)s; periods of "
        "one person must not overlap."
    ) % {
        "document": str(dict(DocumentType.choices).get(document, document)),
        "start": _day(hit["valid_from"]),
        "end": _day(hit["valid_to"]) or _("open end"),
    }


def _statuses_by_person(person_ids: Iterable[int]) -> dict[int, list[Row]]:
    found: dict[int, list[Row]] = {}
    for status in ResidenceStatus.objects.filter(person_id__in=list(person_ids)).values(
        *_values(ResidenceStatus)
    ):
        found.setdefault(status["person_id"], []).append(status)
    return found


def _persons_by_reference(context: _Context, batch: list[CleanRow]) -> dict[str, list[Row]]:
    """The stored persons with the batch's Aktenzeichen (one query)."""
    refs = {row.values["file_reference"] for row in batch}
    found: dict[str, list[Row]] = {}
    for person in Person.objects.filter(kommune=context.kommune, file_reference__in=refs).values(
        *_values(Person)
    ):
        found.setdefault(person["file_reference"], []).append(person)
    return found


def write_status_batch(context: _Context, batch: list[CleanRow]) -> None:
    """Write one batch of the status-history import (a few queries per batch)."""
    result = context.result
    persons = _persons_by_reference(context, batch)
    statuses = _statuses_by_person(p["id"] for group in persons.values() for p in group)
    writes = _Writes(now=timezone.now())
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
        own = statuses.setdefault(person["id"], [])
        action, status = _plan_status(
            own,
            values["document_type"],
            values["valid_from"],
            values.get("valid_to"),
            values.get("legal_basis") or "",
        )
        if action == "overlap":
            assert status is not None
            context.refuse(row, "valid_from", _overlap_message(status))
            continue
        if action == "unchanged":
            result.unchanged += 1
        elif action == "update":
            assert status is not None
            _update_status(status, values)
            writes.touch(ResidenceStatus, status)
            result.updated += 1
        else:
            own.append(
                writes.create(
                    ResidenceStatus,
                    context.new(
                        ResidenceStatus,
                        writes.now,
                        person_id=person["id"],
                        document_type=values["document_type"],
                        legal_basis=values.get("legal_basis") or "",
                        valid_from=values["valid_from"],
                        valid_to=values.get("valid_to"),
                    ),
                )
            )
            result.created += 1
    _flush(context, writes)


# --- persons ---------------------------------------------------------------------------


def _load_households(context: _Context, names: set[str]) -> None:
    """Known households of the Kommune by name, with their member counts (one query)."""
    missing = names - context.households.keys()
    if not missing:
        return
    for pk, name, size in (
        Household.objects.filter(kommune=context.kommune, name__in=missing)
        .annotate(size=Count("members"))
        .order_by("id")
        .values_list("id", "name", "size")
    ):
        if name not in context.households:
            context.households[name] = pk
            context.household_sizes[name] = size


def _person_related(person_ids: list[int], today: dt.date) -> dict[str, Any]:
    """The stored rows a persons batch may change, by person id (five queries)."""
    if not person_ids:
        return {"statuses": {}, "addresses": {}, "languages": {}, "facts": {}, "members": {}}
    addresses: dict[int, list[Row]] = {}
    for address in (
        Address.objects.filter(person_id__in=person_ids)
        .order_by("-valid_from", "-id")
        .values(*_values(Address))
    ):
        addresses.setdefault(address["person_id"], []).append(address)
    languages: dict[int, dict[str, Row]] = {}
    for entry in PersonLanguage.objects.filter(person_id__in=person_ids).values(
        *_values(PersonLanguage)
    ):
        languages.setdefault(entry["person_id"], {})[entry["language"]] = entry
    facts = {
        f["person_id"]: f
        for f in WorkAccessFacts.objects.filter(person_id__in=person_ids).values(
            *_values(WorkAccessFacts)
        )
    }
    members: dict[int, Row] = {}
    for member in (
        HouseholdMember.objects.filter(person_id__in=person_ids)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .order_by("-joined_on", "-id")
        .values(*_values(HouseholdMember))
    ):
        members.setdefault(member["person_id"], member)
    return {
        "statuses": _statuses_by_person(person_ids),
        "addresses": addresses,
        "languages": languages,
        "facts": facts,
        "members": members,
    }


def current_address(addresses: list[Row], today: dt.date) -> Row | None:
    """The address valid on ``today`` that started last (``addresses`` newest first)."""
    return next(
        (
            a
            for a in addresses
            if a["valid_from"] <= today and (a["valid_to"] is None or a["valid_to"] >= today)
        ),
        None,
    )


def write_person_batch(context: _Context, batch: list[CleanRow]) -> None:
    """Write one batch of the persons import (a few queries per batch, not per row)."""
    existing = _persons_by_reference(context, batch)
    related = _person_related(
        [p["id"] for group in existing.values() for p in group], context.today
    )
    _load_households(context, {r.values["household"] for r in batch if r.values.get("household")})
    writes = _Writes(now=timezone.now())
    for row in batch:
        apply_person_row(context, row, existing, related, writes)
    _flush(context, writes)


def _same(stored: Any, value: Any) -> bool:
    """Equal, also when the stored text is not in Unicode NFC (the importer reads NFC)."""
    if isinstance(stored, str) and isinstance(value, str):
        return unicodedata.normalize("NFC", stored) == value
    return bool(stored == value)


def apply_person_row(
    context: _Context,
    row: CleanRow,
    existing: dict[str, list[Row]],
    related: dict[str, Any],
    writes: _Writes,
) -> None:
    """Plan the writes of one valid row; refuse it (nothing planned) on a conflict."""
    values = row.values
    today, now = context.today, writes.now
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
    pk = person["id"] if person else None
    statuses: list[Row] = related["statuses"].get(pk, []) if person else []
    addresses: list[Row] = related["addresses"].get(pk, []) if person else []
    languages: dict[str, Row] = related["languages"].get(pk, {}) if person else {}
    facts: Row | None = related["facts"].get(pk) if person else None
    member: Row | None = related["members"].get(pk) if person else None

    # Checks that can refuse the row come first, so a refused row plans nothing.
    status_plan: tuple[str, Row | None] | None = None
    if values.get("document_type"):
        status_plan = _plan_status(
            statuses,
            values["document_type"],
            values["valid_from"],
            values.get("valid_to"),
            values.get("legal_basis") or "",
        )
        if status_plan[0] == "overlap":
            assert status_plan[1] is not None
            context.refuse(row, "valid_from", _overlap_message(status_plan[1]))
            return
    address_plan = None
    latest = addresses[0] if addresses else None
    if values.get("street"):
        wanted = (values["street"], values["postcode"], values["city"])
        current = current_address(addresses, today)
        if current is not None and (current["street"], current["postcode"], current["city"]) == (
            wanted
        ):
            address_plan = "unchanged"
        elif latest is not None and latest["valid_from"] == today:
            address_plan = "correct"
        elif latest is not None and latest["valid_from"] > today:
            context.refuse(
                row,
                "street",
                _(
                    "an address from %(date)s is already stored; change the address in the "
                    "case file."
                )
                % {"date": _day(latest["valid_from"])},
            )
            return
        else:
            address_plan = "move"

    if person is None:
        fields = {
            key: values.get(key) or ("" if key != "birth_date" else None) for key in PERSON_FIELDS
        }
        person = writes.create(
            Person,
            context.new(
                Person,
                now,
                file_reference=values["file_reference"],
                search_name=fold(f"{fields['first_name']} {fields['last_name']}"),
                **fields,
            ),
        )
    else:
        fields_changed = False
        for key in PERSON_FIELDS:
            value = values.get(key)
            # An empty optional cell never erases stored data.
            if value in (None, "") or _same(person[key], value):
                continue
            person[key] = value
            fields_changed = True
        if fields_changed:
            person["search_name"] = fold(f"{person['first_name']} {person['last_name']}")
            writes.touch(Person, person)
            changed = True
    person_id = person["id"]

    if status_plan is not None:
        action, status = status_plan
        if action == "update":
            assert status is not None
            _update_status(status, values)
            writes.touch(ResidenceStatus, status)
            changed = True
        elif action == "create":
            writes.create(
                ResidenceStatus,
                context.new(
                    ResidenceStatus,
                    now,
                    person_id=person_id,
                    document_type=values["document_type"],
                    legal_basis=values.get("legal_basis") or "",
                    valid_from=values["valid_from"],
                    valid_to=values.get("valid_to"),
                ),
            )
            changed = True

    if address_plan == "correct":
        assert latest is not None
        latest["street"] = values["street"]
        latest["postcode"] = values["postcode"]
        latest["city"] = values["city"]
        latest["valid_to"] = None
        writes.touch(Address, latest)
        changed = True
    elif address_plan == "move":
        if latest is not None and (latest["valid_to"] is None or latest["valid_to"] >= today):
            latest["valid_to"] = today - dt.timedelta(days=1)
            writes.touch(Address, latest)
        writes.create(
            Address,
            context.new(
                Address,
                now,
                person_id=person_id,
                street=values["street"],
                postcode=values["postcode"],
                city=values["city"],
                valid_from=today,
            ),
        )
        changed = True

    for code, level in values.get("languages") or ():
        entry = languages.get(code)
        if entry is None:
            writes.create(
                PersonLanguage,
                context.new(PersonLanguage, now, person_id=person_id, language=code, level=level),
            )
            changed = True
        elif level and entry["level"] != level:  # a language without level keeps the stored one
            entry["level"] = level
            writes.touch(PersonLanguage, entry)
            changed = True

    entry_date = values.get("entry_date")
    if entry_date is not None:
        if facts is None:
            writes.create(
                WorkAccessFacts,
                context.new(WorkAccessFacts, now, person_id=person_id, entry_date=entry_date),
            )
            changed = True
        elif facts["entry_date"] != entry_date:
            facts["entry_date"] = entry_date
            writes.touch(WorkAccessFacts, facts)
            changed = True

    name: str = values.get("household") or ""
    if name and (member is None or member["household__name"] != name):
        household_id = context.households.get(name)
        if household_id is None:
            household = writes.create(Household, context.new(Household, now, name=name))
            household_id = context.households[name] = household["id"]
        if member is not None:
            member["left_on"] = today
            writes.touch(HouseholdMember, member)
        size = context.household_sizes.get(name, 0)
        context.household_sizes[name] = size + 1
        writes.create(
            HouseholdMember,
            context.new(
                HouseholdMember,
                now,
                household_id=household_id,
                person_id=person_id,
                relation=Relation.REFERENCE.value if size == 0 else Relation.OTHER.value,
                joined_on=today,
            ),
        )
        changed = True

    if is_new:
        context.result.created += 1
        summary = writes.text("created")
    elif changed:
        context.result.updated += 1
        summary = writes.text("updated")
    else:
        context.result.unchanged += 1
        return
    writes.timeline.append(
        {
            "kommune_id": context.kommune_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "person_id": person_id,
            "case_id": None,
            "kind": "person.imported",
            "summary": summary,
            "actor_id": context.actor_id,
            "occurred_at": now,
        }
    )
