"""Benchmark of the work-access engine: synthetic persons, evaluated in bulk.

``generate(n, seed)`` builds ``n`` varied case dicts in the contract's input format (Gestattung
in and outside the reception facility, Dublin and accelerated procedures, safe countries,
Duldung with and without bans, § 60b/c/d, residence permits, Fiktionsbescheinigung, missing
facts), with evaluation dates across all four rule-set versions. The same seed gives the
same persons. ``run(cases)`` times a baseline (parsing and validating every input) and the full
evaluation, and returns the figures. Used by ``vorort bench work-access``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from .answer import evaluate, validate_case
from .model import _DATES, ACTIVITIES, INTERNSHIP_KINDS

NATIONALITIES = ("SY", "AF", "IQ", "IR", "TR", "ER", "SO", "GN", "NG", "PK", "RU", "VE", "CO")
SAFE = ("AL", "RS", "XK", "GE", "MD", "GH", "SN", "BA", "MK", "ME")
PERMIT_SECTIONS = ("25(1)", "25(2)", "25(3)", "25(5)", "25a", "25b", "24", "25(4)", "104c", "16a")
START = dt.date(2016, 1, 1).toordinal()
END = dt.date(2027, 12, 31).toordinal()


def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _person(rng: random.Random, entry: int, nationality: str) -> dict[str, Any]:
    clarified = entry + rng.choice((0, 5, 40, 200, 400)) if rng.random() < 0.8 else None
    return {
        "nationality": nationality if rng.random() > 0.01 else None,
        "entry_date": _iso(entry) if rng.random() > 0.03 else None,
        "identity_clarified_on": _iso(clarified) if clarified else None,
        "identity_proof": rng.choice(("passport", "other")) if clarified else None,
        "minor_children_in_household": rng.random() < 0.3,
        "unaccompanied_minor": rng.random() < 0.03,
        "protection_status": None,
    }


def _asylum(rng: random.Random, request: int, **extra: Any) -> dict[str, Any]:
    registration = request + rng.choice((0, 0, 2, 6))
    application = registration + rng.choice((0, 3, 10))
    data = {
        "request_date": _iso(request),
        "registration_date": _iso(registration) if rng.random() < 0.6 else None,
        "application_date": _iso(application),
        "dublin_procedure": rng.random() < 0.12,
        "protection_in_other_eu_state": rng.random() < 0.03,
        "accelerated_procedure": rng.random() < 0.05,
        "decision": None,
        "decision_final_on": None,
        "suspensive_effect_ordered": False,
        "withdrawn_on": None,
        "withdrawal_after_legal_advice": False,
        "cooperation_breach": rng.random() < 0.03,
    }
    data.update(extra)
    return data


def _case(rng: random.Random) -> dict[str, Any]:
    kind = rng.random()
    nationality = rng.choice(SAFE) if rng.random() < 0.15 else rng.choice(NATIONALITIES)
    arrival = rng.randint(START, END - 400)
    evaluation = min(END, arrival + rng.randint(1, 2200))
    activity = rng.choice(ACTIVITIES)
    ae_days = rng.choice((20, 60, 95, 180, 400, 800))
    reception = [
        {"from": _iso(arrival), "to": _iso(arrival + ae_days) if rng.random() < 0.85 else None}
    ]
    case: dict[str, Any] = {
        "evaluation_date": _iso(evaluation),
        "activity": activity,
        "internship_kind": rng.choice(INTERNSHIP_KINDS) if activity == "internship" else None,
        "person": _person(rng, arrival, nationality),
        "duldung": None,
        "employment_permitted_during_asylum_procedure": rng.random() < 0.1,
        "reception_facility": reception,
    }
    if kind < 0.45:  # asylum procedure pending: Gestattung
        case["asylum"] = _asylum(rng, arrival)
        case["documents"] = [
            {"type": "ankunftsnachweis", "from": _iso(arrival), "to": _iso(arrival + 7)},
            {"type": "aufenthaltsgestattung", "from": _iso(arrival + 7), "to": None},
        ]
    elif kind < 0.85:  # rejected: Duldung (and its variants)
        final = arrival + rng.randint(90, 700)
        decision = rng.choice(("rejected", "rejected", "rejected_manifestly_unfounded"))
        withdrawn = rng.random() < 0.08
        case["asylum"] = _asylum(
            rng,
            arrival,
            decision=None if withdrawn else decision,
            decision_final_on=None if withdrawn else _iso(final),
            withdrawn_on=_iso(final) if withdrawn else None,
            withdrawal_after_legal_advice=withdrawn and rng.random() < 0.5,
        )
        variant = rng.choices(
            ("duldung", "duldung_60b", "ausbildungsduldung", "beschaeftigungsduldung"),
            weights=(80, 8, 6, 6),
        )[0]
        documents: list[dict[str, Any]] = [
            {"type": "aufenthaltsgestattung", "from": _iso(arrival), "to": _iso(final)},
            {"type": "duldung", "from": _iso(final), "to": None},
        ]
        if variant != "duldung":
            change = final + rng.randint(30, 400)
            documents[-1]["to"] = _iso(change)
            documents.append({"type": variant, "from": _iso(change), "to": None})
        if rng.random() < 0.1:
            start = dt.date.fromisoformat(documents[-1]["from"]).toordinal()
            documents[-1]["to"] = _iso(max(start, evaluation + rng.randint(-30, 200)))
        case["documents"] = documents
        case["duldung"] = {
            "work_ban_60a6": rng.choice((None,) * 18 + ("1", "2")),
            "concrete_return_measures": rng.random() < 0.1,
        }
    else:  # a residence permit, sometimes continued by a Fiktionsbescheinigung
        decided = arrival + rng.randint(60, 500)
        section = rng.choice(PERMIT_SECTIONS)
        protected = section in ("25(1)", "25(2)")
        case["asylum"] = _asylum(
            rng,
            arrival,
            decision="protection" if protected else "rejected",
            decision_final_on=_iso(decided),
        )
        if protected:
            case["person"]["protection_status"] = "refugee" if section == "25(1)" else "subsidiary"
        expiry = decided + rng.choice((365, 730, 1095))
        documents = [
            {"type": "aufenthaltsgestattung", "from": _iso(arrival), "to": _iso(decided)},
            {"type": "residence_permit", "from": _iso(decided), "to": _iso(expiry),
             "section": section},
        ]  # fmt: skip
        if rng.random() < 0.3:
            documents.append({"type": "fiktionsbescheinigung", "from": _iso(expiry), "to": None})
        case["documents"] = documents
    return case


BLOCK = 1000


def _block(seed: int, index: int, size: int) -> list[dict[str, Any]]:
    rng = random.Random(seed * 1_000_003 + index)
    return [_case(rng) for _ in range(size)]


def _blocks(n: int) -> list[tuple[int, int]]:
    """(index, size) of the blocks that make up ``n`` persons."""
    return [(index, min(BLOCK, n - index * BLOCK)) for index in range(-(-n // BLOCK))]


def generate(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """``n`` varied synthetic cases; the same ``seed`` gives the same cases.

    Persons come in blocks of 1,000 with their own seed, so that worker processes can build
    their share themselves."""
    cases: list[dict[str, Any]] = []
    for index, size in _blocks(n):
        cases.extend(_block(seed, index, size))
    return cases


@dataclass
class BenchResult:
    persons: int
    seed: int
    workers: int
    generate_seconds: float
    baseline_seconds: float
    evaluate_seconds: float
    evaluate_cpu_seconds: float
    persons_per_second: float
    ratio_to_baseline: float
    errors: int
    decisions: dict[str, int] = field(default_factory=dict)
    rule_sets: dict[str, int] = field(default_factory=dict)
    with_next_change: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _share(job: tuple[int, list[tuple[int, int]]]) -> dict[str, Any]:
    """Build one worker's persons, then time validation (baseline) and evaluation."""
    seed, blocks = job
    start = time.perf_counter()
    cases = [case for index, size in blocks for case in _block(seed, index, size)]
    generate_seconds = time.perf_counter() - start
    _DATES.clear()
    start = time.perf_counter()
    for case in cases:
        with contextlib.suppress(ValueError):
            validate_case(case)
    baseline_seconds = time.perf_counter() - start
    _DATES.clear()
    decisions: Counter[str] = Counter()
    rule_sets: Counter[str] = Counter()
    changes = errors = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for case in cases:
        try:
            answer = evaluate(case)
        except ValueError:
            errors += 1
            continue
        decisions[answer["decision"]] += 1
        rule_sets[answer["rule_set"]] += 1
        changes += answer["next_change"] is not None
    return {
        "generate": generate_seconds,
        "baseline": baseline_seconds,
        "evaluate": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "decisions": decisions,
        "rule_sets": rule_sets,
        "changes": changes,
        "errors": errors,
    }


def run(n: int = 100_000, seed: int = 1, workers: int = 2) -> BenchResult:
    """Generate ``n`` persons, then time the baseline (validation) and the evaluation.

    With ``workers`` > 1 the persons are split between that many processes, each building
    and evaluating its share; the times are those of the slowest process."""
    workers = max(1, min(workers, os.cpu_count() or 1))
    blocks = _blocks(n)
    jobs = [(seed, blocks[i::workers]) for i in range(workers)]
    if workers == 1:
        parts = [_share(jobs[0])]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_share, jobs))
    decisions: Counter[str] = Counter()
    rule_sets: Counter[str] = Counter()
    for part in parts:
        decisions.update(part["decisions"])
        rule_sets.update(part["rule_sets"])
    evaluate_seconds = max(part["evaluate"] for part in parts)
    baseline_seconds = max(part["baseline"] for part in parts)
    return BenchResult(
        persons=n,
        seed=seed,
        workers=workers,
        generate_seconds=round(max(part["generate"] for part in parts), 3),
        baseline_seconds=round(baseline_seconds, 3),
        evaluate_seconds=round(evaluate_seconds, 3),
        evaluate_cpu_seconds=round(sum(part["cpu"] for part in parts), 3),
        persons_per_second=round(n / evaluate_seconds) if evaluate_seconds else 0,
        ratio_to_baseline=round(evaluate_seconds / baseline_seconds, 2) if baseline_seconds else 0,
        errors=sum(part["errors"] for part in parts),
        decisions=dict(sorted(decisions.items())),
        rule_sets=dict(sorted(rule_sets.items())),
        with_next_change=sum(part["changes"] for part in parts),
    )


TARGET_PERSONS = 100_000
TARGET_SECONDS = 10.0


def meets_target(result: BenchResult) -> bool:
    """100,000 persons in under 10 s (scaled for other sizes)."""
    return result.evaluate_seconds * TARGET_PERSONS / result.persons < TARGET_SECONDS


def format_result(result: BenchResult) -> str:
    processes = f"{result.workers} process{'es' if result.workers > 1 else ''}"
    lines = [
        f"Work-access engine: {result.persons:,} synthetic persons (seed {result.seed}, "
        f"{processes})",
        f"  generate inputs        {result.generate_seconds:8.2f} s",
        f"  baseline (validate)    {result.baseline_seconds:8.2f} s",
        f"  evaluate               {result.evaluate_seconds:8.2f} s"
        f"   = {result.persons_per_second:,.0f} persons/s"
        f" (CPU {result.evaluate_cpu_seconds:.2f} s)",
        f"  evaluate / baseline    {result.ratio_to_baseline:8.2f} x",
        f"  target 100,000 < 10 s  {'met' if meets_target(result) else 'NOT met'}",
        f"  decisions: {', '.join(f'{k} {v}' for k, v in result.decisions.items())}",
        f"  rule sets: {', '.join(f'{k} {v}' for k, v in result.rule_sets.items())}",
        f"  with a next change: {result.with_next_change:,}; malformed: {result.errors}",
    ]
    return "\n".join(lines)
