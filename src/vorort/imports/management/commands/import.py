"""``vorort import persons|statuses|apartments|facilities|occupancy FILE --kommune SLUG_OR_AGS
[--dry-run] [--skip-invalid] [--errors-out ERR.xlsx]`` (the contract of issue 5).

Without ``--skip-invalid`` a file with any invalid row imports nothing and exits 1; each
error is printed as ``Zeile N, Spalte C: message``. With it, the valid rows are imported,
the invalid ones reported (and written to ``--errors-out``), exit 0. The last line sums up:
``created=N updated=N unchanged=N refused=N``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vorort.core.errors import DomainError
from vorort.imports.housing_io import IMPORTS as HOUSING_IMPORTS
from vorort.imports.kommunen import find_kommune
from vorort.imports.services import import_persons, import_statuses
from vorort.imports.templates import write_error_file


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (.xlsx or .csv): 'persons', 'statuses' (status history), "
        "'apartments' (with landlords), 'facilities' or 'occupancy'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["persons", "statuses", *HOUSING_IMPORTS])
        parser.add_argument("file", help=".xlsx or .csv file in the template's columns")
        parser.add_argument("--kommune", required=True, help="short name (slug) or AGS")
        parser.add_argument("--dry-run", action="store_true", help="validate, store nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the rest"
        )
        parser.add_argument(
            "--errors-out", default=None, help="write the refused rows to this .xlsx file"
        )

    def handle(self, *args: Any, what: str, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            kommune = find_kommune(options["kommune"])
        except DomainError as error:
            raise CommandError(error.message) from error
        service = HOUSING_IMPORTS.get(what) or (
            import_persons if what == "persons" else import_statuses
        )
        result = service(
            kommune=kommune,
            path=path,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
        )
        for row_error in result.errors:
            self.stdout.write(str(row_error))
        if options["errors_out"] and result.invalid:
            write_error_file(options["errors_out"], result.headers, result.invalid)
            self.stdout.write(f"Refused rows written to {options['errors_out']}.")
        if result.dry_run:
            self.stdout.write("Dry run: nothing was stored.")
        elif not result.committed:
            self.stdout.write("Nothing was imported.")
        self.stdout.write(result.summary())
        if result.errors and not result.committed and not (result.dry_run and result.skip_invalid):
            raise CommandError(f"{len(result.errors)} error(s): nothing imported.", returncode=1)
