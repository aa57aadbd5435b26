"""The import templates of housing: apartments (with landlords), facilities and occupancy.

German headers (part of the contract, issue 5) and translated help texts, like
``columns.py``. Export writes exactly these columns in this order, so an export re-imports
without changes. Kinds beyond those of ``columns.py``: ``money`` and ``decimal`` (German
``520,50`` or ``1.003,00``, or ``520.50``), ``integer``, ``floor``, ``boolean`` (ja/nein).
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .columns import Column

_YES_NO = _("ja or nein (also x, 1, 0, true, false); empty: no (new) or unchanged.")
_MONEY = _("Euros: 520,50 or 1.003,00 (German) or 520.50; “€” may follow.")
_NEW = _("Required for a new apartment.")

APARTMENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "Wohnungs-Nr.",
        "reference",
        True,
        "text",
        _(
            "The apartment's number, unique within the Kommune. It is the key: importing a "
            "row with a known Wohnungs-Nr. updates that apartment instead of creating a "
            "second one."
        ),
        "W-2024-017",
    ),
    Column(
        "Vermieter",
        "landlord_name",
        True,
        "text",
        _(
            "Name of the landlord. A landlord is found by name and e-mail (upper/lower case "
            "does not matter) and created if new."
        ),
        "Wohnbau Paderborn eG",
    ),
    Column(
        "Vermieter-Art",
        "landlord_kind",
        False,
        "choice",
        _(
            "privat, Unternehmen, Genossenschaft or kommunal (also the codes private, "
            "company, cooperative, municipal). Required for a new landlord."
        ),
        "Genossenschaft",
    ),
    Column(
        "Vermieter E-Mail",
        "landlord_email",
        False,
        "email",
        _("E-mail address of the landlord (part of the landlord's key)."),
        "vermietung@example.org",
    ),
    Column("Vermieter Telefon", "landlord_phone", False, "text", _("Phone number."), "05251 1234"),
    Column("Straße", "street", True, "text", _("Street and number."), "Riemekestraße 12"),
    Column("PLZ", "postcode", True, "postcode", _("Postcode, 5 digits."), "33102"),
    Column(
        "Ort",
        "municipality",
        True,
        "text",
        _("Town (as a Wohnsitzauflage names it)."),
        "Paderborn",
    ),
    Column(
        "Stadtteil",
        "district",
        False,
        "text",
        _(
            "District by its name, as entered under Housing › Districts; an unknown district "
            "is refused (create it first)."
        ),
        "Riemeke",
    ),
    Column(
        "Zimmer",
        "rooms",
        False,
        "decimal",
        _(
            "Rooms without kitchen and bathroom, at least 1; half rooms as 2,5. Required for a "
            "new apartment."
        ),
        "3",
    ),
    Column(
        "Wohnfläche m²",
        "area_m2",
        False,
        "decimal",
        _("Living space in m², at least 5 (65,5 or 65.5). Required for a new apartment."),
        "72,5",
    ),
    Column(
        "Etage",
        "floor",
        False,
        "floor",
        _("Floor: 0 or EG = ground floor, -1 or UG = basement, 2 or 2. OG; empty: 0 (new)."),
        "2",
    ),
    Column("Aufzug", "has_lift", False, "boolean", _YES_NO, "nein"),
    Column("barrierefrei", "accessible", False, "boolean", _YES_NO, "nein"),
    Column(
        "Kaltmiete", "rent_net_cold", False, "money", format_lazy("{} {}", _MONEY, _NEW), "520,50"
    ),
    Column(
        "Nebenkosten kalt",
        "service_costs_cold",
        False,
        "money",
        format_lazy("{} {}", _MONEY, _("Empty: 0 (new).")),
        "140,00",
    ),
    Column(
        "Heizkosten",
        "heating_costs",
        False,
        "money",
        format_lazy("{} {}", _MONEY, _("Empty: 0 (new).")),
        "85,00",
    ),
    Column(
        "verfügbar ab",
        "available_from",
        False,
        "date",
        _(
            "First day the apartment can be let: a date cell, or TT.MM.JJJJ, T.M.JJJJ or "
            "JJJJ-MM-TT. Required for a new apartment."
        ),
        "01.03.2025",
    ),
    Column(
        "Personen min",
        "min_persons",
        False,
        "integer",
        _("Fewest occupants the landlord accepts, at least 1 (empty: 1 for a new apartment)."),
        "2",
    ),
    Column(
        "Personen max",
        "max_persons",
        False,
        "integer",
        _("Most occupants, 1 to 30, not below Personen min. Required for a new apartment."),
        "4",
    ),
    Column("Haustiere", "pets_allowed", False, "boolean", _YES_NO, "ja"),
    Column("Raucher", "smokers_allowed", False, "boolean", _YES_NO, "nein"),
    Column(
        "Leistungsbezug willkommen",
        "benefit_recipients_welcome",
        False,
        "boolean",
        _("ja or nein (also x, 1, 0, true, false); empty: ja (new) or unchanged."),
        "ja",
    ),
    Column("WBS erforderlich", "wbs_required", False, "boolean", _YES_NO, "nein"),
    Column(
        "Status",
        "status",
        False,
        "choice",
        _(
            "angeboten, reserviert, vermietet or zurückgezogen (also the codes). An import "
            "sets only angeboten or zurückgezogen: reserviert and vermietet come from "
            "placements, so they are refused for a new apartment and leave a stored "
            "apartment's status as it is. Empty: angeboten (new) or unchanged."
        ),
        "angeboten",
    ),
)

FACILITY_COLUMNS: tuple[Column, ...] = (
    Column(
        "Name",
        "name",
        True,
        "text",
        _(
            "Name of the facility, unique within the Kommune. It is the key: a known name "
            "updates that facility."
        ),
        "GU Am Hoppenhof",
    ),
    Column(
        "Art",
        "kind",
        False,
        "choice",
        _(
            "GU (Gemeinschaftsunterkunft), Übergangswohnheim, Notunterkunft or sonstige (also "
            "the codes gu, uewh, notunterkunft, other). Required for a new facility."
        ),
        "Gemeinschaftsunterkunft",
    ),
    Column("Plätze", "places", True, "integer", _("Number of places, at least 1."), "120"),
    Column("Straße", "street", False, "text", _("Street and number."), "Am Hoppenhof 33"),
    Column("PLZ", "postcode", False, "postcode", _("Postcode, 5 digits."), "33104"),
    Column("Ort", "city", False, "text", _("Town."), "Paderborn"),
    Column("Betreiber", "operator", False, "text", _("Operator."), "DRK Kreisverband"),
    Column(
        "in Betrieb",
        "active",
        False,
        "boolean",
        _("ja or nein (also x, 1, 0, true, false); empty: ja (new) or unchanged."),
        "ja",
    ),
)

OCCUPANCY_COLUMNS: tuple[Column, ...] = (
    Column(
        "Aktenzeichen",
        "file_reference",
        True,
        "text",
        _("File reference of a person already in vorort (import the persons first)."),
        "AZ-2024-0815",
    ),
    Column(
        "Unterkunft",
        "facility",
        False,
        "text",
        _("Name of the facility (import the facilities first). Give this or Wohnungs-Nr."),
        "GU Am Hoppenhof",
    ),
    Column(
        "Wohnungs-Nr.",
        "apartment",
        False,
        "text",
        _("Number of the apartment (import the apartments first). Give this or Unterkunft."),
        "",
    ),
    Column(
        "von",
        "valid_from",
        True,
        "date",
        _("First night there: a date cell, or TT.MM.JJJJ, T.M.JJJJ or JJJJ-MM-TT."),
        "01.02.2024",
    ),
    Column(
        "bis",
        "valid_to",
        False,
        "date",
        _(
            "Last night there (empty: still living there), not before von. Periods of one "
            "person must not overlap."
        ),
        "31.07.2024",
    ),
    Column(
        "Auszugsgrund",
        "end_reason",
        False,
        "text",
        _("Why the person left (e.g. moved into an apartment)."),
        "Umzug in eigene Wohnung",
    ),
)

HOUSING_TEMPLATES: dict[str, tuple[Column, ...]] = {
    "apartments": APARTMENT_COLUMNS,
    "facilities": FACILITY_COLUMNS,
    "occupancy": OCCUPANCY_COLUMNS,
}
