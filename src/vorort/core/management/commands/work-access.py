"""``vorort work-access``: labour-market access for one case file, or many.

Examples::

    vorort work-access case.json              # the JSON answer, indented; exit 0
    cat case.json | vorort work-access -      # "-" reads standard input
    vorort work-access --batch cases.jsonl    # one JSON answer a line, in input order
    vorort work-access --batch cases/         # every *.json in the folder, sorted by name
    vorort work-access case.json --counting event_day --option v2_v3_entitlement_outside_ae=false

A malformed case exits with status 2 and a message naming the field
(``documents[0].to: 2026-01-01 is before from (2026-02-01)``). In ``--batch`` mode a malformed
case gives ``{"error": "...", "line": n}`` (or ``"file"``) on its line, the other cases are
answered, and the command exits with status 2 at the end. The engine is
``vorort.work.engine`` (docs/work-access.md).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vorort.work.engine import CaseError, evaluate

MALFORMED = 2


def _error(message: str) -> CommandError:
    return CommandError(message, returncode=MALFORMED)


def _parse_option(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise _error(f"--option {text!r}: expected KEY=VALUE")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return key.strip(), value


class Command(BaseCommand):
    help = (
        "Labour-market access of one case (JSON file, or - for standard input), or of many "
        "with --batch (JSON lines or a folder of .json files). Exit 2 on a malformed case."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", nargs="?", help="case file (JSON), or - for standard input")
        parser.add_argument(
            "--batch", default=None, help="JSON-lines file (- = stdin) or folder of .json files"
        )
        parser.add_argument(
            "--counting", choices=["bgb", "event_day"], default=None,
            help="day counting for waiting periods (default from the rules data: bgb)",
        )  # fmt: skip
        parser.add_argument(
            "--option", action="append", default=[], metavar="KEY=VALUE",
            help="reading of an open point (see parameters.toml [options]); repeatable",
        )  # fmt: skip

    def handle(
        self,
        *args: Any,
        case: str | None,
        batch: str | None,
        counting: str | None,
        option: list[str],
        **options: Any,
    ) -> None:
        engine_options = dict(_parse_option(text) for text in option)
        if counting:
            engine_options["counting"] = counting
        if batch is not None:
            if case is not None:
                raise _error("give either a case file or --batch, not both")
            self.batch(batch, engine_options)
            return
        if case is None:
            raise _error("a case file is required (or - for standard input, or --batch)")
        text = self.read(case)
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as error:
            raise _error(f"{case}: not valid JSON ({error})") from error
        try:
            answer = evaluate(raw, engine_options)
        except CaseError as error:
            raise _error(str(error)) from error
        self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))

    def read(self, name: str) -> str:
        if name == "-":
            return sys.stdin.read()
        path = Path(name)
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise _error(f"{name}: cannot read ({error.strerror or error})") from error

    def batch_items(self, source: str) -> Iterator[tuple[str, Any, str]]:
        """(label key, label value, text) for every case in ``source``."""
        path = Path(source)
        if source != "-" and path.is_dir():
            for file in sorted(path.glob("*.json")):
                yield "file", file.name, file.read_text(encoding="utf-8")
            return
        text = self.read(source)
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield "line", number, line

    def batch(self, source: str, engine_options: dict[str, Any]) -> None:
        failed = 0
        total = 0
        for key, label, text in self.batch_items(source):
            total += 1
            try:
                answer = evaluate(json.loads(text), engine_options)
            except json.JSONDecodeError as error:
                failed += 1
                answer = {"error": f"not valid JSON ({error})", key: label}
            except CaseError as error:
                failed += 1
                answer = {"error": str(error), "field": error.field, key: label}
            else:
                if key == "file":
                    answer = {**answer, "file": label}
            self.stdout.write(json.dumps(answer, ensure_ascii=False))
        if failed:
            raise _error(f"{failed} of {total} cases malformed (see the error lines)")
