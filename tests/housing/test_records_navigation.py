"""The "Wohnraum" link in the main navigation and the housing sub-navigation."""

from __future__ import annotations

from django.urls import reverse


def test_housing_roles_see_the_housing_link(tenant):
    dashboard = reverse("people:dashboard", kwargs={"kommune": "paderborn"})
    apartments = reverse("housing:apartment_list", kwargs={"kommune": "paderborn"})
    for role in ("koordination", "fallmanagement", "wohnraum"):
        assert apartments in tenant.client(role).get(dashboard).content.decode(), role
    for role in ("ehrenamt", "partner", "auswertung", "ehrenamtskoordination"):
        assert apartments not in tenant.client(role).get(dashboard).content.decode(), role


def test_sub_navigation_links_the_housing_area(tenant):
    response = tenant.client("wohnraum").get(
        reverse("housing:apartment_list", kwargs={"kommune": "paderborn"})
    )
    text = response.content.decode()
    for name in ("landlord_list", "facility_list", "kdu_list", "offer_list", "district_list"):
        assert reverse(f"housing:{name}", kwargs={"kommune": "paderborn"}) in text
    # The review queue is for housing.edit only.
    text = (
        tenant.client("fallmanagement")
        .get(reverse("housing:apartment_list", kwargs={"kommune": "paderborn"}))
        .content.decode()
    )
    assert reverse("housing:offer_list", kwargs={"kommune": "paderborn"}) not in text
