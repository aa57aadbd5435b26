"""``vorort bench matching``: matcher against greedy, in one run, with memory."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vorort.matching.bench import format_result, parse_sizes, run


def test_sizes_are_parsed_and_checked() -> None:
    assert parse_sizes("300x250, 3000X2500") == [(300, 250), (3000, 2500)]
    with pytest.raises(ValueError, match="--sizes"):
        parse_sizes("300by250")


def test_the_bench_reports_both_methods_and_their_ratios() -> None:
    result = run([(60, 50), (120, 100)], seed=3, isolate=False)
    assert [(s.households, s.apartments) for s in result.sizes] == [(60, 50), (120, 100)]
    for size in result.sizes:
        assert size.matcher_persons >= size.greedy_persons > 0
        assert size.persons_ratio == round(size.matcher_persons / size.greedy_persons, 4)
        assert size.optimal and size.gap == 0.0
        assert size.peak_matcher_mb > 0
    table = format_result(result)
    assert "120 × 100" in table and "persons ratio" in table
    assert json.loads(json.dumps(result.as_dict()))["sizes"][1]["households"] == 120


def test_the_command_runs_each_size_in_its_own_process(tmp_path: Path) -> None:
    target = tmp_path / "bench.json"
    out = io.StringIO()
    call_command(
        "bench", "matching", "--sizes", "30x20", "--json", str(target), "--seed", "2", stdout=out
    )
    figures = json.loads(target.read_text())
    assert figures["benchmark"] == "matching"
    assert figures["sizes"][0]["matcher_persons"] >= figures["sizes"][0]["greedy_persons"]
    assert "30 × 20" in out.getvalue()
    with pytest.raises(CommandError, match="--sizes"):
        call_command("bench", "matching", "--sizes", "x")
