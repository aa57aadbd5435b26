"""``vorort kommune create --name NAME --ags AGS [--slug SLUG] [--state ..] [--kreis ..]``.

The state is taken from the AGS (its first two digits) and the slug from the name (ä -> ae,
ß -> ss …) when not given. Exits non-zero with a message naming the problem otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vorort.core.errors import DomainError
from vorort.imports.kommunen import create_kommune


class Command(BaseCommand):
    help = "Manage Kommunen: 'create' creates one after checking its AGS."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a Kommune.")
        create.add_argument("--name", required=True)
        create.add_argument("--ags", required=True, help="Amtlicher Gemeindeschlüssel, 8 digits")
        create.add_argument("--slug", default="", help="short name for URLs (default: from name)")
        create.add_argument(
            "--state", default="", help="state key (05), abbreviation (NW) or name (default: AGS)"
        )
        create.add_argument("--kreis", default="", help="name of the Kreis (district)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            kommune = create_kommune(
                name=options["name"],
                ags=options["ags"],
                slug=options["slug"],
                state=options["state"],
                kreis=options["kreis"],
            )
        except DomainError as error:
            raise CommandError(f"Kommune not created: {error.message}") from error
        self.stdout.write(
            f"Created Kommune {kommune.name} (slug {kommune.slug}, AGS {kommune.ags}, "
            f"state {kommune.get_state_display()})."
        )
