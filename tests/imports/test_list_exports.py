"""The household and placement lists as CSV/XLSX: content, formats, query counts, roles,
Kommune, and the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from tests import placement_factories as pf
from vorort.housing.choices import PlacementStatus
from vorort.imports.list_exports import (
    HOUSEHOLD_COLUMNS,
    PLACEMENT_COLUMNS,
    household_rows,
    placement_rows,
)

K = "paderborn"


def _url(name: str, kommune: str = K) -> str:
    return reverse(f"imports:{name}", kwargs={"kommune": kommune})


def _rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def housing(tenant: Any, other_tenant: Any) -> dict[str, Any]:
    with scopes_disabled():
        pf.paderborn_kdu(tenant.kommune)
        haddad = pf.household(
            tenant.kommune,
            3,
            name="Familie Haddad",
            needs_accessible=True,
            priority=2,
            priority_reason="=Notunterkunft",
            required_municipality="Paderborn",
        )
        for number, member in enumerate(pf.members(haddad), start=1):
            member.file_reference = f"PB-{number}"
            member.save()
        pf.household(
            tenant.kommune,
            2,
            name="Familie Noor",
            rent_limit_override=Decimal("600.00"),
            rent_limit_reason="Attest",
        )
        pf.household(tenant.kommune, 1, name="Herr Ali", need=False)
        flat = pf.apartment(tenant.kommune, reference="W-7")
        placement = pf.proposal(
            haddad,
            flat,
            started_by=tenant.user("koordination"),
            status=PlacementStatus.VIEWING,
            viewing_at=timezone.make_aware(dt.datetime(2026, 12, 3, 14, 30)),
            decided_at=timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0)),
            case_manager=tenant.user("fallmanagement"),
            volunteer=tenant.user("ehrenamt"),
        )
        pf.household(other_tenant.kommune, 2, name="Familie Fremd")
    return {"placement": placement, "flat": flat}


def test_households_list_in_the_template_formats(tenant: Any, housing: dict[str, Any]) -> None:
    response = tenant.client("fallmanagement").get(_url("export_households_csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="haushalte-')
    rows = _rows(response.content)
    assert rows[0] == [c.header for c in HOUSEHOLD_COLUMNS]
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_name) == {"Familie Haddad", "Familie Noor", "Herr Ali"}  # not Familie Fremd
    haddad = by_name["Familie Haddad"]
    assert (haddad["Mitglieder"], haddad["Aktenzeichen"]) == ("3", "PB-1, PB-2, PB-3")
    assert (haddad["Wohnraumbedarf"], haddad["barrierefrei"]) == ("ja", "ja")
    assert haddad["Mietobergrenze"] == "642,40"  # Paderborn's table for 3 persons
    assert haddad["sucht seit"] == "01.06.2025" and haddad["Wohnsitzauflage"] == "Paderborn"
    assert haddad["Grund der Priorität"] == "'=Notunterkunft"  # formula escaped
    noor = by_name["Familie Noor"]
    assert (noor["Mietobergrenze"], noor["Grundlage"]) == ("600,00", "Attest")
    assert by_name["Herr Ali"]["Wohnraumbedarf"] == "nein"
    assert by_name["Herr Ali"]["Mietobergrenze"] == ""


def test_households_xlsx_has_date_cells(tenant: Any, housing: dict[str, Any]) -> None:
    response = tenant.client("koordination").get(_url("export_households_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet.max_row == 4
    assert sheet["E2"].value == dt.datetime(2025, 6, 1)
    assert sheet["E2"].number_format == "DD.MM.YYYY"


def test_placements_list_has_every_step_and_the_tandem(
    tenant: Any, housing: dict[str, Any]
) -> None:
    response = tenant.client("wohnraum").get(_url("export_placements_csv"))
    assert response.status_code == 200
    rows = _rows(response.content)
    assert rows[0] == [c.header for c in PLACEMENT_COLUMNS]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Wohnungs-Nr."], row["Haushalt"], row["Personen"]) == (
        "W-7",
        "Familie Haddad",
        "3",
    )
    assert row["Status"] == "Besichtigung vereinbart"  # German whatever the request language
    assert (row["entschieden am"], row["Besichtigung"]) == ("01.12.2026", "03.12.2026 14:30")
    assert row["Mietobergrenze"] == "642,40"
    assert row["Fallmanagement"] == str(tenant.user("fallmanagement"))
    assert row["Ehrenamt"] == str(tenant.user("ehrenamt"))
    xlsx = tenant.client("koordination").get(_url("export_placements_xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet["A2"].value == "W-7"


def test_query_counts_stay_constant(tenant: Any, housing: dict[str, Any]) -> None:
    def count(rows: Any) -> int:
        with scope(kommune=tenant.kommune), CaptureQueriesContext(connection) as queries:
            list(rows())
        return len(queries)

    households = count(lambda: household_rows(tenant.kommune))
    placements = count(lambda: placement_rows(tenant.kommune))
    with scopes_disabled():
        for number in range(6):
            # The same towns as before: the KdU table is looked up once per town.
            family = pf.household(
                tenant.kommune, 2, name=f"Familie {number}", required_municipality="Paderborn"
            )
            flat = pf.apartment(tenant.kommune, reference=f"X-{number}")
            pf.proposal(family, flat, started_by=tenant.user("koordination"))
    assert count(lambda: household_rows(tenant.kommune)) == households
    assert count(lambda: placement_rows(tenant.kommune)) == placements


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("export_households_csv", {"koordination", "fallmanagement"}),
        ("export_households_xlsx", {"koordination", "fallmanagement"}),
        ("export_placements_csv", {"koordination", "wohnraum"}),
        ("export_placements_xlsx", {"koordination", "wohnraum"}),
    ],
)
def test_roles_and_kommune(
    tenant: Any, other_tenant: Any, housing: dict[str, Any], name: str, allowed: set[str]
) -> None:
    for role in (
        "koordination",
        "fallmanagement",
        "wohnraum",
        "ehrenamtskoordination",
        "ehrenamt",
        "partner",
        "auswertung",
    ):
        expected = 200 if role in allowed else 403
        assert tenant.client(role).get(_url(name)).status_code == expected, role
        assert other_tenant.client(role).get(_url(name)).status_code == 404, role


def test_the_lists_link_their_exports(tenant: Any, housing: dict[str, Any]) -> None:
    placements = reverse("placements:placement_list", kwargs={"kommune": K})
    link = _url("export_placements_csv")
    assert link in tenant.client("wohnraum").get(placements).content.decode()
    assert link not in tenant.client("fallmanagement").get(placements).content.decode()
    households = reverse("people:household_list", kwargs={"kommune": K})
    assert _url("export_households_xlsx") in (
        tenant.client("fallmanagement").get(households).content.decode()
    )


def test_cli_exports_the_lists(tenant: Any, housing: dict[str, Any], tmp_path: Any) -> None:
    out = io.StringIO()
    call_command("export", "placements", "--kommune", K, stdout=out)
    assert out.getvalue().lstrip("\ufeff").startswith("Wohnungs-Nr.;Straße;PLZ")
    path = tmp_path / "haushalte.xlsx"
    err = io.StringIO()
    call_command(
        "export", "households", "--kommune", K, "--format", "xlsx", "--out", str(path), stderr=err
    )
    assert "3 rows (households)" in err.getvalue()
    sheet = load_workbook(path).active
    assert sheet is not None and sheet["A1"].value == "Haushalt"
