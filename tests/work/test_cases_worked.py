"""Every worked case passes: the shared cases (copied into tests/work/cases/shared/), our own
cases (tests/work/cases/own/), and — when the folder exists beside the repository, as in CI —
the live ../shared/domain/work-access-cases/ (so cases added there are picked up).

A case states ``expected``: ``decision`` always, ``ba_approval_required`` and ``next_change``
where the case decides them (a missing key is not checked).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vorort.work.engine import evaluate, rule_ids

HERE = Path(__file__).parent / "cases"
REPO = Path(__file__).resolve().parents[2]
LIVE_SHARED = REPO.parent / "shared" / "domain" / "work-access-cases"

OWN = sorted((HERE / "own").glob("*.json"))
SHARED_COPY = sorted((HERE / "shared").glob("*.json"))
LIVE = sorted(LIVE_SHARED.glob("*.json")) if LIVE_SHARED.is_dir() else []
ALL = SHARED_COPY + OWN + LIVE


def _id(path: Path) -> str:
    prefix = "live" if path.parent == LIVE_SHARED else path.parent.name
    return f"{prefix}/{path.stem}"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_worked_case(path: Path) -> None:
    case = _load(path)
    expected = case["expected"]
    answer = evaluate(case)
    for key, value in expected.items():
        assert answer[key] == value, f"{path.name}: {key} {answer[key]!r} != {value!r}"
    # Every answer names the rules it used, with citation and German text.
    assert answer["rules"]
    for rule in answer["rules"]:
        assert rule["id"] and "§" in rule["citation"] and rule["text"]
    assert answer["explanation"].startswith("Stichtag")
    assert all(isinstance(step, str) and step for step in answer["next_steps"])


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_case_file_has_the_documented_keys(path: Path) -> None:
    case = _load(path)
    for key in ("title", "source", "basis", "expected", "evaluation_date", "activity"):
        assert case.get(key), f"{path.name}: {key} missing"
    assert case["source"].startswith(("public:", "constructed from", "shared/domain"))
    assert "decision" in case["expected"]
    assert set(case["expected"]) <= {"decision", "ba_approval_required", "next_change"}


def test_the_shared_cases_are_copied_into_the_repository() -> None:
    assert len(SHARED_COPY) >= 16


def test_there_are_more_own_cases_than_shared_ones() -> None:
    assert len(OWN) >= max(16, len(SHARED_COPY))


def test_every_rule_id_in_the_data_is_covered_by_a_case() -> None:
    used: set[str] = set()
    for path in SHARED_COPY + OWN:
        used |= {rule["id"] for rule in evaluate(_load(path))["rules"]}
    uncovered = rule_ids() - used
    assert not uncovered, f"rules without a worked case: {sorted(uncovered)}"
    assert used <= rule_ids()


def test_every_rule_set_version_has_cases() -> None:
    seen = {evaluate(_load(path))["rule_set"] for path in SHARED_COPY + OWN}
    assert seen == {"2014-11-06", "2019-08-21", "2024-02-27", "2026-06-12"}


def test_own_cases_cover_boundary_days_of_waiting_periods() -> None:
    """For each waiting period there is a case on its last day and one on the day after."""
    pairs = [
        ("101-v4-ae-last-day-of-waiting-period", "102-v4-ae-first-permitted-day"),
        ("109-v4-outside-ae-last-day", "110-v4-outside-ae-first-day"),
    ]
    for last, first in pairs:
        before = evaluate(_load(HERE / "own" / f"{last}.json"))
        after = evaluate(_load(HERE / "own" / f"{first}.json"))
        assert before["decision"] == "prohibited"
        assert (
            before["next_change"]["date"]
            == _load(HERE / "own" / f"{first}.json")["evaluation_date"]
        )
        assert after["decision"] == before["next_change"]["decision"]
