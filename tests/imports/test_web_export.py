"""The person export views: CSV and XLSX in the template's columns, by role and consent."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from vorort.core.roles import PERMISSIONS, Role
from vorort.people.choices import DataCategory, DocumentType
from vorort.people.models import Address, Consent, Person, ResidenceStatus

from ..factories import PersonFactory


def export_url(fmt: str, kommune: str = "paderborn") -> str:
    return reverse(f"imports:export_{fmt}", kwargs={"kommune": kommune})


@pytest.fixture
def persons(tenant):
    k = tenant.kommune
    shared = PersonFactory(
        kommune=k,
        file_reference="AZ-1",
        last_name="=HYPERLINK(1)",
        first_name="Amal",
        birth_date=dt.date(1990, 2, 1),
    )
    ResidenceStatus.objects.create(
        kommune=k,
        person=shared,
        document_type=DocumentType.DULDUNG,
        valid_from=dt.date(2024, 1, 1),
    )
    Address.objects.create(
        kommune=k,
        person=shared,
        street="Am Markt 1",
        postcode="33098",
        city="Paderborn",
        valid_from=dt.date(2024, 1, 1),
    )
    Consent.objects.create(
        kommune=k,
        person=shared,
        purpose="work",
        data_categories=[DataCategory.STAMMDATEN],
        recipient=tenant.partner_org,
        given_on=dt.date(2024, 1, 1),
    )
    secret = PersonFactory(
        kommune=k, file_reference="AZ-2", last_name="Geheim", birth_date=dt.date(1980, 1, 1)
    )
    return shared, secret


def test_case_work_exports_csv_in_the_template_columns(tenant, persons):
    response = tenant.client(Role.FALLMANAGEMENT).get(export_url("csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Aktenzeichen;Nachname;Vorname;Geburtsdatum")
    assert lines[1].startswith("AZ-1;'=HYPERLINK(1);Amal;01.02.1990")  # formula escaped
    assert "Duldung" in lines[1]
    assert "Am Markt 1;33098;Paderborn" in lines[1]
    assert lines[2].startswith("AZ-2;Geheim")


def test_case_work_exports_xlsx(tenant, persons):
    response = tenant.client(Role.KOORDINATION).get(export_url("xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["A1"].value == "Aktenzeichen"
    assert sheet["B2"].value == "'=HYPERLINK(1)"
    assert sheet["D2"].value.date() == dt.date(1990, 2, 1)
    assert sheet.max_row == 3


@pytest.mark.parametrize(
    "role",
    [Role.WOHNRAUM, Role.EHRENAMTSKOORDINATION, Role.EHRENAMT, Role.PARTNER, Role.AUSWERTUNG],
)
def test_other_roles_may_not_export(tenant, persons, role):
    for fmt in ("csv", "xlsx"):
        assert tenant.client(role).get(export_url(fmt)).status_code == 403


def test_another_kommune_gets_404(tenant, other_tenant, persons):
    client = other_tenant.client(Role.KOORDINATION)
    assert client.get(export_url("csv")).status_code == 404
    # Its own export holds none of Paderborn's persons.
    own = client.get(export_url("csv", kommune="koenigswinter")).content.decode("utf-8-sig")
    assert own.splitlines()[1:] == []


def test_a_role_with_partial_visibility_gets_only_what_consent_shares(tenant, persons, monkeypatch):
    """Should a partner ever be allowed to export, the export follows its consents."""
    roles, description = PERMISSIONS["export.persons"]
    monkeypatch.setitem(PERMISSIONS, "export.persons", (roles | {Role.PARTNER}, description))
    response = tenant.client(Role.PARTNER).get(export_url("csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "AZ-1" in text
    assert "Geheim" not in text and "AZ-2" not in text
    # The consent names Stammdaten only: no residence status, no address.
    assert "Duldung" not in text
    assert "Am Markt" not in text
    assert Person.objects.count() == 2


def test_the_person_list_links_the_exports_for_export_roles_only(tenant):
    page = reverse("people:person_list", kwargs={"kommune": "paderborn"})
    link = f'href="{export_url("xlsx")}"'
    assert link in tenant.client(Role.FALLMANAGEMENT).get(page).content.decode()
    assert link not in tenant.client(Role.WOHNRAUM).get(page).content.decode()


def test_case_work_downloads_the_status_history(tenant, persons, other_tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    url = reverse("imports:export_statuses_csv", kwargs={"kommune": "paderborn"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Aktenzeichen;Aufenthaltsstatus;gültig ab;gültig bis"
    assert lines[1].startswith("AZ-1;") and "01.01.2024" in lines[1]
    xlsx = client.get(reverse("imports:export_statuses_xlsx", kwargs={"kommune": "paderborn"}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "AZ-1" and sheet["C2"].value == dt.datetime(2024, 1, 1)
    for role in (Role.WOHNRAUM, Role.EHRENAMT, Role.PARTNER, Role.AUSWERTUNG):
        assert tenant.client(role).get(url).status_code == 403, role
    assert other_tenant.client(Role.KOORDINATION).get(url).status_code == 404
    listing = client.get(reverse("people:person_list", kwargs={"kommune": "paderborn"}))
    assert url in listing.content.decode()
