from __future__ import annotations

import pytest

from .conftest import login

pytestmark = pytest.mark.browser


def test_a_case_manager_logs_in_and_lands_on_the_dashboard(page, live_server, live_tenant):
    login(page, live_server, "fallmanagement-paderborn")
    page.wait_for_url(f"{live_server.url}/k/paderborn/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert "Paderborn" in page.locator(".kommune-name").inner_text()


def test_a_wrong_password_is_refused_with_a_message(page, live_server, live_tenant):
    login(page, live_server, "fallmanagement-paderborn", password="falsch")
    assert page.url.endswith("/anmelden/")
    assert page.get_by_role("alert").count() + page.locator(".error-summary").count() >= 1
