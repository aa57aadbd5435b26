"""``vorort bench work-access``: deterministic synthetic persons, sane figures."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from vorort.work.engine import validate_case
from vorort.work.engine.bench import generate, run


def test_generation_is_deterministic_and_valid() -> None:
    first = generate(300, seed=4)
    assert first == generate(300, seed=4)
    assert first != generate(300, seed=5)
    assert generate(1200, seed=4)[:300] == first
    for case in first:
        validate_case(case)
    kinds = {doc["type"] for case in first for doc in case["documents"]}
    assert {"aufenthaltsgestattung", "duldung", "residence_permit"} <= kinds


def test_run_reports_every_person() -> None:
    result = run(400, seed=2, workers=1)
    assert result.errors == 0
    assert sum(result.decisions.values()) == 400
    assert set(result.rule_sets) == {"2014-11-06", "2019-08-21", "2024-02-27", "2026-06-12"}
    assert result.evaluate_seconds > 0 and result.baseline_seconds > 0
    assert result.persons_per_second > 0
    assert result.ratio_to_baseline > 1  # evaluating does more than validating


def test_bench_command_prints_figures_and_json(tmp_path) -> None:
    out = io.StringIO()
    target = tmp_path / "work.json"
    call_command(
        "bench", "work-access", "--persons", "300", "--workers", "1", "--json", str(target),
        stdout=out,
    )  # fmt: skip
    assert "persons/s" in out.getvalue()
    assert "evaluate / baseline" in out.getvalue()
    figures = json.loads(target.read_text())
    assert figures["persons"] == 300
    out = io.StringIO()
    call_command(
        "bench", "work-access", "--persons", "200", "--workers", "2", "--json", "-", stdout=out
    )
    assert json.loads(out.getvalue())["persons"] == 200
