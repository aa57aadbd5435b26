"""The import templates: columns, whether required, accepted values and formats.

The German headers are part of the contract (issue 5) and stay German in every UI language;
the help texts are translated. Export writes exactly these columns in this order, so an
export re-imports without changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .parsing import normalize_header


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool
    kind: str  # text, date, choice, email, postcode, languages
    help: str | Promise
    example: str = ""


PERSON_COLUMNS: tuple[Column, ...] = (
    Column(
        "Aktenzeichen",
        "file_reference",
        True,
        "text",
        _(
            "File reference, unique within the Kommune. It is the key: importing a row with "
            "a known Aktenzeichen updates that person instead of creating a second one."
        ),
        "AZ-2024-0815",
    ),
    Column("Nachname", "last_name", True, "text", _("Last name, as in the documents."), "Haddad"),
    Column("Vorname", "first_name", False, "text", _("First name(s)."), "Mohammed"),
    Column(
        "Geburtsdatum",
        "birth_date",
        True,
        "date",
        _("Birth date, not in the future: a date cell, or TT.MM.JJJJ, T.M.JJJJ or JJJJ-MM-TT."),
        "04.07.1990",
    ),
    Column(
        "Geschlecht",
        "gender",
        False,
        "choice",
        _("weiblich, männlich, divers or keine Angabe (also w, m, d, x)."),
        "männlich",
    ),
    Column(
        "Staatsangehörigkeit",
        "nationality",
        False,
        "choice",
        _("Country by its German or English name or its ISO code (SY, SYR). Statistics only."),
        "Syrien",
    ),
    Column(
        "Sprachen",
        "languages",
        False,
        "languages",
        _(
            "Languages with their level, separated by commas: a German or English name or "
            "ISO code, then the level in parentheses, after a colon or after a space: A1 to "
            "C2, Muttersprache (L1) or keine Kenntnisse (0). Examples: “Arabisch "
            "(Muttersprache), Deutsch A2” or “ar:L1, de:A2”. A language without a level is "
            "recorded with the level not known. Listed languages are added or their level "
            "updated; languages not listed are kept."
        ),
        "Arabisch (Muttersprache), Deutsch (A2)",
    ),
    Column(
        "Haushalt",
        "household",
        False,
        "text",
        _(
            "Name of the household. Rows with the same value form one household; an existing "
            "household of the Kommune with exactly this name is used."
        ),
        "Familie Haddad",
    ),
    Column(
        "Aufenthaltsstatus",
        "document_type",
        False,
        "choice",
        _(
            "Current residence document: its German name (Duldung, Aufenthaltsgestattung, "
            "Aufenthaltserlaubnis …), its full label or its code, in any case. Needs “Status "
            "gültig ab”."
        ),
        "Aufenthaltsgestattung",
    ),
    Column(
        "Status gültig ab",
        "valid_from",
        False,
        "date",
        _(
            "First day of the residence document: a date cell, or TT.MM.JJJJ, T.M.JJJJ or "
            "JJJJ-MM-TT."
        ),
        "01.02.2024",
    ),
    Column(
        "Status gültig bis",
        "valid_to",
        False,
        "date",
        _("Last day of the residence document (empty: open-ended); not before its start."),
        "31.07.2025",
    ),
    Column(
        "Einreisedatum",
        "entry_date",
        False,
        "date",
        _(
            "Date of entry into Germany (used by the work-access rules): a date cell, or "
            "TT.MM.JJJJ, T.M.JJJJ or JJJJ-MM-TT."
        ),
        "15.01.2024",
    ),
    Column("Telefon", "phone", False, "text", _("Phone number."), "+49 5251 123456"),
    Column("E-Mail", "email", False, "email", _("E-mail address."), "m.haddad@example.org"),
    Column(
        "Straße",
        "street",
        False,
        "text",
        _(
            "Street and number of the current address. Straße, PLZ and Ort come together; a "
            "changed address becomes the current one from the day of the import."
        ),
        "Am Bahnhof 3",
    ),
    Column("PLZ", "postcode", False, "postcode", _("Postcode, 5 digits."), "33098"),
    Column("Ort", "city", False, "text", _("City."), "Paderborn"),
)

STATUS_COLUMNS: tuple[Column, ...] = (
    Column(
        "Aktenzeichen",
        "file_reference",
        True,
        "text",
        _("File reference of a person already in vorort (import the persons first)."),
        "AZ-2024-0815",
    ),
    Column(
        "Aufenthaltsstatus",
        "document_type",
        True,
        "choice",
        _("Residence document: German name, full label or code, in any case."),
        "Duldung",
    ),
    Column(
        "gültig ab",
        "valid_from",
        True,
        "date",
        _("First day of the document: a date cell, or TT.MM.JJJJ, T.M.JJJJ or JJJJ-MM-TT."),
        "01.08.2023",
    ),
    Column(
        "gültig bis",
        "valid_to",
        False,
        "date",
        _(
            "Last day (empty: open-ended), not before its start. Periods of one person must "
            "not overlap."
        ),
        "31.01.2024",
    ),
)

TEMPLATES: dict[str, tuple[Column, ...]] = {
    "persons": PERSON_COLUMNS,
    "statuses": STATUS_COLUMNS,
}


# Other names lists give the template's columns, by template header. Used only for a
# column the file does not name exactly; the web wizard's mapping step shows the result.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "Aktenzeichen": ("AZ", "Az.", "Akte", "Aktenzeichen-Nr."),
    "Nachname": ("Familienname", "Name", "Zuname"),
    "Vorname": ("Vornamen",),
    "Geburtsdatum": ("Geb.-Datum", "Geb.datum", "Geburtstag", "geb. am", "geboren am"),
    "Staatsangehörigkeit": ("Staatsangehörigkeiten", "Nationalität", "Nationality"),
    "Sprachen": ("Sprache", "Sprachkenntnisse", "Languages"),
    "Haushalt": ("Familie",),
    "Aufenthaltsstatus": ("Aufenthaltstitel", "Status", "Aufenthaltsrecht"),
    "Status gültig ab": ("gültig ab", "Status seit"),
    "Status gültig bis": ("gültig bis", "befristet bis"),
    "Einreisedatum": ("Einreise", "Einreise am", "eingereist am"),
    "Telefon": ("Telefonnummer", "Tel.", "Tel", "Handy", "Mobil", "Mobilnummer", "Phone"),
    "E-Mail": ("Email", "E-Mail-Adresse", "Mail", "eMail"),
    "Straße": ("Strasse", "Str.", "Straße und Hausnummer", "Street"),
    "PLZ": ("Postleitzahl",),
    "Ort": ("Wohnort", "Stadt"),
}
_HINT = re.compile(r"\s*(?:\([^()]*\)|\*|:)\s*$")


def _loose(header: object) -> str:
    """A header without a trailing hint: "Geburtsdatum (TT.MM.JJJJ)", "Nachname*", "PLZ:"."""
    text = normalize_header(header)
    while True:
        shorter = _HINT.sub("", text)
        if shorter == text or not shorter:
            return text
        text = shorter


def match_headers(headers: list[object], columns: tuple[Column, ...]) -> dict[str, int]:
    """Column key -> index in ``headers``, matched case- and whitespace-insensitively.

    A column not named exactly is then looked for without trailing hints ("(TT.MM.JJJJ)",
    "*", ":") and by its other names (``HEADER_ALIASES``); a file column serves one template
    column only.
    """
    wanted = {normalize_header(c.header): c.key for c in columns}
    found: dict[str, int] = {}
    used: set[int] = set()
    for index, header in enumerate(headers):
        key = wanted.get(normalize_header(header))
        if key is not None and key not in found:
            found[key] = index
            used.add(index)
    if len(found) == len(columns):
        return found
    # First the template's own names without hints, then the other names.
    own = {_loose(c.header): c.key for c in columns}
    other = {_loose(alias): c.key for c in columns for alias in HEADER_ALIASES.get(c.header, ())}
    for names in (own, other):
        for index, header in enumerate(headers):
            key = names.get(_loose(header))
            if key is not None and key not in found and index not in used:
                found[key] = index
                used.add(index)
    return found
