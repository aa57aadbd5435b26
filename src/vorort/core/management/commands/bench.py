"""``vorort bench search``: time typical person searches on the current database.

Run it after ``vorort demo --size large`` (see benchmarks/README.md). It measures the selector
``vorort.people.selectors.search_persons`` against plain SQL in the same process and prints
a table (``--json FILE`` also writes the figures; ``--json -`` prints them instead).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django_scopes import scopes_disabled

from vorort.core.models import Kommune
from vorort.demo.bench import (
    SearchUnavailable,
    draw_queries,
    format_table,
    load_search,
    run_search_bench,
)
from vorort.demo.writer import has_planner_statistics
from vorort.people.models import Person


class Command(BaseCommand):
    help = (
        "Benchmarks: 'search' times the person search on the current database; "
        "'work-access' evaluates synthetic persons with the work-access engine; "
        "'import' imports a generated persons spreadsheet; "
        "'matching' compares the housing matcher with first-come-first-served placement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("benchmark", choices=["search", "work-access", "import", "matching"])
        parser.add_argument("--queries", type=int, default=140, help="Number of queries.")
        parser.add_argument("--repeat", type=int, default=3, help="Runs of each query.")
        parser.add_argument(
            "--kommune", default=None, help="Slug of the Kommune (default: the largest)."
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--json", dest="json_path", default=None, help="Write the figures as JSON (- = stdout)."
        )
        parser.add_argument(
            "--persons", type=int, default=100_000, help="work-access: number of synthetic persons."
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="work-access: processes (default 2 cores)."
        )
        parser.add_argument(
            "--rows", type=int, default=50_000, help="import: rows of the generated file."
        )
        parser.add_argument(
            "--sizes",
            default="300x250,3000x2500,20000x15000",
            help="matching: households x apartments, comma-separated.",
        )

    def handle(
        self,
        *args: Any,
        benchmark: str,
        queries: int,
        repeat: int,
        kommune: str | None,
        seed: int,
        json_path: str | None,
        **options: Any,
    ) -> None:
        if benchmark == "matching":
            self.matching(options["sizes"], seed, json_path)
            return
        if benchmark == "import":
            self.import_bench(options["rows"], seed, json_path)
            return
        if benchmark == "work-access":
            self.work_access(options["persons"], options["workers"], seed, json_path)
            return
        if queries < 1 or repeat < 1:
            raise CommandError("--queries and --repeat must be at least 1.")
        try:
            load_search()
        except SearchUnavailable as error:
            raise CommandError(str(error)) from error
        with scopes_disabled():
            target = self.kommune(kommune)
            drawn = draw_queries(target, queries, seed)
        quiet = json_path == "-"
        if not quiet:
            if not has_planner_statistics():
                self.stdout.write(
                    "Note: this SQLite database has no planner statistics (ANALYZE never ran); "
                    "some searches may be planned badly. `vorort demo` gathers them; or run "
                    "`vorort dbshell` and ANALYZE."
                )
            self.stdout.write(f"Running {len(drawn)} queries in {target.name}…")
        result = run_search_bench(
            kommune=target,
            queries=drawn,
            repeat=repeat,
            progress=None if quiet else self.stdout.write,
        )
        if quiet:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        self.stdout.write(format_table(result))
        if json_path:
            Path(json_path).write_text(json.dumps(result.as_dict(), indent=2) + "\n")
            self.stdout.write(f"Figures written to {json_path}.")

    def kommune(self, slug: str | None) -> Kommune:
        if slug:
            found = Kommune.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"There is no Kommune “{slug}”.")
        else:
            largest = (
                Person.objects.values("kommune_id").annotate(n=Count("id")).order_by("-n").first()
            )
            found = Kommune.objects.get(pk=largest["kommune_id"]) if largest else None
        if found is None or not Person.objects.filter(kommune=found).exists():
            raise CommandError(
                "No persons to search: run `vorort demo --size large` first "
                "(see benchmarks/README.md)."
            )
        return found

    def work_access(self, persons: int, workers: int, seed: int, json_path: str | None) -> None:
        """``vorort bench work-access``: the rules engine on synthetic persons (no database)."""
        from vorort.work.engine.bench import format_result, run

        if persons < 1 or workers < 1:
            raise CommandError("--persons and --workers must be at least 1.")
        result = run(persons, seed, workers)
        if json_path == "-":
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        self.stdout.write(format_result(result))
        if json_path:
            Path(json_path).write_text(json.dumps(result.as_dict(), indent=2) + "\n")
            self.stdout.write(f"Figures written to {json_path}.")

    def import_bench(self, rows: int, seed: int, json_path: str | None) -> None:
        """``vorort bench import``: generate, parse (baseline) and import a persons file."""
        from vorort.imports.bench import format_result, run

        if rows < 1:
            raise CommandError("--rows must be at least 1.")
        quiet = json_path == "-"
        result = run(rows, seed, progress=None if quiet else self.stdout.write)
        if quiet:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        self.stdout.write(format_result(result))
        if json_path:
            Path(json_path).write_text(json.dumps(result.as_dict(), indent=2) + "\n")
            self.stdout.write(f"Figures written to {json_path}.")

    def matching(self, sizes: str, seed: int, json_path: str | None) -> None:
        """``vorort bench matching``: the housing matcher against greedy placement (no database)."""
        from vorort.matching.bench import format_result, parse_sizes, run

        try:
            parsed = parse_sizes(sizes)
        except ValueError as error:
            raise CommandError(str(error)) from error
        result = run(parsed, seed)
        if json_path == "-":
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        self.stdout.write(format_result(result))
        if json_path:
            Path(json_path).write_text(json.dumps(result.as_dict(), indent=2) + "\n")
            self.stdout.write(f"Figures written to {json_path}.")
