"""``vorort kommune-add``: create a Kommune (tenant) after checking its AGS.

Example::

    vorort kommune-add --slug paderborn --name Paderborn --ags 05774032 --state NW \\
        --kreis "Kreis Paderborn"
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vorort.core.accounts import kommune_create
from vorort.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a Kommune. The AGS (8 digits) must match the state."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="short name used in URLs")
        parser.add_argument("--name", required=True)
        parser.add_argument("--ags", required=True, help="Amtlicher Gemeindeschlüssel, 8 digits")
        parser.add_argument(
            "--state", required=True, help="state key (05), abbreviation (NW) or name"
        )
        parser.add_argument("--kreis", default="", help="name of the Kreis (district)")

    def handle(
        self, *args: Any, slug: str, name: str, ags: str, state: str, kreis: str, **options: Any
    ) -> None:
        try:
            kommune = kommune_create(slug=slug, name=name, ags=ags, state=state, kreis=kreis)
        except DomainError as error:
            raise CommandError(f"Kommune not created: {error.message}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created Kommune {kommune.name} (slug {kommune.slug}, AGS {kommune.ags})."
            )
        )
