"""KdU tables: the shipped examples, loading them, and a household's rent limit on a day."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.core.models import Kommune

from ..choices import RentBasis
from ..models import HousingNeed, KduLimit, KduTable

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "kdu"


def shipped_tables() -> dict[str, Path]:
    """Name (file stem) -> path of the KdU tables shipped as examples."""
    return {path.stem: path for path in sorted(SHIPPED_DIR.glob("*.toml"))}


def _money(value: Any, where: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(
            _("%(where)s: not an amount: %(value)r") % {"where": where, "value": value}
        ) from exc
    if amount < 0:
        raise DomainError(_("%(where)s: must not be negative") % {"where": where})
    return amount


def read_table_file(path: Path) -> dict[str, Any]:
    """Parse and check a KdU table file; errors name the file and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DomainError(
            _("%(file)s: cannot read: %(error)s") % {"file": path.name, "error": exc}
        ) from exc
    for key in ("name", "area", "source", "extra_person_amount", "limits"):
        if key not in data:
            raise DomainError(
                _("%(file)s: field “%(field)s” is missing") % {"file": path.name, "field": key}
            )
    if data.get("rent_basis", RentBasis.BRUTTOKALT) not in RentBasis.values:
        raise DomainError(
            _("%(file)s: rent_basis must be one of %(values)s")
            % {"file": path.name, "values": ", ".join(RentBasis.values)}
        )
    seen: set[int] = set()
    for index, row in enumerate(data["limits"]):
        persons = row.get("persons")
        if not isinstance(persons, int) or persons < 1 or persons in seen:
            raise DomainError(
                _("%(file)s: limits[%(index)s].persons must be a new whole number ≥ 1")
                % {"file": path.name, "index": index}
            )
        seen.add(persons)
        _money(row.get("max_rent"), f"{path.name}: limits[{index}].max_rent")
    _money(data["extra_person_amount"], f"{path.name}: extra_person_amount")
    return data


@transaction.atomic
def load_table(*, kommune: Kommune, path: Path) -> KduTable:
    """Store the table of ``path`` for ``kommune`` (again: replaces the one with the same name)."""
    data = read_table_file(path)
    KduTable.objects.filter(kommune=kommune, name=data["name"]).delete()
    valid_from = data.get("valid_from")
    valid_to = data.get("valid_to")
    table = KduTable.objects.create(
        kommune=kommune,
        name=data["name"],
        area=data["area"],
        rent_basis=data.get("rent_basis", RentBasis.BRUTTOKALT),
        valid_from=valid_from if isinstance(valid_from, dt.date) else None,
        valid_to=valid_to if isinstance(valid_to, dt.date) else None,
        extra_person_amount=_money(data["extra_person_amount"], "extra_person_amount"),
        legal_basis=data.get("legal_basis", "§ 22 Abs. 1 SGB II"),
        source=data["source"],
        verified=bool(data.get("verified", False)),
        note=data.get("note", ""),
    )
    KduLimit.objects.bulk_create(
        KduLimit(
            kommune=kommune,
            table=table,
            persons=row["persons"],
            max_rent=_money(row["max_rent"], "max_rent"),
            max_area_m2=Decimal(str(row["max_area_m2"])) if "max_area_m2" in row else None,
        )
        for row in data["limits"]
    )
    return table


def table_on(kommune: Kommune, day: dt.date, area: str = "") -> KduTable | None:
    """The KdU table in force on ``day``: dated tables first, the newest start wins.

    ``area`` (a town) prefers a table whose area names it. An undated table (valid_from empty)
    applies only when no dated one does.
    """
    tables = list(
        KduTable.objects.filter(kommune=kommune)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .prefetch_related("limits")
    )
    if not tables:
        return None
    town = area.strip().casefold()

    def rank(table: KduTable) -> tuple[int, int, dt.date]:
        names = [part.strip().casefold() for part in table.area.split(",")]
        return (
            1 if town and town in names else 0,
            1 if table.valid_from is not None else 0,
            table.valid_from or dt.date.min,
        )

    return max(tables, key=rank)


@dataclass(frozen=True)
class RentLimit:
    amount: Decimal | None
    basis: str
    source: str  # "override" or the table's name
    reason: str


def rent_limit(need: HousingNeed, persons: int, day: dt.date) -> RentLimit:
    """The household's rent limit on ``day``: the override with its reason, or the KdU table."""
    if need.rent_limit_override is not None:
        return RentLimit(
            need.rent_limit_override, RentBasis.BRUTTOKALT, "override", need.rent_limit_reason
        )
    table = table_on(need.kommune, day, need.required_municipality)
    if table is None:
        return RentLimit(None, RentBasis.BRUTTOKALT, "", _("no KdU table for this date"))
    return RentLimit(table.limit_for(persons), table.rent_basis, table.name, table.legal_basis)
