"""Consents (Einwilligungen): record, upload checks, private download, withdraw, partner access."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from vorort.people import models as m
from vorort.people.choices import DataCategory
from vorort.people.selectors import persons_visible_to, visible_categories

from ..cases_factories import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    ConsentFactory,
    client_of,
    consent_with_document,
    person_in,
    today,
    url,
)
from ..factories import PartnerOrganisationFactory


def _consent_data(tenant, **overrides):
    data = {
        "purpose": "work",
        "data_categories": [DataCategory.STAMMDATEN, DataCategory.AUFENTHALT],
        "recipient": tenant.partner_org.pk,
        "given_on": today().isoformat(),
    }
    data.update(overrides)
    return data


# --- consent_add ---------------------------------------------------------------------------


def test_consent_add_records_a_consent_with_its_document(tenant):
    person = person_in(tenant)
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("consent_add", person=person.uuid)).status_code == 200
    upload = SimpleUploadedFile("Einwilligung Haddad.pdf", PDF_BYTES, "application/pdf")
    response = client.post(
        url("consent_add", person=person.uuid), _consent_data(tenant, document=upload)
    )
    assert response.status_code == 302
    assert response["Location"] == url("person_detail", person=person.uuid)
    consent = m.Consent.objects.get(person=person)
    assert consent.data_categories == ["stammdaten", "aufenthalt"]
    assert consent.recipient == tenant.partner_org
    # Stored under MEDIA_ROOT with a random name, not the uploaded one (it names the person).
    stored = Path(consent.document.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "Haddad" not in consent.document.name and stored.suffix == ".pdf"
    assert stored.read_bytes() == PDF_BYTES
    assert m.TimelineEntry.objects.filter(person=person, kind="consent.given").exists()


def test_consent_add_without_a_document(tenant):
    person = person_in(tenant)
    response = client_of(tenant, "koordination").post(
        url("consent_add", person=person.uuid), _consent_data(tenant)
    )
    assert response.status_code == 302
    assert not m.Consent.objects.get(person=person).document


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.png", PNG_BYTES), ("scan.jpg", JPEG_BYTES), ("scan.JPEG", JPEG_BYTES)],
)
def test_consent_add_accepts_png_and_jpeg(tenant, name, content):
    person = person_in(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("consent_add", person=person.uuid),
        _consent_data(tenant, document=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 302
    assert m.Consent.objects.get(person=person).document.name.endswith((".png", ".jpg"))


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("einwilligung.pdf", b"MZ\x90\x00 this is a Windows program"),
        ("einwilligung.pdf", b"<html><script>alert(1)</script></html>"),
        ("einwilligung.pdf", PNG_BYTES),  # a PNG renamed to .pdf
        ("einwilligung.exe", PDF_BYTES),
        ("einwilligung.pdf", b""),
    ],
)
def test_consent_add_refuses_files_that_are_not_what_they_claim(tenant, name, content):
    person = person_in(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("consent_add", person=person.uuid),
        _consent_data(tenant, document=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["document"]
    assert errors and errors[0].startswith("Signed document")
    assert not m.Consent.objects.exists()
    assert _media_files() == []


def test_consent_add_refuses_files_over_5_mb(tenant):
    person = person_in(tenant)
    big = PDF_BYTES + b"0" * (5 * 1024 * 1024)
    response = client_of(tenant, "fallmanagement").post(
        url("consent_add", person=person.uuid),
        _consent_data(tenant, document=SimpleUploadedFile("gross.pdf", big)),
    )
    assert response.status_code == 400
    assert "Signed document: the file is larger than 5 MB" in response.content.decode()
    assert not m.Consent.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"data_categories": []}, "data_categories", "Data categories: please choose at least"),
        ({"data_categories": ["bogus"]}, "data_categories", "Data categories: please choose"),
        ({"purpose": ""}, "purpose", "Purpose: this field is required."),
        ({"given_on": "2099-01-01"}, "given_on", "Given on: the date cannot be in the future."),
        ({"given_on": "gestern"}, "given_on", "Given on: please enter a valid date"),
        ({"recipient": ""}, "recipient", "Recipient: this field is required."),
    ],
)
def test_consent_add_refuses_bad_input(tenant, overrides, field, message):
    person = person_in(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("consent_add", person=person.uuid), _consent_data(tenant, **overrides)
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field][0].startswith(message)
    assert not m.Consent.objects.exists()


def test_consent_add_refuses_a_recipient_of_another_kommune(tenant, other_tenant):
    person = person_in(tenant)
    response = client_of(tenant, "fallmanagement").post(
        url("consent_add", person=person.uuid),
        _consent_data(tenant, recipient=other_tenant.partner_org.pk),
    )
    assert response.status_code == 400
    assert "Recipient: please choose one of the offered values." in response.content.decode()
    assert not m.Consent.objects.exists()


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamt", "partner", "auswertung"])
def test_consent_add_is_forbidden_for_other_roles(tenant, role):
    person = person_in(tenant)
    response = client_of(tenant, role).post(
        url("consent_add", person=person.uuid), _consent_data(tenant)
    )
    assert response.status_code == 403
    assert not m.Consent.objects.exists()


def test_consent_add_404s_for_other_kommune(tenant, other_tenant):
    person = person_in(tenant)
    client = client_of(other_tenant, "fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        response = client.post(
            url("consent_add", kommune=kommune, person=person.uuid),
            _consent_data(other_tenant),
        )
        assert response.status_code == 404
    assert not m.Consent.objects.exists()


# --- consent_document ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type", "suffix"),
    [
        (PDF_BYTES, "application/pdf", ".pdf"),
        (PNG_BYTES, "image/png", ".png"),
        (JPEG_BYTES, "image/jpeg", ".jpg"),
    ],
)
def test_consent_document_streams_the_file_as_attachment(tenant, content, content_type, suffix):
    consent = consent_with_document(tenant, person_in(tenant), content, f"x{suffix}")
    response = client_of(tenant, "fallmanagement").get(
        url("consent_document", consent=consent.uuid)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert suffix in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == content


def test_consent_document_uses_the_stored_signature_not_the_name(tenant):
    # A file that changed on disk after the upload check is not handed out.
    consent = consent_with_document(tenant, person_in(tenant), PDF_BYTES, "x.pdf")
    Path(consent.document.path).write_bytes(b"<html>not a pdf</html>")
    response = client_of(tenant, "fallmanagement").get(
        url("consent_document", consent=consent.uuid)
    )
    assert response.status_code == 404


def test_consent_document_404s_without_a_document(tenant):
    consent = ConsentFactory(person=person_in(tenant), recipient=tenant.partner_org)
    response = client_of(tenant, "fallmanagement").get(
        url("consent_document", consent=consent.uuid)
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamtskoordination", "ehrenamt", "partner"])
def test_consent_document_is_denied_to_other_roles(tenant, role):
    consent = consent_with_document(tenant, person_in(tenant))
    # The partner is the recipient of this very consent and still may not download it.
    response = client_of(tenant, role).get(url("consent_document", consent=consent.uuid))
    assert response.status_code == 403


def test_consent_document_404s_for_other_kommune(tenant, other_tenant):
    consent = consent_with_document(tenant, person_in(tenant))
    client = client_of(other_tenant, "koordination")
    for kommune in ("paderborn", "koenigswinter"):
        response = client.get(url("consent_document", kommune=kommune, consent=consent.uuid))
        assert response.status_code == 404


def test_media_is_not_served_publicly(tenant):
    consent = consent_with_document(tenant, person_in(tenant))
    client = client_of(tenant, "koordination")
    assert client.get(settings.MEDIA_URL + consent.document.name).status_code == 404


# --- consent_withdraw ----------------------------------------------------------------------


def test_consent_withdraw_withdraws(tenant):
    consent = ConsentFactory(person=person_in(tenant), recipient=tenant.partner_org)
    client = client_of(tenant, "fallmanagement")
    assert client.get(url("consent_withdraw", consent=consent.uuid)).status_code == 200
    response = client.post(
        url("consent_withdraw", consent=consent.uuid),
        {"withdrawn_on": today().isoformat(), "version": consent.version},
    )
    assert response.status_code == 302
    assert response["Location"] == url("person_detail", person=consent.person.uuid)
    consent.refresh_from_db()
    assert consent.withdrawn_on == today()
    assert m.TimelineEntry.objects.filter(person=consent.person, kind="consent.withdrawn").exists()


@pytest.mark.parametrize(
    ("withdrawn_on", "message"),
    [
        (None, "Withdrawn on: this field is required."),
        (dt.timedelta(days=1), "Withdrawn on: the date cannot be in the future."),
        (dt.timedelta(days=-31), "Withdrawn on: the date cannot be before the consent was given"),
    ],
)
def test_consent_withdraw_refuses_bad_dates(tenant, withdrawn_on, message):
    consent = ConsentFactory(person=person_in(tenant), recipient=tenant.partner_org)
    data = {"withdrawn_on": "" if withdrawn_on is None else (today() + withdrawn_on).isoformat()}
    response = client_of(tenant, "fallmanagement").post(
        url("consent_withdraw", consent=consent.uuid), data
    )
    assert response.status_code == 400
    assert response.context["form"].errors["withdrawn_on"][0].startswith(message)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_withdrawn_consent_cannot_be_withdrawn_again(tenant):
    earlier = today() - dt.timedelta(days=3)
    consent = ConsentFactory(
        person=person_in(tenant), recipient=tenant.partner_org, withdrawn_on=earlier
    )
    response = client_of(tenant, "fallmanagement").post(
        url("consent_withdraw", consent=consent.uuid), {"withdrawn_on": today().isoformat()}
    )
    assert response.status_code == 400
    assert "This consent was already withdrawn on" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on == earlier


@pytest.mark.parametrize("role", ["wohnraum", "partner", "auswertung"])
def test_consent_withdraw_is_forbidden_for_other_roles(tenant, role):
    consent = ConsentFactory(person=person_in(tenant), recipient=tenant.partner_org)
    response = client_of(tenant, role).post(
        url("consent_withdraw", consent=consent.uuid), {"withdrawn_on": today().isoformat()}
    )
    assert response.status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_consent_withdraw_404s_for_other_kommune(tenant, other_tenant):
    consent = ConsentFactory(person=person_in(tenant), recipient=tenant.partner_org)
    client = client_of(other_tenant, "fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        response = client.post(
            url("consent_withdraw", kommune=kommune, consent=consent.uuid),
            {"withdrawn_on": today().isoformat()},
        )
        assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


# --- what the partner sees follows consent -------------------------------------------------


def test_partner_access_follows_consent_end_to_end(tenant):
    person = person_in(tenant, first_name="Amina", last_name="Haddad")
    partner = client_of(tenant, "partner")
    partner_membership = tenant.user("partner").memberships.get()
    detail = url("person_detail", person=person.uuid)

    assert partner.get(detail).status_code == 404
    assert person not in persons_visible_to(partner_membership)

    case_worker = client_of(tenant, "fallmanagement")
    response = case_worker.post(
        url("consent_add", person=person.uuid),
        _consent_data(tenant, given_on=today().isoformat()),
    )
    assert response.status_code == 302
    consent = m.Consent.objects.get(person=person)

    response = partner.get(detail)
    assert response.status_code == 200
    assert "Haddad" in response.content.decode()
    assert visible_categories(partner_membership, person) == {"stammdaten", "aufenthalt"}

    response = case_worker.post(
        url("consent_withdraw", consent=consent.uuid), {"withdrawn_on": today().isoformat()}
    )
    assert response.status_code == 302
    assert partner.get(detail).status_code == 404
    assert visible_categories(partner_membership, person) == set()


def test_a_consent_for_another_organisation_gives_the_partner_nothing(tenant):
    person = person_in(tenant)
    elsewhere = PartnerOrganisationFactory(kommune=tenant.kommune, name="Ausländerbehörde")
    response = client_of(tenant, "fallmanagement").post(
        url("consent_add", person=person.uuid), _consent_data(tenant, recipient=elsewhere.pk)
    )
    assert response.status_code == 302
    partner_membership = tenant.user("partner").memberships.get()
    assert person not in persons_visible_to(partner_membership)
    assert visible_categories(partner_membership, person) == set()
    response = client_of(tenant, "partner").get(url("person_detail", person=person.uuid))
    assert response.status_code == 404


# --- the person page's consent and case sections -------------------------------------------


def test_person_page_lists_consents_with_links_for_case_workers(tenant):
    person = person_in(tenant)
    consent = consent_with_document(tenant, person)
    body = client_of(tenant, "fallmanagement").get(url("person_detail", person=person.uuid))
    text = body.content.decode()
    assert tenant.partner_org.name in text
    assert "residence status and asylum dates" in text
    assert url("consent_document", consent=consent.uuid) in text
    assert url("consent_withdraw", consent=consent.uuid) in text
    assert url("consent_add", person=person.uuid) in text
    assert url("case_create", person=person.uuid) in text


def test_person_page_hides_consents_and_cases_from_other_roles(tenant):
    person = person_in(tenant)
    consent = consent_with_document(tenant, person)
    from ..cases_factories import case_in

    case = case_in(tenant, person=person)
    response = client_of(tenant, "wohnraum").get(url("person_detail", person=person.uuid))
    assert response.status_code == 200
    text = response.content.decode()
    assert url("consent_document", consent=consent.uuid) not in text
    assert url("consent_add", person=person.uuid) not in text
    assert url("case_detail", case=case.uuid) not in text
    assert case.reference not in text
