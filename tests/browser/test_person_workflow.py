"""The main workflow of a case manager, in a real browser: log in, create a person with a
household and a residence status, find them by search, see them on the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from .conftest import login

pytestmark = pytest.mark.browser


def test_case_manager_creates_finds_and_sees_a_person(page, live_server, live_tenant):
    today = timezone.localdate()
    login(page, live_server, "fallmanagement-paderborn")
    page.wait_for_url(f"{live_server.url}/k/paderborn/")

    # Create the person together with a new household.
    page.locator("nav a[href='/k/paderborn/personen/']").click()
    page.locator("a[href='/k/paderborn/personen/neu/']").click()
    page.fill("input[name=first_name]", "Leyla")
    page.fill("input[name=last_name]", "Özdemir")
    page.fill("input[name=birth_date]", "1991-04-23")
    page.select_option("select[name=gender]", "f")
    page.select_option("select[name=nationality]", "TR")
    page.fill("input[name=new_household_name]", "Familie Özdemir")
    page.select_option("select[name=relation]", "reference")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/personen/*-*/")
    assert "Özdemir" in page.locator("h1").inner_text()
    assert "Familie Özdemir" in page.locator("main").inner_text()
    person_url = page.url

    # Record her Aufenthaltsgestattung, expiring in 20 days.
    page.locator("a[href$='/aufenthalt/neu/']").first.click()
    page.select_option("select[name=document_type]", "aufenthaltsgestattung")
    page.fill("input[name=valid_from]", (today - dt.timedelta(days=160)).isoformat())
    page.fill("input[name=valid_to]", (today + dt.timedelta(days=20)).isoformat())
    page.fill("input[name=work_entry]", "Beschäftigung nur mit Erlaubnis der ABH gestattet")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(person_url)
    assert "Aufenthaltsgestattung" in page.locator("main").inner_text()

    # Find her by search, typed without the umlaut; htmx updates the results.
    page.locator("nav a[href='/k/paderborn/personen/']").click()
    page.fill("input[name=q]", "oezdemir leyla")
    page.wait_for_function(
        "document.querySelector('main').innerText.includes('23.04.1991')", timeout=10000
    )
    page.get_by_role("link", name="Özdemir").first.click()
    page.wait_for_url(person_url)

    # The dashboard lists her as new and her document as expiring.
    page.locator("nav a[href='/k/paderborn/']").click()
    dashboard = page.locator("main").inner_text()
    assert dashboard.count("Özdemir") >= 2, dashboard
