"""``vorort reset-2fa <username>``: remove a user's second factor (e.g. a lost phone).

The user sets up a new authenticator at the next login. To lift a login lockout as well,
use ``vorort axes_reset_username <username>``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vorort.core.accounts import two_factor_reset
from vorort.core.models import User


class Command(BaseCommand):
    help = "Remove all two-factor devices of a user; they set up a new one at next login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user “{username}”.")
        removed = two_factor_reset(actor=None, user=user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {removed} two-factor device(s) of {username}; "
                "a new one is set up at the next login."
            )
        )
