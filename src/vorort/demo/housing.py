"""Housing demo data of one demo Kommune: districts, landlords, apartments, facilities with
occupancy, housing needs, the KdU table and a few public offers.

Runs after the persons generator (it picks households and persons that exist), inside
``scopes_disabled()``. Deterministic for a seed: its own ``Random`` stream, rows in id order.
Rows are written with ``bulk_create`` (no simple-history rows, no timeline entries), so even
``vorort demo --size large`` adds them in a second or two. District centres are approximate
(rounded to about 100 m); landlords, addresses' house numbers and offers are invented.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from random import Random
from typing import Any

from django.db import transaction
from django.utils import timezone

from vorort.core.models import Kommune, User
from vorort.housing.choices import (
    ApartmentStatus,
    FacilityKind,
    LandlordKind,
    OfferStatus,
    PlaceKind,
    PlacementStatus,
    PriorityLevel,
)
from vorort.housing.models import (
    Apartment,
    District,
    Facility,
    HousingNeed,
    ImportantPlace,
    KduLimit,
    KduTable,
    Landlord,
    Occupancy,
    OfferSubmission,
    Placement,
)
from vorort.housing.services.kdu import load_table, shipped_tables
from vorort.people.models import Household, HouseholdMember

from .places import DemoKommune

# fmt: off
#: Stadtteile with approximate centres (latitude, longitude), per demo Kommune slug.
DISTRICTS: dict[str, tuple[tuple[str, str, float, float], ...]] = {
    "paderborn": (
        ("Paderborn", "Kernstadt", 51.7189, 8.7575),
        ("Paderborn", "Schloß Neuhaus", 51.7461, 8.7125),
        ("Paderborn", "Sennelager", 51.7675, 8.7139),
        ("Paderborn", "Elsen", 51.7336, 8.6883),
        ("Paderborn", "Sande", 51.7589, 8.6392),
        ("Paderborn", "Wewer", 51.6933, 8.7119),
        ("Paderborn", "Marienloh", 51.7597, 8.7947),
        ("Paderborn", "Benhausen", 51.7447, 8.8381),
        ("Paderborn", "Neuenbeken", 51.7333, 8.8667),
        ("Paderborn", "Dahl", 51.6772, 8.8111),
    ),
    "koenigswinter": (
        ("Königswinter", "Altstadt", 50.6833, 7.1917),
        ("Königswinter", "Oberdollendorf", 50.6989, 7.1839),
        ("Königswinter", "Niederdollendorf", 50.6956, 7.1747),
        ("Königswinter", "Oberpleis", 50.7064, 7.2772),
        ("Königswinter", "Ittenbach", 50.6667, 7.2500),
        ("Königswinter", "Thomasberg", 50.6861, 7.2397),
        ("Königswinter", "Stieldorf", 50.7375, 7.2342),
        ("Königswinter", "Heisterbacherrott", 50.6947, 7.2197),
    ),
}
#: The second town of a Kreis (only when the demo Kommune is a Kreis).
KREIS_TOWNS: dict[str, tuple[tuple[str, str, float, float], ...]] = {
    "paderborn": (("Bad Lippspringe", "Bad Lippspringe", 51.7833, 8.8167),),
}

PRIVATE_FIRST = (
    "Gisela", "Heinz", "Ursula", "Werner", "Brigitte", "Klaus", "Monika", "Jürgen", "Renate",
    "Dieter", "Petra", "Hans-Georg", "Elisabeth", "Bernd", "Martina", "Josef", "Annegret",
    "Ludger", "Hildegard", "Franz-Josef",
)
PRIVATE_LAST = (
    "Tegethoff", "Brockmeier", "Schäfers", "Hüsken", "Rüther", "Kleine", "Wienholt",
    "Budde", "Kemper", "Ostermann", "Thiele", "Kaup", "Lödige", "Wiemers", "Brökelmann",
    "Tölle", "Henneke", "Wegener", "Voss", "Schwarze",
)
COMPANIES = (
    "Wohnen an der {town}er Aue GmbH (Demo)", "Immobilienverwaltung Mertens & Sohn (Demo)",
    "Rhein-Weser Wohnbau GmbH (Demo)", "Hausverwaltung Lindemann KG (Demo)",
    "WestfalenQuartier Wohnen GmbH (Demo)", "Stadtblick Immobilien GmbH (Demo)",
)
COOPERATIVES = (
    "Bauverein {town} eG (Demo)", "Wohnungsgenossenschaft Eintracht eG (Demo)",
    "Gemeinnützige Baugenossenschaft Heimstatt eG (Demo)",
)
MUNICIPAL = ("Städtische Wohnungsgesellschaft {town} (Demo)",)

PRIORITY_REASONS = {
    PriorityLevel.RAISED: (
        "Familie mit Säugling in der Gemeinschaftsunterkunft",
        "Ausbildungsbeginn im Stadtgebiet, Anfahrt aus der Unterkunft über eine Stunde",
        "Schulkinder brauchen ruhigen Lernort",
    ),
    PriorityLevel.HIGH: (
        "Schwangerschaft, Geburt in drei Monaten",
        "Familienzusammenführung: Ehefrau und Kinder reisen ein",
        "Konflikte in der Unterkunft, Trennung empfohlen",
    ),
    PriorityLevel.URGENT: (
        "Notunterkunft wird geräumt",
        "medizinisch: Rollstuhl, Unterkunft nicht barrierefrei",
        "ärztliches Attest: Dialyse, Wohnung nahe Klinik nötig",
    ),
}
PLACES = {
    PlaceKind.SCHOOL: ("Grundschule", "Gesamtschule", "Kita", "Realschule"),
    PlaceKind.WORK: ("Ausbildungsbetrieb", "Arbeitsplatz Lager", "Sprachkurs und Praktikum"),
    PlaceKind.DOCTOR: ("Facharztpraxis", "Dialysezentrum", "Therapiezentrum"),
    PlaceKind.FAMILY: ("Verwandte", "Moscheegemeinde", "Kirchengemeinde"),
}
OFFER_MESSAGES = (
    "Die Wohnung ist frisch renoviert. Gern an eine Familie.",
    "Einliegerwohnung in unserem Haus, wir wohnen oben.",
    "Bitte rufen Sie abends an.",
    "Wohnung meiner verstorbenen Mutter, möbliert möglich.",
)
# fmt: on

#: Appropriate floor area by household size (WNB NRW Nr. 8.2): 50 m² + 15 m² per person.
WNB_AREA = {1: 50, 2: 65, 3: 80, 4: 95, 5: 110, 6: 125}

CENT = Decimal("0.01")


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


class HousingGenerator:
    """Creates the housing data of one demo Kommune (see the module docstring)."""

    def __init__(
        self,
        kommune: Kommune,
        spec: DemoKommune,
        *,
        seed: int,
        today: dt.date,
        wohnraum_user: User | None = None,
        landlords: int = 40,
        apartments: int = 120,
        needs: int = 150,
    ) -> None:
        self.kommune = kommune
        self.spec = spec
        self.rng = Random(f"vorort-demo-housing:{seed}:{spec.slug}")
        self.today = today
        self.user = wohnraum_user
        self.n_landlords = landlords
        self.n_apartments = apartments
        self.n_needs = needs
        self.counts: Counter[str] = Counter()

    # --- helpers ---------------------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day_between(self, low: dt.date, high: dt.date) -> dt.date:
        if high <= low:
            return low
        return low + dt.timedelta(days=self.rng.randint(0, (high - low).days))

    def street(self) -> tuple[str, str]:
        name, postcode = self.rng.choice(self.spec.streets)
        return f"{name} {self.rng.randint(1, 140)}", postcode

    # --- run -------------------------------------------------------------------------------

    @transaction.atomic
    def run(self) -> Counter[str]:
        districts = self.districts()
        self.kdu_table()
        landlords = self.landlords()
        facilities = self.facilities()
        households = self.pick_households()
        need_ids = households[: self.n_needs]
        let_ids = households[self.n_needs : self.n_needs + max(3, self.n_apartments // 10)]
        members = self.members_of(need_ids + let_ids)
        apartments = self.apartments(landlords, districts)
        self.needs(need_ids, members, districts)
        self.facility_stays(need_ids, members, facilities)
        self.tenancies(let_ids, members, apartments, facilities)
        self.offers()
        return self.counts

    def districts(self) -> list[District]:
        rows = list(DISTRICTS.get(self.spec.slug, ()))
        if self.kommune.name.startswith("Kreis"):
            rows += KREIS_TOWNS.get(self.spec.slug, ())
        if not rows:
            rows = [(self.kommune.name, self.kommune.name, 0.0, 0.0)]
        objs = District.objects.bulk_create(
            District(
                kommune=self.kommune,
                uuid=self.uuid(),
                municipality=town,
                name=name,
                latitude=Decimal(f"{lat:.5f}") if lat else None,
                longitude=Decimal(f"{lon:.5f}") if lon else None,
            )
            for town, name, lat, lon in rows
        )
        self.counts["district"] += len(objs)
        return list(District.objects.filter(kommune=self.kommune).order_by("id"))

    def kdu_table(self) -> None:
        """Paderborn's published table; elsewhere a clearly marked, unverified demo table."""
        shipped = shipped_tables()
        if self.spec.slug in shipped:
            load_table(kommune=self.kommune, path=shipped[self.spec.slug])
            self.counts["kdu_table"] += 1
            return
        # No researched values for this Kommune: Bonn's published limits (a neighbour, row 7
        # of the domain notes), marked as a demo table that nobody should rely on.
        table = KduTable.objects.create(
            kommune=self.kommune,
            uuid=self.uuid(),
            name=f"Demo-KdU {self.kommune.name} (Werte nach Bonner Vorbild)",
            area=self.kommune.name,
            extra_person_amount=Decimal("160.00"),
            source="Demo data: the limits Bonn publishes (bonn.de, undated), not this Kommune's",
            verified=False,
            note="Invented for the demo from a neighbouring city's limits. Not valid here.",
        )
        limits = ("576", "692", "828", "959", "1104", "1264")
        KduLimit.objects.bulk_create(
            KduLimit(kommune=self.kommune, table=table, persons=n, max_rent=Decimal(v))
            for n, v in enumerate(limits, start=1)
        )
        self.counts["kdu_table"] += 1

    def landlords(self) -> list[Landlord]:
        town = self.kommune.name
        objs = []
        for index in range(self.n_landlords):
            roll = self.rng.random()
            if roll < 0.7:
                first = self.rng.choice(PRIVATE_FIRST)
                last = self.rng.choice(PRIVATE_LAST)
                kind, name, contact = LandlordKind.PRIVATE, f"{first} {last}", ""
                email = (
                    f"{first}.{last}@example.org".lower()
                    .replace("ü", "ue")
                    .replace("ö", "oe")
                    .replace("ä", "ae")
                )
            else:
                names: tuple[str, ...]
                if roll < 0.85:
                    kind, names = LandlordKind.COMPANY, COMPANIES
                elif roll < 0.95:
                    kind, names = LandlordKind.COOPERATIVE, COOPERATIVES
                else:
                    kind, names = LandlordKind.MUNICIPAL, MUNICIPAL
                name = names[index % len(names)].format(town=town)
                if index >= len(names):
                    name = name.replace("(Demo)", f"{index} (Demo)")
                contact = f"{self.rng.choice(PRIVATE_FIRST)} {self.rng.choice(PRIVATE_LAST)}"
                email = f"vermietung{index}@example.com"
            street, postcode = self.street()
            objs.append(
                Landlord(
                    kommune=self.kommune,
                    uuid=self.uuid(),
                    kind=kind,
                    name=name,
                    contact_person=contact,
                    phone=f"0{self.rng.randint(2000, 2999)} {self.rng.randint(10000, 999999)}",
                    email=email,
                    street=street,
                    postcode=postcode,
                    city=town,
                    preferences=self.rng.choice(
                        ("", "", "Gern eine Familie mit Kindern.", "Ansprechperson vor Ort.")
                    ),
                )
            )
        Landlord.objects.bulk_create(objs)
        self.counts["landlord"] += len(objs)
        return list(Landlord.objects.filter(kommune=self.kommune).order_by("id"))

    def facilities(self) -> list[Facility]:
        specs = list(self.spec.shared_accommodation)
        if len(specs) < 3:
            street, postcode = self.street()
            specs.append((f"Notunterkunft {self.kommune.name} (Demo)", street, postcode))
        objs = []
        for name, street, postcode in specs[:3]:
            if "Übergang" in name:
                kind, places = FacilityKind.UEBERGANGSWOHNHEIM, self.rng.choice((60, 80, 120))
            elif "Notunterkunft" in name:
                kind, places = FacilityKind.NOTUNTERKUNFT, 40
            else:
                kind, places = FacilityKind.GEMEINSCHAFTSUNTERKUNFT, self.rng.choice((50, 70, 90))
            objs.append(
                Facility(
                    kommune=self.kommune,
                    uuid=self.uuid(),
                    name=name,
                    kind=kind,
                    street=street,
                    postcode=postcode,
                    city=self.kommune.name,
                    places=places,
                    operator=self.rng.choice(("Stadt", "DRK-Kreisverband", "Caritas", "AWO")),
                )
            )
        Facility.objects.bulk_create(objs)
        self.counts["facility"] += len(objs)
        return list(Facility.objects.filter(kommune=self.kommune).order_by("id"))

    def pick_households(self) -> list[int]:
        """Household ids with current members, in a seeded order (needs first, then tenants)."""
        ids = list(
            HouseholdMember.objects.filter(household__kommune=self.kommune, left_on__isnull=True)
            .values_list("household_id", flat=True)
            .distinct()
            .order_by("household_id")
        )
        # Small demos have few households: keep a share of them for tenancies.
        self.n_needs = min(self.n_needs, max(1, int(len(ids) * 0.8)))
        wanted = min(len(ids), self.n_needs + max(3, self.n_apartments // 10))
        return self.rng.sample(ids, wanted)

    def members_of(self, household_ids: list[int]) -> dict[int, list[HouseholdMember]]:
        found: dict[int, list[HouseholdMember]] = defaultdict(list)
        for member in HouseholdMember.objects.filter(
            household_id__in=household_ids, left_on__isnull=True
        ).order_by("household_id", "id"):
            found[member.household_id].append(member)
        return found

    def apartments(self, landlords: list[Landlord], districts: list[District]) -> list[Apartment]:
        objs = []
        for _index in range(self.n_apartments):
            size = self.rng.choices((1, 2, 3, 4, 5, 6), weights=(22, 25, 20, 18, 10, 5))[0]
            area = WNB_AREA[size] + self.rng.randint(-12, 10)
            rooms = Decimal(max(1, min(6, size + self.rng.choice((-1, 0, 0, 0, 1)))))
            if area < 40 and rooms > 1:
                rooms = Decimal(1)
            # Gross cold rent per m² around what the KdU limits allow (≈ 8.0–8.8 €/m²).
            gross_per_m2 = self.rng.uniform(7.2, 9.8)
            service = self.rng.uniform(1.8, 2.8) * area
            net = gross_per_m2 * area - service
            district = self.rng.choice(districts)
            street, postcode = self.street()
            floor = self.rng.choice((0, 0, 1, 1, 2, 2, 3, 4))
            lift = floor >= 3 and self.rng.random() < 0.5
            accessible = (floor == 0 or lift) and self.rng.random() < 0.25
            withdrawn = self.rng.random() < 0.05
            status = ApartmentStatus.WITHDRAWN if withdrawn else ApartmentStatus.OFFERED
            notes = ""
            if status == ApartmentStatus.WITHDRAWN:
                notes = "Zurückgezogen: Vermieter hat an Angehörige vermietet."
            max_persons = max(1, min(8, size + self.rng.choice((0, 1, 1, 2))))
            objs.append(
                Apartment(
                    kommune=self.kommune,
                    uuid=self.uuid(),
                    landlord=self.rng.choice(landlords),
                    street=street,
                    postcode=postcode,
                    municipality=district.municipality,
                    district=district,
                    rooms=rooms,
                    area_m2=Decimal(area),
                    floor=floor,
                    has_lift=lift,
                    accessible=accessible,
                    rent_net_cold=_money(net),
                    service_costs_cold=_money(service),
                    heating_costs=_money(self.rng.uniform(0.9, 1.5) * area),
                    available_from=self.today + dt.timedelta(days=self.rng.randint(-30, 90)),
                    min_persons=2 if size >= 4 and self.rng.random() < 0.5 else 1,
                    max_persons=max_persons,
                    pets_allowed=self.rng.random() < 0.35,
                    smokers_allowed=self.rng.random() < 0.25,
                    benefit_recipients_welcome=self.rng.random() < 0.9,
                    wbs_required=self.rng.random() < 0.1,
                    status=status,
                    notes=notes,
                )
            )
        Apartment.objects.bulk_create(objs)
        self.counts["apartment"] += len(objs)
        return list(Apartment.objects.filter(kommune=self.kommune).order_by("id"))

    def needs(
        self,
        household_ids: list[int],
        members: dict[int, list[HouseholdMember]],
        districts: list[District],
    ) -> None:
        objs = []
        for household_id in household_ids[: self.n_needs]:
            joined = min((m.joined_on for m in members[household_id]), default=self.today)
            seeking = self.day_between(max(joined, self.today - dt.timedelta(days=540)), self.today)
            roll = self.rng.random()
            priority = (
                PriorityLevel.NORMAL
                if roll < 0.75
                else PriorityLevel.RAISED
                if roll < 0.88
                else PriorityLevel.HIGH
                if roll < 0.96
                else PriorityLevel.URGENT
            )
            reason = ""
            if priority:
                reason = self.rng.choice(PRIORITY_REASONS[PriorityLevel(priority)])
            override = None
            override_reason = ""
            if self.rng.random() < 0.03:
                override = _money(self.rng.choice((560, 610, 700, 820)))
                override_reason = "Bescheid Jobcenter: Mehrbedarf wegen Behinderung anerkannt"
            objs.append(
                HousingNeed(
                    kommune=self.kommune,
                    uuid=self.uuid(),
                    household_id=household_id,
                    active=self.rng.random() < 0.95,
                    seeking_since=seeking,
                    move_in_by=(
                        self.today + dt.timedelta(days=self.rng.randint(30, 180))
                        if self.rng.random() < 0.2
                        else None
                    ),
                    rent_limit_override=override,
                    rent_limit_reason=override_reason,
                    needs_accessible=self.rng.random() < 0.04 or "Rollstuhl" in reason,
                    required_municipality=(self.kommune.name if self.rng.random() < 0.3 else ""),
                    pets=self.rng.random() < 0.05,
                    smokers=self.rng.random() < 0.15,
                    priority=priority,
                    priority_reason=reason,
                )
            )
        HousingNeed.objects.bulk_create(objs)
        self.counts["housing_need"] += len(objs)
        saved = list(
            HousingNeed.objects.filter(
                kommune=self.kommune, household_id__in=household_ids
            ).order_by("id")
        )
        through = HousingNeed.preferred_districts.through
        links = []
        places = []
        for need in saved:
            for district in self.rng.sample(districts, self.rng.choice((0, 0, 1, 1, 2))):
                links.append(through(housingneed_id=need.pk, district_id=district.pk))
            if self.rng.random() < 0.3:
                kind = self.rng.choice(list(PLACES))
                district = self.rng.choice(districts)
                places.append(
                    ImportantPlace(
                        kommune=self.kommune,
                        uuid=self.uuid(),
                        need=need,
                        kind=kind,
                        label=f"{self.rng.choice(PLACES[kind])} {district.name}",
                        district=district,
                    )
                )
        through.objects.bulk_create(links)
        ImportantPlace.objects.bulk_create(places)
        self.counts["important_place"] += len(places)

    def facility_stays(
        self,
        household_ids: list[int],
        members: dict[int, list[HouseholdMember]],
        facilities: list[Facility],
    ) -> None:
        """Households looking for an apartment live in the facilities, up to ~90 % of places."""
        free = {f.pk: int(f.places * 0.9) for f in facilities}
        objs = []
        for household_id in household_ids[: self.n_needs]:
            persons = members[household_id]
            candidates = [f for f in facilities if free[f.pk] >= len(persons)]
            if not persons or not candidates or self.rng.random() < 0.15:
                continue
            facility = self.rng.choice(candidates)
            free[facility.pk] -= len(persons)
            joined = max(m.joined_on for m in persons)
            start = self.day_between(max(joined, self.today - dt.timedelta(days=720)), self.today)
            earlier = None
            others = [f for f in facilities if f.pk != facility.pk]
            if others and self.rng.random() < 0.25 and (start - joined).days > 60:
                earlier = (
                    self.rng.choice(others),
                    self.day_between(joined, start - dt.timedelta(days=30)),
                )
            for member in persons:
                if earlier is not None:
                    objs.append(
                        Occupancy(
                            kommune=self.kommune,
                            uuid=self.uuid(),
                            person_id=member.person_id,
                            facility=earlier[0],
                            valid_from=earlier[1],
                            valid_to=start - dt.timedelta(days=1),
                            end_reason="Verlegung",
                        )
                    )
                objs.append(
                    Occupancy(
                        kommune=self.kommune,
                        uuid=self.uuid(),
                        person_id=member.person_id,
                        facility=facility,
                        valid_from=start,
                    )
                )
        Occupancy.objects.bulk_create(objs)
        self.counts["occupancy"] += len(objs)

    def tenancies(
        self,
        household_ids: list[int],
        members: dict[int, list[HouseholdMember]],
        apartments: list[Apartment],
        facilities: list[Facility],
    ) -> None:
        """Some households moved in already: placement moved in, facility stay ended."""
        free = [a for a in apartments if a.status == ApartmentStatus.OFFERED]
        self.rng.shuffle(free)
        placements, stays, let = [], [], []
        for household_id in household_ids:
            persons = members[household_id]
            fitting = [a for a in free if a.min_persons <= len(persons) <= a.max_persons]
            if not persons or not fitting:
                continue
            apartment = fitting[0]
            free.remove(apartment)
            joined = max(m.joined_on for m in persons)
            moved_in = self.day_between(
                max(joined + dt.timedelta(days=30), self.today - dt.timedelta(days=700)),
                self.today - dt.timedelta(days=10),
            )
            decided = timezone.make_aware(
                dt.datetime.combine(moved_in - dt.timedelta(days=40), dt.time(10))
            )
            placements.append(
                Placement(
                    kommune=self.kommune,
                    uuid=self.uuid(),
                    household_id=household_id,
                    apartment=apartment,
                    status=PlacementStatus.MOVED_IN,
                    reasons=["Demo: vermittelt vor Einführung von vorort"],
                    persons=len(persons),
                    decided_by=self.user,
                    decided_at=decided,
                    landlord_decided_on=moved_in - dt.timedelta(days=30),
                    certificate_on=moved_in - dt.timedelta(days=20),
                    certificate_office="Jobcenter",
                    contract_signed_on=moved_in - dt.timedelta(days=14),
                    lease_starts_on=moved_in,
                    moved_in_on=moved_in,
                )
            )
            apartment.status = ApartmentStatus.LET
            apartment.available_from = min(apartment.available_from, moved_in)
            let.append(apartment)
            facility = self.rng.choice(facilities)
            start = max(joined, moved_in - dt.timedelta(days=self.rng.randint(90, 500)))
            for member in persons:
                if start < moved_in:
                    stays.append(
                        Occupancy(
                            kommune=self.kommune,
                            uuid=self.uuid(),
                            person_id=member.person_id,
                            facility=facility,
                            valid_from=start,
                            valid_to=moved_in - dt.timedelta(days=1),
                            end_reason="Einzug in eigene Wohnung",
                        )
                    )
                stays.append(
                    Occupancy(
                        kommune=self.kommune,
                        uuid=self.uuid(),
                        person_id=member.person_id,
                        apartment=apartment,
                        valid_from=moved_in,
                    )
                )
        Apartment.objects.bulk_update(let, ["status", "available_from"])
        Placement.objects.bulk_create(placements)
        # created_at is set on insert (auto_now_add): give the placements their story's date.
        decided_on = {p.uuid: p.decided_at for p in placements}
        saved = list(Placement.objects.filter(uuid__in=list(decided_on)))
        for placement in saved:
            placement.created_at = decided_on[placement.uuid]
        Placement.objects.bulk_update(saved, ["created_at"])
        Occupancy.objects.bulk_create(stays)
        self.counts["placement"] += len(placements)
        self.counts["occupancy"] += len(stays)

    def offers(self) -> None:
        objs = []
        for _index in range(4):
            street, postcode = self.street()
            size = self.rng.choice((1, 2, 3, 4))
            area = WNB_AREA[size] + self.rng.randint(-8, 8)
            first, last = self.rng.choice(PRIVATE_FIRST), self.rng.choice(PRIVATE_LAST)
            created = timezone.now() - dt.timedelta(hours=self.rng.randint(2, 240))
            objs.append(
                OfferSubmission(
                    kommune=self.kommune,
                    uuid=self.uuid(),
                    status=OfferStatus.NEW,
                    landlord_kind=LandlordKind.PRIVATE,
                    landlord_name=f"{first} {last}",
                    phone=f"0{self.rng.randint(2000, 2999)} {self.rng.randint(10000, 999999)}",
                    email=f"{first[0]}.{last}@example.net".lower()
                    .replace("ü", "ue")
                    .replace("ö", "oe")
                    .replace("ä", "ae"),
                    street=street,
                    postcode=postcode,
                    municipality=self.kommune.name,
                    rooms=Decimal(size),
                    area_m2=Decimal(area),
                    floor=self.rng.randint(0, 3),
                    rent_net_cold=_money(area * self.rng.uniform(5.8, 7.2)),
                    service_costs_cold=_money(area * self.rng.uniform(1.8, 2.6)),
                    heating_costs=_money(area * 1.2),
                    available_from=self.today + dt.timedelta(days=self.rng.randint(14, 90)),
                    max_persons=size + 1,
                    pets_allowed=self.rng.random() < 0.4,
                    message=self.rng.choice(OFFER_MESSAGES),
                    privacy_accepted_at=created,
                )
            )
        OfferSubmission.objects.bulk_create(objs)
        self.counts["offer"] += len(objs)


def has_housing(kommune: Kommune) -> bool:
    return District.objects.filter(kommune=kommune).exists() or (
        Apartment.objects.filter(kommune=kommune).exists()
    )


def generate_housing(
    kommune: Kommune,
    spec: DemoKommune,
    *,
    seed: int,
    today: dt.date,
    wohnraum_user: User | None = None,
    **sizes: Any,
) -> Counter[str]:
    """Create the housing demo data of ``kommune`` unless it has some; return row counts."""
    if has_housing(kommune) or not Household.objects.filter(kommune=kommune).exists():
        return Counter()
    return HousingGenerator(
        kommune, spec, seed=seed, today=today, wohnraum_user=wohnraum_user, **sizes
    ).run()
