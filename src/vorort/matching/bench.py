"""Benchmark of the housing matcher against first-come-first-served placement.

For each size (households × apartments) a seeded instance from ``generate`` is solved by the
exact matcher (``solve``) and by the greedy baseline (``greedy``); both are checked (every
household once, each apartment at most once, every hard constraint kept) and the persons
housed, the end-to-end times (building the arcs, solving, reasons) and their ratios are
reported. Each size runs in a fresh process so that its peak memory is its own (``VmHWM``,
reset once the modules are imported; else ``ru_maxrss``); the RSS before the instance exists is
reported too. Used by ``vorort bench matching``.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

DEFAULT_SIZES = ((300, 250), (3000, 2500), (20000, 15000))


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """``"300x250,3000x2500"`` → ``[(300, 250), (3000, 2500)]``; ValueError when malformed."""
    sizes = []
    for part in text.split(","):
        left, sep, right = part.strip().lower().partition("x")
        if not sep or not left.isdigit() or not right.isdigit():
            raise ValueError(f"--sizes: expected HOUSEHOLDSxAPARTMENTS, got {part.strip()!r}")
        sizes.append((int(left), int(right)))
    return sizes


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark of this process (Linux ``clear_refs``); False if not
    possible (then the peak includes the start of the process)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def _peak_mb() -> float:
    """Peak RSS since the last reset (``VmHWM``), else ``ru_maxrss``."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check(instance: Any, result: Any) -> None:
    """Raise AssertionError unless ``result`` is a valid matching of ``instance``."""
    from vorort.matching.feasibility import build_arrays, pair_feasible

    ids = [a.household for a in result.assignments] + [u.household for u in result.unassigned]
    assert sorted(ids) == sorted(h.id for h in instance.households), "households not once each"
    flats = [a.apartment for a in result.assignments]
    assert len(set(flats)) == len(flats), "an apartment assigned twice"
    h_index = {h.id: i for i, h in enumerate(instance.households)}
    a_index = {a.id: i for i, a in enumerate(instance.apartments)}
    hh = np.array([h_index[a.household] for a in result.assignments], dtype=np.int64)
    aa = np.array([a_index[a.apartment] for a in result.assignments], dtype=np.int64)
    assert pair_feasible(build_arrays(instance), hh, aa).all(), "a hard constraint broken"
    persons = sum(instance.households[i].persons for i in hh.tolist())
    assert persons == result.persons_housed, "persons_housed wrong"


@dataclass
class SizeResult:
    households: int
    apartments: int
    seed: int
    matcher_persons: int
    greedy_persons: int
    matcher_households: int
    greedy_households: int
    matcher_seconds: float
    greedy_seconds: float
    matcher_cpu_seconds: float
    greedy_cpu_seconds: float
    persons_ratio: float
    time_ratio: float
    optimal: bool
    gap: float
    classes: int
    types: int
    pairs: int
    rss_before_mb: float
    rss_instance_mb: float
    peak_matcher_mb: float
    peak_total_mb: float


def run_size(households: int, apartments: int, seed: int) -> SizeResult:
    """One size, in the current process (``run`` calls it in a fresh one)."""
    from vorort.matching import greedy, solve
    from vorort.matching.feasibility import build_network
    from vorort.matching.generate import generate

    _reset_peak()
    rss_before = _rss_mb()
    instance = generate(households, apartments, seed)
    rss_instance = _rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    matched = solve(instance)
    matcher_seconds = time.perf_counter() - started
    matcher_cpu = time.process_time() - cpu
    peak_matcher = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    baseline = greedy(instance)
    greedy_seconds = time.perf_counter() - started
    greedy_cpu = time.process_time() - cpu
    peak_total = _peak_mb()
    check(instance, matched)
    check(instance, baseline)
    net = build_network(instance)
    return SizeResult(
        households=households,
        apartments=apartments,
        seed=seed,
        matcher_persons=matched.persons_housed,
        greedy_persons=baseline.persons_housed,
        matcher_households=len(matched.assignments),
        greedy_households=len(baseline.assignments),
        matcher_seconds=round(matcher_seconds, 3),
        greedy_seconds=round(greedy_seconds, 3),
        matcher_cpu_seconds=round(matcher_cpu, 3),
        greedy_cpu_seconds=round(greedy_cpu, 3),
        persons_ratio=round(matched.persons_housed / max(1, baseline.persons_housed), 4),
        time_ratio=round(matcher_seconds / max(greedy_seconds, 1e-9), 2),
        optimal=matched.optimal,
        gap=matched.gap,
        classes=net.n_classes,
        types=net.n_types,
        pairs=len(net.pair_c),
        rss_before_mb=round(rss_before, 1),
        rss_instance_mb=round(rss_instance, 1),
        peak_matcher_mb=round(peak_matcher, 1),
        peak_total_mb=round(peak_total, 1),
    )


def _child(args: tuple[int, int, int]) -> dict[str, Any]:
    return asdict(run_size(*args))


@dataclass
class BenchResult:
    sizes: list[SizeResult]
    machine: dict[str, Any] = field(default_factory=dict)
    total_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "benchmark": "matching",
            "machine": self.machine,
            "total_seconds": self.total_seconds,
            "sizes": [asdict(s) for s in self.sizes],
        }


def machine() -> dict[str, Any]:
    """The machine, with the load average (1, 5, 15 min) at the start: idle is about 0."""
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "processor": platform.machine(),
        "python": platform.python_version(),
    }


def run(sizes: list[tuple[int, int]], seed: int = 1, *, isolate: bool = True) -> BenchResult:
    """Every size (each in a fresh process when ``isolate``), in order."""
    started = time.perf_counter()
    info = machine()
    results = []
    if isolate:
        context = multiprocessing.get_context("spawn")
        with context.Pool(1, maxtasksperchild=1) as pool:
            for h, a in sizes:
                results.append(SizeResult(**pool.apply(_child, ((h, a, seed),))))
    else:
        results = [run_size(h, a, seed) for h, a in sizes]
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return BenchResult(results, info, round(time.perf_counter() - started, 2))


def format_result(result: BenchResult) -> str:
    head = (
        f"{'households × apartments':>24} | {'persons housed':>23} | {'ratio':>6} | "
        f"{'seconds':>17} | {'ratio':>6} | {'peak MB':>7} | optimal (gap)"
    )
    sub = (
        f"{'':>24} | {'matcher':>11} {'greedy':>11} | {'':>6} | {'matcher':>8} {'greedy':>8} | "
        f"{'':>6} | {'':>7} |"
    )
    lines = [head, sub, "-" * len(head)]
    for s in result.sizes:
        lines.append(
            f"{f'{s.households:,} × {s.apartments:,}':>24} | {s.matcher_persons:>11,} "
            f"{s.greedy_persons:>11,} | {s.persons_ratio:>6.3f} | {s.matcher_seconds:>8.2f} "
            f"{s.greedy_seconds:>8.2f} | {s.time_ratio:>6.1f} | {s.peak_matcher_mb:>7.0f} | "
            f"{s.optimal} ({s.gap:g})"
        )
    lines.append("")
    lines.append(
        "persons ratio = matcher / greedy; time ratio = matcher / greedy; seconds end to end "
        "(arcs, solve, reasons); peak MB = peak RSS of the process after the matcher "
        "(a fresh process per size)."
    )
    for s in result.sizes:
        lines.append(
            f"  {s.households:,} × {s.apartments:,}: households housed {s.matcher_households:,} "
            f"vs {s.greedy_households:,}; {s.classes:,} household classes, {s.types:,} "
            f"apartment types, {s.pairs:,} class-type arcs; CPU seconds "
            f"{s.matcher_cpu_seconds:.2f} vs {s.greedy_cpu_seconds:.2f}; "
            f"RSS {s.rss_before_mb:.0f} MB before the instance, "
            f"{s.rss_instance_mb:.0f} MB with it, peak {s.peak_matcher_mb:.0f} MB (matcher), "
            f"{s.peak_total_mb:.0f} MB (with greedy)"
        )
    m = result.machine
    lines.append(
        f"machine: {m.get('cpus')} CPUs, {m.get('platform')}, Python {m.get('python')}; "
        f"load average at the start {m.get('load_average')}; total {result.total_seconds:.1f} s"
    )
    return "\n".join(lines)
