"""The export downloads on the apartment and facility lists: role, Kommune, content, links."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PersonFactory
from tests.housing_records_factories import make_apartment, make_facility
from vorort.housing.models import Occupancy
from vorort.imports.housing_columns import (
    APARTMENT_COLUMNS,
    FACILITY_COLUMNS,
    OCCUPANCY_COLUMNS,
)


def _url(name: str, kommune: str = "paderborn") -> str:
    return reverse(f"imports:{name}", kwargs={"kommune": kommune})


def _csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_coordination_downloads_the_apartments_as_csv(tenant: Any, other_tenant: Any) -> None:
    make_apartment(tenant.kommune, reference="W-1", street="Riemekestraße 1")
    make_apartment(other_tenant.kommune, reference="FREMD")
    response = tenant.client("koordination").get(_url("export_apartments_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="wohnungen-paderborn-')
    assert response["Cache-Control"] == "private, no-store"
    rows = _csv_rows(response.content)
    assert rows[0] == [c.header for c in APARTMENT_COLUMNS]
    assert [(r[0], r[5]) for r in rows[1:]] == [("W-1", "Riemekestraße 1")]


def test_housing_staff_download_the_facilities_as_xlsx(tenant: Any) -> None:
    make_facility(tenant.kommune, name="GU Nord", places=40)
    response = tenant.client("wohnraum").get(_url("export_facilities_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.header for c in FACILITY_COLUMNS]
    assert rows[1][:3] == ("GU Nord", "Gemeinschaftsunterkunft", "40")


@pytest.mark.parametrize(
    ("name", "headers"),
    [
        ("template_apartments", APARTMENT_COLUMNS),
        ("template_facilities", FACILITY_COLUMNS),
        ("template_occupancy", OCCUPANCY_COLUMNS),
    ],
)
def test_the_templates_download_with_their_help_sheet(
    tenant: Any, name: str, headers: tuple[Any, ...]
) -> None:
    response = tenant.client("wohnraum").get(_url(name))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="vorlage-')
    data, help_sheet = load_workbook(io.BytesIO(response.content)).worksheets
    assert [c.value for c in data[1]] == [c.header for c in headers]
    assert help_sheet.max_row > len(headers)


@pytest.mark.parametrize(
    "name",
    [
        "export_apartments_csv",
        "export_apartments_xlsx",
        "export_facilities_csv",
        "export_facilities_xlsx",
        "export_occupancy_csv",
        "export_occupancy_xlsx",
        "template_apartments",
        "template_facilities",
        "template_occupancy",
    ],
)
def test_other_roles_get_403_and_other_kommunen_404(
    tenant: Any, other_tenant: Any, name: str
) -> None:
    make_apartment(tenant.kommune, reference="W-1")
    for role in ("fallmanagement", "ehrenamt", "partner", "auswertung"):
        assert tenant.client(role).get(_url(name)).status_code == 403, role
    assert other_tenant.client("koordination").get(_url(name)).status_code == 404


def test_the_lists_link_the_exports_for_housing_import_only(tenant: Any) -> None:
    for page, name in (
        ("housing:apartment_list", "export_apartments_csv"),
        ("housing:facility_list", "export_facilities_xlsx"),
        ("housing:apartment_list", "template_apartments"),
        ("housing:facility_list", "template_occupancy"),
        ("housing:facility_list", "export_occupancy_csv"),
    ):
        url = reverse(page, kwargs={"kommune": "paderborn"})
        link = _url(name)
        assert link in tenant.client("koordination").get(url).content.decode()
        # Fallmanagement sees the lists (housing.view) but may not export them.
        response = tenant.client("fallmanagement").get(url)
        assert response.status_code == 200 and link not in response.content.decode()


def test_the_occupancy_downloads_in_the_template_columns(tenant: Any, other_tenant: Any) -> None:
    gu = make_facility(tenant.kommune, name="GU Süd")
    person = PersonFactory(kommune=tenant.kommune, file_reference="PB-7")
    Occupancy.objects.create(
        kommune=tenant.kommune, person=person, facility=gu, valid_from=dt.date(2024, 3, 1)
    )
    # A stay of another Kommune never appears.
    other_gu = make_facility(other_tenant.kommune, name="GU Nord")
    stranger = PersonFactory(kommune=other_tenant.kommune, file_reference="KW-1")
    Occupancy.objects.create(
        kommune=other_tenant.kommune,
        person=stranger,
        facility=other_gu,
        valid_from=dt.date(2024, 3, 1),
    )
    response = tenant.client("wohnraum").get(_url("export_occupancy_csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="belegung-paderborn-')
    rows = _csv_rows(response.content)
    assert rows[0] == [c.header for c in OCCUPANCY_COLUMNS]
    assert len(rows) == 2 and rows[1][0] == "PB-7" and "GU Süd" in rows[1]
    assert "01.03.2024" in rows[1]
    sheet = load_workbook(
        io.BytesIO(tenant.client("koordination").get(_url("export_occupancy_xlsx")).content)
    ).active
    assert sheet is not None and sheet.max_row == 2
