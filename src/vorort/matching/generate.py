"""Seeded, realistic housing instances for the tests and the benchmark.

A Kreis of ten municipalities modelled on the Kreis Paderborn. Household sizes follow the
skew of refugee households (many single persons, a tail of large families); rent limits are
the KdU caps of the household's size (Paderborn's published values, scaled per municipality;
docs/matching.md), a few overridden per case. Apartment rents scatter around the cap of their
size; some apartments are barrier-free, some forbid pets or smoking; about four in ten
households have a Wohnsitzauflage, a few a priority. ``fit=True`` adds districts, locations,
preferred districts and places that matter. The same seed gives the same instance.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from vorort.matching.model import Apartment, Household, Instance, Place

# (name, share of apartments and households, KdU factor, centre lat/lon)
MUNICIPALITIES = (
    ("Paderborn", 0.46, 1.00, (51.7189, 8.7575)),
    ("Delbrück", 0.10, 0.92, (51.7667, 8.5667)),
    ("Salzkotten", 0.08, 0.92, (51.6717, 8.6033)),
    ("Büren", 0.07, 0.88, (51.5500, 8.5667)),
    ("Bad Lippspringe", 0.06, 1.00, (51.7833, 8.8167)),
    ("Hövelhof", 0.05, 0.90, (51.8167, 8.6500)),
    ("Borchen", 0.05, 0.90, (51.6667, 8.7333)),
    ("Bad Wünnenberg", 0.05, 0.86, (51.5167, 8.7000)),
    ("Altenbeken", 0.04, 0.86, (51.7667, 8.9333)),
    ("Lichtenau", 0.04, 0.86, (51.6000, 8.9000)),
)
#: KdU caps (rent + Nebenkosten) for 1–5 persons, Jobcenter Paderborn; + per further person.
KDU_CAPS = (440.50, 520.00, 642.40, 742.90, 898.70)
KDU_EXTRA = 122.55
#: Share of households by persons (1 … 10).
HOUSEHOLD_SIZES = (0.38, 0.15, 0.12, 0.12, 0.10, 0.06, 0.03, 0.02, 0.01, 0.01)
#: Apartments by max_persons (1 … 8).
APARTMENT_SIZES = (0.14, 0.26, 0.20, 0.17, 0.12, 0.06, 0.03, 0.02)
DISTRICTS = ("Mitte", "Nord", "Süd", "West", "Ost")
PLACE_LABELS = ("Schule", "Arbeitsplatz", "Kita", "Integrationskurs")


def kdu_cap(persons: int, factor: float = 1.0) -> float:
    base = KDU_CAPS[min(persons, 5) - 1] + KDU_EXTRA * max(0, persons - 5)
    return round(base * factor, 2)


def generate(
    households: int, apartments: int, seed: int = 1, *, fit: bool = False, dated: bool = False
) -> Instance:
    """An instance of ``households`` × ``apartments``; ``dated`` adds available_from dates
    and ``available_by``."""
    rng = random.Random(seed)
    names = [m[0] for m in MUNICIPALITIES]
    shares = [m[1] for m in MUNICIPALITIES]
    factor = {m[0]: m[2] for m in MUNICIPALITIES}
    centre = {m[0]: m[3] for m in MUNICIPALITIES}
    by = date(2026, 3, 1) if dated else None

    def near(muni: str, spread: float = 0.03) -> tuple[float, float]:
        lat, lon = centre[muni]
        return round(lat + rng.gauss(0, spread), 5), round(lon + rng.gauss(0, spread * 1.6), 5)

    hs = []
    for i in range(households):
        persons = rng.choices(range(1, 11), HOUSEHOLD_SIZES)[0]
        home = rng.choices(names, shares)[0]
        required = home if rng.random() < 0.4 else None
        max_rent = kdu_cap(persons, factor[home])
        if rng.random() < 0.05:  # rent limit overridden for the case (e.g. medical need)
            max_rent = round(max_rent * rng.uniform(1.05, 1.2), 2)
        priority = rng.choices((0, 1, 2, 3), (0.85, 0.07, 0.05, 0.03))[0]
        hs.append(
            Household(
                id=f"h{i + 1}",
                persons=persons,
                max_rent=max_rent,
                needs_accessible=rng.random() < 0.04,
                required_municipality=required,
                priority=priority,
                pets=rng.random() < 0.08,
                smokers=rng.random() < 0.25,
                preferred_districts=tuple(rng.sample(DISTRICTS, rng.randint(1, 2)))
                if fit and rng.random() < 0.3
                else (),
                places=tuple(
                    Place(*near(home), rng.choice(PLACE_LABELS)) for _ in range(rng.randint(1, 2))
                )
                if fit and rng.random() < 0.3
                else (),
                priority_reason="Notunterkunft" if priority >= 2 else "",
            )
        )
    aps = []
    for j in range(apartments):
        max_persons = rng.choices(range(1, 9), APARTMENT_SIZES)[0]
        min_persons = 1 if rng.random() < 0.6 else max(1, max_persons - rng.randint(0, 2))
        muni = rng.choices(names, shares)[0]
        rent = kdu_cap(max_persons, factor[muni]) * rng.lognormvariate(-0.03, 0.12)
        aps.append(
            Apartment(
                id=f"a{j + 1}",
                max_persons=max_persons,
                min_persons=min_persons,
                rent=round(rent, 2),
                accessible=rng.random() < 0.08,
                municipality=muni,
                pets_allowed=rng.random() < 0.6,
                smokers_allowed=rng.random() < 0.5,
                district=rng.choice(DISTRICTS) if fit else "",
                location=near(muni) if fit else None,
                available_from=by + timedelta(days=rng.randint(-60, 45)) if by else None,
            )
        )
    return Instance(tuple(hs), tuple(aps), by)


def instance_to_json(instance: Instance) -> dict[str, Any]:
    """The contract's JSON for an instance (with the optional fields that are set)."""
    households = []
    for h in instance.households:
        row: dict[str, Any] = {
            "id": h.id,
            "persons": h.persons,
            "max_rent": float(h.max_rent),
            "needs_accessible": h.needs_accessible,
            "required_municipality": h.required_municipality,
            "priority": h.priority,
            "pets": h.pets,
            "smokers": h.smokers,
        }
        if h.preferred_districts:
            row["preferred_districts"] = list(h.preferred_districts)
        if h.places:
            row["places"] = [{"lat": p.lat, "lon": p.lon, "label": p.label} for p in h.places]
        if h.priority_reason:
            row["priority_reason"] = h.priority_reason
        if h.move_in_by:
            row["move_in_by"] = h.move_in_by.isoformat()
        households.append(row)
    apartments = []
    for a in instance.apartments:
        row = {
            "id": a.id,
            "max_persons": a.max_persons,
            "min_persons": a.min_persons,
            "rent": float(a.rent),
            "accessible": a.accessible,
            "municipality": a.municipality,
            "pets_allowed": a.pets_allowed,
            "smokers_allowed": a.smokers_allowed,
        }
        if a.district:
            row["district"] = a.district
        if a.location:
            row["location"] = list(a.location)
        if a.available_from:
            row["available_from"] = a.available_from.isoformat()
        apartments.append(row)
    data: dict[str, Any] = {"households": households, "apartments": apartments}
    if instance.available_by:
        data["options"] = {"available_by": instance.available_by.isoformat()}
    return data
