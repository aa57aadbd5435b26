"""German reasons: the binding constraint with the nearest miss, and taken-by-others."""

from __future__ import annotations

from vorort.matching import Apartment, Household, Instance, greedy, solve
from vorort.matching.reasons import money


def _reasons(households, apartments) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    result = solve(Instance(tuple(households), tuple(apartments)))
    return {u.household: u.reasons for u in result.unassigned}


def test_money_is_german() -> None:
    assert money(742.9) == "742,90 €"
    assert money(1234.5) == "1.234,50 €"
    assert money(0) == "0,00 €"
    assert money(0.005) == "0,00 €"  # half to even, like the Decimal context
    assert money(1e20) == "100.000.000.000.000.000.000,00 €"


def test_a_household_over_the_rent_limit_gets_the_next_best_rent() -> None:
    reasons = _reasons(
        [Household("h1", 2, 520.0, required_municipality="Paderborn")],
        [
            Apartment("a1", 2, 1, 545.0, municipality="Paderborn"),
            Apartment("a2", 3, 1, 600.0, municipality="Paderborn"),
            Apartment("a3", 2, 1, 400.0, municipality="Büren"),
        ],
    )
    # Each constraint that alone stands in the way is named, with its nearest miss.
    assert reasons["h1"] == [
        "keine Wohnung ≤ 520,00 € für 2 Personen in Paderborn verfügbar; nächstbeste: 545,00 €",
        "keine passende Wohnung in Paderborn (Wohnsitzauflage); 1 passende in anderen Orten",
    ]


def test_too_large_a_household_gets_the_largest_size() -> None:
    reasons = _reasons([Household("h1", 9, 2000.0)], [Apartment("a1", 6, 1, 900.0)])
    assert reasons["h1"] == ["keine Wohnung für 9 Personen (größte: 6)"]


def test_accessibility_municipality_pets_smokers_name_themselves() -> None:
    flat = Apartment("a1", 5, 1, 800.0, municipality="Büren", pets_allowed=False)
    reasons = _reasons(
        [
            Household("acc", 5, 900.0, needs_accessible=True),
            Household("muni", 5, 900.0, required_municipality="Paderborn"),
            Household("pets", 5, 900.0, pets=True),
            Household("joint", 5, 700.0, needs_accessible=True),
        ],
        [flat, Apartment("a2", 5, 1, 800.0, municipality="Büren", smokers_allowed=False)],
    )
    assert reasons["acc"] == [
        "keine barrierefreie Wohnung für 5 Personen ≤ 900,00 € (2 passende ohne Barrierefreiheit)"
    ]
    assert reasons["muni"] == [
        "keine passende Wohnung in Paderborn (Wohnsitzauflage); 2 passende in anderen Orten"
    ]
    assert reasons["joint"] == ["keine Wohnung zugleich ≤ 700,00 € und barrierefrei"]
    assert "pets" not in reasons  # a2 allows pets and is free


def test_a_household_whose_flats_went_to_others_is_told_so() -> None:
    households = [Household("small", 2, 600.0), Household("large", 4, 600.0)]
    apartments = [Apartment("a1", 4, 1, 500.0)]
    result = solve(Instance(tuple(households), tuple(apartments)))
    assert [a.household for a in result.assignments] == ["large"]
    assert result.unassigned[0].reasons == [
        "1 passende Wohnung, an einen anderen Haushalt vergeben "
        "(mehr Personen bzw. höhere Priorität untergebracht)"
    ]
    baseline = greedy(Instance(tuple(households), tuple(apartments)))
    assert [a.household for a in baseline.assignments] == ["small"]
    assert "Reihenfolge der Anmeldung" in baseline.unassigned[0].reasons[0]


def test_no_apartments_at_all() -> None:
    assert _reasons([Household("h1", 1, 400.0)], []) == {"h1": ["keine Wohnungen im Angebot"]}


def test_assignment_reasons_name_every_constraint_that_mattered() -> None:
    result = solve(
        Instance(
            (
                Household(
                    "h1",
                    4,
                    742.9,
                    needs_accessible=True,
                    required_municipality="Paderborn",
                    pets=True,
                    smokers=True,
                    priority=1,
                ),
            ),
            (Apartment("a1", 5, 1, 690.0, accessible=True, municipality="Paderborn"),),
        )
    )
    assert result.assignments[0].reasons == [
        "4 Personen; Wohnung für 1–5 Personen",
        "Miete 690,00 € ≤ Mietobergrenze 742,90 €",
        "barrierefrei (benötigt)",
        "in Paderborn (Wohnsitzauflage)",
        "Haustiere erlaubt",
        "Rauchen erlaubt",
        "Priorität 1",
    ]


def test_pets_and_smokers_name_themselves() -> None:
    reasons = _reasons(
        [Household("pets", 1, 500.0, pets=True), Household("smoker", 1, 500.0, smokers=True)],
        [Apartment("a1", 1, 1, 400.0, pets_allowed=False, smokers_allowed=False)],
    )
    assert reasons["pets"] == [
        "keine passende Wohnung, in der Haustiere erlaubt sind (1 passende ohne Haustiere)"
    ]
    assert reasons["smoker"] == [
        "keine passende Wohnung, in der Rauchen erlaubt ist (1 passende Nichtraucherwohnung)"
    ]


def test_a_household_below_every_minimum_occupancy() -> None:
    reasons = _reasons([Household("h1", 1, 900.0)], [Apartment("a1", 5, 3, 800.0)])
    assert reasons["h1"] == ["keine Wohnung für 1 Person (passende erst ab 3 Personen)"]
