"""Shared fixtures: two Kommunen with a persona for every role, and browser settings.

Tests run with scopes disabled (as pretix does) so fixtures can create data freely; views
still run inside the scope that ``KommuneScopeMiddleware`` opens.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django_scopes import scopes_disabled
from hypothesis import settings as hypothesis_settings

from vorort.core.models import Kommune, Membership, PartnerOrganisation, User
from vorort.core.roles import Role

from .factories import KommuneFactory, PartnerOrganisationFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests are reproducible (same examples every run, so CI cannot fail by chance) and
# have no per-example deadline (a loaded 2-core CI machine is slow, not wrong).
hypothesis_settings.register_profile("vorort", derandomize=True, deadline=None)
hypothesis_settings.load_profile("vorort")


@pytest.fixture(autouse=True)
def _scopes_disabled() -> Iterator[None]:
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _german() -> Iterator[None]:
    """Every test starts in the default language, whatever an earlier test activated."""
    with translation.override("de"):
        yield


@pytest.fixture(autouse=True)
def _media_root(tmp_path: Any, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Tenant:
    kommune: Kommune
    partner_org: PartnerOrganisation
    users: dict[str, User]

    def user(self, role: str) -> User:
        return self.users[role]

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client


def make_tenant(slug: str, name: str, ags: str, kreis: str) -> Tenant:
    kommune = KommuneFactory(slug=slug, name=name, ags=ags, kreis=kreis, state="05")
    partner_org = PartnerOrganisationFactory(kommune=kommune, name=f"Jobcenter {name}")
    users = {}
    for role in Role.values:
        user = UserFactory(username=f"{role}-{slug}", first_name=role.title(), last_name=name)
        Membership.objects.create(
            user=user,
            kommune=kommune,
            role=role,
            organisation=partner_org if role == Role.PARTNER else None,
        )
        users[role] = user
    return Tenant(kommune=kommune, partner_org=partner_org, users=users)


@pytest.fixture
def tenant(db: Any) -> Tenant:
    """Paderborn with one user per role."""
    return make_tenant("paderborn", "Paderborn", "05774032", "Kreis Paderborn")


@pytest.fixture
def other_tenant(db: Any) -> Tenant:
    """Königswinter: the other Kommune, whose users must never see Paderborn's data."""
    return make_tenant("koenigswinter", "Königswinter", "05382068", "Rhein-Sieg-Kreis")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Playwright cannot download a browser here: drive Debian's Chromium."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }
