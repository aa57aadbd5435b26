"""``vorort user-add``: give a user a role in a Kommune, creating the user if needed.

A user of several Kommunen (a Kreis user) is added once per Kommune::

    vorort user-add m.muster --kommune paderborn --role koordination --password-stdin
    vorort user-add m.muster --kommune bueren --role auswertung

Without ``--password-stdin`` a new user has no usable password yet: set one with
``vorort changepassword <username>``.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vorort.core.accounts import kommune_by_slug, membership_add
from vorort.core.errors import DomainError
from vorort.core.roles import Role


class Command(BaseCommand):
    help = "Add a user to a Kommune with a role (creates the user if it does not exist)."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--kommune", required=True, help="short name (slug) of the Kommune")
        parser.add_argument("--role", required=True, help=f"one of {', '.join(Role.values)}")
        parser.add_argument(
            "--organisation", default=None, help="partner organisation (required for partner)"
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = None
        if options["password_stdin"]:
            stdin = options.get("stdin") or sys.stdin
            password = stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("User not added: no password on standard input.")
        try:
            user, membership, created = membership_add(
                actor=None,
                username=options["username"],
                kommune=kommune_by_slug(options["kommune"]),
                role=options["role"],
                organisation_name=options["organisation"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except DomainError as error:
            raise CommandError(f"User not added: {error.message}") from error
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created user {user.username}."))
            if password is None:
                self.stdout.write(f"Set a password with: vorort changepassword {user.username}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.username} is now {membership.get_role_display()} "
                f"in {membership.kommune.name}."
            )
        )
