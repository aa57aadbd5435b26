"""Import and export of apartments (with landlords), facilities and occupancy (issue 5).

The same contract as the persons import (``services.py``): the file is read row by row
(``readers.open_table``), each row cleaned into values or errors ``Zeile N, Spalte C:
message``, valid rows written inside ONE transaction, which is kept only if this is no dry
run and either every row was valid or invalid rows are to be skipped. Each row is written in
a savepoint, so a row refused while writing (an overlapping stay, a model check) leaves
nothing behind. Every run is recorded as an ``ImportRun``.

Keys: an apartment's ``Wohnungs-Nr.`` (``Apartment.reference``; an apartment entered in the
web UI without a number is exported with its UUID and found by it), a facility's ``Name``,
an occupancy's person (Aktenzeichen; UUID likewise), place and first night. An empty cell
never erases stored data; a row that changes nothing counts as unchanged, so export →
import changes nothing.

Housing files are small (hundreds of rows), so rows are written one by one through the ORM
(with ``full_clean`` and simple-history), not in the persons import's bulk batches.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from vorort.core.models import Kommune
from vorort.housing.choices import ApartmentStatus, FacilityKind, LandlordKind
from vorort.housing.models import Apartment, District, Facility, Landlord, Occupancy
from vorort.people.models import Person
from vorort.people.services.timeline import timeline_record

from .columns import Column, match_headers
from .exports import table_bytes, write_table
from .housing_columns import APARTMENT_COLUMNS, FACILITY_COLUMNS, OCCUPANCY_COLUMNS
from .models import ImportRun
from .parsing import (
    CellError,
    cell_text,
    format_date,
    is_empty_marker,
    lookup_key,
    parse_date,
    parse_email,
    parse_postcode,
)
from .readers import UnreadableFile, open_table
from .services import ImportResult, InvalidRow, Progress, check_mapping, file_sha256
from .validate import CleanRow, RowError, cell_message, missing_columns

#: Report the progress every this many rows (the web wizard's progress bar).
PROGRESS_EVERY = 200

# --- German names (the export writes them, the import reads them and the codes) ----------

LANDLORD_KIND_NAMES: dict[str, str] = {
    LandlordKind.PRIVATE.value: "privat",
    LandlordKind.COMPANY.value: "Unternehmen",
    LandlordKind.COOPERATIVE.value: "Genossenschaft",
    LandlordKind.MUNICIPAL.value: "kommunal",
}
STATUS_NAMES: dict[str, str] = {
    ApartmentStatus.OFFERED.value: "angeboten",
    ApartmentStatus.RESERVED.value: "reserviert",
    ApartmentStatus.LET.value: "vermietet",
    ApartmentStatus.WITHDRAWN.value: "zurückgezogen",
}
FACILITY_KIND_NAMES: dict[str, str] = {
    FacilityKind.GEMEINSCHAFTSUNTERKUNFT.value: "Gemeinschaftsunterkunft",
    FacilityKind.UEBERGANGSWOHNHEIM.value: "Übergangswohnheim",
    FacilityKind.NOTUNTERKUNFT.value: "Notunterkunft",
    FacilityKind.OTHER.value: "sonstige",
}


def _lookup(names: dict[str, str], choices: Any, *extra: tuple[str, str]) -> dict[str, str]:
    pairs = [(name, code) for code, name in names.items()]
    pairs += [(str(code), str(code)) for code in choices.values]
    pairs += [(str(label), str(code)) for code, label in choices.choices]
    pairs += list(extra)
    return {lookup_key(name): code for name, code in pairs}


LANDLORD_KINDS = _lookup(
    LANDLORD_KIND_NAMES,
    LandlordKind,
    ("Privatperson", "private"),
    ("privater Vermieter", "private"),
    ("Wohnungsunternehmen", "company"),
    ("Firma", "company"),
    ("Wohnungsgenossenschaft", "cooperative"),
    ("Kommune", "municipal"),
    ("städtisch", "municipal"),
)
STATUSES = _lookup(
    STATUS_NAMES,
    ApartmentStatus,
    ("frei", "offered"),
    ("verfügbar", "offered"),
    ("reserviert", "reserved"),
    ("zurueckgezogen", "withdrawn"),
)
FACILITY_KINDS = _lookup(
    FACILITY_KIND_NAMES,
    FacilityKind,
    ("GU", "gu"),
    ("ÜWH", "uewh"),
    ("UEWH", "uewh"),
    ("Uebergangswohnheim", "uewh"),
    ("NU", "notunterkunft"),
    ("sonstiges", "other"),
    ("andere", "other"),
)
HOLDING = {ApartmentStatus.RESERVED.value, ApartmentStatus.LET.value}

# --- cell readers --------------------------------------------------------------------------


class _Bad(ValueError):
    """A cell that cannot be read; the message is translated and names the value."""


TRUE_WORDS = {"ja", "j", "yes", "y", "x", "1", "true", "wahr", "✓"}
FALSE_WORDS = {"nein", "n", "no", "0", "false", "falsch"}


def parse_bool(raw: Any) -> bool:
    text = lookup_key(cell_text(raw))
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise _Bad(
        _("“%(value)s” is not ja or nein (also x, 1, 0, true, false).") % {"value": cell_text(raw)}
    )


_NUMBER_FORMS = (
    (re.compile(r"^\d+$"), None),
    # German with thousands dots: 1.003 / 1.003,50
    (re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$"), "de"),
    # English with thousands commas: 1,003.50
    (re.compile(r"^\d{1,3}(,\d{3})+\.\d+$"), "en"),
    (re.compile(r"^\d+,\d+$"), "de"),
    (re.compile(r"^\d*\.\d+$"), "en"),
)


def parse_number(raw: Any, *, places: int, what: str = "number") -> Decimal:
    """A non-negative decimal with at most ``places`` decimal places.

    ``520,50``, ``1.003,00``, ``1.003`` (German thousands), ``520.50``, ``1,003.50``,
    ``520,-``; "€" or "EUR" may come before or after, "m²", "qm" after; an Excel number cell
    is taken as it is.
    """
    if isinstance(raw, bool):
        raise _Bad(_number_message(str(raw), what))
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
        if isinstance(raw, float) and value.is_finite() and value.adjusted() < 12:
            # A binary float from Excel (72.30000000000001): round to what it stands for.
            rounded = value.quantize(Decimal(1).scaleb(-places))
            if abs(rounded - value) < Decimal("1e-9"):
                value = rounded
    else:
        text = cell_text(raw)
        written = _decimal_text(text)
        if written is None:
            raise _Bad(_number_message(text, what))
        value = written
    if not value.is_finite() or value.adjusted() >= 12:
        raise _Bad(_number_message(cell_text(raw), what))
    if value < 0:
        raise _Bad(_("“%(value)s” must not be negative.") % {"value": cell_text(raw)})
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        value = value.normalize()
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places:
            raise _Bad(
                _("“%(value)s” has more than %(places)s decimal places.")
                % {"value": cell_text(raw), "places": places}
            )
    return value.quantize(Decimal(1).scaleb(-places)) if places else value


def _decimal_text(text: str) -> Decimal | None:
    """The number written in ``text`` (German or English separators), None if none."""
    compact = re.sub(r"\s", "", text)
    compact = re.sub(r"(?i)^(€|eur)", "", compact)  # "€ 520,50", "EUR 520"
    compact = re.sub(r"(?i)(€|eur|m²|m2|qm)$", "", compact)
    compact = re.sub(r"[.,](?:-{1,2}|–)$", "", compact)  # "520,-", "520,--", "520.-"
    negative = compact.startswith("-")
    body = compact[1:] if negative else compact
    for pattern, style in _NUMBER_FORMS:
        if pattern.match(body):
            if style == "de":
                body = body.replace(".", "").replace(",", ".")
            elif style == "en":
                body = body.replace(",", "")
            return -Decimal(body) if negative else Decimal(body)
    return None


def _number_message(value: str, what: str) -> str:
    if what == "money":
        return _("“%(value)s” is not an amount in euros (use 520,50 or 1.003,00).") % {
            "value": value
        }
    return _("“%(value)s” is not a number (use 2,5 or 2.5).") % {"value": value}


def parse_integer(raw: Any) -> int:
    try:
        value = parse_number(raw, places=0)
    except _Bad as error:
        raise _Bad(_("“%(value)s” is not a whole number.") % {"value": cell_text(raw)}) from error
    return int(value)


_FLOOR_WORDS = {
    "eg": 0,
    "erdgeschoss": 0,
    "hochparterre": 0,
    "parterre": 0,
    "ug": -1,
    "kg": -1,
    "untergeschoss": -1,
    "keller": -1,
    "kellergeschoss": -1,
    "souterrain": -1,
}
_FLOOR_RE = re.compile(r"^(-?\d+)\s*\.?\s*(og|obergeschoss|etage|stock)?$")


def parse_floor(raw: Any) -> int:
    """``2``, ``-1``, ``EG`` (0), ``UG``/``KG`` (-1), ``2. OG``, ``3. Etage``."""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        return int(raw)
    text = lookup_key(cell_text(raw))
    if text in _FLOOR_WORDS:
        return _FLOOR_WORDS[text]
    match = _FLOOR_RE.match(text)
    if match:
        return int(match.group(1))
    raise _Bad(
        _("“%(value)s” is not a floor (use 0 or EG, -1 or UG, 2 or 2. OG).")
        % {"value": cell_text(raw)}
    )


def _choice(table: dict[str, str], message: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        text = cell_text(raw)
        found = table.get(lookup_key(text))
        if found is None:
            raise _Bad(message % {"value": text})
        return found

    return parse


def _cell(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    def reader(raw: Any) -> Any:
        try:
            return parse(cell_text(raw))
        except CellError as error:
            raise _Bad(cell_message(error, cell_text(raw))) from error

    return reader


def _date(raw: Any) -> dt.date | None:
    try:
        return parse_date(raw)
    except CellError as error:
        raise _Bad(cell_message(error, cell_text(raw))) from error


def column_reader(column: Column) -> Callable[[Any], Any]:
    """The function reading a non-empty cell of ``column`` (raises ``_Bad``)."""
    kind, key = column.kind, column.key
    if kind == "date":
        return _date
    if kind == "email":
        return _cell(parse_email)
    if kind == "postcode":
        return _cell(parse_postcode)
    if kind == "boolean":
        return parse_bool
    if kind == "integer":
        return parse_integer
    if kind == "floor":
        return parse_floor
    if kind == "money":
        return lambda raw: parse_number(raw, places=2, what="money")
    if kind == "decimal":
        return lambda raw: parse_number(raw, places=1)
    if key == "landlord_kind":
        return _choice(
            LANDLORD_KINDS,
            _(
                "unknown kind of landlord “%(value)s” (use privat, Unternehmen, "
                "Genossenschaft or kommunal)."
            ),
        )
    if key == "status":
        return _choice(
            STATUSES,
            _(
                "unknown status “%(value)s” (use angeboten, reserviert, vermietet or "
                "zurückgezogen)."
            ),
        )
    if key == "kind":
        return _choice(
            FACILITY_KINDS,
            _(
                "unknown kind of facility “%(value)s” (use GU, Übergangswohnheim, "
                "Notunterkunft or sonstige)."
            ),
        )
    return cell_text


# Text limits: the model fields' max_length.
MAX_LENGTHS = {
    "reference": 60,
    "landlord_name": 200,
    "landlord_phone": 40,
    "landlord_email": 254,
    "street": 200,
    "municipality": 120,
    "district": 120,
    "name": 200,
    "city": 120,
    "operator": 200,
    "end_reason": 200,
    "file_reference": 60,
    "facility": 200,
    "apartment": 60,
}


# --- validating rows -------------------------------------------------------------------


class Cleaner:
    """Cleans rows of one housing template; remembers keys to refuse a second different row.

    A value not given (empty cell or column not in the file) is ``None``. Identical
    duplicate rows are dropped and counted in ``duplicates``. ``fold``: keys compared
    ignoring upper/lower case and inner spaces (facility names), else exactly.
    """

    def __init__(
        self,
        headers: list[str],
        columns: tuple[Column, ...],
        key: str | None,
        fold: bool = False,
        mapping: dict[str, int] | None = None,
    ) -> None:
        self.fold = fold
        self.headers = [str(h) for h in headers]
        self.columns = columns
        # mapping (column key -> 0-based index, the web wizard's) replaces header matching.
        self.positions = match_headers(list(headers), columns) if mapping is None else mapping
        self.readers = {c.key: column_reader(c) for c in columns}
        self.key = key
        self.seen: dict[str, tuple[int, str]] = {}
        self.duplicates = 0

    def header(self, key: str) -> str:
        index = self.positions.get(key)
        if index is not None and index < len(self.headers) and self.headers[index].strip():
            return self.headers[index].strip()
        return next(c.header for c in self.columns if c.key == key)

    def check(self, number: int, values: list[Any]) -> tuple[CleanRow | None, list[RowError]]:
        errors: list[RowError] = []
        clean: dict[str, Any] = {}

        def fail(key: str, message: str) -> None:
            errors.append(RowError(number, self.header(key), message))

        for column in self.columns:
            index = self.positions.get(column.key)
            raw = values[index] if index is not None and index < len(values) else None
            value: Any = None
            if raw is not None and cell_text(raw) != "" and not is_empty_marker(raw):
                try:
                    value = self.readers[column.key](raw)
                except _Bad as error:
                    fail(column.key, str(error))
                    continue
                if value == "":
                    value = None
            if column.required and value is None:
                fail(column.key, _("a value is required here."))
                continue
            limit = MAX_LENGTHS.get(column.key)
            if limit and isinstance(value, str) and len(value) > limit:
                fail(
                    column.key,
                    _("“%(value)s” is too long (at most %(limit)s characters).")
                    % {"value": value[:40] + "…", "limit": limit},
                )
                continue
            clean[column.key] = value
        low, high = clean.get("min_persons"), clean.get("max_persons")
        if low is not None and high is not None and low > high:
            fail(
                "min_persons",
                _("the minimum number of occupants (%(min)s) is larger than the maximum (%(max)s).")
                % {"min": low, "max": high},
            )
        start, end = clean.get("valid_from"), clean.get("valid_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            fail(
                "valid_to",
                _("the stay ends (%(end)s) before it starts (%(start)s).")
                % {"end": format_date(end), "start": format_date(start)},
            )
        one_place = (clean.get("facility") is None) != (clean.get("apartment") is None)
        if "facility" in self.readers and not errors and not one_place:
            fail(
                "facility",
                _("give exactly one of Unterkunft (a facility) and Wohnungs-Nr. (an apartment)."),
            )
        if errors:
            return None, errors
        row = CleanRow(number, clean, values)
        fingerprint = row.fingerprint()
        if self.key is None:
            key_value = fingerprint
        else:
            key_value = lookup_key(clean[self.key]) if self.fold else str(clean[self.key])
        first = self.seen.get(key_value)
        if first is None:
            self.seen[key_value] = (number, fingerprint)
            return row, []
        if first[1] == fingerprint:
            self.duplicates += 1
            return None, []
        assert self.key is not None
        return None, [
            RowError(
                number,
                self.header(self.key),
                _(
                    "“%(value)s” occurs already in row %(first)s with different data; it may "
                    "occur only once per file."
                )
                % {"value": clean[self.key], "first": first[0]},
            )
        ]


# --- the run ---------------------------------------------------------------------------


class _Rollback(Exception):
    pass


class RowRefused(Exception):
    """A valid row that cannot be written: (column key, message) pairs."""

    def __init__(self, *problems: tuple[str, str]) -> None:
        super().__init__(problems)
        self.problems = list(problems)


@dataclass
class Context:
    kommune: Kommune
    actor: Any
    today: dt.date
    result: ImportResult
    cleaner: Cleaner
    cache: dict[str, Any] = field(default_factory=dict)


RowWriter = Callable[[Context, CleanRow], str]  # "created", "updated" or "unchanged"


def run_import(
    *,
    kind: str,
    columns: tuple[Column, ...],
    key: str | None,
    writer: RowWriter,
    kommune: Kommune,
    path: str | Path,
    actor: Any = None,
    actor_label: str = "cli",
    dry_run: bool = False,
    skip_invalid: bool = False,
    file_name: str | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    mapping: dict[str, int] | None = None,
) -> ImportResult:
    """Read, clean and write ``path`` in one transaction; record the run as an ImportRun.

    ``progress(rows_done, rows_total)`` and ``mapping`` (column key -> 0-based index in the
    file, the web wizard's) as for ``services.import_persons``.
    """
    if mapping is not None:
        mapping = check_mapping(mapping, columns)
    started = timezone.now()
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
            cleaner = Cleaner(table.headers, columns, key, fold=key == "name", mapping=mapping)
            context = Context(kommune, actor, today or timezone.localdate(), result, cleaner)
            try:
                with transaction.atomic():
                    for read, (number, values) in enumerate(table.rows, start=1):
                        if progress is not None and read % PROGRESS_EVERY == 0:
                            done = table.position
                            progress(done, max(table.total, done) if table.total else 0)
                        clean, errors = cleaner.check(number, values)
                        if errors:
                            result.errors.extend(errors)
                            result.invalid.append(InvalidRow(number, values, errors))
                        if clean is not None:
                            # Written also after an error (rolled back then): housing files
                            # are small, and every row's problems are reported at once.
                            _write_row(context, writer, clean)
                    result.duplicates = cleaner.duplicates
                    if progress is not None:
                        progress(table.position, table.position)
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


def _write_row(context: Context, writer: RowWriter, row: CleanRow) -> None:
    """Write one row in a savepoint; a refused row leaves nothing behind."""
    result = context.result
    try:
        with transaction.atomic():
            outcome = writer(context, row)
    except RowRefused as refused:
        errors = [
            RowError(row.row, context.cleaner.header(key), message)
            for key, message in refused.problems
        ]
        result.errors.extend(errors)
        result.invalid.append(InvalidRow(row.row, row.raw, errors))
        # Objects cached during the refused row may not exist any more.
        context.cache.pop("landlords", None)
        return
    if outcome == "created":
        result.created += 1
    elif outcome == "updated":
        result.updated += 1
    else:
        result.unchanged += 1


def _save(
    obj: models.Model,
    context: Context,
    fields: dict[str, str],
    update_fields: list[str] | None = None,
) -> None:
    """full_clean (errors name the file's columns via ``fields``: model field -> key), save.

    The history entry gets the actor and the change reason "spreadsheet import".
    """
    try:
        obj.full_clean()
    except ValidationError as error:
        problems = []
        named = {k: v for k, v in error.message_dict.items() if k != "__all__"}
        for name, messages in (named or error.message_dict).items():
            key = fields.get(name, next(iter(fields.values())))
            problems += [(key, str(message)) for message in messages]
        raise RowRefused(*problems) from error
    obj._history_user = context.actor  # type: ignore[attr-defined]
    obj._change_reason = _("spreadsheet import")  # type: ignore[attr-defined]
    if update_fields is None:
        obj.save()
    else:
        obj.version += 1  # type: ignore[attr-defined]
        obj.save(update_fields=[*update_fields, "version", "updated_at"])


def _same(stored: Any, value: Any) -> bool:
    """Equal, also when the stored text is not in Unicode NFC (the importer reads NFC)."""
    if isinstance(stored, str) and isinstance(value, str):
        return unicodedata.normalize("NFC", stored) == value
    return bool(stored == value)


def _apply(obj: models.Model, values: dict[str, Any], mapping: dict[str, str]) -> list[str]:
    """Set the given values (model field -> column key; None = not given); changed fields."""
    changed = []
    for name, key in mapping.items():
        value = values.get(key)
        if value is None or _same(getattr(obj, name), value):
            continue
        setattr(obj, name, value)
        changed.append(name)
    return changed


# --- apartments ------------------------------------------------------------------------

APARTMENT_FIELDS = {
    "street": "street",
    "postcode": "postcode",
    "municipality": "municipality",
    "rooms": "rooms",
    "area_m2": "area_m2",
    "floor": "floor",
    "has_lift": "has_lift",
    "accessible": "accessible",
    "rent_net_cold": "rent_net_cold",
    "service_costs_cold": "service_costs_cold",
    "heating_costs": "heating_costs",
    "available_from": "available_from",
    "min_persons": "min_persons",
    "max_persons": "max_persons",
    "pets_allowed": "pets_allowed",
    "smokers_allowed": "smokers_allowed",
    "benefit_recipients_welcome": "benefit_recipients_welcome",
    "wbs_required": "wbs_required",
}
REQUIRED_FOR_NEW = ("rooms", "area_m2", "rent_net_cold", "available_from", "max_persons")
LANDLORD_FIELDS = {
    "name": "landlord_name",
    "kind": "landlord_kind",
    "email": "landlord_email",
    "phone": "landlord_phone",
}


def import_apartments(**options: Any) -> ImportResult:
    """Import the apartments template (options as ``run_import``: kommune, path, actor …).

    A known Wohnungs-Nr. updates that apartment (given cells only); the landlord is found by
    name and e-mail or created (Vermieter-Art needed then). Status: only angeboten and
    zurückgezogen are set by an import; reserviert/vermietet are refused for a new
    apartment and leave a stored one's status unchanged; a reserved or let apartment keeps
    its status (a placement holds it).
    """
    return run_import(
        kind="apartments",
        columns=APARTMENT_COLUMNS,
        key="reference",
        writer=write_apartment_row,
        **options,
    )


def _landlord_key(name: str, email: str | None) -> tuple[str, str]:
    return lookup_key(name), lookup_key(email or "")


def _landlords(context: Context) -> dict[tuple[str, str], Landlord]:
    found = context.cache.get("landlords")
    if found is None:
        found = {}
        for landlord in Landlord.objects.filter(kommune=context.kommune).order_by("id"):
            found.setdefault(_landlord_key(landlord.name, landlord.email), landlord)
        context.cache["landlords"] = found
    return found


def _landlord_for(context: Context, row: CleanRow) -> tuple[Landlord, bool]:
    """The row's landlord, created or updated (not yet saved: ``changed`` tells)."""
    values = row.values
    key = _landlord_key(values["landlord_name"], values.get("landlord_email"))
    # One landlord's kind and phone must agree across the file's rows.
    seen: dict[tuple[str, str], dict[str, tuple[int, Any]]] = context.cache.setdefault(
        "landlord_rows", {}
    )
    mine = seen.setdefault(key, {})
    for column in ("landlord_kind", "landlord_phone"):
        value = values.get(column)
        if value is None:
            continue
        first = mine.get(column)
        if first is None:
            mine[column] = (row.row, value)
        elif first[1] != value:
            raise RowRefused(
                (
                    column,
                    _(
                        "the landlord “%(name)s” has “%(other)s” here in row %(row)s; one "
                        "landlord's data must agree in every row."
                    )
                    % {"name": values["landlord_name"], "other": first[1], "row": first[0]},
                )
            )
    landlord = _landlords(context).get(key)
    if landlord is None:
        if values.get("landlord_kind") is None:
            raise RowRefused(("landlord_kind", _("a value is required here for a new landlord.")))
        landlord = Landlord(kommune=context.kommune, name=values["landlord_name"])
        _apply(landlord, values, LANDLORD_FIELDS)
        _save(landlord, context, LANDLORD_FIELDS)
        _landlords(context)[key] = landlord
        return landlord, True
    changed = _apply(landlord, values, {"kind": "landlord_kind", "phone": "landlord_phone"})
    if changed:
        _save(landlord, context, LANDLORD_FIELDS, update_fields=changed)
    return landlord, bool(changed)


def _districts(context: Context) -> list[District]:
    found = context.cache.get("districts")
    if found is None:
        found = context.cache["districts"] = list(District.objects.filter(kommune=context.kommune))
    return found


def _district(context: Context, name: str, municipality: str) -> District:
    """The district by name, in the row's town first; refused when unknown or ambiguous."""
    named = [d for d in _districts(context) if lookup_key(d.name) == lookup_key(name)]
    local = [d for d in named if lookup_key(d.municipality) == lookup_key(municipality)]
    if len(local) == 1:
        return local[0]
    if len(named) == 1:
        return named[0]
    if not named:
        raise RowRefused(
            (
                "district",
                _(
                    "unknown district “%(value)s”: create it first under Housing › Districts "
                    "(or leave the cell empty)."
                )
                % {"value": name},
            )
        )
    raise RowRefused(
        (
            "district",
            _("the district “%(value)s” exists in several towns; none of them is “%(town)s”.")
            % {"value": name, "town": municipality},
        )
    )


def find_apartment(context: Context, reference: str, key: str) -> Apartment | None:
    """The apartment with the Wohnungs-Nr. (or, without one, the UUID the export gives)."""
    found = list(Apartment.objects.filter(kommune=context.kommune, reference=reference)[:2])
    if not found:
        try:
            pk = uuid.UUID(reference)
        except ValueError:
            return None
        found = list(Apartment.objects.filter(kommune=context.kommune, uuid=pk, reference=""))
    if len(found) > 1:
        raise RowRefused(
            (
                key,
                _("several apartments have the Wohnungs-Nr. “%(value)s”; correct that first.")
                % {"value": reference},
            )
        )
    return found[0] if found else None


def write_apartment_row(context: Context, row: CleanRow) -> str:
    values = row.values
    apartment = find_apartment(context, values["reference"], "reference")
    status = values.get("status")
    if apartment is None:
        missing = [
            (key, _("a value is required here for a new apartment."))
            for key in REQUIRED_FOR_NEW
            if values.get(key) is None
        ]
        if status in HOLDING:
            missing.append(
                (
                    "status",
                    _(
                        "“%(value)s” cannot be imported: a new apartment is angeboten or "
                        "zurückgezogen; reserviert and vermietet come from placements."
                    )
                    % {"value": STATUS_NAMES.get(status, status)},
                )
            )
        if missing:
            raise RowRefused(*missing)
    district = None
    if values.get("district") is not None:
        district = _district(context, values["district"], values["municipality"])
    landlord, landlord_changed = _landlord_for(context, row)
    fields = {name: name for name in APARTMENT_FIELDS} | {
        "reference": "reference",
        "landlord": "landlord_name",
        "district": "district",
        "status": "status",
        "__all__": "reference",
    }
    if apartment is None:
        apartment = Apartment(
            kommune=context.kommune,
            reference=values["reference"],
            landlord=landlord,
            district=district,
            status=status or ApartmentStatus.OFFERED,
        )
        _apply(apartment, values, APARTMENT_FIELDS)
        _save(apartment, context, fields)
        return "created"
    changed = _apply(apartment, values, APARTMENT_FIELDS)
    if apartment.landlord_id != landlord.pk:
        apartment.landlord = landlord
        changed.append("landlord")
    if district is not None and apartment.district_id != district.pk:
        apartment.district = district
        changed.append("district")
    if status is not None and status not in HOLDING and status != apartment.status:
        if apartment.status in HOLDING:
            raise RowRefused(
                (
                    "status",
                    _(
                        "the apartment is %(stored)s through a placement; its status changes "
                        "there, not by import."
                    )
                    % {"stored": STATUS_NAMES.get(apartment.status, apartment.status)},
                )
            )
        apartment.status = status
        changed.append("status")
    if changed:
        _save(apartment, context, fields, update_fields=changed)
    return "updated" if changed or landlord_changed else "unchanged"


# --- facilities ------------------------------------------------------------------------

FACILITY_FIELDS = {
    "kind": "kind",
    "places": "places",
    "street": "street",
    "postcode": "postcode",
    "city": "city",
    "operator": "operator",
    "active": "active",
}


def import_facilities(**options: Any) -> ImportResult:
    """Import the facilities template; a known Name updates that facility (given cells)."""
    return run_import(
        kind="facilities",
        columns=FACILITY_COLUMNS,
        key="name",
        writer=write_facility_row,
        **options,
    )


def find_facility(context: Context, name: str) -> Facility | None:
    """The facility of that name: exactly, else ignoring upper/lower case if unique."""
    found = list(Facility.objects.filter(kommune=context.kommune, name__iexact=name))
    exact = [f for f in found if f.name == name]
    if exact:
        return exact[0]
    return found[0] if len(found) == 1 else None


def write_facility_row(context: Context, row: CleanRow) -> str:
    values = row.values
    facility = find_facility(context, values["name"])
    fields = {name: name for name in FACILITY_FIELDS} | {"name": "name", "__all__": "name"}
    if facility is None:
        if values.get("kind") is None:
            raise RowRefused(("kind", _("a value is required here for a new facility.")))
        facility = Facility(kommune=context.kommune, name=values["name"])
        _apply(facility, values, FACILITY_FIELDS)
        _save(facility, context, fields)
        return "created"
    changed = _apply(facility, values, FACILITY_FIELDS)
    if changed:
        _save(facility, context, fields, update_fields=changed)
        return "updated"
    return "unchanged"


# --- occupancy -------------------------------------------------------------------------


def import_occupancy(**options: Any) -> ImportResult:
    """Import the occupancy template: one stay per row (person, place, first and last night).

    The same person, place and first night as a stored stay: identical = unchanged, another
    end or reason updates it (an empty cell never erases). Overlapping stays of one person
    are refused, naming the other stay.
    """
    return run_import(
        kind="occupancy",
        columns=OCCUPANCY_COLUMNS,
        key=None,
        writer=write_occupancy_row,
        **options,
    )


def _stay(occupancy: Occupancy) -> str:
    return _("%(place)s from %(start)s to %(end)s") % {
        "place": occupancy.facility.name if occupancy.facility else _place_ref(occupancy),
        "start": format_date(occupancy.valid_from),
        "end": format_date(occupancy.valid_to) or _("open end"),
    }


def _place_ref(occupancy: Occupancy) -> str:
    apartment = occupancy.apartment
    assert apartment is not None
    return _("apartment %(ref)s (%(address)s)") % {
        "ref": apartment.reference or apartment.uuid,
        "address": apartment,
    }


def write_occupancy_row(context: Context, row: CleanRow) -> str:
    values = row.values
    reference = values["file_reference"]
    persons = list(Person.objects.filter(kommune=context.kommune, file_reference=reference)[:2])
    if not persons:
        # A person without an Aktenzeichen is exported with the UUID.
        try:
            pk = uuid.UUID(reference)
        except ValueError:
            pass
        else:
            persons = list(
                Person.objects.filter(kommune=context.kommune, uuid=pk, file_reference="")
            )
    if len(persons) != 1:
        raise RowRefused(
            (
                "file_reference",
                (
                    _(
                        "there is no person with the Aktenzeichen “%(value)s” (import the "
                        "persons first)."
                    )
                    if not persons
                    else _("several persons have the Aktenzeichen “%(value)s”; correct that first.")
                )
                % {"value": reference},
            )
        )
    person = persons[0]
    facility: Facility | None = None
    apartment: Apartment | None = None
    if values.get("facility") is not None:
        facility = find_facility(context, values["facility"])
        if facility is None:
            raise RowRefused(
                (
                    "facility",
                    _("there is no facility “%(value)s” (import the facilities first).")
                    % {"value": values["facility"]},
                )
            )
    else:
        apartment = find_apartment(context, values["apartment"], "apartment")
        if apartment is None:
            raise RowRefused(
                (
                    "apartment",
                    _(
                        "there is no apartment with the Wohnungs-Nr. “%(value)s” (import the "
                        "apartments first)."
                    )
                    % {"value": values["apartment"]},
                )
            )
    start: dt.date = values["valid_from"]
    stays = list(
        Occupancy.objects.filter(person=person)
        .select_related("facility", "apartment")
        .order_by("valid_from", "id")
    )
    same = next(
        (
            s
            for s in stays
            if s.valid_from == start
            and s.facility_id == getattr(facility, "pk", None)
            and s.apartment_id == getattr(apartment, "pk", None)
        ),
        None,
    )
    end: dt.date | None = values.get("valid_to")
    if same is not None and end is None:
        end = same.valid_to  # an empty cell never erases
    others = [s for s in stays if s is not same]
    hit = next((s for s in others if _overlaps(start, end, s.valid_from, s.valid_to)), None)
    if hit is not None:
        raise RowRefused(
            (
                "valid_from",
                _(
                    "the stay overlaps another stay of the person: %(other)s; stays of one "
                    "person must not overlap (give the earlier stay its last night first)."
                )
                % {"other": _stay(hit)},
            )
        )
    fields = {
        "valid_from": "valid_from",
        "valid_to": "valid_to",
        "end_reason": "end_reason",
        "facility": "facility",
        "apartment": "apartment",
        "person": "file_reference",
        "__all__": "valid_from",
    }
    if same is not None:
        changed = _apply(
            same,
            {"valid_to": end, "end_reason": values.get("end_reason")},
            {
                "valid_to": "valid_to",
                "end_reason": "end_reason",
            },
        )
        if not changed:
            return "unchanged"
        _save(same, context, fields, update_fields=changed)
        timeline_record(
            person=person,
            kind="housing.occupancy_imported",
            summary=_("Stay %(stay)s updated by spreadsheet import.") % {"stay": _stay(same)},
            actor=context.actor,
        )
        return "updated"
    occupancy = Occupancy(
        kommune=context.kommune,
        person=person,
        facility=facility,
        apartment=apartment,
        valid_from=start,
        valid_to=end,
        end_reason=values.get("end_reason") or "",
    )
    _save(occupancy, context, fields)
    timeline_record(
        person=person,
        kind="housing.occupancy_imported",
        summary=_("Stay %(stay)s imported from a spreadsheet.") % {"stay": _stay(occupancy)},
        actor=context.actor,
    )
    return "created"


def _overlaps(
    start: dt.date, end: dt.date | None, other_start: dt.date, other_end: dt.date | None
) -> bool:
    return (end is None or other_start <= end) and (other_end is None or start <= other_end)


# --- export ----------------------------------------------------------------------------


def german_number(value: Decimal | None, places: int) -> str:
    if value is None:
        return ""
    if places == 2:
        return f"{value:.2f}".replace(".", ",")
    return format(value.normalize(), "f").replace(".", ",")


def yes_no(value: bool) -> str:
    return "ja" if value else "nein"


def apartment_ref(apartment: Apartment) -> str:
    return apartment.reference or str(apartment.uuid)


def apartment_rows() -> Iterator[list[Any]]:
    """One list per apartment of the current scope, in the template's column order."""
    queryset = Apartment.objects.select_related("landlord", "district").order_by(
        "reference", "municipality", "street", "id"
    )
    for apartment in queryset.iterator(chunk_size=500):
        landlord = apartment.landlord
        yield [
            apartment_ref(apartment),
            landlord.name,
            LANDLORD_KIND_NAMES.get(landlord.kind, landlord.kind),
            landlord.email,
            landlord.phone,
            apartment.street,
            apartment.postcode,
            apartment.municipality,
            apartment.district.name if apartment.district else "",
            german_number(apartment.rooms, 1),
            german_number(apartment.area_m2, 1),
            str(apartment.floor),
            yes_no(apartment.has_lift),
            yes_no(apartment.accessible),
            german_number(apartment.rent_net_cold, 2),
            german_number(apartment.service_costs_cold, 2),
            german_number(apartment.heating_costs, 2),
            apartment.available_from,
            str(apartment.min_persons),
            str(apartment.max_persons),
            yes_no(apartment.pets_allowed),
            yes_no(apartment.smokers_allowed),
            yes_no(apartment.benefit_recipients_welcome),
            yes_no(apartment.wbs_required),
            STATUS_NAMES.get(apartment.status, apartment.status),
        ]


def facility_rows() -> Iterator[list[Any]]:
    for facility in Facility.objects.order_by("name", "id").iterator(chunk_size=500):
        yield [
            facility.name,
            FACILITY_KIND_NAMES.get(facility.kind, facility.kind),
            str(facility.places),
            facility.street,
            facility.postcode,
            facility.city,
            facility.operator,
            yes_no(facility.active),
        ]


def occupancy_rows() -> Iterator[list[Any]]:
    queryset = (
        Occupancy.objects.select_related("person", "facility", "apartment")
        .filter(Q(facility__isnull=False) | Q(apartment__isnull=False))
        .order_by("person__file_reference", "valid_from", "id")
    )
    for stay in queryset.iterator(chunk_size=1000):
        yield [
            stay.person.file_reference or str(stay.person.uuid),
            stay.facility.name if stay.facility else "",
            apartment_ref(stay.apartment) if stay.apartment else "",
            stay.valid_from,
            stay.valid_to,
            stay.end_reason,
        ]


EXPORTS: dict[str, tuple[tuple[Column, ...], Callable[[], Iterator[list[Any]]], str]] = {
    "apartments": (APARTMENT_COLUMNS, apartment_rows, "Wohnungen"),
    "facilities": (FACILITY_COLUMNS, facility_rows, "Unterkuenfte"),
    "occupancy": (OCCUPANCY_COLUMNS, occupancy_rows, "Belegung"),
}

IMPORTS: dict[str, Callable[..., ImportResult]] = {
    "apartments": import_apartments,
    "facilities": import_facilities,
    "occupancy": import_occupancy,
}


def export_housing(kind: str, out: str | Path | IO[Any], *, fmt: str = "csv") -> int:
    """Write ``kind`` (apartments, facilities, occupancy) of the current scope; row count.

    The template's columns in its order: German names and numbers (``520,50``), ja/nein,
    dates TT.MM.JJJJ (date cells in .xlsx); formula-like text escaped with an apostrophe.
    """
    columns, rows, title = EXPORTS[kind]
    return write_table(out, columns, rows(), fmt=fmt, title=title)


def export_bytes(kind: str, fmt: str) -> bytes:
    """The export as bytes (for a download)."""
    columns, rows, title = EXPORTS[kind]
    return table_bytes(columns, rows(), fmt=fmt, title=title)
