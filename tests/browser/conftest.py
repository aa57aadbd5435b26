"""Browser tests: Playwright drives Debian's Chromium against Django's live server."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import Tenant, make_tenant


@pytest.fixture
def live_tenant(transactional_db: Any) -> Tenant:
    """Paderborn with a user per role, committed so the live server sees it."""
    return make_tenant("paderborn", "Paderborn", "05774032", "Kreis Paderborn")


def login(page: Any, live_server: Any, username: str, password: str = "demo") -> None:
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
