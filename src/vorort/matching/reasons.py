"""German reasons for case workers: why a proposal fits, why a household got none.

Short and concrete, money as ``742,90 €``. The reasons for households without a proposal are
computed per household class with numpy masks over the apartments: when no apartment is
feasible at all, the smallest set of constraints that binds is named with the nearest miss
(``keine Wohnung ≤ 520,00 € für 2 Personen in Paderborn verfügbar; nächstbeste: 545,00 €``).
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import numpy as np

from vorort.matching.feasibility import Arrays, BoolArray, haversine_km
from vorort.matching.model import Apartment, Household, Money

TAKEN_BY_OPTIMUM = "mehr Personen bzw. höhere Priorität untergebracht"
TAKEN_BY_ORDER = "Vergabe in Reihenfolge der Anmeldung"


def money(value: Money | float) -> str:
    """``1234.5`` → ``1.234,50 €``."""
    text = f"{Decimal(str(value)):,.2f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".") + " €"


def persons(n: int) -> str:
    return "1 Person" if n == 1 else f"{n} Personen"


def _count(n: int, noun: str, plural_suffix: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}{plural_suffix}"


def km(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " km"


def day(value: date | np.datetime64) -> str:
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[D]").item()
    assert isinstance(value, date)
    return value.strftime("%d.%m.%Y")


def size_range(a: Apartment) -> str:
    if a.min_persons == a.max_persons:
        return f"Wohnung für {persons(a.max_persons)}"
    return f"Wohnung für {a.min_persons}–{a.max_persons} Personen"


def _place_text(label: str, distance: float) -> str:
    if not label:
        return f"{km(distance)} zu einem wichtigen Ort"
    if label.split(" ", 1)[0].lower() in {"zu", "zum", "zur", "bis"}:
        return f"{km(distance)} {label}"
    return f"{label}: {km(distance)}"


def assignment_reasons(h: Household, a: Apartment, available_by: date | None) -> list[str]:
    """Why apartment ``a`` fits household ``h``: the hard constraints that mattered, the fit."""
    reasons = [
        f"{persons(h.persons)}; {size_range(a)}",
        f"Miete {money(a.rent)} ≤ Mietobergrenze {money(h.max_rent)}",
    ]
    if h.needs_accessible:
        reasons.append("barrierefrei (benötigt)")
    if h.required_municipality is not None:
        reasons.append(f"in {a.municipality} (Wohnsitzauflage)")
    if h.pets:
        reasons.append("Haustiere erlaubt")
    if h.smokers:
        reasons.append("Rauchen erlaubt")
    if a.available_from is not None and h.move_in_by is not None:
        reasons.append(
            f"bezugsfertig ab {day(a.available_from)} (Einzug gewünscht bis {day(h.move_in_by)})"
        )
    elif available_by is not None and a.available_from is not None:
        reasons.append(f"bezugsfertig ab {day(a.available_from)}")
    if h.priority > 0:
        reasons.append(
            f"Priorität {h.priority}" + (f" ({h.priority_reason})" if h.priority_reason else "")
        )
    if a.district and a.district in h.preferred_districts:
        reasons.append(f"bevorzugter Stadtteil {a.district}")
    if h.places and a.location is not None:
        lat, lon = a.location
        for place in h.places:
            d = float(
                haversine_km(np.array(place.lat), np.array(place.lon), np.array(lat), np.array(lon))
            )
            reasons.append(_place_text(place.label, d))
    return reasons


def taken_reason(feasible: int, why: str) -> str:
    if feasible == 1:
        return f"1 passende Wohnung, an einen anderen Haushalt vergeben ({why})"
    return f"{feasible} passende Wohnungen, alle an andere Haushalte vergeben ({why})"


def not_worth_reason(free: int) -> str:
    """Weighted mode only: apartments were free, but housing the household scores ≤ 0."""
    flats = "1 passende Wohnung ist" if free == 1 else f"{free} passende Wohnungen sind"
    return f"{flats} frei, aber nach der gewählten Gewichtung nicht vorgeschlagen"


# The hard constraints, in the order they are named.
_NAMES = ("size", "rent", "accessible", "municipality", "pets", "smokers", "available")


def _masks(arr: Arrays, i: int) -> dict[str, BoolArray]:
    p = arr.h_persons[i]
    masks = {
        "size": (arr.a_min <= p) & (p <= arr.a_max),
        "rent": arr.a_rent <= arr.h_rent[i],
    }
    if arr.h_acc[i]:
        masks["accessible"] = arr.a_acc
    if arr.h_muni[i] >= 0:
        masks["municipality"] = arr.a_muni == arr.h_muni[i]
    if arr.h_pets[i]:
        masks["pets"] = arr.a_pets
    if arr.h_smk[i]:
        masks["smokers"] = arr.a_smk
    available = arr.a_avail
    own = arr.h_by[i]
    if not np.isnat(own):
        available = available & (np.isnat(arr.a_from) | (arr.a_from <= own))
    if not available.all():
        masks["available"] = available
    return masks


def _by(arr: Arrays, i: int, available_by: date | None) -> date | None:
    """The date by which household ``i`` needs the apartment: the earlier of the instance's
    ``available_by`` and the household's own ``move_in_by``."""
    own = arr.h_by[i]
    dates = [d for d in (available_by, None if np.isnat(own) else own.item()) if d is not None]
    return min(dates) if dates else None


def _all(masks: dict[str, BoolArray], skip: tuple[str, ...], n: int) -> BoolArray:
    out = np.ones(n, dtype=bool)
    for name, mask in masks.items():
        if name not in skip:
            out &= mask
    return out


def no_fit_reasons(arr: Arrays, i: int, available_by: date | None) -> list[str]:
    """Why household ``i`` (an index into the arrays) fits no apartment at all."""
    n = len(arr.a_rent)
    if n == 0:
        return ["keine Wohnungen im Angebot"]
    p = int(arr.h_persons[i])
    rent = float(arr.h_rent[i])
    muni = arr.munis[arr.h_muni[i]] if arr.h_muni[i] >= 0 else None
    in_muni = f" in {muni}" if muni else ""
    noun = "barrierefreie Wohnung" if arr.h_acc[i] else "Wohnung"
    masks = _masks(arr, i)
    available_by = _by(arr, i, available_by)
    active = [name for name in _NAMES if name in masks]
    # The smallest set of constraints whose relaxation leaves an apartment.
    for k in range(1, len(active) + 1):
        found = [s for s in itertools.combinations(active, k) if _all(masks, s, n).any()]
        if found:
            break
    else:  # pragma: no cover - relaxing every constraint leaves all apartments
        found = []
    reasons = []
    for relaxed in found:
        rest = _all(masks, relaxed, n)
        if len(relaxed) > 1:
            reasons.append(_joint(relaxed, p, rent, muni, available_by))
        elif relaxed == ("rent",):
            reasons.append(
                f"keine {noun} ≤ {money(rent)} für {persons(p)}{in_muni} verfügbar; "
                f"nächstbeste: {money(float(arr.a_rent[rest].min()))}"
            )
        elif relaxed == ("size",):
            largest = int(arr.a_max[rest].max())
            if largest < p:
                reasons.append(f"keine {noun} für {persons(p)}{in_muni} (größte: {largest})")
            else:
                smallest = int(arr.a_min[rest & (arr.a_max >= p)].min())
                reasons.append(
                    f"keine {noun} für {persons(p)}{in_muni} (passende erst ab {smallest} Personen)"
                )
        elif relaxed == ("accessible",):
            reasons.append(
                f"keine barrierefreie Wohnung für {persons(p)}{in_muni} ≤ {money(rent)} "
                f"({int(rest.sum())} passende ohne Barrierefreiheit)"
            )
        elif relaxed == ("municipality",):
            reasons.append(
                f"keine passende {noun} in {muni} (Wohnsitzauflage); "
                f"{int(rest.sum())} passende in anderen Orten"
            )
        elif relaxed == ("pets",):
            reasons.append(
                f"keine passende {noun}, in der Haustiere erlaubt sind "
                f"({int(rest.sum())} passende ohne Haustiere)"
            )
        elif relaxed == ("smokers",):
            reasons.append(
                f"keine passende {noun}, in der Rauchen erlaubt ist "
                f"({_count(int(rest.sum()), 'passende Nichtraucherwohnung', 'en')})"
            )
        else:  # available
            first = arr.a_from[rest].min()
            when = f"; nächste ab {day(first)}" if not np.isnat(first) else ""
            by = f" bis {day(available_by)}" if available_by else ""
            reasons.append(f"keine passende {noun}{by} bezugsfertig{when}")
    return reasons


def _joint(
    relaxed: tuple[str, ...],
    p: int,
    rent: float,
    muni: str | None,
    available_by: date | None,
) -> str:
    parts = {
        "size": f"für {persons(p)}",
        "rent": f"≤ {money(rent)}",
        "accessible": "barrierefrei",
        "municipality": f"in {muni} (Wohnsitzauflage)",
        "pets": "mit Haustieren",
        "smokers": "für Raucher",
        "available": f"bis {day(available_by)} bezugsfertig" if available_by else "bezugsfertig",
    }
    words = [parts[name] for name in relaxed]
    listed = ", ".join(words[:-1]) + " und " + words[-1]
    return f"keine Wohnung zugleich {listed}"
