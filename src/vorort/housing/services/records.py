"""Writes of the housing register: districts, landlords, apartments, facilities, KdU tables.

Every function takes a mandatory ``actor``, runs in one transaction, locks what it changes
(optimistic lock with ``expected_version`` for edits of a form) and raises a translated
``DomainError`` naming the field for a refused change. Status changes of an apartment other
than withdrawing and offering it again belong to the placement pipeline.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.core.models import Kommune
from vorort.core.services import lock_for_update, save_audited

from ..choices import HOLDING_STATUSES, ApartmentStatus, RentBasis
from ..models import Apartment, District, Facility, KduLimit, KduTable, Landlord, Placement

M = TypeVar("M", bound=models.Model)

DISTRICT_FIELDS = ("name", "municipality", "latitude", "longitude")
LANDLORD_FIELDS = (
    "kind",
    "name",
    "contact_person",
    "phone",
    "email",
    "street",
    "postcode",
    "city",
    "preferences",
    "notes",
)
APARTMENT_FIELDS = (
    "landlord",
    "street",
    "postcode",
    "municipality",
    "district",
    "rooms",
    "area_m2",
    "floor",
    "has_lift",
    "accessible",
    "rent_net_cold",
    "service_costs_cold",
    "heating_costs",
    "available_from",
    "min_persons",
    "max_persons",
    "pets_allowed",
    "smokers_allowed",
    "benefit_recipients_welcome",
    "wbs_required",
    "notes",
)
FACILITY_FIELDS = (
    "name",
    "kind",
    "street",
    "postcode",
    "city",
    "places",
    "operator",
    "active",
    "notes",
)
#: Household sizes the simple KdU form asks for.
KDU_FORM_SIZES = range(1, 7)


def day(value: dt.date | None) -> str:
    """A date as the user reads it (dd.mm.yyyy in German); "open-ended" for None."""
    if value is None:
        return _("open-ended")
    return date_format(value, "SHORT_DATE_FORMAT")


def _check_fields(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _strip(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def save_named(obj: models.Model, *, actor: Any, update_fields: list[str] | None = None) -> None:
    """``save_audited``, with the field's label in front of a model validation message."""
    try:
        save_audited(obj, actor=actor, update_fields=update_fields)
    except DomainError as error:
        if error.field:
            label = str(getattr(obj._meta.get_field(error.field), "verbose_name", error.field))
            if label.casefold() not in error.message.casefold():
                raise DomainError(
                    f"{label[:1].upper()}{label[1:]}: {error.message}", field=error.field
                ) from error
        raise


def _create(model: type[M], *, kommune: Kommune, actor: Any, data: dict[str, Any]) -> M:
    obj = model(kommune=kommune, **_strip(data))
    save_named(obj, actor=actor)
    return obj


def _update(
    model: type[M], obj: M, *, actor: Any, expected_version: int | None, data: dict[str, Any]
) -> M:
    locked = lock_for_update(model, obj.pk, expected_version=expected_version)
    data = _strip(data)
    changed = [name for name, value in data.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, data[name])
    save_named(locked, actor=actor, update_fields=changed)
    return locked


def _same_kommune(kommune_id: int, **objects: models.Model | None) -> None:
    for field, obj in objects.items():
        if obj is not None and obj.kommune_id != kommune_id:  # type: ignore[attr-defined]
            raise DomainError(_("%(field)s: not found.") % {"field": field}, field=field)


# --- Districts --------------------------------------------------------------------------


@transaction.atomic
def district_create(*, kommune: Kommune, actor: Any, **data: Any) -> District:
    _check_fields(data, DISTRICT_FIELDS)
    return _create(District, kommune=kommune, actor=actor, data=data)


@transaction.atomic
def district_update(
    *, district: District, actor: Any, expected_version: int | None, **data: Any
) -> District:
    _check_fields(data, DISTRICT_FIELDS)
    return _update(District, district, actor=actor, expected_version=expected_version, data=data)


# --- Landlords --------------------------------------------------------------------------


@transaction.atomic
def landlord_create(*, kommune: Kommune, actor: Any, **data: Any) -> Landlord:
    _check_fields(data, LANDLORD_FIELDS)
    return _create(Landlord, kommune=kommune, actor=actor, data=data)


@transaction.atomic
def landlord_update(
    *, landlord: Landlord, actor: Any, expected_version: int | None, **data: Any
) -> Landlord:
    _check_fields(data, LANDLORD_FIELDS)
    return _update(Landlord, landlord, actor=actor, expected_version=expected_version, data=data)


# --- Apartments -------------------------------------------------------------------------


def apartment_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Checks of an apartment's data that need no database: (field, message) pairs."""
    problems: list[tuple[str, str]] = []
    low, high = data.get("min_persons"), data.get("max_persons")
    if low is not None and high is not None and low > high:
        problems.append(
            (
                "min_persons",
                _("Min. occupants: %(min)s is larger than the max. occupants (%(max)s).")
                % {"min": low, "max": high},
            )
        )
    for field, label in (
        ("rent_net_cold", _("Net cold rent")),
        ("service_costs_cold", _("Cold service costs")),
        ("heating_costs", _("Heating costs")),
    ):
        value = data.get(field)
        if value is not None and Decimal(value) < 0:
            problems.append((field, _("%(field)s: must not be negative.") % {"field": label}))
    return problems


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)


@transaction.atomic
def apartment_create(
    *, kommune: Kommune, actor: Any, status: str = ApartmentStatus.OFFERED, **data: Any
) -> Apartment:
    """A new apartment, offered (or another status, for imports and the public form)."""
    _check_fields(data, APARTMENT_FIELDS)
    _raise_first(apartment_problems(data))
    _same_kommune(kommune.pk, landlord=data.get("landlord"), district=data.get("district"))
    return _create(Apartment, kommune=kommune, actor=actor, data={**data, "status": status})


@transaction.atomic
def apartment_update(
    *, apartment: Apartment, actor: Any, expected_version: int | None, **data: Any
) -> Apartment:
    """Change an apartment's data (not its status); refused if someone saved it meanwhile."""
    _check_fields(data, APARTMENT_FIELDS)
    _raise_first(apartment_problems(data))
    _same_kommune(
        apartment.kommune_id, landlord=data.get("landlord"), district=data.get("district")
    )
    return _update(Apartment, apartment, actor=actor, expected_version=expected_version, data=data)


def holding_placement(apartment: Apartment) -> Placement | None:
    """The placement that holds ``apartment`` (accepted up to contract), if any."""
    return (
        Placement.objects.filter(apartment=apartment, status__in=HOLDING_STATUSES)
        .select_related("household")
        .first()
    )


@transaction.atomic
def apartment_withdraw(
    *, apartment: Apartment, actor: Any, reason: str, expected_version: int | None = None
) -> Apartment:
    """Take an apartment off the market (status withdrawn), the reason added to the notes.

    Refused while a placement holds it: that placement has to be cancelled first.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Reason: please say why the apartment is withdrawn."), field="reason")
    locked = lock_for_update(Apartment, apartment.pk, expected_version=expected_version)
    if locked.status == ApartmentStatus.WITHDRAWN:
        raise DomainError(_("The apartment is already withdrawn."))
    if locked.status == ApartmentStatus.LET:
        raise DomainError(_("The apartment is let; a let apartment cannot be withdrawn."))
    holding = holding_placement(locked)
    if holding is not None:
        raise DomainError(
            _(
                "The apartment is reserved for %(household)s. Cancel that placement before "
                "withdrawing the apartment."
            )
            % {"household": holding.household}
        )
    line = _("Withdrawn on %(date)s: %(reason)s") % {
        "date": day(timezone.localdate()),
        "reason": reason,
    }
    locked.notes = f"{locked.notes}\n{line}".strip()
    locked.status = ApartmentStatus.WITHDRAWN
    save_audited(locked, actor=actor, update_fields=["status", "notes"])
    return locked


@transaction.atomic
def apartment_reoffer(
    *, apartment: Apartment, actor: Any, expected_version: int | None = None
) -> Apartment:
    """Offer a withdrawn apartment again."""
    locked = lock_for_update(Apartment, apartment.pk, expected_version=expected_version)
    if locked.status != ApartmentStatus.WITHDRAWN:
        raise DomainError(_("Only a withdrawn apartment can be offered again."))
    locked.status = ApartmentStatus.OFFERED
    save_audited(locked, actor=actor, update_fields=["status"])
    return locked


# --- Facilities -------------------------------------------------------------------------


@transaction.atomic
def facility_create(*, kommune: Kommune, actor: Any, **data: Any) -> Facility:
    _check_fields(data, FACILITY_FIELDS)
    return _create(Facility, kommune=kommune, actor=actor, data=data)


@transaction.atomic
def facility_update(
    *, facility: Facility, actor: Any, expected_version: int | None, **data: Any
) -> Facility:
    _check_fields(data, FACILITY_FIELDS)
    return _update(Facility, facility, actor=actor, expected_version=expected_version, data=data)


# --- KdU tables -------------------------------------------------------------------------


@transaction.atomic
def kdu_table_create(
    *,
    kommune: Kommune,
    actor: Any,
    name: str,
    area: str,
    source: str,
    extra_person_amount: Decimal,
    limits: dict[int, Decimal],
    rent_basis: str = RentBasis.BRUTTOKALT,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    legal_basis: str = "§ 22 Abs. 1 SGB II; § 35 SGB XII",
    verified: bool = False,
    note: str = "",
) -> KduTable:
    """A dated KdU table entered by hand, with limits by household size."""
    if not limits:
        raise DomainError(_("Limits: please enter at least the limit for 1 person."), field=None)
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError(
            _("Valid to: the end must not be before the start (%(date)s).")
            % {"date": day(valid_from)},
            field="valid_to",
        )
    for persons, amount in limits.items():
        if amount < 0:
            raise DomainError(
                _("Limit for %(n)s persons: must not be negative.") % {"n": persons},
                field=f"limit_{persons}",
            )
    if KduTable.objects.filter(kommune=kommune, name=name.strip()).exists():
        raise DomainError(
            _("Name: a KdU table named “%(name)s” exists already.") % {"name": name},
            field="name",
        )
    table = KduTable(
        kommune=kommune,
        name=name.strip(),
        area=area.strip(),
        rent_basis=rent_basis,
        valid_from=valid_from,
        valid_to=valid_to,
        extra_person_amount=extra_person_amount,
        legal_basis=legal_basis.strip(),
        source=source.strip(),
        verified=verified,
        note=note.strip(),
    )
    save_audited(table, actor=actor)
    KduLimit.objects.bulk_create(
        KduLimit(kommune=kommune, table=table, persons=persons, max_rent=amount)
        for persons, amount in sorted(limits.items())
    )
    return table
