"""Placement list and detail with the steps in order, tandems, and the dashboard panels."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vorort.housing.choices import ApartmentStatus, PlacementStatus
from vorort.housing.models import FollowUpVisit, Occupancy
from vorort.housing.services import placement as svc
from vorort.people.choices import DocumentType
from vorort.people.models import Address, Case, Note, ResidenceStatus

from .. import placement_factories as pf

S = PlacementStatus


def url(name: str, **kwargs) -> str:
    return reverse(f"placements:{name}", kwargs={"kommune": "paderborn", **kwargs})


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def accepted(tenant):
    k = tenant.kommune
    family = pf.household(k, 3, name="Familie Haddad")
    flat = pf.apartment(k, street="Westernstraße 10", floor=3, has_lift=False)
    placement = pf.proposal(family, flat, started_by=tenant.user("wohnraum"))
    return svc.accept(placement=placement, actor=tenant.user("wohnraum"))


def _post(client, name, placement, data):
    placement.refresh_from_db()
    return client.post(url(name, placement=placement.uuid), {"version": placement.version, **data})


def test_the_steps_in_order_through_the_views(tenant, accepted):
    client = tenant.client("fallmanagement")
    pf.live_in_facility(accepted.household)
    detail = client.get(url("placement_detail", placement=accepted.uuid))
    assert detail.status_code == 200
    assert detail.context["viewing_form"] is not None
    assert detail.context["move_in_form"] is None
    assert detail.context["accept_form"] is None  # F does not decide

    on = today()
    steps = [
        (
            "placement_viewing",
            {
                "viewing_at": (on - dt.timedelta(days=9)).strftime("%Y-%m-%dT10:30"),
                "viewing_place": "vor dem Haus",
            },
            S.VIEWING,
        ),
        (
            "placement_landlord",
            {"accepted": "yes", "landlord_decided_on": (on - dt.timedelta(days=8)).isoformat()},
            S.LANDLORD_ACCEPTED,
        ),
        (
            "placement_certificate",
            {
                "certificate_on": (on - dt.timedelta(days=6)).isoformat(),
                "certificate_office": "Jobcenter Paderborn",
            },
            S.CERTIFICATE,
        ),
        (
            "placement_contract",
            {
                "contract_signed_on": (on - dt.timedelta(days=3)).isoformat(),
                "lease_starts_on": on.isoformat(),
            },
            S.CONTRACT,
        ),
        ("placement_move_in", {"moved_in_on": on.isoformat()}, S.MOVED_IN),
    ]
    for name, data, status in steps:
        response = _post(client, name, accepted, data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        accepted.refresh_from_db()
        assert accepted.status == status, name
    assert accepted.viewing_at.astimezone(timezone.get_current_timezone()).hour == 10
    accepted.apartment.refresh_from_db()
    assert accepted.apartment.status == ApartmentStatus.LET
    for person in pf.members(accepted.household):
        assert (
            Occupancy.objects.get(person=person, valid_to__isnull=True).apartment
            == accepted.apartment
        )
        assert (
            Address.objects.get(person=person, valid_to__isnull=True).street == "Westernstraße 10"
        )

    response = client.post(
        url("placement_follow_up", placement=accepted.uuid),
        {"visited_on": on.isoformat(), "note": "Alles gut", "landlord_contacted": "on"},
    )
    assert response.status_code == 302
    assert FollowUpVisit.objects.get().landlord_contacted is True
    detail = client.get(url("placement_detail", placement=accepted.uuid))
    assert "Alles gut" in detail.content.decode()
    assert len(detail.context["history"]) >= 6


def test_a_step_out_of_order_is_refused_with_a_message(tenant, accepted):
    client = tenant.client("wohnraum")
    response = _post(client, "placement_move_in", accepted, {"moved_in_on": today().isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    assert "ist jetzt nicht möglich" in html
    assert "Mietvertrag unterschrieben" in html
    accepted.refresh_from_db()
    assert accepted.status == S.ACCEPTED
    assert not Occupancy.objects.filter(apartment=accepted.apartment).exists()


def test_bad_step_input_names_the_field_and_stores_nothing(tenant, accepted):
    client = tenant.client("wohnraum")
    response = _post(
        client, "placement_viewing", accepted, {"viewing_at": "morgen", "viewing_place": ""}
    )
    assert response.status_code == 400
    form = response.context["viewing_form"]
    assert set(form.errors) == {"viewing_at", "viewing_place"}
    assert "Treffpunkt" in str(form.errors["viewing_place"])
    accepted.refresh_from_db()
    assert (accepted.status, accepted.viewing_at) == (S.ACCEPTED, None)


def test_cancelling_needs_the_decide_permission_and_a_reason(tenant, accepted):
    assert (
        _post(
            tenant.client("fallmanagement"), "placement_cancel", accepted, {"reason": "x"}
        ).status_code
        == 403
    )
    client = tenant.client("wohnraum")
    assert _post(client, "placement_cancel", accepted, {"reason": ""}).status_code == 400
    assert (
        _post(client, "placement_cancel", accepted, {"reason": "Familie verzieht"}).status_code
        == 302
    )
    accepted.refresh_from_db()
    accepted.apartment.refresh_from_db()
    assert accepted.status == S.CANCELLED
    assert accepted.apartment.status == ApartmentStatus.OFFERED


def test_wrong_roles_get_403_for_steps(tenant, accepted):
    for role in ("ehrenamt", "ehrenamtskoordination", "partner", "auswertung"):
        client = tenant.client(role)
        assert client.get(url("placement_detail", placement=accepted.uuid)).status_code == 403
        assert client.get(url("placement_list")).status_code == 403
        assert _post(client, "placement_viewing", accepted, {}).status_code == 403


def test_other_kommune_gets_404_for_placements(tenant, other_tenant, accepted):
    client = other_tenant.client("wohnraum")
    assert client.get(url("placement_detail", placement=accepted.uuid)).status_code == 404
    own = reverse(
        "placements:placement_detail",
        kwargs={"kommune": "koenigswinter", "placement": accepted.uuid},
    )
    assert client.get(own).status_code == 404
    own = reverse(
        "placements:tandem_detail", kwargs={"kommune": "koenigswinter", "placement": accepted.uuid}
    )
    assert other_tenant.client("ehrenamt").get(own).status_code == 404


def test_the_list_shows_open_placements_by_status(tenant, accepted):
    k = tenant.kommune
    pf.proposal(
        pf.household(k, 1, name="Familie Offen"),
        pf.apartment(k, street="Neu 1"),
        started_by=tenant.user("wohnraum"),
    )
    client = tenant.client("fallmanagement")
    page = client.get(url("placement_list"))
    html = page.content.decode()
    assert "Familie Haddad" in html
    assert "Familie Offen" not in html  # only proposed, not open
    page = client.get(url("placement_list") + "?status=proposed")
    assert "Familie Offen" in page.content.decode()


def test_the_list_needs_a_fixed_number_of_queries(tenant):
    k = tenant.kommune
    client = tenant.client("wohnraum")

    def add(n):
        for i in range(n):
            family = pf.household(k, 1, name=f"Familie L{n}-{i}")
            pf.proposal(
                family,
                pf.apartment(k, street=f"Weg {n}-{i}", status=ApartmentStatus.RESERVED),
                started_by=tenant.user("wohnraum"),
                status=S.ACCEPTED,
                case_manager=tenant.user("fallmanagement"),
            )

    add(2)
    client.get(url("placement_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(url("placement_list"))
    add(6)
    with CaptureQueriesContext(connection) as many:
        client.get(url("placement_list"))
    assert len(many) == len(few)


# --- tandems -----------------------------------------------------------------------------


@pytest.fixture
def tandem(tenant, accepted):
    person = pf.members(accepted.household)[0]
    ResidenceStatus.objects.create(
        kommune=tenant.kommune,
        person=person,
        document_type=DocumentType.DULDUNG,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    case = Case.objects.create(
        kommune=tenant.kommune, person=person, reference="PA-9", opened_on=dt.date(2026, 1, 1)
    )
    Note.objects.create(
        kommune=tenant.kommune,
        case=case,
        text="GEHEIME FALLNOTIZ",
        author=tenant.user("fallmanagement"),
    )
    accepted.household.housing_need.rent_limit_reason = "GEHEIMER GRUND"
    accepted.household.housing_need.save()
    svc.record_viewing(
        placement=accepted,
        actor=tenant.user("wohnraum"),
        at=timezone.make_aware(dt.datetime(2026, 12, 4, 15, 0)),
        place="Bäckerei am Markt",
    )
    svc.assign_tandem(
        placement=accepted,
        actor=tenant.user("wohnraum"),
        case_manager=tenant.user("fallmanagement"),
        volunteer=tenant.user("ehrenamt"),
    )
    accepted.refresh_from_db()
    return accepted


def test_the_volunteer_sees_only_what_the_placement_needs(tenant, tandem):
    client = tenant.client("ehrenamt")
    listing = client.get(url("tandem_list"))
    assert listing.status_code == 200
    response = client.get(url("tandem_detail", placement=tandem.uuid))
    assert response.status_code == 200
    html = response.content.decode()
    needed = ["Familie Haddad", "Westernstraße 10", "33098", "04.12.2026 15:00"]
    needed += ["Bäckerei am Markt", "Gisela Vermieterin", "05251 123456"]
    for text in needed:
        assert text in html, text
    assert re.search(r"\(3 (persons|Personen)\)", html)
    assert "kein Aufzug" in html
    person = pf.members(tandem.household)[0]
    secrets = ["Duldung", "GEHEIME FALLNOTIZ", "GEHEIMER GRUND", "642,40", "570,00"]
    secrets += [person.first_name, person.birth_date.strftime("%d.%m.%Y"), tandem.reasons[0]]
    for page in (html, listing.content.decode()):
        for secret in secrets:
            assert secret not in page, secret


def test_another_volunteers_tandem_is_404(tenant, tandem):
    from vorort.core.models import Membership

    from ..factories import UserFactory

    stranger = UserFactory(username="ehrenamt-2")
    Membership.objects.create(user=stranger, kommune=tenant.kommune, role="ehrenamt")
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    assert client.get(url("tandem_detail", placement=tandem.uuid)).status_code == 404
    assert "Familie Haddad" not in client.get(url("tandem_list")).content.decode()
    assert client.get(url("tandem_assign", placement=tandem.uuid)).status_code == 403


def test_the_case_manager_sees_their_tandem(tenant, tandem):
    response = tenant.client("fallmanagement").get(url("tandem_list"))
    assert "Familie Haddad" in response.content.decode()


def test_the_volunteer_coordinator_assigns_a_tandem(tenant, accepted):
    client = tenant.client("ehrenamtskoordination")
    assert client.get(url("tandem_list")).status_code == 200
    form = client.get(url("tandem_assign", placement=accepted.uuid))
    assert form.status_code == 200
    response = client.post(
        url("tandem_assign", placement=accepted.uuid),
        {"case_manager": tenant.user("ehrenamt").uuid, "volunteer": tenant.user("ehrenamt").uuid},
    )
    assert response.status_code == 400
    assert "case_manager" in response.context["form"].errors
    response = client.post(
        url("tandem_assign", placement=accepted.uuid),
        {"case_manager": tenant.user("wohnraum").uuid, "volunteer": tenant.user("ehrenamt").uuid},
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert (accepted.case_manager, accepted.volunteer) == (
        tenant.user("wohnraum"),
        tenant.user("ehrenamt"),
    )


def test_tandem_views_refuse_partner_and_analyst(tenant, tandem):
    for role in ("partner", "auswertung"):
        client = tenant.client(role)
        assert client.get(url("tandem_list")).status_code == 403
        assert client.get(url("tandem_detail", placement=tandem.uuid)).status_code == 403
    assert (
        tenant.client("ehrenamt").get(url("tandem_assign", placement=tandem.uuid)).status_code
        == 403
    )


# --- dashboard ---------------------------------------------------------------------------


def test_the_dashboard_shows_housing_panels_and_my_tandems(tenant, tandem):
    dashboard = reverse("people:dashboard", kwargs={"kommune": "paderborn"})
    html = tenant.client("wohnraum").get(dashboard).content.decode()
    assert "dash-housing" in html
    volunteer = tenant.client("ehrenamt").get(dashboard)
    html = volunteer.content.decode()
    assert "dash-housing" not in html
    assert "Bäckerei am Markt" in html
    assert url("tandem_detail", placement=tandem.uuid) in html
    assert volunteer.context["my_tandems"] == [tandem]


def test_the_dashboard_query_count_does_not_grow_with_tandems(tenant):
    k = tenant.kommune
    client = tenant.client("ehrenamt")
    dashboard = reverse("people:dashboard", kwargs={"kommune": "paderborn"})

    def add(n):
        for i in range(n):
            pf.proposal(
                pf.household(k, 2, name=f"Familie T{n}-{i}"),
                pf.apartment(k, street=f"Tandem {n}-{i}", status=ApartmentStatus.RESERVED),
                started_by=tenant.user("wohnraum"),
                status=S.VIEWING,
                volunteer=tenant.user("ehrenamt"),
                viewing_at=timezone.now(),
                viewing_place="Tür",
            )

    add(1)
    client.get(dashboard)
    with CaptureQueriesContext(connection) as few:
        client.get(dashboard)
    add(5)
    with CaptureQueriesContext(connection) as many:
        assert client.get(dashboard).status_code == 200
    assert len(many) == len(few)


def test_matching_tandem_and_apartment_pages_need_a_fixed_number_of_queries(tenant):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    flats = []

    def add(n):
        for i in range(n):
            family = pf.household(k, 2, name=f"Familie Q{n}-{i}")
            flat = pf.apartment(k, street=f"Gasse {n}-{i}")
            flats.append(flat)
            pf.proposal(
                family,
                flat,
                started_by=tenant.user("wohnraum"),
                volunteer=tenant.user("ehrenamt"),
                case_manager=tenant.user("fallmanagement"),
            )

    def counts():
        pages = {
            "koordination": [
                url("matching"),
                reverse(
                    "placements:apartment_proposals",
                    kwargs={"kommune": "paderborn", "apartment": flats[0].uuid},
                ),
            ],
            "ehrenamt": [url("tandem_list")],
        }
        found = []
        for role, paths in pages.items():
            client = tenant.client(role)
            for path in paths:
                client.get(path)
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(path).status_code == 200
                found.append(len(queries))
        return found

    add(2)
    few = counts()
    add(8)
    assert counts() == few
