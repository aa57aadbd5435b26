"""The matching page, "who fits this apartment best?", accepting and rejecting in the UI."""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse

from vorort.housing.choices import ApartmentStatus, PlacementStatus
from vorort.housing.models import Apartment, MatchingRun, Placement

from .. import placement_factories as pf

S = PlacementStatus


def url(name: str, **kwargs) -> str:
    return reverse(f"placements:{name}", kwargs={"kommune": "paderborn", **kwargs})


def _kommune_with_candidates(tenant):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    fits = pf.household(k, 2, name="Familie Passt")
    too_big = pf.household(k, 6, name="Familie Groß")
    flat = pf.apartment(k, max_persons=3, rent_net_cold=Decimal("380"))
    return fits, too_big, flat


def test_the_coordinator_starts_a_matching_and_sees_proposals_and_reasons(tenant):
    fits, too_big, flat = _kommune_with_candidates(tenant)
    client = tenant.client("wohnraum")
    response = client.post(url("matching_run"))
    assert response.status_code == 302
    run = MatchingRun.objects.get()
    assert run.started_by == tenant.user("wohnraum")
    placement = Placement.objects.get()
    assert (placement.household, placement.apartment) == (fits, flat)

    page = client.get(url("matching"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Familie Passt" in html
    assert placement.reasons[0] in html
    assert "Familie Groß" in html  # without proposal, with its reason
    reason = next(e for e in run.unassigned if e["household"] == str(too_big.uuid))["reasons"][0]
    assert reason in html
    assert url("placement_accept", placement=placement.uuid) in html


def test_the_elapsed_time_is_shown_after_the_run(tenant):
    _kommune_with_candidates(tenant)
    client = tenant.client("koordination")
    response = client.post(url("matching_run"), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    pattern = r"Matching in \d+,\d\d s abgeschlossen: 1 Vorschl"
    assert any(re.search(pattern, m) for m in messages), messages


def test_a_case_manager_sees_the_page_but_cannot_start_or_accept(tenant):
    _kommune_with_candidates(tenant)
    tenant.client("wohnraum").post(url("matching_run"))
    placement = Placement.objects.get()
    client = tenant.client("fallmanagement")
    page = client.get(url("matching"))
    assert page.status_code == 200
    assert url("matching_run") not in page.content.decode()
    assert client.post(url("matching_run")).status_code == 403
    assert client.post(url("placement_accept", placement=placement.uuid)).status_code == 403
    placement.refresh_from_db()
    assert placement.status == S.PROPOSED
    assert MatchingRun.objects.count() == 1


def test_wrong_roles_get_403(tenant):
    for role in ("ehrenamt", "ehrenamtskoordination", "partner", "auswertung"):
        assert tenant.client(role).get(url("matching")).status_code == 403
        assert tenant.client(role).post(url("matching_run")).status_code == 403


def test_another_kommune_gets_404_for_pages_and_objects(tenant, other_tenant):
    _fits, _big, flat = _kommune_with_candidates(tenant)
    tenant.client("wohnraum").post(url("matching_run"))
    placement = Placement.objects.get()
    client = other_tenant.client("wohnraum")
    assert client.get(url("matching")).status_code == 404
    assert client.post(url("placement_accept", placement=placement.uuid)).status_code == 404
    # A Paderborn object through the other Kommune's own URL: not found there either.
    other = reverse(
        "placements:placement_accept",
        kwargs={"kommune": "koenigswinter", "placement": placement.uuid},
    )
    assert client.post(other).status_code == 404
    other = reverse(
        "placements:apartment_rank", kwargs={"kommune": "koenigswinter", "apartment": flat.uuid}
    )
    assert client.post(other).status_code == 404
    placement.refresh_from_db()
    assert placement.status == S.PROPOSED


def test_accepting_from_the_matching_page_reserves_and_returns_there(tenant):
    _kommune_with_candidates(tenant)
    client = tenant.client("wohnraum")
    client.post(url("matching_run"))
    placement = Placement.objects.get()
    back = url("matching")
    response = client.post(
        url("placement_accept", placement=placement.uuid),
        {"version": placement.version, "reason": "passt", "next": back},
    )
    assert response.status_code == 302
    assert response["Location"] == back
    placement.refresh_from_db()
    assert placement.status == S.ACCEPTED
    assert Apartment.objects.get().status == ApartmentStatus.RESERVED


def test_accepting_an_apartment_taken_meanwhile_shows_the_message(tenant):
    k = tenant.kommune
    flat = pf.apartment(k)
    first = pf.proposal(
        pf.household(k, 2, name="Familie A"), flat, started_by=tenant.user("wohnraum")
    )
    second = pf.proposal(
        pf.household(k, 2, name="Familie B"), flat, started_by=tenant.user("wohnraum")
    )
    Apartment.objects.filter(pk=flat.pk).update(status=ApartmentStatus.RESERVED)
    Placement.objects.filter(pk=first.pk).update(status=S.ACCEPTED)
    response = tenant.client("koordination").post(
        url("placement_accept", placement=second.uuid), {"version": second.version}
    )
    assert response.status_code == 400
    assert "inzwischen vermietet oder reserviert" in response.content.decode()
    second.refresh_from_db()
    assert second.status == S.PROPOSED


def test_rejecting_without_a_reason_is_refused_with_the_field_named(tenant):
    k = tenant.kommune
    placement = pf.proposal(pf.household(k), pf.apartment(k), started_by=tenant.user("wohnraum"))
    client = tenant.client("wohnraum")
    response = client.post(url("placement_reject", placement=placement.uuid), {"reason": ""})
    assert response.status_code == 400
    assert "Grund für die Ablehnung" in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == S.PROPOSED
    response = client.post(
        url("placement_reject", placement=placement.uuid), {"reason": "zu weit weg"}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.decision_reason) == (S.REJECTED, "zu weit weg")


def test_a_stale_page_is_refused_and_nothing_changes(tenant):
    k = tenant.kommune
    placement = pf.proposal(pf.household(k), pf.apartment(k), started_by=tenant.user("wohnraum"))
    response = tenant.client("wohnraum").post(
        url("placement_accept", placement=placement.uuid),
        {"version": placement.version + 3},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Jemand anderes hat diesen Datensatz geändert" in m for m in messages), messages
    placement.refresh_from_db()
    assert placement.status == S.PROPOSED


def test_who_fits_this_apartment_best(tenant):
    fits, _big, flat = _kommune_with_candidates(tenant)
    client = tenant.client("wohnraum")
    response = client.post(url("apartment_rank", apartment=flat.uuid))
    assert response.status_code == 302
    run = MatchingRun.objects.get()
    assert run.apartment == flat
    page = client.get(url("apartment_proposals", apartment=flat.uuid))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Familie Passt" in html
    assert "Familie Groß" not in html
    assert [p.household for p in page.context["proposals"]] == [fits]
    assert (
        tenant.client("fallmanagement").post(url("apartment_rank", apartment=flat.uuid)).status_code
        == 403
    )


def test_the_apartment_panel_offers_the_ranking(tenant):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    flat = pf.apartment(tenant.kommune)
    request = RequestFactory().get("/")
    html = render_to_string(
        "housing/apartment_placements_panel.html",
        {
            "apartment": flat,
            "kommune": tenant.kommune,
            "perms_of_role": {"placement.decide"},
            "csrf_token": "x",
        },
        request=request,
    )
    assert url("apartment_rank", apartment=flat.uuid) in html
    assert url("apartment_proposals", apartment=flat.uuid) in html


def test_the_apartment_page_carries_the_matching_panel(tenant):
    flat = pf.apartment(tenant.kommune)
    page = tenant.client("wohnraum").get(
        reverse("housing:apartment_detail", kwargs={"kommune": "paderborn", "apartment": flat.uuid})
    )
    assert page.status_code == 200
    assert url("apartment_rank", apartment=flat.uuid) in page.content.decode()


def test_the_ranking_page_keeps_the_matchers_order(tenant):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    normal = pf.household(k, 2, name="Familie Normal")
    urgent = pf.household(
        k, 2, name="Familie Dringend", priority=3, priority_reason="Notunterkunft"
    )
    bigger = pf.household(k, 3, name="Familie Drei")
    flat = pf.apartment(k, max_persons=3, rent_net_cold=Decimal("380"))
    client = tenant.client("koordination")
    client.post(url("apartment_rank", apartment=flat.uuid))
    page = client.get(url("apartment_proposals", apartment=flat.uuid))
    assert [p.household for p in page.context["proposals"]] == [bigger, urgent, normal]
