"""The pure API: no Django, validation that names the field, the JSON parser."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import vorort.matching
from vorort.matching import (
    Apartment,
    Household,
    Instance,
    InstanceError,
    Weights,
    parse_instance,
    solve,
)

PACKAGE = Path(vorort.matching.__file__).parent

GOOD = {
    "households": [
        {
            "id": "h1",
            "persons": 4,
            "max_rent": 742.90,
            "needs_accessible": False,
            "required_municipality": None,
            "priority": 0,
            "pets": False,
            "smokers": False,
        }
    ],
    "apartments": [
        {
            "id": "a1",
            "max_persons": 5,
            "min_persons": 1,
            "rent": 690.0,
            "accessible": False,
            "municipality": "Paderborn",
            "pets_allowed": True,
            "smokers_allowed": True,
        }
    ],
}


def test_the_package_imports_no_django() -> None:
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path.name
    code = (
        "import sys; from vorort.matching import solve, greedy, parse_instance; "
        "from vorort.matching.generate import generate; from vorort.matching import bench; "
        "i = generate(50, 40, 1); solve(i); greedy(i); "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


def test_the_contract_example_is_matched_with_reasons() -> None:
    result = solve(parse_instance(GOOD))
    out = result.to_json()
    assert list(out) == [
        "assignments",
        "unassigned",
        "persons_housed",
        "optimal",
        "gap",
        "solve_seconds",
    ]
    assert out["assignments"] == [
        {
            "household": "h1",
            "apartment": "a1",
            "reasons": [
                "4 Personen; Wohnung für 1–5 Personen",
                "Miete 690,00 € ≤ Mietobergrenze 742,90 €",
            ],
        }
    ]
    assert out["unassigned"] == []
    assert out["persons_housed"] == 4
    assert out["optimal"] is True and out["gap"] == 0.0
    json.dumps(out)


def _bad(mutate) -> str:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(GOOD))
    mutate(data)
    with pytest.raises(InstanceError) as error:
        parse_instance(data)
    return str(error.value)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["households"][0].pop("id"), "households[0].id: missing"),
        (lambda d: d["apartments"][0].update(rent=-5), "apartments[0].rent: must be ≥ 0, got -5"),
        (
            lambda d: d["households"].append(dict(d["households"][0])),
            "households[1].id: duplicate id 'h1'",
        ),
        (
            lambda d: d["households"][0].update(persons=0),
            "households[0].persons: must be ≥ 1, got 0",
        ),
        (lambda d: d.pop("apartments"), "apartments: missing"),
        (lambda d: d.update(households={}), "households: must be a list"),
        (lambda d: d["households"].append(3), "households[1]: must be an object"),
        (lambda d: d["households"][0].update(persons="4"), "households[0].persons: must be an"),
        (lambda d: d["households"][0].update(persons=2.5), "households[0].persons: must be an"),
        (lambda d: d["households"][0].update(max_rent=None), "households[0].max_rent: missing"),
        (lambda d: d["households"][0].update(pets="yes"), "households[0].pets: must be true or"),
        (lambda d: d["households"][0].update(priority=-1), "households[0].priority: must be ≥ 0"),
        (lambda d: d["households"][0].update(id=7.5), "households[0].id: must be a non-empty"),
        (lambda d: d["households"][0].update(id=""), "households[0].id: must be a non-empty"),
        (lambda d: d["households"][0].update(id=True), "households[0].id: must be a non-empty"),
        (
            lambda d: d["apartments"][0].update(min_persons=6),
            "apartments[0].min_persons: must be ≤ max_persons (5), got 6",
        ),
        (lambda d: d["apartments"][0].update(rent=float("nan")), "apartments[0].rent: must be a"),
        (
            lambda d: d.update(options={"available_by": "soon"}),
            "options.available_by: must be a date",
        ),
        (
            lambda d: (
                d.update(options={"available_by": "2026-03-01"}),
                d["apartments"][0].update(available_from="1.3.2026"),
            ),
            "apartments[0].available_from: must be a date",
        ),
    ],
)
def test_a_malformed_instance_names_the_field(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    assert _bad(mutate).startswith(message)


def test_a_top_level_that_is_no_object_is_refused() -> None:
    with pytest.raises(InstanceError, match=r"\(top level\): must be an object"):
        parse_instance([1, 2])


def test_the_python_api_validates_too() -> None:
    h = Household("h1", 2, Decimal("520.00"))
    with pytest.raises(InstanceError, match=r"households\[1\]\.id: duplicate id 'h1'"):
        Instance((h, h), ())
    with pytest.raises(InstanceError, match=r"households\[0\]\.persons: must be ≥ 1, got 0"):
        Instance((Household("h", 0, 500),), ())
    with pytest.raises(InstanceError, match=r"apartments\[0\]\.rent: must be ≥ 0"):
        Instance((), (Apartment("a", 2, 1, -1),))
    with pytest.raises(ValueError, match="mode"):
        Weights(mode="other")  # type: ignore[arg-type]


def test_decimal_money_and_optional_fields_from_the_django_side() -> None:
    instance = Instance(
        (
            Household(
                "h1",
                2,
                Decimal("520.00"),
                preferred_districts=["Schloß Neuhaus"],
                places=[(51.75, 8.70, "zur Schule")],
                priority=2,
                priority_reason="Notunterkunft",
            ),
        ),
        (
            Apartment("a1", 2, 1, Decimal("520.00"), district="Elsen", location=(51.74, 8.68)),
            Apartment(
                "a2", 2, 1, Decimal("519.99"), district="Schloß Neuhaus", location=(51.75, 8.70)
            ),
        ),
    )
    result = solve(instance)
    assert result.assignments[0].apartment == "a2"
    assert result.assignments[0].reasons == [
        "2 Personen; Wohnung für 1–2 Personen",
        "Miete 519,99 € ≤ Mietobergrenze 520,00 €",
        "Priorität 2 (Notunterkunft)",
        "bevorzugter Stadtteil Schloß Neuhaus",
        "0,0 km zur Schule",
    ]


def test_available_from_only_counts_with_available_by() -> None:
    data = json.loads(json.dumps(GOOD))
    data["apartments"][0]["available_from"] = "2026-04-01"
    assert solve(parse_instance(data)).persons_housed == 4
    data["options"] = {"available_by": "2026-03-01"}
    result = solve(parse_instance(data))
    assert result.persons_housed == 0
    assert result.unassigned[0].reasons == [
        "keine passende Wohnung bis 01.03.2026 bezugsfertig; nächste ab 01.04.2026"
    ]
    data["options"] = {"available_by": "2026-04-01"}
    assert solve(parse_instance(data)).assignments[0].reasons[-1] == "bezugsfertig ab 01.04.2026"
    assert parse_instance(data).available_by == date(2026, 4, 1)


def test_malformed_optional_fit_fields_are_ignored() -> None:
    data = json.loads(json.dumps(GOOD))
    data["apartments"][0].update(location="Paderborn", district=5)
    data["households"][0].update(places=[["x", 1]], preferred_districts="Mitte")
    assert solve(parse_instance(data)).persons_housed == 4
