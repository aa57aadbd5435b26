"""``vorort export persons|statuses|apartments|facilities|occupancy|households|placements
--kommune SLUG_OR_AGS [--format csv|xlsx] [--out FILE]``.

Writes the template's columns, one row per person (status period, apartment, facility,
stay), dates as TT.MM.JJJJ, to FILE (or, for CSV, to standard output). Households and
placements have no import template: their lists use the same formats
(``imports.list_exports``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope

from vorort.core.errors import DomainError
from vorort.imports.exports import export_persons, export_statuses
from vorort.imports.housing_io import EXPORTS as HOUSING_EXPORTS
from vorort.imports.housing_io import export_housing
from vorort.imports.kommunen import find_kommune
from vorort.imports.list_exports import LISTS, export_list


class Command(BaseCommand):
    help = (
        "Export a list in the import template's columns: 'persons', 'statuses' (the "
        "residence-status history), 'apartments', 'facilities', 'occupancy', "
        "'households' or 'placements'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["persons", "statuses", *HOUSING_EXPORTS, *LISTS])
        parser.add_argument("--kommune", required=True, help="short name (slug) or AGS")
        parser.add_argument("--format", dest="fmt", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--out", default=None, help="file to write (default: stdout, CSV)")

    def handle(self, *args: Any, what: str, fmt: str, out: str | None, **options: Any) -> None:
        try:
            kommune = find_kommune(options["kommune"])
        except DomainError as error:
            raise CommandError(error.message) from error
        if out is None and fmt == "xlsx":
            raise CommandError("--format xlsx needs --out FILE.")
        with scope(kommune=kommune):
            if what in LISTS:
                if out is None:
                    export_list(what, kommune, self.stdout._out, fmt="csv")  # type: ignore[arg-type]
                    return
                count = export_list(what, kommune, out, fmt=fmt)
                self.stderr.write(f"{count} rows ({what}) written to {out}.")
                return
            if what in HOUSING_EXPORTS:
                if out is None:
                    export_housing(what, self.stdout._out, fmt="csv")  # type: ignore[arg-type]
                    return
                count = export_housing(what, out, fmt=fmt)
                self.stderr.write(f"{count} rows ({what}) written to {out}.")
                return
            export = export_statuses if what == "statuses" else export_persons
            if out is None:
                export(self.stdout._out, fmt="csv")  # type: ignore[arg-type]
                return
            count = export(out, fmt=fmt)
        noun = "status periods" if what == "statuses" else "persons"
        self.stderr.write(f"{count} {noun} written to {out}.")
