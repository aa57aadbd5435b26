"""Public offer form (spam checks, 404 for unknown Kommune) and the review queue."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vorort.housing.choices import ApartmentStatus, OfferStatus
from vorort.housing.models import Apartment, Landlord, OfferSubmission
from vorort.housing.views import offers as views

from ..housing_records_factories import make_landlord


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def public_url(slug="paderborn"):
    return reverse("offers:offer_form", kwargs={"slug": slug})


def old_stamp(seconds_ago=10):
    return signing.dumps(time.time() - seconds_ago, salt=views.STAMP_SALT)


def offer_post(**overrides):
    data = {
        "landlord_kind": "private",
        "landlord_name": "Gisela Kamp",
        "phone": "05251 1234",
        "email": "gisela@example.org",
        "street": "Kamp 5",
        "postcode": "33098",
        "municipality": "Paderborn",
        "rooms": "3",
        "area_m2": "72",
        "floor": "1",
        "rent_net_cold": "480",
        "service_costs_cold": "130",
        "heating_costs": "70",
        "available_from": "2026-12-01",
        "max_persons": "4",
        "message": "Gern an eine Familie.",
        "privacy": "on",
        "website": "",
        "stamp": old_stamp(),
    }
    data.update(overrides)
    return data


def test_public_form_renders_without_login(tenant):
    response = Client().get(public_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="stamp"' in text
    assert 'name="website"' in text
    assert "<script" not in text.split("</head>")[1]
    assert "style=" not in text


def test_unknown_kommune_is_404(tenant):
    assert Client().get(public_url("nirgendwo")).status_code == 404
    assert Client().post(public_url("nirgendwo"), offer_post()).status_code == 404


def test_valid_offer_is_stored_as_new(tenant):
    response = Client().post(public_url(), offer_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("offers:offer_thanks", kwargs={"slug": "paderborn"})
    offer = OfferSubmission.objects.get()
    assert offer.kommune == tenant.kommune
    assert offer.status == OfferStatus.NEW
    assert offer.rent_net_cold == Decimal("480")
    assert offer.privacy_accepted_at is not None
    assert Client().get(response["Location"]).status_code == 200


def test_privacy_checkbox_is_required(tenant):
    data = offer_post()
    del data["privacy"]
    response = Client().post(public_url(), data)
    assert response.status_code == 400
    assert "privacy" in response.context["form"].errors
    assert not OfferSubmission.objects.exists()


def test_bad_input_names_the_field(tenant):
    response = Client().post(
        public_url(), offer_post(rent_net_cold="-3", email="kaputt", postcode="1")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"rent_net_cold", "email", "postcode"} <= set(errors)
    assert not OfferSubmission.objects.exists()


def test_honeypot_is_refused(tenant):
    response = Client().post(public_url(), offer_post(website="http://spam.example"))
    assert response.status_code == 400
    assert not OfferSubmission.objects.exists()


def test_too_fast_is_refused(tenant):
    response = Client().post(public_url(), offer_post(stamp=old_stamp(seconds_ago=0)))
    assert response.status_code == 400
    assert not OfferSubmission.objects.exists()


def test_too_old_or_forged_stamp_is_refused(tenant):
    response = Client().post(public_url(), offer_post(stamp=old_stamp(seconds_ago=3 * 3600)))
    assert response.status_code == 400
    response = Client().post(public_url(), offer_post(stamp="1234:forged"))
    assert response.status_code == 400
    response = Client().post(public_url(), offer_post(stamp=""))
    assert response.status_code == 400
    assert not OfferSubmission.objects.exists()


def test_rate_limit_per_client_address(tenant):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(views.RATE_LIMIT):
        assert client.post(public_url(), offer_post()).status_code == 302
    response = client.post(public_url(), offer_post())
    assert response.status_code == 429
    assert OfferSubmission.objects.count() == views.RATE_LIMIT
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.post(public_url(), offer_post()).status_code == 302


# --- Review queue -----------------------------------------------------------------------


def make_offer(kommune, **overrides):
    values = {
        "landlord_kind": "private",
        "landlord_name": "Gisela Kamp",
        "email": "gisela@example.org",
        "street": "Kamp 5",
        "postcode": "33098",
        "municipality": "Paderborn",
        "rooms": Decimal("3"),
        "area_m2": Decimal("72"),
        "rent_net_cold": Decimal("480"),
        "service_costs_cold": Decimal("130"),
        "heating_costs": Decimal("70"),
        "available_from": dt.date(2026, 12, 1),
        "max_persons": 4,
        "privacy_accepted_at": timezone.now(),
    }
    values.update(overrides)
    return OfferSubmission.objects.create(kommune=kommune, **values)


def url(name, **kwargs):
    return reverse(f"housing:{name}", kwargs={"kommune": "paderborn", **kwargs})


def test_queue_lists_new_offers(tenant):
    make_offer(tenant.kommune, street="Neu 1")
    make_offer(tenant.kommune, street="Alt 2", status=OfferStatus.REJECTED)
    response = tenant.client("wohnraum").get(url("offer_list"))
    assert [o.street for o in response.context["page"]] == ["Neu 1"]
    assert "610,00 €" in response.content.decode()


def test_take_over_creates_landlord_and_apartment(tenant):
    offer = make_offer(tenant.kommune)
    response = tenant.client("wohnraum").post(url("offer_take_over", offer=offer.uuid))
    apartment = Apartment.objects.get()
    assert response["Location"] == url("apartment_detail", apartment=apartment.uuid)
    assert apartment.status == ApartmentStatus.OFFERED
    assert apartment.gross_cold_rent == Decimal("610")
    assert apartment.landlord.email == "gisela@example.org"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert offer.apartment == apartment
    assert offer.reviewed_by == tenant.user("wohnraum")


def test_take_over_links_the_landlord_with_the_same_email(tenant):
    known = make_landlord(tenant.kommune, name="Familie Kamp", email="Gisela@Example.org")
    offer = make_offer(tenant.kommune)
    tenant.client("koordination").post(url("offer_take_over", offer=offer.uuid))
    assert Landlord.objects.count() == 1
    assert Apartment.objects.get().landlord == known


def test_take_over_twice_is_refused(tenant):
    offer = make_offer(tenant.kommune)
    client = tenant.client("wohnraum")
    client.post(url("offer_take_over", offer=offer.uuid))
    client.post(url("offer_take_over", offer=offer.uuid))
    assert Apartment.objects.count() == 1


def test_take_over_of_invalid_data_changes_nothing(tenant):
    offer = make_offer(tenant.kommune, rooms=Decimal("0.5"))
    response = tenant.client("wohnraum").post(url("offer_take_over", offer=offer.uuid))
    assert response.status_code == 302
    assert not Apartment.objects.exists()
    assert not Landlord.objects.exists()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.NEW


def test_reject_needs_a_note(tenant):
    offer = make_offer(tenant.kommune)
    client = tenant.client("wohnraum")
    response = client.post(url("offer_reject", offer=offer.uuid), {"note": ""})
    assert response.status_code == 400
    assert "note" in response.context["reject_form"].errors
    offer.refresh_from_db()
    assert offer.status == OfferStatus.NEW
    response = client.post(url("offer_reject", offer=offer.uuid), {"note": "Gewerbeeinheit"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.review_note) == (OfferStatus.REJECTED, "Gewerbeeinheit")


def test_queue_wrong_role_and_other_kommune(tenant, other_tenant):
    offer = make_offer(tenant.kommune)
    assert tenant.client("fallmanagement").get(url("offer_list")).status_code == 403
    assert (
        tenant.client("fallmanagement").post(url("offer_take_over", offer=offer.uuid)).status_code
        == 403
    )
    response = other_tenant.client("wohnraum").post(
        reverse("housing:offer_take_over", kwargs={"kommune": "koenigswinter", "offer": offer.uuid})
    )
    assert response.status_code == 404
    assert not Apartment.objects.exists()


def test_queue_query_count_is_constant(tenant, django_assert_max_num_queries):
    for _ in range(5):
        make_offer(tenant.kommune)
    client = tenant.client("wohnraum")
    client.get(url("offer_list"))
    with django_assert_max_num_queries(12) as small:
        client.get(url("offer_list"))
    for _ in range(45):
        make_offer(tenant.kommune)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("offer_list"))
    assert len(response.context["page"].object_list) == 50
