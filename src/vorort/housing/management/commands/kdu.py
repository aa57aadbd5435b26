"""``vorort kdu load --kommune SLUG [--table paderborn|duesseldorf|FILE.toml]``.

Loads a KdU table (appropriate costs of accommodation by household size) for a Kommune:
one of the shipped examples by name, or a TOML file in the same format (docs/housing.md).
Loading a table again replaces the one of the same name. Without ``--table``, the shipped
table named like the Kommune's slug is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope

from vorort.core.errors import DomainError
from vorort.core.models import Kommune
from vorort.housing.services.kdu import load_table, shipped_tables


def table_path(name: str) -> Path:
    """A shipped table by name, or a TOML file path."""
    shipped = shipped_tables()
    if name in shipped:
        return shipped[name]
    path = Path(name)
    if path.suffix == ".toml" and path.is_file():
        return path
    raise CommandError(
        f"--table: {name!r} is neither a shipped table ({', '.join(shipped)}) "
        "nor an existing .toml file"
    )


class Command(BaseCommand):
    help = "KdU tables: vorort kdu load --kommune SLUG [--table NAME|FILE.toml]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "list"])
        parser.add_argument("--kommune", help="Short name (slug) of the Kommune")
        parser.add_argument(
            "--table",
            help=f"Shipped table ({', '.join(shipped_tables())}) or a TOML file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for name, path in shipped_tables().items():
                self.stdout.write(f"{name}\t{path}")
            return
        slug = options["kommune"]
        if not slug:
            raise CommandError("--kommune: the short name of the Kommune is required")
        kommune = Kommune.objects.filter(slug=slug).first()
        if kommune is None:
            raise CommandError(f"--kommune: no Kommune with the short name {slug!r}")
        name = options["table"] or slug
        path = table_path(name)
        with scope(kommune=kommune):
            try:
                table = load_table(kommune=kommune, path=path)
            except DomainError as error:
                raise CommandError(error.message) from error
            limits = ", ".join(f"{row.persons}: {row.max_rent} €" for row in table.limits.all())
        verified = "verified" if table.verified else "NOT verified"
        self.stdout.write(
            self.style.SUCCESS(f"{kommune.name}: loaded “{table.name}” ({verified}); {limits}")
        )
