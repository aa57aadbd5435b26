"""``vorort bench import``: generate a large persons file, import it, report rows per second.

The file is generated deterministically (seeded) as .xlsx (openpyxl write_only) and .csv.
For each format the benchmark first only reads and parses the file (the baseline: streaming
reader plus row validation, no database), then imports it with ``import_persons`` into a
fresh Kommune, then imports it again (every row unchanged). Everything runs inside one outer
transaction that is rolled back at the end, so the database is left as it was; the import's
own transaction is then a savepoint. The checks a commit would run (PostgreSQL's deferred
foreign keys) are forced at the end of each import and timed with it; writing the commit
to disk is not timed.
Besides wall-clock seconds the figures hold this process's CPU seconds (less sensitive to
other load on the machine; a PostgreSQL server's work is not in them). Peak memory is the
process's maximum resident set size (``resource.getrusage``), taken
before the imports and after each import. With ``DEBUG`` on (the development default) Django
keeps every query in ``connection.queries``; the benchmark empties that log after each
batch through the import's ``progress`` callback, as production (``DEBUG`` off) keeps none.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import resource
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, reset_queries, transaction
from django.utils import translation

from vorort.core.models import Kommune

from .columns import PERSON_COLUMNS
from .exports import write_xlsx
from .readers import open_table
from .services import import_persons
from .validate import RowValidator

LAST = ["Haddad", "Mohammadi", "Ahmadi", "Kovalenko", "Öztürk", "Al-Hassan", "Müller", "حداد"]
FIRST = ["Mohammed", "Amal", "Zahra", "Olena", "Jürgen", "Ayşe", "محمد", "Fatima", "Yusuf"]
COUNTRIES = ["Syrien", "Afghanistan", "IQ", "Türkei", "UA", "Eritrea", "Iran", "SY"]
LANGUAGES = ["Arabisch (Muttersprache), Deutsch (A2)", "fa:L1, de:B1", "uk:L1", "Dari (L1)", ""]
STATUSES = ["Aufenthaltsgestattung", "Duldung", "Aufenthaltserlaubnis", "duldung", ""]
STREETS = ["Am Bahnhof", "Hauptstraße", "Grüner Weg", "Drachenfelsstraße"]


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_rows(count: int, seed: int) -> Any:
    rng = random.Random(seed)
    for index in range(count):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 26_000))
        status = rng.choice(STATUSES)
        start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        has_address = rng.random() < 0.7
        yield [
            f"BENCH-{index:06d}",
            rng.choice(LAST),
            rng.choice(FIRST),
            birth,
            rng.choice(["m", "w", "d", ""]),
            rng.choice(COUNTRIES),
            rng.choice(LANGUAGES),
            f"Haushalt {index // 3:05d}" if rng.random() < 0.8 else "",
            status,
            start if status else None,
            start + dt.timedelta(days=rng.randrange(90, 900))
            if status and rng.random() < 0.6
            else None,
            start - dt.timedelta(days=rng.randrange(1, 400)),
            f"+49 {rng.randrange(100, 999)} {rng.randrange(10**5, 10**6)}",
            f"person{index}@example.org" if rng.random() < 0.3 else "",
            f"{rng.choice(STREETS)} {rng.randrange(1, 120)}" if has_address else "",
            f"{rng.randrange(10000, 99999)}" if has_address else "",
            "Paderborn" if has_address else "",
        ]


def write_files(directory: Path, count: int, seed: int) -> dict[str, Path]:
    xlsx = directory / f"persons-{count}.xlsx"
    write_xlsx(xlsx, PERSON_COLUMNS, generate_rows(count, seed))
    csv_path = directory / f"persons-{count}.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([c.header for c in PERSON_COLUMNS])
        for row in generate_rows(count, seed):
            writer.writerow([v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else v for v in row])
    return {"xlsx": xlsx, "csv": csv_path}


@dataclass
class BenchResult:
    rows: int
    generate_seconds: float
    formats: list[dict[str, Any]] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    rss_before_mb: float = 0.0
    load_before: float = 0.0
    load_after: float = 0.0
    cpus: int = 0
    database: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fresh_kommune(tag: str) -> Kommune:
    used = set(Kommune.objects.values_list("ags", flat=True))
    number = next(n for n in range(1, 1000) if f"05999{n:03d}" not in used)
    return Kommune.objects.create(
        slug=f"bench-import-{tag}-{number}",
        name=f"Bench import {tag}",
        ags=f"05999{number:03d}",
        state="05",
    )


def parse_only(path: Path) -> int:
    table = open_table(path)
    validator = RowValidator(table.headers, PERSON_COLUMNS)
    valid = 0
    for number, values in table.rows:
        clean, _errors = validator.check(number, values)
        valid += clean is not None
    return valid


def check_deferred_constraints() -> None:
    """Run the checks a commit would run, so they count (the benchmark never commits).

    PostgreSQL checks Django's foreign keys (``DEFERRABLE INITIALLY DEFERRED``) at commit:
    ``SET CONSTRAINTS ALL IMMEDIATE`` runs the pending checks now. SQLite counts foreign-key
    violations while inserting, so its commit check costs nothing to speak of.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _batch_done(_done: int, _total: int) -> None:
    reset_queries()


def run(count: int, seed: int = 1, progress: Any = None) -> BenchResult:
    say = progress or (lambda _text: None)
    with tempfile.TemporaryDirectory() as tmp, translation.override("en"):
        started = time.perf_counter()
        files = write_files(Path(tmp), count, seed)
        result = BenchResult(rows=count, generate_seconds=time.perf_counter() - started)
        result.rss_before_mb = _peak_mb()
        result.load_before = round(os.getloadavg()[0], 2)
        result.cpus = os.cpu_count() or 0
        version = ".".join(str(part) for part in connection.get_database_version())
        result.database = f"{connection.vendor} {version}"
        say(f"Generated {count} rows as .xlsx and .csv in {result.generate_seconds:.1f} s.")
        with transaction.atomic():
            for fmt, path in files.items():
                started = time.perf_counter()
                cpu = time.process_time()
                valid = parse_only(path)
                parse_seconds = time.perf_counter() - started
                parse_cpu = time.process_time() - cpu
                say(f"{fmt}: read and parsed {valid} rows in {parse_seconds:.1f} s.")
                kommune = _fresh_kommune(fmt)
                started = time.perf_counter()
                cpu = time.process_time()
                first = import_persons(kommune=kommune, path=path, progress=_batch_done)
                check_deferred_constraints()
                import_seconds = time.perf_counter() - started
                import_cpu = time.process_time() - cpu
                import_peak = _peak_mb()
                say(f"{fmt}: imported in {import_seconds:.1f} s: {first.summary()}")
                started = time.perf_counter()
                cpu = time.process_time()
                again = import_persons(kommune=kommune, path=path, progress=_batch_done)
                check_deferred_constraints()
                reimport_seconds = time.perf_counter() - started
                reimport_cpu = time.process_time() - cpu
                say(f"{fmt}: re-imported in {reimport_seconds:.1f} s: {again.summary()}")
                result.formats.append(
                    {
                        "format": fmt,
                        "file_mb": round(path.stat().st_size / 1e6, 2),
                        "parse_seconds": round(parse_seconds, 2),
                        "parse_rows_per_second": round(count / parse_seconds),
                        "import_seconds": round(import_seconds, 2),
                        "import_rows_per_second": round(count / import_seconds),
                        "reimport_seconds": round(reimport_seconds, 2),
                        "parse_cpu_seconds": round(parse_cpu, 2),
                        "import_cpu_seconds": round(import_cpu, 2),
                        "reimport_cpu_seconds": round(reimport_cpu, 2),
                        "import_ratio_to_parse": round(import_seconds / parse_seconds, 2),
                        "reimport_ratio_to_parse": round(reimport_seconds / parse_seconds, 2),
                        "peak_rss_mb_after_import": round(import_peak, 1),
                        "peak_rss_mb_after_reimport": round(_peak_mb(), 1),
                        "summary": first.summary(),
                        "reimport_summary": again.summary(),
                    }
                )
            transaction.set_rollback(True)
        result.peak_rss_mb = round(_peak_mb(), 1)
        result.load_after = round(os.getloadavg()[0], 2)
    return result


def format_result(result: BenchResult) -> str:
    lines = [
        f"vorort bench import: {result.rows} persons "
        f"(generated in {result.generate_seconds:.1f} s)",
        f"{'format':<7}{'MB':>6}{'parse s':>9}{'parse/s':>9}{'import s':>10}{'rows/s':>8}"
        f"{'x parse':>9}{'re-import s':>13}{'x parse':>9}{'peak MB':>9}  summary",
    ]
    for f in result.formats:
        lines.append(
            f"{f['format']:<7}{f['file_mb']:>6.1f}{f['parse_seconds']:>9.1f}"
            f"{f['parse_rows_per_second']:>9}{f['import_seconds']:>10.1f}"
            f"{f['import_rows_per_second']:>8}{f['import_ratio_to_parse']:>9.1f}"
            f"{f['reimport_seconds']:>13.1f}{f['reimport_ratio_to_parse']:>9.1f}"
            f"{f['peak_rss_mb_after_reimport']:>9.0f}  {f['summary']}"
        )
    lines.append(
        f"peak memory (max RSS of the process): {result.peak_rss_mb:.0f} MB "
        f"(before the imports: {result.rss_before_mb:.0f} MB)"
    )
    lines.append(
        f"database: {result.database}; machine load (1-minute average) before / after: "
        f"{result.load_before:.2f} / {result.load_after:.2f} on {result.cpus} CPUs"
    )
    lines.append("The database is left as it was (everything was rolled back).")
    return "\n".join(lines)
