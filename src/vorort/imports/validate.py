"""Validate spreadsheet rows against a template: clean values or errors naming row and column.

The lookup tables accept German and English names and codes of countries, languages,
residence documents and genders. Error messages are translated (English msgids); the
``Zeile N, Spalte C:`` prefix is the fixed text of the command-line contract.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from vorort.people.choices import DocumentType, Gender, Language

from .columns import Column, match_headers
from .parsing import (
    CellError,
    cell_text,
    is_empty_marker,
    lookup_key,
    parse_choice,
    parse_date,
    parse_email,
    parse_languages,
    parse_postcode,
)


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        # Fixed text of the contract, not translated.
        return f"Zeile {self.row}, Spalte {self.column}: {self.message}"


@dataclass
class CleanRow:
    row: int
    values: dict[str, Any]
    raw: list[Any] = field(default_factory=list)

    def fingerprint(self) -> str:
        """A short digest of the clean values: equal rows give equal fingerprints."""
        return self.digest().to_bytes(8, "big").hex()

    def digest(self) -> int:
        """The clean values as a 64-bit number: equal rows give equal numbers."""
        # The values are in the template's column order, and their reprs are exact
        # (str, date, tuples of codes): equal rows, equal text.
        text = repr(tuple(self.values.items()))
        return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _table(*pairs: tuple[str, str]) -> dict[str, str]:
    return {lookup_key(name): code for name, code in pairs if name}


def _labels_table(choices: Any) -> dict[str, str]:
    """Code, label and short label (before the parenthesis) in English and German.

    A short label shared by two choices ("Kurdisch" for Kurmanji and Sorani) is left out:
    it would be a guess.
    """
    pairs = [(code, code) for code in choices.values]
    shorts: dict[str, set[str]] = {}
    for language in ("en", "de"):
        with translation.override(language):
            for choice in choices:
                pairs.append((str(choice.label), choice.value))
                shorts.setdefault(lookup_key(_short(str(choice.label))), set()).add(choice.value)
    table = _table(*pairs)
    for short, codes in shorts.items():
        if len(codes) == 1:
            table.setdefault(short, next(iter(codes)))
    return table


@functools.cache
def countries_table() -> dict[str, str]:
    pairs: list[tuple[str, str]] = []
    for language in ("en", "de"):
        with translation.override(language):
            for code, name in countries:
                pairs.append((str(name), code))
                # "Syrien, Arabische Republik" style names: also the part before the comma.
                if "," in str(name):
                    pairs.append((str(name).split(",")[0], code))
    for code, _name in countries:
        pairs.append((code, code))
        alpha3 = countries.alpha3(code)
        if alpha3:
            pairs.append((alpha3, code))
    pairs += [(alias, code) for code, aliases in COUNTRY_ALIASES.items() for alias in aliases]
    return _table(*pairs)


# Other spellings of the two non-countries (settings.COUNTRIES_OVERRIDE) lists use.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "XS": ("staatenlos", "stateless"),
    "XU": ("ungeklärt", "ungeklaert", "Staatsangehörigkeit ungeklärt", "unbekannt", "unknown"),
}


def _short(label: str) -> str:
    return label.split("(")[0].strip()


# ISO 639-2 (bibliographic and terminology) and 639-3 codes of the listed languages, and
# names lists often use ("Farsi", "Kurmandschi"), besides the labels and 639-1 codes.
LANGUAGE_ALIASES: dict[str, tuple[str, ...]] = {
    "de": ("deu", "ger"),
    "ar": ("ara",),
    "fa": ("fas", "per", "Farsi", "Persisch", "Persian"),
    "ps": ("pus", "Paschto", "Pashtu", "Paschtunisch"),
    "ku": ("kur", "kmr", "Kurmanci", "Kurmandschi", "Kurmanji", "Nordkurdisch"),
    "ckb": ("Sorani", "Zentralkurdisch"),
    "tr": ("tur",),
    "uk": ("ukr",),
    "ru": ("rus",),
    "ti": ("tir", "Tigrinisch"),
    "so": ("som",),
    "ka": ("kat", "geo"),
    "en": ("eng",),
    "fr": ("fra", "fre"),
    "ur": ("urd",),
    "sq": ("sqi", "alb"),
    "sr": ("srp",),
    "es": ("spa",),
}


@functools.cache
def languages_table() -> dict[str, str]:
    table = _labels_table(Language)
    for code, aliases in LANGUAGE_ALIASES.items():
        for alias in aliases:
            table.setdefault(lookup_key(alias), code)
    return table


# Abbreviations and colloquial names the Ausländerbehörden's lists use. A section alone
# ("§ 60a AufenthG", from the labels) names its document; "§ 25 Abs. 2 AufenthG" alone is
# refused: it is an Aufenthaltserlaubnis whose legal basis the template has no column for.
DOCUMENT_ALIASES: dict[str, tuple[str, ...]] = {
    "aufenthaltserlaubnis": ("AE",),
    "niederlassungserlaubnis": ("NE",),
    "aufenthaltsgestattung": ("Gestattung",),
    "duldung_60b": ("Duldung light",),
}


@dataclass(frozen=True)
class DocumentWithBasis:
    """An Aufenthaltserlaubnis with the section it was granted under, read from one cell
    ("Aufenthaltserlaubnis § 24 AufenthG", "AE nach § 25 Abs. 2", "AE (§ 25 Abs. 3)")."""

    code: str
    legal_basis: str


_CONNECTOR = re.compile(r"[\s(,:;–-]*(?:\b(?:nach|gem\.?|gemäß)\s*)?$", re.IGNORECASE)
_LAW = re.compile(r"\b(?:AufenthG|AsylG|BeschV|FreizügG/EU)\b", re.IGNORECASE)


def parse_document(raw: Any) -> str | DocumentWithBasis:
    """The document code of a status cell: a name, label, abbreviation, section or code
    (``documents_table``); or an Aufenthaltserlaubnis followed by its section, whose legal
    basis is kept (the work-access engine decides by it). CellError("document") otherwise.
    """
    text = cell_text(raw)
    table = documents_table()
    code = table.get(lookup_key(text))
    if code is not None:
        return code
    head, section, tail = text.partition("§")
    if section:
        code = table.get(lookup_key(_CONNECTOR.sub("", head)))
        if code == DocumentType.AUFENTHALTSERLAUBNIS:
            basis = " ".join(("§ " + tail.strip().rstrip(")").strip()).split())
            if not _LAW.search(basis):
                basis += " AufenthG"  # an Aufenthaltserlaubnis is granted under the AufenthG
            return DocumentWithBasis(code, basis)
        if code is not None:
            return code  # a Duldung or Gestattung names its section in its label already
    raise CellError("document", text)


@functools.cache
def documents_table() -> dict[str, str]:
    table = _labels_table(DocumentType)
    for language in ("en", "de"):
        with translation.override(language):
            for choice in DocumentType:
                label = str(choice.label)
                if "(" in label and choice != DocumentType.AUFENTHALTSERLAUBNIS:
                    section = label[label.index("(") + 1 : label.rindex(")")]
                    table.setdefault(lookup_key(section), choice.value)
    for code, aliases in DOCUMENT_ALIASES.items():
        for alias in aliases:
            table.setdefault(lookup_key(alias), code)
    return table


@functools.cache
def genders_table() -> dict[str, str]:
    pairs = [(code, code) for code in Gender.values]
    pairs += [
        ("w", "f"),
        ("weiblich", "f"),
        ("männlich", "m"),
        ("maennlich", "m"),
        ("divers", "d"),
        ("keine Angabe", "x"),
        ("ohne Angabe", "x"),
        # Abbreviations lists use.
        ("weibl.", "f"),
        ("weibl", "f"),
        ("männl.", "m"),
        ("männl", "m"),
        ("maennl.", "m"),
        ("maennl", "m"),
        ("div.", "d"),
        ("k. A.", "x"),
        ("k.A.", "x"),
        ("o. A.", "x"),
        ("o.A.", "x"),
    ]
    for language in ("en", "de"):
        with translation.override(language):
            pairs += [(str(choice.label), choice.value) for choice in Gender]
    return _table(*pairs)


def cell_message(error: CellError, value: str) -> str:
    """The translated message for a cell that could not be read."""
    messages = {
        "date_format": _("“%(value)s” is not a date (use TT.MM.JJJJ or JJJJ-MM-TT)."),
        "date_impossible": _("“%(value)s” is not a possible date: this day does not exist."),
        "country": _("unknown country “%(value)s” (use the German name or the ISO code)."),
        "language": _("unknown language “%(value)s” (use the German name or the ISO code)."),
        "language_level": _(
            "“%(value)s”: unknown level (use A1 to C2, Muttersprache or keine Kenntnisse, e.g. "
            "“Deutsch (A2)”, or leave the level out)."
        ),
        "language_twice": _("“%(value)s”: this language is listed twice."),
        "document": _(
            "unknown residence status “%(value)s” (use e.g. Duldung, Aufenthaltsgestattung, "
            "Aufenthaltserlaubnis or the code)."
        ),
        "gender": _("unknown gender “%(value)s” (use weiblich, männlich, divers or keine Angabe)."),
        "email": _("“%(value)s” is not a valid e-mail address."),
        "postcode": _("“%(value)s” is not a postcode (5 digits)."),
    }
    template = messages.get(error.kind, _("“%(value)s” cannot be read."))
    return template % {"value": error.detail or value}


_MAX_LENGTHS = {
    "file_reference": 60,
    "last_name": 120,
    "first_name": 120,
    "phone": 40,
    "email": 254,
    "household": 200,
    "street": 200,
    "city": 120,
}


Parser = Callable[[Any], Any]
#: ResidenceStatus.legal_basis max_length
LEGAL_BASIS_MAX = 120


def _text_of(parse: Callable[[str], Any]) -> Parser:
    def parser(raw: Any) -> Any:
        return parse(cell_text(raw))

    return parser


def _choice(table: Callable[[], dict[str, str]], kind: str) -> Parser:
    def parser(raw: Any) -> Any:
        return parse_choice(cell_text(raw), table(), kind)

    return parser


def _languages(raw: Any) -> Any:
    return tuple(parse_languages(cell_text(raw), languages_table()))


def column_parser(column: Column) -> tuple[Parser, Any]:
    """The function reading a non-empty cell of ``column``, and the value of an empty one."""
    if column.kind == "date":
        return parse_date, None
    if column.kind == "email":
        return _text_of(parse_email), ""
    if column.kind == "postcode":
        return _text_of(parse_postcode), ""
    if column.kind == "languages":
        return _languages, ()
    if column.key == "nationality":
        return _choice(countries_table, "country"), ""
    if column.key == "document_type":
        return parse_document, ""
    if column.key == "gender":
        return _choice(genders_table, "gender"), ""
    return cell_text, ""


@dataclass(frozen=True)
class _Step:
    key: str
    index: int | None
    parse: Parser
    empty: Any
    required: bool
    limit: int | None


def _plan(columns: tuple[Column, ...], positions: dict[str, int]) -> list[_Step]:
    steps = []
    for column in columns:
        parse, empty = column_parser(column)
        steps.append(
            _Step(
                column.key,
                positions.get(column.key),
                parse,
                empty,
                column.required,
                _MAX_LENGTHS.get(column.key),
            )
        )
    return steps


def clean_row(
    row: int,
    values: list[Any],
    columns: tuple[Column, ...],
    positions: dict[str, int],
    headers: list[str],
    today: dt.date,
    plan: list[_Step] | None = None,
) -> tuple[CleanRow | None, list[RowError]]:
    """Clean one data row; returns (clean row or None, errors).

    ``plan`` (``_plan(columns, positions)``, made once per file by ``RowValidator``) saves
    choosing each column's parser again for every row.
    """
    errors: list[RowError] = []
    clean: dict[str, Any] = {}

    def header(key: str) -> str:
        index = positions.get(key)
        if index is not None and index < len(headers) and headers[index].strip():
            return headers[index].strip()
        return next(c.header for c in columns if c.key == key)

    def fail(key: str, message: str) -> None:
        errors.append(RowError(row, header(key), message))

    size = len(values)
    for step in plan if plan is not None else _plan(columns, positions):
        index = step.index
        raw = values[index] if index is not None and index < size else None
        if raw is None or raw == "" or is_empty_marker(raw):
            value = step.empty
        else:
            try:
                value = step.parse(raw)
            except CellError as error:
                fail(step.key, cell_message(error, cell_text(raw)))
                continue
        if step.required and value in (None, "", ()):
            fail(step.key, _("a value is required here."))
            continue
        if isinstance(value, DocumentWithBasis):
            if len(value.legal_basis) > LEGAL_BASIS_MAX:
                fail(
                    step.key,
                    _("the section “%(value)s” is too long.") % {"value": value.legal_basis[:40]},
                )
                continue
            clean["legal_basis"] = value.legal_basis
            value = value.code
        limit = step.limit
        if limit and isinstance(value, str) and len(value) > limit:
            fail(
                step.key,
                _("“%(value)s” is too long (at most %(limit)s characters).")
                % {"value": value[:40] + "…", "limit": limit},
            )
            continue
        clean[step.key] = value

    birth_date = clean.get("birth_date")
    if isinstance(birth_date, dt.date) and birth_date > today:
        fail(
            "birth_date",
            _("the birth date %(value)s lies in the future.") % {"value": _day(birth_date)},
        )
    start, end = clean.get("valid_from"), clean.get("valid_to")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        fail(
            "valid_to",
            _("the status ends (%(end)s) before it starts (%(start)s).")
            % {"end": _day(end), "start": _day(start)},
        )
    if "document_type" in positions or "valid_from" in positions:
        if clean.get("document_type") and not start and "valid_from" in clean:
            fail("valid_from", _("a value is required here when a residence status is given."))
        if not clean.get("document_type") and (start or end) and "document_type" in clean:
            fail("document_type", _("a value is required here when status dates are given."))
    address_keys = [k for k in ("street", "postcode", "city") if k in clean]
    if address_keys and any(clean[k] for k in address_keys):
        for key in address_keys:
            if not clean[key]:
                fail(key, _("a value is required here: Straße, PLZ and Ort come together."))
    if errors:
        return None, errors
    return CleanRow(row, clean, values), []


def _day(value: dt.date) -> str:
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def missing_columns(
    headers: list[str], columns: tuple[Column, ...], mapping: dict[str, int] | None = None
) -> list[RowError]:
    """Errors for required columns the header row (or the given mapping) lacks (row 1)."""
    positions = match_headers(list(headers), columns) if mapping is None else mapping
    return [
        RowError(1, column.header, _("the required column is missing."))
        for column in columns
        if column.required and column.key not in positions
    ]


class RowValidator:
    """Cleans rows one at a time and remembers each key, to refuse a second different row.

    Identical duplicates are dropped (``check`` returns neither row nor errors) and counted
    in ``duplicates``. Only the keys and one number per row (its 64-bit digest and its row
    number) are kept, not the rows: about 150 bytes per row.
    """

    def __init__(
        self,
        headers: list[str],
        columns: tuple[Column, ...],
        *,
        today: dt.date | None = None,
        key: str = "file_reference",
        unique_key: bool = True,
        mapping: dict[str, int] | None = None,
    ) -> None:
        self.headers = list(headers)
        self.columns = columns
        self.today = today or timezone.localdate()
        self.key = key
        self.unique_key = unique_key
        # mapping (column key -> 0-based index, the web wizard's) replaces header matching.
        self.positions = match_headers(list(headers), columns) if mapping is None else dict(mapping)
        self.plan = _plan(columns, self.positions)
        self.seen: dict[str, int] = {}  # key -> digest << 32 | row number
        self.duplicates = 0

    def header(self, key: str) -> str:
        """The column's header as written in the file (or the template's)."""
        index = self.positions.get(key)
        if index is not None and index < len(self.headers) and str(self.headers[index]).strip():
            return str(self.headers[index]).strip()
        return next(c.header for c in self.columns if c.key == key)

    def check(self, number: int, values: list[Any]) -> tuple[CleanRow | None, list[RowError]]:
        clean, errors = clean_row(
            number, values, self.columns, self.positions, self.headers, self.today, self.plan
        )
        if clean is None or not self.unique_key:
            return clean, errors
        digest = clean.digest()
        value = clean.values[self.key]
        first = self.seen.get(value)
        if first is None:
            self.seen[value] = digest << 32 | number
            return clean, []
        if first >> 32 == digest:
            self.duplicates += 1
            return None, []
        return None, [
            RowError(
                number,
                self.header(self.key),
                _(
                    "“%(value)s” occurs already in row %(first)s with different data; "
                    "an Aktenzeichen may occur only once per file."
                )
                % {"value": value, "first": first & 0xFFFFFFFF},
            )
        ]
