"""The official municipality key (Amtlicher Gemeindeschlüssel, AGS).

An AGS has eight digits: two for the state (Land), one for the Regierungsbezirk, two for the
Kreis and three for the Gemeinde (Statistisches Bundesamt, Gemeindeverzeichnis GV-ISys).
vorort ships no copy of the full Gemeindeverzeichnis (it cannot be downloaded at run time), so
it checks what can be checked offline: the form, a known state key, the state the Kommune is
said to lie in, and that Kreis and Gemeinde parts are not zero where they cannot be.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """The 16 Länder with their AGS state key (Destatis, GV-ISys)."""

    SH = "01", "Schleswig-Holstein"
    HH = "02", "Hamburg"
    NI = "03", "Niedersachsen"
    HB = "04", "Bremen"
    NW = "05", "Nordrhein-Westfalen"
    HE = "06", "Hessen"
    RP = "07", "Rheinland-Pfalz"
    BW = "08", "Baden-Württemberg"
    BY = "09", "Bayern"
    SL = "10", "Saarland"
    BE = "11", "Berlin"
    BB = "12", "Brandenburg"
    MV = "13", "Mecklenburg-Vorpommern"
    SN = "14", "Sachsen"
    ST = "15", "Sachsen-Anhalt"
    TH = "16", "Thüringen"


# City states have one Gemeinde whose AGS is the state key followed by zeros.
CITY_STATES = {"02", "04", "11"}
_AGS_RE = re.compile(r"^\d{8}$")


def validate_ags(value: str, state: str | None = None) -> None:
    """Raise ValidationError with a German message if ``value`` is not a plausible AGS."""
    if not _AGS_RE.match(value or ""):
        raise ValidationError(
            _("The AGS must have exactly 8 digits (e.g. 05774032), not “%(value)s”."),
            code="ags_format",
            params={"value": value},
        )
    if value[:2] not in State.values:
        raise ValidationError(
            _("Unknown AGS “%(value)s”: %(key)s is not the key of a German state."),
            code="ags_unknown",
            params={"value": value, "key": value[:2]},
        )
    # A Kreis part of 00 occurs only in the city states (Berlin 11000000, …).
    if value[:2] not in CITY_STATES and value[3:5] == "00":
        raise ValidationError(
            _("Unknown AGS “%(value)s”: the Kreis part (digits 4–5) cannot be 00."),
            code="ags_unknown",
            params={"value": value},
        )
    if state and state not in State.values:
        raise ValidationError(
            _("Unknown state key “%(state)s”: use one of 01 to 16."),
            code="state_unknown",
            params={"state": state},
        )
    if state and value[:2] != state:
        raise ValidationError(
            _("The AGS %(value)s belongs to %(ags_state)s, not to %(state)s."),
            code="ags_state",
            params={
                "value": value,
                "ags_state": State(value[:2]).label,
                "state": State(state).label,
            },
        )
