"""The work-access engine: API, input validation, options (open points), missing facts, data."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vorort.work.engine import ACTIVITIES, CaseError, evaluate, rule_ids, validate_case
from vorort.work.engine import rules as rules_module
from vorort.work.engine.rules import load

CASES = Path(__file__).parent / "cases"
ENGINE_DIR = Path(__file__).resolve().parents[2] / "src" / "vorort" / "work" / "engine"


def case(name: str) -> dict[str, Any]:
    for folder in ("shared", "own"):
        path = CASES / folder / f"{name}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(name)


CASE_01 = "01-gestattung-ae-before-waiting-period"

# --- API -----------------------------------------------------------------------------------


def test_api_names() -> None:
    assert ACTIVITIES == ("employment", "vocational_training", "internship", "self_employment")
    ids = rule_ids()
    table = {f"G{n}" for n in range(1, 10)} | {"G6a"} | {f"D{n}" for n in range(1, 9)}
    table |= {"T1", "T2", "T3", "T4", "C1"}
    assert table <= ids, f"ids of the reference table missing: {sorted(table - ids)}"
    assert isinstance(ids, set)


def test_answer_has_the_contract_keys_and_is_json() -> None:
    answer = evaluate(case(CASE_01))
    for key in ("decision", "ba_approval_required", "next_change", "rule_set", "rules",
                "next_steps", "explanation", "missing_facts"):  # fmt: skip
        assert key in answer
    assert answer["rule_set"] == "2026-06-12"
    assert answer["rules"][0] == {
        "id": "G1",
        "citation": "§ 61 Abs. 1 S. 1, 2 AsylG",
        "text": answer["rules"][0]["text"],
        "confidence": "H",
    }
    assert answer["key_dates"]["permitted_from"] == "2026-10-08"
    assert answer["key_dates"]["waiting_period_end"] == "2026-10-07"
    assert answer["timeline"][0] == {
        "date": "2026-10-08",
        "decision": "entitled",
        "ba_approval_required": True,
        "rule_set": "2026-06-12",
    }
    assert "08.10.2026" in answer["explanation"]
    assert any("08.10.2026" in step for step in answer["next_steps"])
    json.dumps(answer)


def test_evaluate_leaves_the_input_alone_and_ignores_extra_fields() -> None:
    raw = case(CASE_01)
    raw["unknown_top_level"] = {"x": 1}
    raw["person"]["favourite_colour"] = "blue"
    before = copy.deepcopy(raw)
    assert evaluate(raw)["decision"] == "prohibited"
    assert raw == before


# --- validation ----------------------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = raw
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (_set("evaluation_date", _DELETE), "evaluation_date", "missing"),
        (_set("evaluation_date", None), "evaluation_date", "missing"),
        (_set("evaluation_date", "2026-02-30"), "evaluation_date", "not a date"),
        (_set("evaluation_date", "15.09.2026"), "evaluation_date", "not a date"),
        (_set("evaluation_date", "20260915"), "evaluation_date", "not a date"),
        (_set("evaluation_date", "2014-11-05"), "evaluation_date", "earliest rule set"),
        (_set("activity", "cooking"), "activity", "unknown value 'cooking'"),
        (_set("activity", _DELETE), "activity", "missing"),
        (_set("internship_kind", "summer"), "internship_kind", "unknown value"),
        (_set("person", _DELETE), "person", "missing"),
        (_set("person", "Syrian"), "person", "must be an object"),
        (_set("person.nationality", "Syria"), "person.nationality", "ISO 3166-1"),
        (_set("person.entry_date", "yesterday"), "person.entry_date", "not a date"),
        (_set("person.identity_proof", "birth certificate"), "person.identity_proof", "unknown"),
        (_set("person.protection_status", "national"), "person.protection_status", "unknown"),
        (_set("asylum.registration_date", "2026-7-7"), "asylum.registration_date", "not a date"),
        (_set("asylum.dublin_procedure", "yes"), "asylum.dublin_procedure", "true or false"),
        (_set("asylum.decision", "approved"), "asylum.decision", "unknown value"),
        (_set("documents", {"type": "duldung"}), "documents", "must be a list"),
        (_set("documents.0.type", "visa"), "documents[0].type", "unknown value 'visa'"),
        (_set("documents.0.type", _DELETE), "documents[0].type", "missing"),
        (_set("documents.0.from", _DELETE), "documents[0].from", "missing"),
        (_set("documents.0.to", "2026-01-01"), "documents[0].to", "before from"),
        (_set("documents.0.section", 25), "documents[0].section", "must be text"),
        (_set("reception_facility.0.to", "2026-07-01"), "reception_facility[0].to", "before"),
        (_set("duldung", {"work_ban_60a6": "4"}), "duldung.work_ban_60a6", "unknown value"),
        (
            _set("employment_permitted_during_asylum_procedure", 1),
            "employment_permitted_during_asylum_procedure",
            "true or false",
        ),
    ],
)
def test_malformed_cases_name_the_field(
    change: Callable[[dict[str, Any]], None], field: str, words: str
) -> None:
    raw = case(CASE_01)
    change(raw)
    with pytest.raises(CaseError) as raised:
        evaluate(raw)
    assert raised.value.field == field
    assert words in raised.value.message
    assert str(raised.value) == f"{field}: {raised.value.message}"
    with pytest.raises(CaseError):
        validate_case(raw)


def test_a_case_must_be_an_object() -> None:
    with pytest.raises(CaseError, match=r"^case: must be an object"):
        evaluate([1, 2])


def test_validate_case_accepts_the_worked_cases() -> None:
    for path in sorted(CASES.glob("*/*.json")):
        assert validate_case(json.loads(path.read_text(encoding="utf-8"))) is None


def test_minimal_case_with_nulls() -> None:
    answer = evaluate({"evaluation_date": "2026-09-01", "activity": "employment", "person": {}})
    assert answer["decision"] == "prohibited"
    assert answer["rules"][0]["id"] == "X1"
    assert "Aufenthaltsdokument zum Stichtag fehlt (documents)" in answer["missing_facts"]


def test_section_notation_is_normalised() -> None:
    raw = case("31-residence-permit-25-3")
    raw["documents"][1]["section"] = "§ 25 Abs. 3"
    assert evaluate(raw)["rules"][0]["id"] == "T2"


# --- missing facts are named, never guessed -----------------------------------------------


def test_missing_registration_date_is_named() -> None:
    raw = case(CASE_01)
    raw["asylum"]["registration_date"] = None
    answer = evaluate(raw)
    assert answer["decision"] == "prohibited"
    # The formal application (lodged after the registration) stands in for it.
    assert answer["next_change"] == {"date": "2026-10-08", "decision": "entitled"}
    assert "Registrierungsdatum fehlt (asylum.registration_date)" in answer["missing_facts"]
    assert "fehlen" in answer["explanation"]


def test_missing_internship_kind_is_named_and_ba_stays_required() -> None:
    raw = case("112-v4-outside-ae-internship-other")
    raw["internship_kind"] = None
    answer = evaluate(raw)
    assert answer["ba_approval_required"] is True
    assert "Art des Praktikums fehlt (internship_kind)" in answer["missing_facts"]


def test_missing_nationality_is_named() -> None:
    raw = case("138-v4-duldung-safe-country-rejected")
    raw["person"]["nationality"] = None
    answer = evaluate(raw)
    assert "Staatsangehörigkeit fehlt (person.nationality)" in answer["missing_facts"]


def test_no_missing_facts_in_complete_cases() -> None:
    assert evaluate(case(CASE_01))["missing_facts"] == []


# --- options: counting and the open points -------------------------------------------------


def test_event_day_counting_moves_the_date_one_day_earlier() -> None:
    answer = evaluate(case(CASE_01), {"counting": "event_day"})
    assert answer["next_change"] == {"date": "2026-10-07", "decision": "entitled"}
    assert answer["counting"] == "event_day"


def test_unknown_options_are_refused() -> None:
    with pytest.raises(CaseError, match=r"^options\.colour: unknown option"):
        evaluate(case(CASE_01), {"colour": "red"})
    with pytest.raises(CaseError, match=r"^options\.counting"):
        evaluate(case(CASE_01), {"counting": "lunar"})


def test_open_point_2_registration_fallback() -> None:
    raw = case("116-v4-registration-missing-old-application")
    assert evaluate(raw)["decision"] == "entitled"
    old_law = evaluate(raw, {"v4_registration_fallback": "old_law"})
    # Reference: "03.08.2026 under old-law treatment".
    assert old_law["decision"] == "prohibited"
    assert old_law["next_change"] == {"date": "2026-08-03", "decision": "entitled"}
    none = evaluate(raw, {"v4_registration_fallback": "none"})
    assert none["decision"] == "prohibited"
    assert "Registrierungsdatum fehlt (asylum.registration_date)" in none["missing_facts"]


def test_open_point_6_discretion_only_outside_the_facility() -> None:
    raw = case("11-v3-municipality-discretion-then-entitlement")
    answer = evaluate(raw, {"v2_v3_entitlement_outside_ae": False})
    assert answer["decision"] == "discretion"
    # No entitlement under the old law; the rule set of 12.06.2026 gives one (G5).
    assert answer["next_change"] == {"date": "2026-06-12", "decision": "entitled"}


def test_open_point_10_both_readings_are_named() -> None:
    raw = case("122-v3-duldung-ae-soll")
    raw["asylum"]["decision"] = "rejected_manifestly_unfounded"
    printed = evaluate(raw)
    assert printed["decision"] == "as_a_rule"
    assert "M28553" in printed["explanation"]
    adopted = evaluate(raw, {"duldung_ae_barred_after_ou_or_inadmissible": True})
    assert adopted["decision"] == "prohibited"


def test_open_point_3_outside_facility_reading() -> None:
    raw = case("115-v4-dublin-outside-ae")
    assert evaluate(raw)["decision"] == "prohibited"
    narrow = evaluate(raw, {"v4_outside_ae_applies_61_1_s2_to_s5": False})
    assert narrow["decision"] == "entitled"
    assert "G2" not in {rule["id"] for rule in narrow["rules"]}


def test_cut_off_date_field_option() -> None:
    raw = case("114-v4-georgia-old-application-g6a")
    raw["asylum"]["application_date"] = "2023-09-05"
    assert evaluate(raw)["decision"] == "entitled"
    by_application = evaluate(raw, {"cutoff_date_field": "application_date"})
    assert by_application["decision"] == "prohibited"


# --- rule sets over time -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "rule_set"),
    [
        ("2014-11-06", "2014-11-06"),
        ("2015-10-24", "2014-11-06"),
        ("2019-08-20", "2014-11-06"),
        ("2019-08-21", "2019-08-21"),
        ("2024-02-26", "2019-08-21"),
        ("2024-02-27", "2024-02-27"),
        ("2026-06-11", "2024-02-27"),
        ("2026-06-12", "2026-06-12"),
    ],
)
def test_rule_set_in_force_on_the_evaluation_date(day: str, rule_set: str) -> None:
    raw = case("31-residence-permit-25-3")
    raw["evaluation_date"] = day
    raw["documents"] = [{"type": "residence_permit", "from": "2015-01-01", "to": None,
                         "section": "25(3)"}]  # fmt: skip
    assert evaluate(raw)["rule_set"] == rule_set


def test_a_date_before_a_change_keeps_the_old_answer() -> None:
    before = evaluate(case("117-v3-before-change-old-answer"))
    after = evaluate(case("116-v4-registration-missing-old-application"))
    assert before["rule_set"] == "2024-02-27"
    assert before["rules"][0]["id"] == "G7"
    assert after["rule_set"] == "2026-06-12"
    assert after["rules"][0]["id"] == "G1"


# --- the rules data ------------------------------------------------------------------------


def test_rules_data_is_consistent() -> None:
    data = load()
    assert [rs.name for rs in data.rule_sets] == ["V1", "V2", "V3", "V4"]
    for rule_set in data.rule_sets:
        assert rule_set.id == rule_set.valid_from.isoformat()
        for rule in rule_set.rules.values():
            assert rule.citation.startswith("§ ")
            assert rule.law in rule.citation
            assert f"§ {rule.section}" in rule.citation
            assert rule.confidence in ("H", "M", "L", "H/M", "M/L")
            assert rule.source and rule.text
            if rule.valid_from and rule.valid_to:
                assert rule.valid_from <= rule.valid_to
    # Disputed rules carry their outcome as data.
    for rule_id in ("G4", "S2", "T4", "T9", "D8"):
        rule = data.rule_sets[-1].rules[rule_id]
        assert rule.decision is not None
    for code in ("AL", "BA", "GE", "GH", "XK", "MD", "ME", "MK", "RS", "SN"):
        assert data.safe_country(code, dt.date(2026, 7, 1)) is not None
    assert data.safe_country("GE", dt.date(2023, 12, 22)) is None
    assert data.safe_country("GE", dt.date(2023, 12, 23)) is not None


def test_rules_are_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    load()

    def no_reading(name: str) -> dict[str, Any]:
        raise AssertionError(f"rules file {name} read again")

    monkeypatch.setattr(rules_module, "_read", no_reading)
    for _ in range(3):
        evaluate(case(CASE_01))
    assert load.cache_info().hits >= 3


def test_the_engine_imports_no_django() -> None:
    for path in ENGINE_DIR.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path.name
    code = (
        "import sys, json; from vorort.work.engine import evaluate; "
        f"evaluate(json.load(open({str(CASES / 'shared' / (CASE_01 + '.json'))!r}))); "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_a_later_identity_clarification_is_a_change_by_time_alone():
    """Found by Hypothesis: the day the identity is clarified was not a candidate date."""
    case = json.loads((Path(__file__).parent / "cases" / "regression-identity.json").read_text())
    answer = evaluate(case)
    assert answer["decision"] == "discretion"
    assert answer["next_change"]["date"] == "2020-01-02"
