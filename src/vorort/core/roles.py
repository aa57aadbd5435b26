"""Roles and the permissions matrix (role × action), the single source of truth.

docs/permissions.md renders this table; tests/test_permissions_matrix.py checks every URL
against it. A permission is an ``<object>.<action>`` string. Which *objects* a role reaches
is a second question, answered by the selectors: Ehrenamt sees only persons assigned to
it, Partner only persons whose consent names its organisation (see ``people.selectors``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    KOORDINATION = "koordination", _("Koordination")
    FALLMANAGEMENT = "fallmanagement", _("Fallmanagement")
    WOHNRAUM = "wohnraum", _("Wohnraum")
    EHRENAMTSKOORDINATION = "ehrenamtskoordination", _("Ehrenamtskoordination")
    EHRENAMT = "ehrenamt", _("Ehrenamt")
    PARTNER = "partner", _("Partner")
    AUSWERTUNG = "auswertung", _("Auswertung")


K, F, W, EK, E, P, A = (
    Role.KOORDINATION,
    Role.FALLMANAGEMENT,
    Role.WOHNRAUM,
    Role.EHRENAMTSKOORDINATION,
    Role.EHRENAMT,
    Role.PARTNER,
    Role.AUSWERTUNG,
)

#: permission -> (roles that hold it, description for docs/permissions.md)
PERMISSIONS: dict[str, tuple[frozenset[Role], str]] = {
    "dashboard.view": (frozenset({K, F, W, EK, E, P, A}), "Dashboard of the own role"),
    "person.view": (
        frozenset({K, F, W, EK, E, P}),
        "Open persons (Ehrenamt: assigned only; Partner: with consent only)",
    ),
    "person.create": (frozenset({K, F}), "Create persons and households"),
    "person.edit": (
        frozenset({K, F}),
        "Edit persons, households, addresses, languages, statuses, asylum dates",
    ),
    "person.sensitive": (
        frozenset({K, F}),
        "Open special-category data (health); every opening is logged",
    ),
    "status.view": (
        frozenset({K, F, W, P}),
        "See residence status and asylum dates (Partner: with consent 'aufenthalt')",
    ),
    "case.view": (frozenset({K, F}), "Open case files (goals, tasks, notes, appointments)"),
    "case.edit": (frozenset({K, F}), "Open, edit and close cases; add goals, tasks, notes"),
    "consent.view": (frozenset({K, F}), "See consents"),
    "consent.edit": (frozenset({K, F}), "Record and withdraw consents"),
    "assignment.edit": (frozenset({K, F, EK}), "Assign volunteers to persons"),
    "audit.view": (frozenset({K}), "Read the audit history and the access log"),
    "kommune.manage": (frozenset({K}), "Manage users and partner organisations"),
    "stats.view": (frozenset({K, A}), "Aggregated figures with small cells suppressed"),
    "work.view": (
        frozenset({K, F, P}),
        "See work access (answer, facts, steps, lists); Partner: with consent 'arbeit' and "
        "'aufenthalt'",
    ),
    "work.edit": (frozenset({K, F}), "Edit work-access facts and process steps"),
    "import.persons": (
        frozenset({K, F}),
        "Import persons and residence statuses from spreadsheets (upload, mapping, preview)",
    ),
    "export.persons": (
        frozenset({K, F}),
        "Export person lists as CSV/XLSX (only persons and data the role may see)",
    ),
    "housing.view": (
        frozenset({K, F, W}),
        "See landlords, apartments, facilities, occupancy and placements",
    ),
    "housing.edit": (
        frozenset({K, W}),
        "Manage landlords, apartments, facilities, occupancy, KdU tables; review public offers",
    ),
    "housing.need": (frozenset({K, F, W}), "Record a household's housing need"),
    "housing.import": (frozenset({K, W}), "Import and export apartments, facilities, occupancy"),
    "placement.decide": (
        frozenset({K, W}),
        "Run the matching, accept or reject proposals (reserves the apartment)",
    ),
    "placement.edit": (
        frozenset({K, F, W}),
        "Record viewings, landlord decision, certificate, contract, move-in, follow-ups",
    ),
    "tandem.assign": (
        frozenset({K, F, W, EK}),
        "Assign the case manager and volunteer of a tandem",
    ),
    "tandem.view": (
        frozenset({K, F, W, EK, E}),
        "See placements of the own tandems (Ehrenamt: only what the placement needs)",
    ),
}

#: Roles that must use two-factor authentication outside demo mode.
TWO_FACTOR_ROLES = frozenset({K, F, W, EK, P, A})


def has_perm(role: str | None, permission: str) -> bool:
    """Whether ``role`` holds ``permission``; unknown permissions raise KeyError."""
    roles, _description = PERMISSIONS[permission]
    return role is not None and role in roles


def permissions_of(role: str) -> frozenset[str]:
    return frozenset(name for name, (roles, _d) in PERMISSIONS.items() if role in roles)
