"""``vorort partner-add``: add a partner organisation (Jobcenter, Ausländerbehörde …)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vorort.core.accounts import kommune_by_slug, partner_create
from vorort.core.errors import DomainError
from vorort.core.models import PartnerOrganisation


class Command(BaseCommand):
    help = "Add a partner organisation to a Kommune (needed for users with the role partner)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommune", required=True, help="short name (slug) of the Kommune")
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--kind", required=True, choices=PartnerOrganisation.Kind.values, help="kind of agency"
        )

    def handle(self, *args: Any, kommune: str, name: str, kind: str, **options: Any) -> None:
        try:
            organisation = partner_create(kommune=kommune_by_slug(kommune), name=name, kind=kind)
        except DomainError as error:
            raise CommandError(f"Organisation not created: {error.message}") from error
        self.stdout.write(self.style.SUCCESS(f"Created partner organisation {organisation}."))
