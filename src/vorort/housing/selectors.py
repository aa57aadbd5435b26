"""Reads of the housing register (scoped to the request's Kommune by the middleware).

Lists join what they show (constant query counts); person links are only offered for persons
the membership may open (``visible_person_ids``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, QuerySet
from django.shortcuts import get_object_or_404

from vorort.core.models import Membership
from vorort.people.models import Household, HouseholdMember
from vorort.people.selectors import persons_visible_to, today

from .choices import ApartmentStatus, OfferStatus, PlacementStatus
from .models import (
    Apartment,
    District,
    Facility,
    HousingNeed,
    KduTable,
    Landlord,
    Occupancy,
    OfferSubmission,
    Placement,
)
from .services.kdu import RentLimit, rent_limit


def visible_person_ids(membership: Membership, person_ids: Iterable[int]) -> set[int]:
    """Which of ``person_ids`` ``membership`` may open (one query)."""
    ids = set(person_ids)
    if not ids:
        return set()
    return set(persons_visible_to(membership).filter(pk__in=ids).values_list("pk", flat=True))


def current_occupancy_filter(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


# --- Districts and landlords ------------------------------------------------------------


def districts() -> QuerySet[District]:
    return District.objects.order_by("municipality", "name")


def get_district(uuid: object) -> District:
    return get_object_or_404(District, uuid=uuid)


def landlords(*, query: str = "", kind: str = "") -> QuerySet[Landlord]:
    """Landlords by name (or contact person), with the number of their apartments."""
    result = Landlord.objects.annotate(apartment_count=Count("apartments"))
    query = query.strip()
    if query:
        result = result.filter(Q(name__icontains=query) | Q(contact_person__icontains=query))
    if kind:
        result = result.filter(kind=kind)
    return result.order_by("name", "id")


def get_landlord(uuid: object) -> Landlord:
    return get_object_or_404(Landlord, uuid=uuid)


def landlord_tenancies(landlord: Landlord) -> tuple[list[Placement], list[Occupancy]]:
    """Households moved into the landlord's apartments, and the occupancies recorded there."""
    placements = list(
        Placement.objects.filter(apartment__landlord=landlord, status=PlacementStatus.MOVED_IN)
        .select_related("household", "apartment")
        .order_by("-moved_in_on", "-id")
    )
    occupancies = list(
        Occupancy.objects.filter(apartment__landlord=landlord)
        .select_related("person", "apartment")
        .order_by("-valid_from", "-id")
    )
    return placements, occupancies


# --- Apartments -------------------------------------------------------------------------


@dataclass(frozen=True)
class ApartmentFilter:
    status: str = ""
    municipality: str = ""
    district: District | None = None
    min_rooms: Decimal | None = None
    max_rent: Decimal | None = None
    accessible: bool = False


def apartments(filters: ApartmentFilter | None = None) -> QuerySet[Apartment]:
    """Apartments with landlord and district joined; ``gross`` = net cold + cold service costs."""
    f = filters or ApartmentFilter()
    result = Apartment.objects.select_related("landlord", "district").annotate(
        gross=F("rent_net_cold") + F("service_costs_cold")
    )
    if f.status:
        result = result.filter(status=f.status)
    if f.municipality:
        result = result.filter(municipality__iexact=f.municipality.strip())
    if f.district is not None:
        result = result.filter(district=f.district)
    if f.min_rooms is not None:
        result = result.filter(rooms__gte=f.min_rooms)
    if f.max_rent is not None:
        result = result.filter(gross__lte=f.max_rent)
    if f.accessible:
        result = result.filter(accessible=True)
    return result.order_by("municipality", "street", "id")


def municipalities() -> list[str]:
    """Towns of the Kommune's districts and apartments, for filters and forms."""
    names = set(District.objects.values_list("municipality", flat=True))
    names.update(Apartment.objects.values_list("municipality", flat=True).distinct())
    return sorted(n for n in names if n)


def get_apartment(uuid: object) -> Apartment:
    return get_object_or_404(Apartment.objects.select_related("landlord", "district"), uuid=uuid)


def apartment_placements(apartment: Apartment) -> list[Placement]:
    return list(
        Placement.objects.filter(apartment=apartment)
        .select_related("household", "decided_by")
        .order_by("-created_at", "-id")
    )


# --- Facilities and occupancy -----------------------------------------------------------


def facilities(on: dt.date | None = None) -> QuerySet[Facility]:
    """Facilities with ``occupants`` (current occupancies on ``on``) and ``free_places``."""
    on = on or today()
    return (
        Facility.objects.annotate(
            occupants=Count("occupancies", filter=current_occupancy_filter(on, "occupancies__"))
        )
        .annotate(
            free_places=ExpressionWrapper(F("places") - F("occupants"), output_field=IntegerField())
        )
        .order_by("-active", "name", "id")
    )


def get_facility(uuid: object) -> Facility:
    return get_object_or_404(Facility, uuid=uuid)


def facility_occupancies(
    facility: Facility, on: dt.date | None = None
) -> tuple[list[Occupancy], list[Occupancy]]:
    """(current, past and future) occupancies of ``facility`` with their persons."""
    on = on or today()
    rows = list(
        Occupancy.objects.filter(facility=facility)
        .select_related("person")
        .order_by("-valid_from", "-id")
    )
    current = [o for o in rows if o.is_current(on)]
    other = [o for o in rows if not o.is_current(on)]
    return current, other


def get_occupancy(uuid: object, **filters: Any) -> Occupancy:
    return get_object_or_404(
        Occupancy.objects.select_related("person", "facility", "apartment"), uuid=uuid, **filters
    )


# --- KdU tables -------------------------------------------------------------------------


def kdu_tables() -> QuerySet[KduTable]:
    return KduTable.objects.prefetch_related("limits").order_by("area", "-valid_from", "name")


def get_kdu_table(uuid: object) -> KduTable:
    return get_object_or_404(KduTable.objects.prefetch_related("limits"), uuid=uuid)


# --- Housing need -----------------------------------------------------------------------


def current_members(household: Household, on: dt.date | None = None) -> list[HouseholdMember]:
    on = on or today()
    return list(
        HouseholdMember.objects.filter(household=household, joined_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .select_related("person")
        .order_by("joined_on", "id")
    )


@dataclass(frozen=True)
class NeedPanel:
    need: HousingNeed | None
    persons: int
    limit: RentLimit | None


def need_panel(household: Household, on: dt.date | None = None) -> NeedPanel:
    """What the household detail page shows: the need, persons counted, the rent limit."""
    on = on or today()
    need = (
        HousingNeed.objects.filter(household=household)
        .prefetch_related("preferred_districts", "places__district")
        .first()
    )
    persons = len(current_members(household, on))
    limit = rent_limit(need, persons, on) if need is not None else None
    return NeedPanel(need=need, persons=persons, limit=limit)


# --- Public offers ----------------------------------------------------------------------


def offers(status: str = OfferStatus.NEW) -> QuerySet[OfferSubmission]:
    result = OfferSubmission.objects.select_related("apartment", "reviewed_by").annotate(
        gross=F("rent_net_cold") + F("service_costs_cold")
    )
    if status:
        result = result.filter(status=status)
    return result.order_by("-created_at", "-id")


def get_offer(uuid: object) -> OfferSubmission:
    return get_object_or_404(
        OfferSubmission.objects.select_related("apartment", "reviewed_by"), uuid=uuid
    )


def offered_apartment_count() -> int:
    return Apartment.objects.filter(status=ApartmentStatus.OFFERED).count()
