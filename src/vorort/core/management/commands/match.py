"""``vorort match housing INSTANCE.json [--out RESULT.json]``: the housing matcher on a file.

The contract of issue 3 (docs/matching.md)::

    vorort match housing instance.json               # the result JSON on standard output
    vorort match housing instance.json --out r.json  # … or into a file
    cat instance.json | vorort match housing -      # "-" reads standard input

Output: ``{"assignments": [{"household", "apartment", "reasons"}], "unassigned":
[{"household", "reasons"}], "persons_housed", "optimal", "gap", "solve_seconds"}`` with every
household exactly once. A malformed file exits with status 2 and a message on standard error
that names the field (``households[3].persons: must be ≥ 1, got 0``). The matcher is
``vorort.matching`` (pure Python, no database).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vorort.matching import InstanceError, parse_instance, solve

MALFORMED = 2


def _error(message: str) -> CommandError:
    return CommandError(message, returncode=MALFORMED)


class Command(BaseCommand):
    help = (
        "Housing matcher: 'housing INSTANCE.json' (or - for standard input) proposes an "
        "apartment to each household where possible, with reasons. Exit 2 on a malformed file."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("problem", choices=["housing"], help="what to match")
        parser.add_argument("instance", help="instance file (JSON), or - for standard input")
        parser.add_argument(
            "--out", default=None, help="write the result JSON to this file (default: stdout)"
        )

    def handle(
        self, *args: Any, problem: str, instance: str, out: str | None, **options: Any
    ) -> None:
        text = self.read(instance)
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as error:
            raise _error(f"{instance}: not valid JSON ({error})") from error
        except RecursionError as error:
            raise _error(f"{instance}: not valid JSON (nested too deeply)") from error
        try:
            parsed = parse_instance(raw)
        except InstanceError as error:
            raise _error(str(error)) from error
        try:
            solved = solve(parsed)
        except OverflowError as error:  # persons or priorities beyond any real household
            raise CommandError(f"{instance}: {error}") from error
        result = json.dumps(_original_ids(solved.to_json(), raw), ensure_ascii=False, indent=2)
        if out is None:
            self.stdout.write(result)
            return
        try:
            Path(out).write_text(result + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{out}: cannot write ({error.strerror or error})") from error

    def read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        try:
            return Path(name).read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise _error(f"{name}: not valid JSON (not UTF-8: {error.reason})") from error
        except OSError as error:
            raise _error(f"{name}: cannot read ({error.strerror or error})") from error


def _original_ids(result: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """The result with each id as the input gave it: an integer id stays an integer."""
    households = {str(h["id"]): h["id"] for h in raw["households"]}
    apartments = {str(a["id"]): a["id"] for a in raw["apartments"]}
    for entry in result["assignments"]:
        entry["household"] = households.get(entry["household"], entry["household"])
        entry["apartment"] = apartments.get(entry["apartment"], entry["apartment"])
    for entry in result["unassigned"]:
        entry["household"] = households.get(entry["household"], entry["household"])
    return result
