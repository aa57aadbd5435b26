"""Export persons and their residence-status history with exactly the columns of the import
templates, as CSV or XLSX.

Values are written the way the importer reads them (German names, dates TT.MM.JJJJ in CSV
and date cells in XLSX), so an export re-imports without changes. Text cells starting with
= + - @ (or an apostrophe) get a leading apostrophe against formula injection; the importer
strips it again. Called for a membership, the export holds only the persons it may see and
blanks the columns whose data category the role or the person's consent does not share.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django_countries import countries

from vorort.core.models import Membership
from vorort.core.roles import Role
from vorort.people import selectors
from vorort.people.choices import DataCategory, DocumentType, Gender, Language
from vorort.people.models import Address, HouseholdMember, Person, ResidenceStatus

from .columns import PERSON_COLUMNS, STATUS_COLUMNS, Column
from .parsing import escape_formula, format_date

LEVEL_NAMES = {"L1": "Muttersprache", "0": "keine Kenntnisse"}

# Columns and the data category a reader must be allowed to see to get them.
CATEGORY_OF = {
    "document_type": DataCategory.AUFENTHALT,
    "valid_from": DataCategory.AUFENTHALT,
    "valid_to": DataCategory.AUFENTHALT,
    "entry_date": DataCategory.AUFENTHALT,
    "street": DataCategory.WOHNEN,
    "postcode": DataCategory.WOHNEN,
    "city": DataCategory.WOHNEN,
}


def _status_for_export(statuses: list[ResidenceStatus], today: dt.date) -> ResidenceStatus | None:
    """The latest document started by ``today``; else the earliest one to come."""
    started = [s for s in statuses if s.valid_from <= today]
    if started:
        return max(started, key=lambda s: (s.valid_from, s.pk))
    return min(statuses, key=lambda s: (s.valid_from, s.pk), default=None)


def document_text(code: str, legal_basis: str, labels: dict[str, str]) -> str:
    """The status cell as the import reads it back: the German label, or for an
    Aufenthaltserlaubnis with its section "Aufenthaltserlaubnis § 24 AufenthG" (a legal
    basis not starting with § stays out: the import would not read it)."""
    if code == DocumentType.AUFENTHALTSERLAUBNIS and legal_basis.lstrip().startswith("§"):
        name = labels.get(code, code).split("(")[0].strip()
        return f"{name} {legal_basis}"
    return labels.get(code, code)


def _languages_text(person: Person) -> str:
    names = dict(Language.choices)
    parts = []
    for entry in sorted(person.languages.all(), key=lambda e: e.language):
        level = LEVEL_NAMES.get(entry.level, entry.level)
        parts.append(f"{names[entry.language]} ({level})" if level else str(names[entry.language]))
    return ", ".join(parts)


def _person_queryset(membership: Membership | None) -> QuerySet[Person]:
    today = timezone.localdate()
    if membership is None:
        persons = Person.objects.all()
    else:
        persons = selectors.persons_with_category(membership, DataCategory.STAMMDATEN)
    return (
        persons.order_by("file_reference", "id")
        .select_related("work_facts")
        .prefetch_related(
            "languages",
            "statuses",
            Prefetch(
                "addresses",
                queryset=Address.objects.filter(valid_from__lte=today)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
                .order_by("-valid_from", "-id"),
                to_attr="current_addresses",
            ),
            Prefetch(
                "memberships",
                queryset=HouseholdMember.objects.filter(
                    Q(left_on__isnull=True) | Q(left_on__gt=today)
                )
                .select_related("household")
                .order_by("-joined_on", "-id"),
                to_attr="active_memberships",
            ),
        )
    )


def _categories(membership: Membership | None, persons: list[Person]) -> dict[int, set[str]]:
    """Visible data categories per person (one query for a partner, none otherwise)."""
    if membership is None:
        every = set(DataCategory.values)
        return {p.pk: every for p in persons}
    if membership.role != Role.PARTNER:
        fixed = selectors.visible_categories(membership, Person())
        return {p.pk: fixed for p in persons}
    found: dict[int, set[str]] = {p.pk: set() for p in persons}
    for person_id, categories in (
        selectors.active_consents(membership)
        .filter(person_id__in=list(found))
        .values_list("person_id", "data_categories")
    ):
        found[person_id].update(categories or [])
    return found


def person_rows(
    membership: Membership | None = None, *, chunk_size: int = 2000
) -> Iterator[list[Any]]:
    """One list of values per person, in the template's column order (inside a scope).

    Dates are ``datetime.date``; the writers format them. German names are used for
    countries, languages, documents and genders.
    """
    today = timezone.localdate()
    queryset = _person_queryset(membership)
    with translation.override("de"):
        country_names = dict(countries)
        documents = {k: str(v) for k, v in DocumentType.choices}
        genders = {k: str(v) for k, v in Gender.choices}
        chunk: list[Person] = []
        for person in queryset.iterator(chunk_size=chunk_size):
            chunk.append(person)
            if len(chunk) >= chunk_size:
                yield from _rows(chunk, membership, today, country_names, documents, genders)
                chunk = []
        if chunk:
            yield from _rows(chunk, membership, today, country_names, documents, genders)


def _rows(
    persons: list[Person],
    membership: Membership | None,
    today: dt.date,
    country_names: dict[str, str],
    documents: dict[str, str],
    genders: dict[str, str],
) -> Iterator[list[Any]]:
    categories = _categories(membership, persons)
    for person in persons:
        status = _status_for_export(list(person.statuses.all()), today)
        address = next(iter(person.current_addresses), None)  # type: ignore[attr-defined]
        member = next(iter(person.active_memberships), None)  # type: ignore[attr-defined]
        facts = getattr(person, "work_facts", None)
        values = {
            "file_reference": person.file_reference,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "birth_date": person.birth_date,
            "gender": genders.get(person.gender, ""),
            "nationality": country_names.get(str(person.nationality), ""),
            "languages": _languages_text(person),
            "household": member.household.name if member else "",
            "document_type": document_text(status.document_type, status.legal_basis, documents)
            if status
            else "",
            "valid_from": status.valid_from if status else None,
            "valid_to": status.valid_to if status else None,
            "entry_date": facts.entry_date if facts else None,
            "phone": person.phone,
            "email": person.email,
            "street": address.street if address else "",
            "postcode": address.postcode if address else "",
            "city": address.city if address else "",
        }
        allowed = categories.get(person.pk, set())
        yield [
            (
                None
                if CATEGORY_OF.get(c.key, DataCategory.STAMMDATEN) not in allowed
                else values[c.key]
            )
            for c in PERSON_COLUMNS
        ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    return escape_formula(str(value))


def write_csv(handle: IO[str], columns: tuple[Column, ...], rows: Iterator[list[Any]]) -> int:
    """``;``-separated CSV with a UTF-8 BOM (Excel opens it right). Returns the row count."""
    handle.write("\ufeff")
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    count = 0
    for row in rows:
        writer.writerow([_text(v) for v in row])
        count += 1
    return count


def write_xlsx(
    path: str | Path | IO[bytes],
    columns: tuple[Column, ...],
    rows: Iterator[list[Any]],
    *,
    title: str = "Personen",
) -> int:
    """An .xlsx written streaming (openpyxl write_only); dates as date cells TT.MM.JJJJ."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append([c.header for c in columns])
    count = 0
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD.MM.YYYY"
                cells.append(cell)
            else:
                cells.append(None if value is None else _text(value))
        sheet.append(cells)
        count += 1
    workbook.save(path)
    return count


def export_persons(
    out: str | Path | IO[Any], *, fmt: str = "csv", membership: Membership | None = None
) -> int:
    """Write the persons of the current scope to ``out`` (path or file). Returns the count."""
    return write_table(out, PERSON_COLUMNS, person_rows(membership), fmt=fmt, title="Personen")


def status_rows(
    membership: Membership | None = None, *, chunk_size: int = 2000
) -> Iterator[list[Any]]:
    """Every residence-status period in the status-history template's columns, ordered by
    Aktenzeichen and start (inside a scope).

    Called for a membership: only persons it may see with their residence data (category
    ``aufenthalt``: for a partner, by an active consent naming it)."""
    if membership is None:
        persons = Person.objects.all()
    else:
        persons = selectors.persons_with_category(membership, DataCategory.AUFENTHALT)
    statuses = (
        ResidenceStatus.objects.filter(person__in=persons)
        .order_by("person__file_reference", "person_id", "valid_from", "id")
        .values_list(
            "person__file_reference", "document_type", "legal_basis", "valid_from", "valid_to"
        )
    )
    with translation.override("de"):
        documents = {k: str(v) for k, v in DocumentType.choices}
    for reference, document, basis, start, end in statuses.iterator(chunk_size=chunk_size):
        yield [reference, document_text(document, basis, documents), start, end]


def export_statuses(
    out: str | Path | IO[Any], *, fmt: str = "csv", membership: Membership | None = None
) -> int:
    """Write the residence-status history of the current scope to ``out``; the row count."""
    rows = status_rows(membership)
    return write_table(out, STATUS_COLUMNS, rows, fmt=fmt, title="Aufenthaltsstatus")


def write_table(
    out: str | Path | IO[Any],
    columns: tuple[Column, ...],
    rows: Iterator[list[Any]],
    *,
    fmt: str,
    title: str,
) -> int:
    """Write ``rows`` under ``columns`` as CSV or XLSX to a path or an open file (text for
    CSV, binary for XLSX); the row count. Every export goes through here."""
    if fmt == "xlsx":
        return write_xlsx(out, columns, rows, title=title)
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as handle:
            return write_csv(handle, columns, rows)
    return write_csv(out, columns, rows)


def table_bytes(
    columns: tuple[Column, ...], rows: Iterator[list[Any]], *, fmt: str, title: str
) -> bytes:
    """``write_table`` into memory, for a download."""
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, columns, rows, title=title)
        return buffer.getvalue()
    return csv_bytes(columns, rows)


def csv_bytes(columns: tuple[Column, ...], rows: Iterator[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    write_csv(buffer, columns, rows)
    return buffer.getvalue().encode("utf-8")
