"""``vorort demo``: the demo Kommunen Paderborn and Königswinter with synthetic persons.

``vorort demo`` creates the two Kommunen, their partner agencies, one login per role and
Kommune (password ``demo``) and, per Kommune, synthetic households with their files. Running
it again changes nothing and prints the logins; ``--reset`` deletes the demo Kommunen's data
and generates it anew. ``--size large`` makes 100,000 persons for benchmarks (about 80 % in
Paderborn). Dates are relative to today; the data depends only on ``--seed``.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from vorort.demo.accounts import (
    delete_tenant_data,
    demo_logins,
    demo_password_hash,
    ensure_accounts,
    ensure_district_user,
)
from vorort.demo.generator import FULL, LIGHT, WRITE_ORDER, KommuneGenerator
from vorort.demo.housing import generate_housing
from vorort.demo.places import DEMO_KOMMUNEN, DEMO_PASSWORD
from vorort.demo.writer import analyze
from vorort.people.models import Person

#: persons per Kommune (Paderborn, Königswinter) by size
SIZES = {"small": (400, 150), "large": (80_000, 20_000)}


def split(total: int, size: str) -> list[int]:
    """``total`` persons over the demo Kommunen in the proportions of ``size``."""
    weights = SIZES[size]
    first = round(total * weights[0] / sum(weights))
    return [first, total - first]


class Command(BaseCommand):
    help = "Create the demo Kommunen with logins (password demo) and synthetic persons."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument(
            "--persons",
            type=int,
            default=None,
            help="Total number of persons instead of the size's (split like the size).",
        )
        parser.add_argument("--seed", type=int, default=2015)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo Kommunen's data and generate it again.",
        )

    def handle(
        self,
        *args: Any,
        size: str,
        persons: int | None,
        seed: int,
        reset: bool,
        **options: Any,
    ) -> None:
        if not (settings.DEBUG or settings.DEMO_MODE):
            raise CommandError(
                "Demo data and demo logins (password “demo”) are only for demo installations: "
                "set VORORT_DEMO_MODE=true to create them."
            )
        if persons is not None and persons < 1:
            raise CommandError("--persons must be at least 1.")
        counts = split(persons, size) if persons is not None else list(SIZES[size])
        started = time.monotonic()
        with scopes_disabled(), translation.override(settings.LANGUAGE_CODE):
            self.generate(counts, size, seed, reset)
        elapsed = time.monotonic() - started
        self.stdout.write(f"Done in {elapsed:.1f} s.")
        self.print_logins()

    def generate(self, counts: list[int], size: str, seed: int, reset: bool) -> None:
        password_hash = demo_password_hash()
        accounts = [
            ensure_accounts(spec, password_hash, reset_passwords=reset) for spec in DEMO_KOMMUNEN
        ]
        ensure_district_user([a.kommune for a in accounts], password_hash, reset_passwords=reset)
        generated = False
        if reset:
            deleted = delete_tenant_data([a.kommune for a in accounts])
            self.stdout.write(f"Deleted {deleted} rows of the demo Kommunen.")
        today = timezone.localdate()
        detail = LIGHT if max(counts) > 5000 else FULL
        for account, count in zip(accounts, counts, strict=True):
            existing = Person.objects.filter(kommune=account.kommune).count()
            if existing:
                self.stdout.write(
                    f"{account.kommune.name}: {existing} persons exist already; nothing "
                    "generated (use --reset to generate anew)."
                )
                self.housing(account, seed, today)
                continue
            started = time.monotonic()
            generator = KommuneGenerator(account, seed=seed, today=today, detail=detail)

            def progress(done: int, name: str = account.kommune.name, t0: float = started) -> None:
                self.stdout.write(f"  {name}: {done} persons ({time.monotonic() - t0:.0f} s)")

            rows = generator.run(count, progress=progress)
            generated = True
            self.stdout.write(
                f"{account.kommune.name}: {rows['person']} persons in {rows['household']} "
                f"households, {rows['case']} cases, {sum(rows.values())} rows "
                f"in {time.monotonic() - started:.1f} s."
            )
            self.housing(account, seed, today)
        if generated:
            started = time.monotonic()
            analyze(WRITE_ORDER)
            self.stdout.write(f"Planner statistics gathered in {time.monotonic() - started:.1f} s.")

    def housing(self, account: Any, seed: int, today: Any) -> None:
        """Landlords, apartments, facilities, needs (vorort.demo.housing), once per Kommune."""
        rows = generate_housing(
            account.kommune,
            account.spec,
            seed=seed,
            today=today,
            wohnraum_user=account.staff.get("wohnraum"),
        )
        if rows:
            self.stdout.write(
                f"{account.kommune.name}: housing with {rows['apartment']} apartments, "
                f"{rows['landlord']} landlords, {rows['housing_need']} housing needs."
            )

    def print_logins(self) -> None:
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}) at http://127.0.0.1:{port}/")
        for login in demo_logins():
            self.stdout.write(
                f"  {login.username:<36} {login.role:<24} {login.name:<24} "
                f"{', '.join(login.kommunen)}"
            )
