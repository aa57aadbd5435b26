"""What the web import wizard can import: each kind's columns, template slug, titles and the
permission a role needs for it.

Persons and residence statuses are case data (``import.persons``: Koordination,
Fallmanagement); apartments with landlords, facilities and occupancy are housing data
(``housing.import``: Koordination, Wohnraum). The import page shows a role only the kinds
it may import, and every step of an upload checks the permission of the upload's kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vorort.core.models import Membership

from .columns import TEMPLATES, Column
from .housing_columns import HOUSING_TEMPLATES


@dataclass(frozen=True)
class ImportKind:
    key: str
    slug: str  # URL slug of the template download
    title: str | Promise
    text: str | Promise
    permission: str
    columns: tuple[Column, ...]
    choice_label: str | Promise = ""  # in the upload form, when it says more than ``title``

    @property
    def label(self) -> str | Promise:
        return self.choice_label or self.title


KINDS: tuple[ImportKind, ...] = (
    ImportKind(
        "persons",
        "personen",
        _("Persons"),
        _(
            "Persons with household, current residence status, address and languages. "
            "A known Aktenzeichen updates that person."
        ),
        "import.persons",
        TEMPLATES["persons"],
        _("Persons (with households and current residence status)"),
    ),
    ImportKind(
        "statuses",
        "aufenthaltsstatus",
        _("Residence-status history"),
        _(
            "Earlier and later residence documents of persons already in vorort; "
            "periods of one person must not overlap."
        ),
        "import.persons",
        TEMPLATES["statuses"],
    ),
    ImportKind(
        "apartments",
        "wohnungen",
        _("Apartments with landlords"),
        _(
            "Offered apartments with rent, size and conditions, and their landlords. A known "
            "Wohnungs-Nr. updates that apartment."
        ),
        "housing.import",
        HOUSING_TEMPLATES["apartments"],
    ),
    ImportKind(
        "facilities",
        "unterkuenfte",
        _("Facilities"),
        _(
            "Gemeinschaftsunterkünfte, Übergangswohnheime and other facilities with their "
            "places. A known name updates that facility."
        ),
        "housing.import",
        HOUSING_TEMPLATES["facilities"],
    ),
    ImportKind(
        "occupancy",
        "belegung",
        _("Occupancy"),
        _(
            "Who lived where from when to when (facility or apartment), for persons and "
            "places already in vorort; stays of one person must not overlap."
        ),
        "housing.import",
        HOUSING_TEMPLATES["occupancy"],
        _("Occupancy (who lived where, when)"),
    ),
)

BY_KEY: dict[str, ImportKind] = {kind.key: kind for kind in KINDS}
BY_SLUG: dict[str, ImportKind] = {kind.slug: kind for kind in KINDS}
#: Whoever holds one of these may open the import page.
IMPORT_PERMISSIONS = tuple(sorted({kind.permission for kind in KINDS}))


def allowed_kinds(membership: Membership | None) -> list[ImportKind]:
    """The kinds ``membership`` may import, in the order of ``KINDS``."""
    if membership is None:
        return []
    return [kind for kind in KINDS if membership.can(kind.permission)]


def may_import(membership: Membership | None, key: str) -> bool:
    kind = BY_KEY.get(key)
    return kind is not None and membership is not None and membership.can(kind.permission)


def title_of(key: str) -> str:
    kind = BY_KEY.get(key)
    return str(kind.title) if kind else key
