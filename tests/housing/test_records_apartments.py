"""Apartments and landlords: lists, filters, detail, create, edit (optimistic lock), withdraw."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from vorort.housing.choices import ApartmentStatus, PlacementStatus
from vorort.housing.models import Apartment, Landlord, Placement
from vorort.people.models import Household

from ..housing_records_factories import (
    apartment_post,
    make_apartment,
    make_district,
    make_landlord,
)


def url(name: str, **kwargs):
    return reverse(f"housing:{name}", kwargs={"kommune": "paderborn", **kwargs})


def test_apartment_list_shows_gross_cold_rent_and_occupancy_range(tenant):
    make_apartment(
        tenant.kommune,
        street="Kamp 1",
        rent_net_cold=Decimal("600.40"),
        service_costs_cold=Decimal("142.50"),
        min_persons=2,
        max_persons=4,
    )
    response = tenant.client("wohnraum").get(url("apartment_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kamp 1" in text
    assert "742,90 €" in text
    assert "2–4" in text


def test_apartment_list_filters(tenant):
    elsen = make_district(tenant.kommune, "Elsen")
    make_apartment(tenant.kommune, street="Teuer 1", rent_net_cold=Decimal("900"))
    make_apartment(tenant.kommune, street="Elsen 2", district=elsen, rooms=Decimal("4"))
    make_apartment(tenant.kommune, street="Zu 3", status=ApartmentStatus.WITHDRAWN)
    make_apartment(tenant.kommune, street="Rolli 4", accessible=True)
    make_apartment(tenant.kommune, street="Lippe 5", municipality="Bad Lippspringe")
    client = tenant.client("koordination")

    def streets(**params):
        response = client.get(url("apartment_list"), params)
        assert response.status_code == 200
        return {a.street for a in response.context["page"]}

    assert streets(max_rent="600") == {"Elsen 2", "Zu 3", "Rolli 4", "Lippe 5"}
    assert streets(district=str(elsen.uuid)) == {"Elsen 2"}
    assert streets(min_rooms="3") == {"Elsen 2"}
    assert streets(status="withdrawn") == {"Zu 3"}
    assert streets(accessible="on") == {"Rolli 4"}
    assert streets(municipality="Bad Lippspringe") == {"Lippe 5"}


def test_apartment_list_bad_filter_is_400_naming_the_field(tenant):
    response = tenant.client("wohnraum").get(url("apartment_list"), {"max_rent": "viel"})
    assert response.status_code == 400
    assert "Bruttokaltmiete" in response.content.decode() or "rent" in response.content.decode()


def test_apartment_list_query_count_is_constant(tenant, django_assert_max_num_queries):
    landlord = make_landlord(tenant.kommune)
    district = make_district(tenant.kommune)
    for _ in range(5):
        make_apartment(tenant.kommune, landlord=landlord, district=district)
    client = tenant.client("wohnraum")
    client.get(url("apartment_list"))  # warm up session and caches
    with django_assert_max_num_queries(12) as small:
        client.get(url("apartment_list"))
    for _ in range(45):
        make_apartment(tenant.kommune, landlord=make_landlord(tenant.kommune), district=district)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("apartment_list"))
    assert len(response.context["page"].object_list) == 50


def test_landlord_list_query_count_is_constant(tenant, django_assert_max_num_queries):
    for _ in range(5):
        make_apartment(tenant.kommune)
    client = tenant.client("wohnraum")
    client.get(url("landlord_list"))
    with django_assert_max_num_queries(12) as small:
        client.get(url("landlord_list"))
    for _ in range(45):
        make_apartment(tenant.kommune)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("landlord_list"))
    assert len(response.context["page"].object_list) == 50


def test_create_apartment(tenant):
    landlord = make_landlord(tenant.kommune, name="Gisela Kamp")
    response = tenant.client("wohnraum").post(url("apartment_create"), apartment_post(landlord))
    apartment = Apartment.objects.get(street="Kamp 5")
    assert response.status_code == 302
    assert response["Location"] == url("apartment_detail", apartment=apartment.uuid)
    assert apartment.status == ApartmentStatus.OFFERED
    assert apartment.landlord == landlord
    assert apartment.gross_cold_rent == Decimal("610.00")
    assert apartment.kommune == tenant.kommune


def test_create_apartment_min_above_max_is_refused(tenant):
    landlord = make_landlord(tenant.kommune)
    response = tenant.client("wohnraum").post(
        url("apartment_create"), apartment_post(landlord, min_persons="5", max_persons="3")
    )
    assert response.status_code == 400
    assert "min_persons" in response.context["form"].errors
    assert "5" in response.context["form"].errors["min_persons"][0]
    assert not Apartment.objects.exists()


def test_create_apartment_negative_rent_is_refused(tenant):
    landlord = make_landlord(tenant.kommune)
    response = tenant.client("wohnraum").post(
        url("apartment_create"), apartment_post(landlord, rent_net_cold="-5")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "rent_net_cold" in errors
    assert "Nettokaltmiete" in errors["rent_net_cold"][0] or "rent" in errors["rent_net_cold"][0]
    assert not Apartment.objects.exists()


def test_create_apartment_bad_date_is_refused(tenant):
    landlord = make_landlord(tenant.kommune)
    response = tenant.client("wohnraum").post(
        url("apartment_create"), apartment_post(landlord, available_from="morgen")
    )
    assert response.status_code == 400
    assert "available_from" in response.context["form"].errors
    assert not Apartment.objects.exists()


def test_create_apartment_with_other_kommunes_landlord_is_refused(tenant, other_tenant):
    foreign = make_landlord(other_tenant.kommune)
    response = tenant.client("wohnraum").post(url("apartment_create"), apartment_post(foreign))
    assert response.status_code == 400
    assert "landlord" in response.context["form"].errors
    assert not Apartment.objects.exists()


def test_fallmanagement_may_not_create_apartments(tenant):
    landlord = make_landlord(tenant.kommune)
    client = tenant.client("fallmanagement")
    assert client.get(url("apartment_list")).status_code == 200
    assert client.post(url("apartment_create"), apartment_post(landlord)).status_code == 403
    assert not Apartment.objects.exists()


def test_other_kommune_gets_404_for_apartment(tenant, other_tenant):
    apartment = make_apartment(tenant.kommune)
    client = other_tenant.client("wohnraum")
    response = client.get(
        reverse(
            "housing:apartment_detail",
            kwargs={"kommune": "paderborn", "apartment": apartment.uuid},
        )
    )
    assert response.status_code == 404
    # Own Kommune's URL, the other Kommune's apartment: also 404.
    response = client.get(
        reverse(
            "housing:apartment_detail",
            kwargs={"kommune": "koenigswinter", "apartment": apartment.uuid},
        )
    )
    assert response.status_code == 404


def test_edit_apartment(tenant):
    apartment = make_apartment(tenant.kommune)
    data = apartment_post(apartment.landlord, version=str(apartment.version), street="Neu 1")
    response = tenant.client("wohnraum").post(url("apartment_edit", apartment=apartment.uuid), data)
    assert response.status_code == 302
    apartment.refresh_from_db()
    assert apartment.street == "Neu 1"
    assert apartment.version == 2


def test_edit_apartment_with_stale_version_is_refused(tenant):
    apartment = make_apartment(tenant.kommune, street="Alt 1")
    data = apartment_post(apartment.landlord, version=str(apartment.version), street="Neu 1")
    Apartment.objects.filter(pk=apartment.pk).update(version=5)
    response = tenant.client("wohnraum").post(url("apartment_edit", apartment=apartment.uuid), data)
    assert response.status_code == 400
    assert "Someone else" in str(response.context["form"].non_field_errors()) or (
        "jemand" in str(response.context["form"].non_field_errors()).lower()
    )
    apartment.refresh_from_db()
    assert apartment.street == "Alt 1"


def test_edit_does_not_change_status(tenant):
    apartment = make_apartment(tenant.kommune, status=ApartmentStatus.RESERVED)
    data = apartment_post(apartment.landlord, version="1", status="offered")
    tenant.client("wohnraum").post(url("apartment_edit", apartment=apartment.uuid), data)
    apartment.refresh_from_db()
    assert apartment.status == ApartmentStatus.RESERVED


def test_withdraw_apartment(tenant):
    apartment = make_apartment(tenant.kommune, notes="Altbau")
    response = tenant.client("wohnraum").post(
        url("apartment_withdraw", apartment=apartment.uuid),
        {"reason": "Vermieter verkauft", "version": "1"},
    )
    assert response.status_code == 302
    apartment.refresh_from_db()
    assert apartment.status == ApartmentStatus.WITHDRAWN
    assert "Vermieter verkauft" in apartment.notes
    assert apartment.notes.startswith("Altbau")
    response = tenant.client("wohnraum").post(url("apartment_reoffer", apartment=apartment.uuid))
    apartment.refresh_from_db()
    assert apartment.status == ApartmentStatus.OFFERED


def test_withdraw_without_reason_is_refused(tenant):
    apartment = make_apartment(tenant.kommune)
    response = tenant.client("wohnraum").post(
        url("apartment_withdraw", apartment=apartment.uuid), {"reason": ""}
    )
    assert response.status_code == 400
    assert "reason" in response.context["withdraw_form"].errors
    apartment.refresh_from_db()
    assert apartment.status == ApartmentStatus.OFFERED


def test_withdraw_is_refused_while_a_placement_holds_the_apartment(tenant):
    apartment = make_apartment(tenant.kommune, status=ApartmentStatus.RESERVED)
    household = Household.objects.create(kommune=tenant.kommune, name="Familie Rahimi")
    Placement.objects.create(
        kommune=tenant.kommune,
        household=household,
        apartment=apartment,
        status=PlacementStatus.ACCEPTED,
    )
    response = tenant.client("wohnraum").post(
        url("apartment_withdraw", apartment=apartment.uuid), {"reason": "verkauft"}
    )
    assert response.status_code == 400
    assert "Familie Rahimi" in response.content.decode()
    apartment.refresh_from_db()
    assert apartment.status == ApartmentStatus.RESERVED


def test_apartment_detail_lists_placements(tenant):
    apartment = make_apartment(tenant.kommune)
    household = Household.objects.create(kommune=tenant.kommune, name="Familie Tesfay")
    Placement.objects.create(
        kommune=tenant.kommune,
        household=household,
        apartment=apartment,
        status=PlacementStatus.PROPOSED,
    )
    response = tenant.client("fallmanagement").get(
        url("apartment_detail", apartment=apartment.uuid)
    )
    assert response.status_code == 200
    assert "Familie Tesfay" in response.content.decode()


# --- Landlords --------------------------------------------------------------------------


def landlord_post(**overrides):
    data = {
        "kind": "private",
        "name": "Gisela Kamp",
        "contact_person": "",
        "phone": "05251 1234",
        "email": "gisela@example.org",
        "street": "",
        "postcode": "",
        "city": "",
        "preferences": "Familie mit Kindern",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_create_and_edit_landlord(tenant):
    client = tenant.client("wohnraum")
    response = client.post(url("landlord_create"), landlord_post())
    landlord = Landlord.objects.get(name="Gisela Kamp")
    assert response["Location"] == url("landlord_detail", landlord=landlord.uuid)
    response = client.post(
        url("landlord_edit", landlord=landlord.uuid),
        landlord_post(name="Gisela Kamp-Meier", version="1"),
    )
    assert response.status_code == 302
    landlord.refresh_from_db()
    assert landlord.name == "Gisela Kamp-Meier"


def test_landlord_edit_with_stale_version_is_refused(tenant):
    landlord = make_landlord(tenant.kommune, name="Alt")
    Landlord.objects.filter(pk=landlord.pk).update(version=3)
    response = tenant.client("wohnraum").post(
        url("landlord_edit", landlord=landlord.uuid), landlord_post(name="Neu", version="1")
    )
    assert response.status_code == 400
    landlord.refresh_from_db()
    assert landlord.name == "Alt"


def test_landlord_bad_input_names_the_field(tenant):
    response = tenant.client("wohnraum").post(
        url("landlord_create"), landlord_post(name="", email="kaputt", postcode="123")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"name", "email", "postcode"} <= set(errors)
    assert "E-Mail" in errors["email"][0] or "e-mail" in errors["email"][0]
    assert not Landlord.objects.exists()


def test_landlord_list_search_and_kind(tenant):
    make_landlord(tenant.kommune, name="Gisela Kamp")
    make_landlord(tenant.kommune, name="Spar- und Bauverein", kind="cooperative")
    client = tenant.client("fallmanagement")
    found = client.get(url("landlord_list"), {"q": "kamp"}).context["page"].object_list
    assert [x.name for x in found] == ["Gisela Kamp"]
    found = client.get(url("landlord_list"), {"kind": "cooperative"}).context["page"].object_list
    assert [x.name for x in found] == ["Spar- und Bauverein"]


def test_landlord_detail_shows_apartments_and_tenancies(tenant):
    landlord = make_landlord(tenant.kommune, name="Gisela Kamp")
    apartment = make_apartment(tenant.kommune, landlord=landlord, street="Kamp 9")
    household = Household.objects.create(kommune=tenant.kommune, name="Familie Yilmaz")
    Placement.objects.create(
        kommune=tenant.kommune,
        household=household,
        apartment=apartment,
        status=PlacementStatus.MOVED_IN,
        moved_in_on=dt.date(2026, 3, 1),
    )
    response = tenant.client("wohnraum").get(url("landlord_detail", landlord=landlord.uuid))
    text = response.content.decode()
    assert "Kamp 9" in text
    assert "Familie Yilmaz" in text


def test_landlord_wrong_role_and_other_kommune(tenant, other_tenant):
    landlord = make_landlord(tenant.kommune)
    assert tenant.client("ehrenamt").get(url("landlord_list")).status_code == 403
    assert (
        tenant.client("fallmanagement")
        .post(url("landlord_edit", landlord=landlord.uuid), landlord_post(version="1"))
        .status_code
        == 403
    )
    response = other_tenant.client("wohnraum").get(
        reverse(
            "housing:landlord_detail",
            kwargs={"kommune": "koenigswinter", "landlord": landlord.uuid},
        )
    )
    assert response.status_code == 404


# --- Districts --------------------------------------------------------------------------


def test_district_create_and_edit(tenant):
    client = tenant.client("wohnraum")
    response = client.post(
        url("district_create"),
        {
            "name": "Wewer",
            "municipality": "Paderborn",
            "latitude": "51.6930",
            "longitude": "8.7050",
        },
    )
    assert response.status_code == 302
    from vorort.housing.models import District

    district = District.objects.get(name="Wewer")
    response = client.post(
        url("district_edit", district=district.uuid),
        {
            "name": "Wewer",
            "municipality": "Paderborn",
            "latitude": "",
            "longitude": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.latitude is None


def test_district_duplicate_is_refused(tenant):
    make_district(tenant.kommune, "Elsen")
    response = tenant.client("wohnraum").post(
        url("district_create"), {"name": "Elsen", "municipality": "Paderborn"}
    )
    assert response.status_code == 400


def test_district_list_query_count_is_constant(tenant, django_assert_max_num_queries):
    for n in range(5):
        make_district(tenant.kommune, f"Ortsteil {n}")
    client = tenant.client("wohnraum")
    client.get(url("district_list"))
    with django_assert_max_num_queries(12) as small:
        client.get(url("district_list"))
    for n in range(5, 50):
        make_district(tenant.kommune, f"Ortsteil {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("district_list"))
    assert len(response.context["page"].object_list) == 50
