"""Work access in a real browser: a case manager records the asylum registration and a stay
in a reception facility, and the person page shows the waiting period and the first day on
which the Ausländerbehörde can permit employment (§ 61 Abs. 1 AsylG: three months after
registration, rule set from 12.06.2026)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from ..factories import PersonFactory
from ..work_factories import permitted_from
from .conftest import login

pytestmark = pytest.mark.browser


def test_case_manager_sees_the_waiting_period_after_recording_registration_and_eae(
    page, live_server, live_tenant
):
    registered = timezone.localdate() - dt.timedelta(days=20)
    person = PersonFactory(
        kommune=live_tenant.kommune,
        first_name="Yonas",
        last_name="Tesfay",
        nationality="ER",
        birth_date=dt.date(1998, 2, 14),
    )
    person_url = f"{live_server.url}/k/paderborn/personen/{person.uuid}/"
    login(page, live_server, "fallmanagement-paderborn")
    page.wait_for_url(f"{live_server.url}/k/paderborn/")
    page.goto(person_url)

    # Before anything is recorded the panel answers, but names no waiting period.
    panel = page.locator("section.work-panel")
    assert panel.count() == 1
    assert panel.locator("[data-permitted-from]").count() == 0

    # The asylum procedure with its registration (Art. 27 APR).
    page.locator("a[href$='/asyl/']").first.click()
    page.fill("input[name=request_date]", registered.isoformat())
    page.fill("input[name=registration_date]", registered.isoformat())
    page.fill("input[name=application_date]", registered.isoformat())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(person_url)

    # The obligation to live in the initial reception facility (EAE) since then.
    page.locator("a[href$='/aufnahme/neu/']").first.click()
    page.fill("input[name=facility]", "EAE Bochum")
    page.select_option("select[name=kind]", "eae")
    page.fill("input[name=valid_from]", registered.isoformat())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(person_url)

    first_day = permitted_from(registered)
    waiting = page.locator("section.work-panel [data-permitted-from]")
    assert waiting.get_attribute("data-permitted-from") == first_day.isoformat()
    panel_text = page.locator("section.work-panel").inner_text()
    assert first_day.strftime("%d.%m.%Y") in panel_text
    # The timeline shows the registration and, later, the day the waiting period ends.
    timeline = page.locator("section.work-panel ol.work-timeline")
    dates = timeline.locator("time").evaluate_all("nodes => nodes.map(n => n.dateTime)")
    assert registered.isoformat() in dates
    assert dates[-1] == first_day.isoformat()
    # The rule is cited: § 61 Abs. 1 AsylG (G1).
    page.locator("section.work-panel details summary").click()
    assert "§ 61 Abs. 1" in page.locator("section.work-panel details").inner_text()
    if os.environ.get("VORORT_SCREENSHOTS"):
        page.screenshot(path=os.environ["VORORT_SCREENSHOTS"] + "/work-panel.png", full_page=True)

    # The full answer for the first permitted day: Anspruch.
    page.locator("section.work-panel a[href$='/arbeitsmarkt/']").click()
    page.fill("input[name=on]", first_day.isoformat())
    page.locator("main form.search-form button[type=submit]").click()
    page.wait_for_url(f"**/arbeitsmarkt/?on={first_day.isoformat()}*")
    assert "Anspruch" in page.locator("#work-detail-heading").inner_text()
