"""List exports without an import template of their own: households and placements.

Households come into vorort through the persons template (rows with the same ``Haushalt``
form one household), so the persons export is what re-imports them; the household list
adds what a household is as a whole (members, housing need, rent limit). Placements are
made in vorort and never imported. Both are written in the import templates' formats —
German names, ``ja``/``nein``, amounts ``520,50``, dates TT.MM.JJJJ (date cells in .xlsx),
formula-like text escaped — with a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vorort.core.models import Kommune
from vorort.housing.choices import PlacementStatus
from vorort.housing.models import HousingNeed, Placement
from vorort.housing.services.instance import RentLimits
from vorort.people.models import Household, HouseholdMember

from .columns import Column
from .exports import table_bytes, write_table
from .housing_io import apartment_ref, german_number, yes_no


def _column(header: str, key: str, kind: str, help_text: Any) -> Column:
    return Column(header, key, False, kind, help_text)


HOUSEHOLD_COLUMNS: tuple[Column, ...] = (
    _column(
        "Haushalt", "name", "text", _("Name of the household (the persons template's Haushalt).")
    ),
    _column("Mitglieder", "members", "integer", _("Number of current members.")),
    _column("Aktenzeichen", "references", "text", _("Aktenzeichen of the current members.")),
    _column("Wohnraumbedarf", "need", "bool", _("ja: the household is looking for an apartment.")),
    _column("sucht seit", "seeking_since", "date", _("Looking for an apartment since.")),
    _column("Einzug bis", "move_in_by", "date", _("Latest move-in date, if any.")),
    _column(
        "Mietobergrenze", "rent_limit", "amount", _("Rent limit today (KdU table or override).")
    ),
    _column("Grundlage", "rent_basis", "text", _("KdU table or reason of the override.")),
    _column("barrierefrei", "accessible", "bool", _("ja: needs a barrier-free apartment.")),
    _column("Wohnsitzauflage", "municipality", "text", _("Required municipality, if any.")),
    _column("Haustiere", "pets", "bool", _("ja: the household has pets.")),
    _column("Raucher", "smokers", "bool", _("ja: smokers in the household.")),
    _column("Priorität", "priority", "integer", _("0 = normal; higher is more urgent.")),
    _column("Grund der Priorität", "priority_reason", "text", _("Reason for the priority.")),
)

PLACEMENT_COLUMNS: tuple[Column, ...] = (
    _column("Wohnungs-Nr.", "apartment", "text", _("The apartment (apartments template).")),
    _column("Straße", "street", "text", _("Street of the apartment.")),
    _column("PLZ", "postcode", "postcode", _("Postcode of the apartment.")),
    _column("Ort", "municipality", "text", _("Municipality of the apartment.")),
    _column("Vermieter", "landlord", "text", _("Landlord.")),
    _column("Haushalt", "household", "text", _("Household placed.")),
    _column("Personen", "persons", "integer", _("Persons of the household at the proposal.")),
    _column("Kaltmiete", "rent", "amount", _("Net cold rent of the apartment.")),
    _column("Mietobergrenze", "rent_limit", "amount", _("Rent limit at the proposal.")),
    _column("Status", "status", "choice", _("Step of the placement.")),
    _column("entschieden am", "decided_on", "date", _("Day the proposal was decided.")),
    _column("Begründung", "reason", "text", _("Reason given with the decision.")),
    _column("Besichtigung", "viewing", "text", _("Viewing appointment (TT.MM.JJJJ HH:MM).")),
    _column("Zusage Vermieter", "landlord_on", "date", _("Day the landlord agreed.")),
    _column("Mietübernahme", "certificate_on", "date", _("Day the rent assumption was certified.")),
    _column("Mietvertrag", "contract_on", "date", _("Day the contract was signed.")),
    _column("Einzug", "moved_in_on", "date", _("Day of the move-in.")),
    _column("Fallmanagement", "case_manager", "text", _("Case manager of the tandem.")),
    _column("Ehrenamt", "volunteer", "text", _("Volunteer of the tandem.")),
)


def household_rows(kommune: Kommune, *, today: dt.date | None = None) -> Iterator[list[Any]]:
    """One list per household of the current scope, in ``HOUSEHOLD_COLUMNS`` order.

    Two queries for households with their housing need and current members, and two per
    town named by a Wohnsitzauflage (its KdU table with the limits), whatever the number of
    households.
    """
    day = today or timezone.localdate()
    current = HouseholdMember.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
    households = (
        Household.objects.order_by("name", "id")
        .select_related("housing_need")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=current.select_related("person").order_by("person__file_reference"),
                to_attr="current_members",
            )
        )
    )
    limits = RentLimits(kommune, day)
    for household in households:
        members = household.current_members
        need: HousingNeed | None = getattr(household, "housing_need", None)
        row: list[Any] = [
            household.name,
            str(len(members)),
            ", ".join(m.person.file_reference for m in members if m.person.file_reference),
        ]
        if need is None:
            yield [*row, yes_no(False), *([""] * (len(HOUSEHOLD_COLUMNS) - 4))]
            continue
        limit = limits(need, len(members) or 1)
        yield [
            *row,
            yes_no(need.active),
            need.seeking_since,
            need.move_in_by,
            german_number(limit.amount, 2),
            limit.reason if limit.source == "override" else limit.source,
            yes_no(need.needs_accessible),
            need.required_municipality,
            yes_no(need.pets),
            yes_no(need.smokers),
            str(need.priority),
            need.priority_reason,
        ]


def _person_name(user: Any) -> str:
    return "" if user is None else str(user)


def placement_rows(kommune: Kommune) -> Iterator[list[Any]]:
    """One list per placement of the current scope (every status), in ``PLACEMENT_COLUMNS``
    order, by apartment and date of the proposal. One query."""
    placements = Placement.objects.select_related(
        "household", "apartment", "apartment__landlord", "case_manager", "volunteer"
    ).order_by("apartment__reference", "apartment__street", "created_at", "id")
    zone = timezone.get_current_timezone()
    with translation.override("de"):
        statuses = {value: str(label) for value, label in PlacementStatus.choices}
    for placement in placements.iterator(chunk_size=1000):
        apartment = placement.apartment
        viewing = (
            placement.viewing_at.astimezone(zone).strftime("%d.%m.%Y %H:%M")
            if placement.viewing_at
            else ""
        )
        yield [
            apartment_ref(apartment),
            apartment.street,
            apartment.postcode,
            apartment.municipality,
            apartment.landlord.name,
            placement.household.name,
            str(placement.persons),
            german_number(apartment.rent_net_cold, 2),
            german_number(placement.rent_limit, 2),
            statuses.get(placement.status, placement.status),
            placement.decided_at.astimezone(zone).date() if placement.decided_at else None,
            placement.decision_reason,
            viewing,
            placement.landlord_decided_on,
            placement.certificate_on,
            placement.contract_signed_on,
            placement.moved_in_on,
            _person_name(placement.case_manager),
            _person_name(placement.volunteer),
        ]


LISTS: dict[str, tuple[tuple[Column, ...], Callable[[Kommune], Iterator[list[Any]]], str]] = {
    "households": (HOUSEHOLD_COLUMNS, household_rows, "Haushalte"),
    "placements": (PLACEMENT_COLUMNS, placement_rows, "Vermittlungen"),
}


def export_list(kind: str, kommune: Kommune, out: str | Path | IO[Any], *, fmt: str) -> int:
    """Write the list ``kind`` (households, placements) of the current scope; row count."""
    columns, rows, title = LISTS[kind]
    return write_table(out, columns, rows(kommune), fmt=fmt, title=title)


def list_bytes(kind: str, kommune: Kommune, fmt: str) -> bytes:
    """The list as bytes (for a download)."""
    columns, rows, title = LISTS[kind]
    return table_bytes(columns, rows(kommune), fmt=fmt, title=title)
