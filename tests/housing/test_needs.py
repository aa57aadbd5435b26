"""Housing need: panel on the household page, edit form, places that matter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from vorort.housing.models import HousingNeed, ImportantPlace
from vorort.housing.services import kdu
from vorort.people.choices import Relation
from vorort.people.models import Household, HouseholdMember

from ..housing_records_factories import make_district, make_person


def url(name: str, **kwargs):
    return reverse(f"housing:{name}", kwargs={"kommune": "paderborn", **kwargs})


def family(kommune, persons=3, left=0):
    household = Household.objects.create(kommune=kommune, name="Familie Haddad")
    for index in range(persons):
        HouseholdMember.objects.create(
            kommune=kommune,
            household=household,
            person=make_person(kommune, f"Kind{index}"),
            relation=Relation.CHILD,
            joined_on=dt.date(2025, 1, 1),
            left_on=dt.date(2025, 6, 1) if index < left else None,
        )
    return household


def need_post(**overrides):
    data = {
        "active": "on",
        "seeking_since": "2026-01-15",
        "move_in_by": "",
        "rent_limit_override": "",
        "rent_limit_reason": "",
        "required_municipality": "Paderborn",
        "priority": "0",
        "priority_reason": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_panel_shows_persons_and_the_kdu_limit(tenant):
    kdu.load_table(kommune=tenant.kommune, path=kdu.shipped_tables()["paderborn"])
    household = family(tenant.kommune, persons=4, left=1)
    HousingNeed.objects.create(
        kommune=tenant.kommune, household=household, seeking_since=dt.date(2026, 1, 1)
    )
    response = tenant.client("fallmanagement").get(
        reverse(
            "people:household_detail",
            kwargs={"kommune": "paderborn", "household": household.uuid},
        )
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "housing-need-heading" in text
    # 3 current members (one left): the 3-person limit of Paderborn.
    assert "642,40 €" in text
    assert "KdU Paderborn / Bad Lippspringe" in text


def test_panel_shows_override_with_reason(tenant):
    household = family(tenant.kommune, persons=2)
    HousingNeed.objects.create(
        kommune=tenant.kommune,
        household=household,
        seeking_since=dt.date(2026, 1, 1),
        rent_limit_override=Decimal("600"),
        rent_limit_reason="Bescheid Jobcenter vom 3.2.",
    )
    response = tenant.client("koordination").get(
        reverse(
            "people:household_detail",
            kwargs={"kommune": "paderborn", "household": household.uuid},
        )
    )
    text = response.content.decode()
    assert "600,00 €" in text
    assert "Bescheid Jobcenter vom 3.2." in text


def test_record_need_with_preferred_districts(tenant):
    household = family(tenant.kommune)
    elsen = make_district(tenant.kommune, "Elsen")
    make_district(tenant.kommune, "Sande")
    response = tenant.client("fallmanagement").post(
        url("need_edit", household=household.uuid),
        need_post(
            preferred_districts=[str(elsen.pk)], priority="2", priority_reason="Notunterkunft"
        ),
    )
    assert response.status_code == 302
    need = HousingNeed.objects.get(household=household)
    assert list(need.preferred_districts.all()) == [elsen]
    assert need.priority == 2
    assert need.required_municipality == "Paderborn"


def test_override_without_reason_is_refused_naming_the_field(tenant):
    household = family(tenant.kommune)
    response = tenant.client("fallmanagement").post(
        url("need_edit", household=household.uuid), need_post(rent_limit_override="700")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "rent_limit_reason" in errors
    assert not HousingNeed.objects.exists()


def test_priority_without_reason_is_refused(tenant):
    household = family(tenant.kommune)
    response = tenant.client("wohnraum").post(
        url("need_edit", household=household.uuid), need_post(priority="3")
    )
    assert response.status_code == 400
    assert "priority_reason" in response.context["form"].errors
    assert not HousingNeed.objects.exists()


def test_negative_override_is_refused(tenant):
    household = family(tenant.kommune)
    response = tenant.client("wohnraum").post(
        url("need_edit", household=household.uuid),
        need_post(rent_limit_override="-1", rent_limit_reason="x"),
    )
    assert response.status_code == 400
    assert "rent_limit_override" in response.context["form"].errors


def test_edit_need_with_stale_version_is_refused(tenant):
    household = family(tenant.kommune)
    need = HousingNeed.objects.create(
        kommune=tenant.kommune, household=household, seeking_since=dt.date(2026, 1, 1)
    )
    HousingNeed.objects.filter(pk=need.pk).update(version=7)
    response = tenant.client("wohnraum").post(
        url("need_edit", household=household.uuid), need_post(version="1", pets="on")
    )
    assert response.status_code == 400
    need.refresh_from_db()
    assert not need.pets


def test_wohnraum_is_sent_back_to_the_need_page(tenant):
    household = family(tenant.kommune)
    response = tenant.client("wohnraum").post(
        url("need_edit", household=household.uuid), need_post()
    )
    assert response["Location"] == url("need_edit", household=household.uuid)


def test_places_add_and_remove(tenant):
    household = family(tenant.kommune)
    need = HousingNeed.objects.create(
        kommune=tenant.kommune, household=household, seeking_since=dt.date(2026, 1, 1)
    )
    elsen = make_district(tenant.kommune, "Elsen")
    client = tenant.client("fallmanagement")
    response = client.post(
        url("place_add", household=household.uuid),
        {"kind": "school", "label": "Grundschule Elsen", "district": str(elsen.uuid)},
    )
    assert response.status_code == 302
    place = ImportantPlace.objects.get(need=need)
    assert place.label == "Grundschule Elsen"
    response = client.post(url("place_remove", household=household.uuid, place=place.uuid))
    assert response.status_code == 302
    assert not ImportantPlace.objects.exists()


def test_place_without_district_names_the_field(tenant):
    household = family(tenant.kommune)
    HousingNeed.objects.create(
        kommune=tenant.kommune, household=household, seeking_since=dt.date(2026, 1, 1)
    )
    response = tenant.client("fallmanagement").post(
        url("place_add", household=household.uuid), {"kind": "school", "label": "Schule"}
    )
    assert response.status_code == 400
    assert "district" in response.context["place_form"].errors
    assert not ImportantPlace.objects.exists()


def test_foreign_district_is_refused(tenant, other_tenant):
    household = family(tenant.kommune)
    foreign = make_district(other_tenant.kommune, "Oberdollendorf", municipality="Königswinter")
    response = tenant.client("fallmanagement").post(
        url("need_edit", household=household.uuid),
        need_post(preferred_districts=[str(foreign.pk)]),
    )
    assert response.status_code == 400
    assert not HousingNeed.objects.exists()


def test_wrong_role_and_other_kommune(tenant, other_tenant):
    household = family(tenant.kommune)
    assert (
        tenant.client("ehrenamtskoordination")
        .post(url("need_edit", household=household.uuid), need_post())
        .status_code
        == 403
    )
    response = other_tenant.client("fallmanagement").get(
        reverse(
            "housing:need_edit",
            kwargs={"kommune": "koenigswinter", "household": household.uuid},
        )
    )
    assert response.status_code == 404
    assert not HousingNeed.objects.exists()
