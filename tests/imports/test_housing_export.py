"""Export of apartments, facilities and occupancy: template columns, German formats, formula
escaping, round trip (also as a Hypothesis property), templates and the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from tests.factories import KommuneFactory, PersonFactory
from tests.housing_records_factories import make_apartment, make_district, make_landlord
from vorort.core.models import Kommune
from vorort.housing.choices import ApartmentStatus, LandlordKind
from vorort.housing.models import Apartment, District, Landlord, Occupancy
from vorort.imports.housing_columns import (
    APARTMENT_COLUMNS,
    FACILITY_COLUMNS,
    HOUSING_TEMPLATES,
    OCCUPANCY_COLUMNS,
)
from vorort.imports.housing_io import IMPORTS, export_housing
from vorort.imports.templates import write_template

from .conftest import FIXTURES

HEADERS = [c.header for c in APARTMENT_COLUMNS]


def _export_csv(kommune: Kommune, kind: str) -> list[dict[str, str]]:
    buffer = io.StringIO()
    with scope(kommune=kommune):
        export_housing(kind, buffer, fmt="csv")
    text = buffer.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    headers = [c.header for c in HOUSING_TEMPLATES[kind]]
    assert rows[0] == headers
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def _import_all(kommune: Kommune) -> None:
    for name in ("Riemeke", "Schloß Neuhaus", "Kernstadt"):
        make_district(kommune, name)
    PersonFactory(kommune=kommune, file_reference="PB-001")
    PersonFactory(kommune=kommune, file_reference="PB-002")
    for kind, name in (
        ("apartments", "apartments_messy.xlsx"),
        ("apartments", "apartments_cp1252.csv"),
        ("facilities", "facilities_cp1252.csv"),
        ("occupancy", "occupancy.xlsx"),
    ):
        result = IMPORTS[kind](kommune=kommune, path=FIXTURES / name, skip_invalid=True)
        assert result.committed, [str(e) for e in result.errors]


def test_apartments_export_has_the_template_columns_and_german_formats(tenant: Any) -> None:
    _import_all(tenant.kommune)
    rows = {r["Wohnungs-Nr."]: r for r in _export_csv(tenant.kommune, "apartments")}
    assert list(rows) == ["W-001", "W-002", "W-003", "W-101", "W-102"]
    first = rows["W-001"]
    assert first == {
        "Wohnungs-Nr.": "W-001",
        "Vermieter": "Wohnbau Paderborn eG",
        "Vermieter-Art": "Genossenschaft",
        "Vermieter E-Mail": "Vermietung@Wohnbau-PB.example",
        "Vermieter Telefon": "05251 1234",
        "Straße": "Riemekestraße 12",
        "PLZ": "33102",
        "Ort": "Paderborn",
        "Stadtteil": "Riemeke",
        "Zimmer": "3",
        "Wohnfläche m²": "72,5",
        "Etage": "2",
        "Aufzug": "ja",
        "barrierefrei": "nein",
        "Kaltmiete": "520,50",
        "Nebenkosten kalt": "140,00",
        "Heizkosten": "85,00",
        "verfügbar ab": "01.03.2025",
        "Personen min": "2",
        "Personen max": "4",
        "Haustiere": "ja",
        "Raucher": "nein",
        "Leistungsbezug willkommen": "ja",
        "WBS erforderlich": "nein",
        "Status": "angeboten",
    }
    assert rows["W-002"]["Kaltmiete"] == "1003,00" and rows["W-002"]["Zimmer"] == "2,5"
    assert rows["W-002"]["Status"] == "zurückgezogen"
    assert rows["W-003"]["Etage"] == "'-1"  # escaped against formula injection


def test_facilities_and_occupancy_export(tenant: Any) -> None:
    _import_all(tenant.kommune)
    facilities = _export_csv(tenant.kommune, "facilities")
    assert [f["Name"] for f in facilities] == [
        "GU Am Hoppenhof",
        "Turnhalle Elsen",
        "Übergangswohnheim Nord",
    ]
    assert facilities[0] == {
        "Name": "GU Am Hoppenhof",
        "Art": "Gemeinschaftsunterkunft",
        "Plätze": "120",
        "Straße": "Am Hoppenhof 33",
        "PLZ": "33104",
        "Ort": "Paderborn",
        "Betreiber": "DRK Kreisverband",
        "in Betrieb": "ja",
    }
    assert facilities[1]["in Betrieb"] == "nein"
    stays = _export_csv(tenant.kommune, "occupancy")
    assert [tuple(s.values()) for s in stays] == [
        ("PB-001", "GU Am Hoppenhof", "", "02.05.2023", "31.01.2025", "Umzug"),
        ("PB-001", "", "W-001", "01.02.2025", "", ""),
        ("PB-002", "GU Am Hoppenhof", "", "01.03.2024", "", ""),
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_without_changes(tenant: Any, tmp_path: Path, fmt: str) -> None:
    _import_all(tenant.kommune)
    # An apartment entered in the web UI has no Wohnungs-Nr.: exported with its UUID.
    apartment = make_apartment(
        tenant.kommune, landlord=make_landlord(tenant.kommune, name="=Evil()")
    )
    # A person without an Aktenzeichen: the stay is exported with the person's UUID.
    Occupancy.objects.create(
        kommune=tenant.kommune,
        person=PersonFactory(kommune=tenant.kommune, file_reference=""),
        apartment=apartment,
        valid_from=dt.date(2025, 1, 1),
    )
    for kind in ("apartments", "facilities", "occupancy"):
        path = tmp_path / f"{kind}.{fmt}"
        with scope(kommune=tenant.kommune):
            count = export_housing(kind, path, fmt=fmt)
        result = IMPORTS[kind](kommune=tenant.kommune, path=path)
        assert result.errors == [], [str(e) for e in result.errors]
        assert result.summary() == f"created=0 updated=0 unchanged={count} refused=0", kind
    assert Landlord.objects.filter(name="=Evil()").count() == 1


def test_xlsx_export_writes_date_cells(tenant: Any, tmp_path: Path) -> None:
    _import_all(tenant.kommune)
    out = tmp_path / "w.xlsx"
    call_command(
        "export",
        "apartments",
        "--kommune",
        "paderborn",
        "--format",
        "xlsx",
        "--out",
        str(out),
        stderr=io.StringIO(),
    )
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 6
    cell = sheet.cell(row=2, column=HEADERS.index("verfügbar ab") + 1)
    assert cell.value == dt.datetime(2025, 3, 1) and cell.number_format == "DD.MM.YYYY"


def test_cli_exports_csv_to_stdout(tenant: Any) -> None:
    _import_all(tenant.kommune)
    out = io.StringIO()
    call_command("export", "facilities", "--kommune", "05774032", stdout=out)
    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert lines[0] == ";".join(c.header for c in FACILITY_COLUMNS)
    assert len(lines) == 4


def test_export_holds_only_the_kommune(tenant: Any, other_tenant: Any) -> None:
    make_apartment(other_tenant.kommune, reference="FREMD-1")
    make_apartment(tenant.kommune, reference="EIGEN-1")
    rows = _export_csv(tenant.kommune, "apartments")
    assert [r["Wohnungs-Nr."] for r in rows] == ["EIGEN-1"]


@pytest.mark.parametrize("kind", ["apartments", "facilities", "occupancy"])
def test_template_has_every_column_and_a_help_sheet(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "t.xlsx"
    write_template(kind, path)
    data, help_sheet = load_workbook(path).worksheets
    columns = HOUSING_TEMPLATES[kind]
    assert [c.value for c in data[1]] == [c.header for c in columns]
    help_rows = {r[0]: r for r in help_sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    for column in columns:
        assert help_rows[column.header][1] == ("yes" if column.required else "no")
        assert help_rows[column.header][2]
    if kind == "apartments":
        assert "Genossenschaft" in help_rows["Vermieter-Art"][2]
        assert "1.003,00" in help_rows["Kaltmiete"][2]
        assert "zurückgezogen" in help_rows["Status"][2]
    if kind == "occupancy":
        assert help_rows["Aktenzeichen"][1] == "yes" and help_rows["bis"][1] == "no"
    assert [c.header for c in OCCUPANCY_COLUMNS][:2] == ["Aktenzeichen", "Unterkunft"]


def test_template_example_row_imports(tenant: Any, tmp_path: Path) -> None:
    """The example row of the apartments template is itself a valid row."""
    make_district(tenant.kommune, "Riemeke")
    path = tmp_path / "t.xlsx"
    write_template("apartments", path)
    result = IMPORTS["apartments"](kommune=tenant.kommune, path=path)
    assert result.summary() == "created=1 updated=0 unchanged=0 refused=0", [
        str(e) for e in result.errors
    ]


# --- round trip as a property ------------------------------------------------------------

texts = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", categories=("L", "Nd", "Zs", "P", "S"), exclude_characters=';"\r\n'
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
money = st.integers(min_value=0, max_value=999_999).map(lambda c: Decimal(c) / 100)
apartment_strategy = st.fixed_dictionaries(
    {
        "reference": st.one_of(st.just(""), texts),
        "landlord": st.integers(min_value=0, max_value=2),
        "street": texts,
        "postcode": st.from_regex(r"\A[0-9]{5}\Z"),
        "municipality": st.sampled_from(["Paderborn", "Bad Lippspringe", "Büren"]),
        "district": st.sampled_from([None, "Riemeke", "Schloß Neuhaus"]),
        "rooms": st.integers(min_value=2, max_value=40).map(lambda n: Decimal(n) / 2),
        "area_m2": st.integers(min_value=50, max_value=99_999).map(lambda n: Decimal(n) / 10),
        "floor": st.integers(min_value=-3, max_value=30),
        "has_lift": st.booleans(),
        "accessible": st.booleans(),
        "rent_net_cold": money,
        "service_costs_cold": money,
        "heating_costs": money,
        "available_from": st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)),
        "persons": st.tuples(st.integers(1, 30), st.integers(1, 30)).map(sorted),
        "pets_allowed": st.booleans(),
        "smokers_allowed": st.booleans(),
        "benefit_recipients_welcome": st.booleans(),
        "wbs_required": st.booleans(),
        "status": st.sampled_from(ApartmentStatus.values),
    }
)
landlord_strategy = st.fixed_dictionaries(
    {
        "name": texts,
        "kind": st.sampled_from(LandlordKind.values),
        "email": st.sampled_from(["", "a@b.de", "X.Y@Example.org"]),
        "phone": st.sampled_from(["", "+49 1", "0176 123", "=cmd", "@x", "-1"]),
    }
)


class ApartmentRoundTripProperty(TestCase):
    """Export -> re-import changes nothing, for generated apartments and landlords."""

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        landlords=st.lists(
            landlord_strategy,
            min_size=3,
            max_size=3,
            unique_by=lambda d: (" ".join(d["name"].split()).casefold(), d["email"].casefold()),
        ),
        apartments=st.lists(
            apartment_strategy, min_size=1, max_size=4, unique_by=lambda d: d["reference"] or None
        ),
    )
    def test_export_then_import_changes_nothing(
        self, landlords: list[dict[str, Any]], apartments: list[dict[str, Any]]
    ) -> None:
        kommune = KommuneFactory(slug="rt", ags="05774032", state="05")
        with scope(kommune=kommune):
            districts = {
                name: District.objects.create(kommune=kommune, name=name, municipality="Paderborn")
                for name in ("Riemeke", "Schloß Neuhaus")
            }
            stored = [Landlord.objects.create(kommune=kommune, **data) for data in landlords]
            for data in apartments:
                values = dict(data)
                low, high = values.pop("persons")
                district = values.pop("district")
                Apartment.objects.create(
                    kommune=kommune,
                    landlord=stored[values.pop("landlord")],
                    district=districts[district] if district else None,
                    min_persons=low,
                    max_persons=high,
                    **values,
                )
            for fmt in ("csv", "xlsx"):
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / f"e.{fmt}"
                    export_housing("apartments", path, fmt=fmt)
                    result = IMPORTS["apartments"](kommune=kommune, path=path)
                assert result.errors == [], [str(e) for e in result.errors]
                assert result.summary() == (
                    f"created=0 updated=0 unchanged={len(apartments)} refused=0"
                )
            assert Apartment.objects.filter(kommune=kommune).count() == len(apartments)
            assert Landlord.objects.filter(kommune=kommune).count() == 3
            assert Occupancy.objects.count() == 0
