"""The placement workflow in a real browser (issue 3): a coordinator offers an apartment, runs
the matching, accepts a proposal — the apartment is reserved —, names the tandem and the
viewing; the tandem's volunteer logs in and sees the viewing appointment."""

from __future__ import annotations

import pytest
from django.utils import timezone

from vorort.housing.choices import ApartmentStatus, PlacementStatus
from vorort.housing.models import Apartment, Placement

from .. import placement_factories as pf
from .conftest import login

pytestmark = pytest.mark.browser

K = "/k/paderborn"


def test_coordinator_places_a_household_and_the_volunteer_sees_the_viewing(
    page, live_server, live_tenant
):
    k = live_tenant.kommune
    pf.paderborn_kdu(k)
    landlord = pf.landlord(
        k, name="Gisela Kamp", contact_person="Gisela Kamp", phone="05251 998877"
    )
    family = pf.household(k, 2, name="Familie Haddad")
    manager = live_tenant.user("fallmanagement")
    volunteer = live_tenant.user("ehrenamt")
    base = live_server.url

    # The coordinator offers an apartment through the apartment form.
    login(page, live_server, "wohnraum-paderborn")
    page.wait_for_url(f"{base}{K}/")
    page.goto(f"{base}{K}/wohnraum/wohnungen/neu/")
    page.select_option("select[name=landlord]", str(landlord.uuid))
    page.fill("input[name=street]", "Kamp 17")
    page.fill("input[name=postcode]", "33098")
    page.fill("input[name=municipality]", "Paderborn")
    page.fill("input[name=rooms]", "2")
    page.fill("input[name=area_m2]", "58")
    page.fill("input[name=floor]", "1")
    page.check("input[name=has_lift]")
    page.fill("input[name=rent_net_cold]", "390")
    page.fill("input[name=service_costs_cold]", "110")
    page.fill("input[name=heating_costs]", "70")
    page.fill("input[name=available_from]", timezone.localdate().isoformat())
    page.fill("input[name=min_persons]", "1")
    page.fill("input[name=max_persons]", "3")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/wohnungen/*-*/")
    apartment_url = page.url
    flat = Apartment.objects.get(street="Kamp 17")
    assert flat.status == ApartmentStatus.OFFERED

    # Run the matching; the proposal for the household shows with its reasons.
    page.goto(f"{base}{K}/wohnraum/vermittlung/")
    page.locator("form[action$='/vermittlung/starten/'] button").click()
    page.wait_for_url(f"{base}{K}/wohnraum/vermittlung/")
    placement = Placement.objects.get(household=family, apartment=flat)
    main = page.locator("main").inner_text()
    assert "Familie Haddad" in main
    assert placement.reasons[0] in main

    # Accept it: the apartment is reserved.
    page.locator(f"form[action$='/{placement.uuid}/annehmen/'] button").click()
    page.wait_for_url(f"{base}{K}/wohnraum/vermittlung/")
    page.goto(apartment_url)
    reserved = str(ApartmentStatus.RESERVED.label)
    assert reserved in page.locator("main").inner_text()
    flat.refresh_from_db()
    assert flat.status == ApartmentStatus.RESERVED

    # Name the tandem and the viewing appointment on the placement page.
    detail = f"{base}{K}/wohnraum/vermittlung/{placement.uuid}/"
    page.goto(detail)
    page.select_option("#tandem_form_case_manager", str(manager.uuid))
    page.select_option("#tandem_form_volunteer", str(volunteer.uuid))
    page.locator("form[action$='/tandem/'] button").click()
    page.wait_for_url(f"**/vermittlung/tandems/{placement.uuid}/")
    page.goto(detail)
    page.fill("#viewing_form_viewing_at", "2026-12-04T15:00")
    page.fill("#viewing_form_viewing_place", "Vor dem Haus, Kamp 17")
    page.locator("form[action$='/besichtigung/'] button").click()
    page.wait_for_url(detail)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.VIEWING
    assert (placement.case_manager, placement.volunteer) == (manager, volunteer)

    # The volunteer logs in and sees the viewing appointment, and only what the tandem needs.
    page.context.clear_cookies()
    login(page, live_server, "ehrenamt-paderborn")
    page.wait_for_url(f"{base}{K}/")
    dashboard = page.locator("main").inner_text()
    assert "04.12.2026 15:00" in dashboard, dashboard
    assert "Vor dem Haus, Kamp 17" in dashboard
    page.locator(f"a[href='{K}/wohnraum/vermittlung/tandems/{placement.uuid}/']").click()
    tandem = page.locator("main").inner_text()
    for needed in ("Familie Haddad", "Kamp 17", "Gisela Kamp", "05251 998877", "15:00"):
        assert needed in tandem, needed
    assert "642" not in tandem and "520" not in tandem  # no rent limit
