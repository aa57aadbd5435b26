"""Build the matcher's input (``vorort.matching.Instance``) from the database.

Who takes part on ``day``:

- households with an active ``HousingNeed``, at least one current member (joined by ``day``
  and not left by then) and no placement that holds an apartment; the persons are the current
  members. A household without a rent limit (no KdU table in force and no override) cannot be
  matched: it is listed in ``unassigned`` with the reason instead.
- apartments with status *offered* and no holding placement.

Nationality, religion and ethnic origin are not read here: nothing about the members except
their number reaches the matcher.

The number of queries does not grow with the number of households or apartments: needs,
members, preferred districts and important places are prefetched, and the KdU table is looked
up once per town named by a Wohnsitzauflage (``RentLimits``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Exists, OuterRef, Prefetch, Q

from vorort.core.models import Kommune
from vorort.matching import Apartment as MApartment
from vorort.matching import Household as MHousehold
from vorort.matching import Instance, Place
from vorort.people.models import Household, HouseholdMember, Person

from ..choices import HOLDING_STATUSES, ApartmentStatus, RentBasis
from ..models import Apartment, District, HousingNeed, ImportantPlace, KduTable, Placement
from . import kdu

#: Stored like the matcher's reasons (German data of the run, not UI text).
NO_RENT_LIMIT = "keine Mietobergrenze: KdU-Tabelle fehlt"
NO_MEMBERS = "keine aktuellen Haushaltsmitglieder"

HOLDING = [s.value for s in HOLDING_STATUSES]


@dataclass
class Built:
    """The instance and what the services need to store its result.

    ``households``/``apartments`` map the matcher's ids (UUID strings) to the DB objects;
    ``members`` are a household's current members (the persons counted); ``limits`` the rent
    limit used; ``dates`` each household's own "available by" date (move-in wish or run day);
    ``unassigned`` the households left out before solving, as ``{household, reasons}``.
    """

    instance: Instance
    day: dt.date
    households: dict[str, Household] = field(default_factory=dict)
    apartments: dict[str, Apartment] = field(default_factory=dict)
    needs: dict[str, HousingNeed] = field(default_factory=dict)
    members: dict[str, list[Person]] = field(default_factory=dict)
    limits: dict[str, kdu.RentLimit] = field(default_factory=dict)
    dates: dict[str, dt.date] = field(default_factory=dict)
    unassigned: list[dict[str, object]] = field(default_factory=list)


class RentLimits:
    """``kdu.rent_limit`` with the table looked up once per area (not once per household).

    Same result as ``kdu.rent_limit(need, persons, day)`` (tests compare them).
    """

    def __init__(self, kommune: Kommune, day: dt.date) -> None:
        self.kommune = kommune
        self.day = day
        self.tables: dict[str, KduTable | None] = {}

    def __call__(self, need: HousingNeed, persons: int) -> kdu.RentLimit:
        if need.rent_limit_override is not None:
            return kdu.rent_limit(need, persons, self.day)  # no query for an override
        area = need.required_municipality
        if area not in self.tables:
            self.tables[area] = kdu.table_on(self.kommune, self.day, area)
        table = self.tables[area]
        if table is None:
            return kdu.RentLimit(None, RentBasis.BRUTTOKALT, "", NO_RENT_LIMIT)
        return kdu.RentLimit(
            table.limit_for(persons), table.rent_basis, table.name, table.legal_basis
        )


def _centre(district: District | None) -> tuple[float, float] | None:
    if district is None or district.latitude is None or district.longitude is None:
        return None
    return (float(district.latitude), float(district.longitude))


def _district_name(district: District | None) -> str:
    # str() is unique within the Kommune ("Paderborn-Elsen"), the plain name may not be.
    return str(district) if district is not None else ""


def current_members_filter(day: dt.date) -> Q:
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def matchable_households(day: dt.date) -> list[Household]:
    """Households with an active need and no holding placement, members prefetched."""
    holding = Placement.objects.filter(household=OuterRef("pk"), status__in=HOLDING)
    members = (
        HouseholdMember.objects.filter(current_members_filter(day))
        .select_related("person")
        .order_by("joined_on", "id")
    )
    return list(
        Household.objects.filter(housing_need__active=True)
        .exclude(Exists(holding))
        .select_related("housing_need")
        .prefetch_related(
            Prefetch("members", queryset=members, to_attr="current_members"),
            Prefetch("housing_need__preferred_districts"),
            Prefetch(
                "housing_need__places",
                queryset=ImportantPlace.objects.select_related("district").order_by("id"),
            ),
        )
        .order_by("-housing_need__priority", "housing_need__seeking_since", "id")
    )


def offered_apartments() -> list[Apartment]:
    holding = Placement.objects.filter(apartment=OuterRef("pk"), status__in=HOLDING)
    return list(
        Apartment.objects.filter(status=ApartmentStatus.OFFERED)
        .exclude(Exists(holding))
        .select_related("district", "landlord")
        .order_by("available_from", "id")
    )


def matching_apartment(apartment: Apartment, basis: str, district: str | None = None) -> MApartment:
    return MApartment(
        id=str(apartment.uuid),
        max_persons=apartment.max_persons,
        min_persons=apartment.min_persons,
        rent=apartment.rent_for(basis),
        accessible=apartment.accessible,
        municipality=apartment.municipality,
        pets_allowed=apartment.pets_allowed,
        smokers_allowed=apartment.smokers_allowed,
        district=_district_name(apartment.district) if district is None else district,
        location=_centre(apartment.district),
        available_from=apartment.available_from,
    )


def build_instance(*, kommune: Kommune, day: dt.date) -> Built:
    """The matcher's instance for ``kommune`` on ``day`` (call inside its scope)."""
    limits = RentLimits(kommune, day)
    households: list[MHousehold] = []
    built = Built(instance=Instance((), ()), day=day)
    bases: set[str] = set()
    for household in matchable_households(day):
        key = str(household.uuid)
        need: HousingNeed = cast(Any, household).housing_need  # reverse one-to-one, typed here
        members = [member.person for member in household.current_members]  # type: ignore[attr-defined]
        if not members:
            built.unassigned.append({"household": key, "reasons": [NO_MEMBERS]})
            continue
        limit = limits(need, len(members))
        if limit.amount is None:
            built.unassigned.append({"household": key, "reasons": [NO_RENT_LIMIT]})
            continue
        bases.add(limit.basis)
        built.households[key] = household
        built.needs[key] = need
        built.members[key] = members
        built.limits[key] = limit
        built.dates[key] = need.move_in_by or day
        households.append(
            MHousehold(
                id=key,
                persons=len(members),
                max_rent=limit.amount,
                needs_accessible=need.needs_accessible,
                required_municipality=need.required_municipality or None,
                priority=need.priority,
                pets=need.pets,
                smokers=need.smokers,
                preferred_districts=tuple(
                    _district_name(d) for d in need.preferred_districts.all()
                ),
                places=tuple(
                    Place(centre[0], centre[1], place.label)
                    for place in need.places.all()
                    if (centre := _centre(place.district)) is not None
                ),
                priority_reason=need.priority_reason,
                move_in_by=built.dates[key],
            )
        )
    # One rent basis per instance: the KdU tables of a Kommune cap the same rent (the
    # Bruttokaltmiete unless a table says otherwise). With mixed bases the warm rent is
    # compared, the stricter reading, so no proposal ever exceeds a limit.
    basis = RentBasis.BRUTTOWARM if RentBasis.BRUTTOWARM in bases else RentBasis.BRUTTOKALT
    apartments = []
    for apartment in offered_apartments():
        built.apartments[str(apartment.uuid)] = apartment
        apartments.append(matching_apartment(apartment, basis))
    # Each household carries its own date (move_in_by): no instance-wide ``available_by``.
    built.instance = Instance(tuple(households), tuple(apartments))
    return built


def rent_of(apartment: Apartment, limit: kdu.RentLimit) -> Decimal:
    """The apartment's rent as the household's limit counts it."""
    return apartment.rent_for(limit.basis)
