"""Importing apartments (with landlords), facilities and occupancy: messy files, every bad
row kind, updates, atomicity, the audit record and the command line."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from tests.factories import PersonFactory
from tests.housing_records_factories import make_apartment, make_district, make_facility
from vorort.housing.choices import ApartmentStatus
from vorort.housing.models import Apartment, Facility, Landlord, Occupancy
from vorort.imports import housing_io
from vorort.imports.housing_io import import_apartments, import_facilities, import_occupancy
from vorort.imports.models import ImportRun
from vorort.people.models import TimelineEntry

from .conftest import FIXTURES
from .make_housing_fixtures import APARTMENT_HEADERS


@pytest.fixture
def districts(tenant: Any) -> None:
    for name in ("Riemeke", "Schloß Neuhaus", "Kernstadt"):
        make_district(tenant.kommune, name)


def _apartments(kommune: Any) -> dict[str, Apartment]:
    return {
        a.reference: a
        for a in Apartment.objects.filter(kommune=kommune).select_related("landlord", "district")
    }


def _xlsx(path: Path, headers: list[str], *rows: list[Any]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _row(**changes: Any) -> list[Any]:
    """A valid apartments row (W-900) with changes by header (spaces as _)."""
    values: dict[str, Any] = dict.fromkeys(APARTMENT_HEADERS, "")
    values.update(
        {
            "Wohnungs-Nr.": "W-900",
            "Vermieter": "Anna Berg",
            "Vermieter-Art": "privat",
            "Straße": "Weg 1",
            "PLZ": "33102",
            "Ort": "Paderborn",
            "Zimmer": "2",
            "Wohnfläche m²": "50",
            "Kaltmiete": "400",
            "verfügbar ab": "01.01.2025",
            "Personen max": "3",
        }
    )
    for key, value in changes.items():
        values[key.replace("_", " ")] = value
    return [values[h] for h in APARTMENT_HEADERS]


# --- apartments ----------------------------------------------------------------------


def test_it_imports_the_messy_apartments_xlsx(tenant: Any, districts: None) -> None:
    result = import_apartments(kommune=tenant.kommune, path=FIXTURES / "apartments_messy.xlsx")
    assert result.summary() == "created=3 updated=0 unchanged=0 refused=0"
    assert result.duplicates == 1  # the identical W-001 row, written otherwise, counts once
    found = _apartments(tenant.kommune)
    first = found["W-001"]  # trailing space trimmed
    assert (first.street, first.postcode, first.municipality) == (
        "Riemekestraße 12",
        "33102",  # a number cell
        "Paderborn",
    )
    assert first.district is not None and first.district.name == "Riemeke"  # any case
    assert (first.rooms, first.area_m2, first.floor) == (Decimal("3"), Decimal("72.5"), 2)
    assert (first.rent_net_cold, first.service_costs_cold, first.heating_costs) == (
        Decimal("520.50"),
        Decimal("140.00"),
        Decimal("85.00"),
    )
    assert first.available_from == dt.date(2025, 3, 1)  # Excel date cell
    assert (first.min_persons, first.max_persons) == (2, 4)
    assert (first.has_lift, first.accessible, first.pets_allowed, first.smokers_allowed) == (
        True,
        False,
        True,  # "x"
        False,  # empty: the default of a new apartment
    )
    assert (first.benefit_recipients_welcome, first.wbs_required) == (True, False)
    assert first.status == ApartmentStatus.OFFERED
    second = found["W-002"]
    assert (second.rooms, second.area_m2, second.floor) == (Decimal("2.5"), Decimal("61.3"), 0)
    assert second.rent_net_cold == Decimal("1003.00")  # "1.003,00 €"
    assert second.service_costs_cold == Decimal("1003.00")  # "1.003": German thousands
    assert second.heating_costs == Decimal("0")  # empty: 0 for a new apartment
    assert (second.available_from, second.min_persons) == (dt.date(2025, 4, 1), 1)
    assert (second.accessible, second.pets_allowed, second.smokers_allowed) == (True, False, True)
    assert second.status == ApartmentStatus.WITHDRAWN
    # The landlord of both rows is one landlord (name and e-mail, any case).
    assert first.landlord_id == second.landlord_id
    landlord = first.landlord
    assert (landlord.kind, landlord.phone, landlord.email) == (
        "cooperative",
        "05251 1234",
        "Vermietung@Wohnbau-PB.example",
    )
    third = found["W-003"]
    assert third.landlord.name == "Marwa Al-Khatib" and third.landlord.kind == "private"
    assert third.street == "Schloß Neuhaus, Residenzstraße 2"
    assert third.floor == -1 and third.district is not None
    assert third.district.name == "Schloß Neuhaus"
    assert Landlord.objects.filter(kommune=tenant.kommune).count() == 2
    assert first.history.first().history_change_reason == "spreadsheet import"
    run = ImportRun.objects.get(kommune=tenant.kommune)
    assert (run.kind, run.outcome, run.created, run.actor_label) == (
        "apartments",
        "committed",
        3,
        "cli",
    )
    assert len(run.sha256) == 64 and run.file_name == "apartments_messy.xlsx"
    # Re-importing the same file creates nothing.
    again = import_apartments(kommune=tenant.kommune, path=FIXTURES / "apartments_messy.xlsx")
    assert again.summary() == "created=0 updated=0 unchanged=3 refused=0"
    assert Apartment.objects.filter(kommune=tenant.kommune).count() == 3


def test_it_imports_a_windows_1252_csv(tenant: Any, districts: None) -> None:
    result = import_apartments(kommune=tenant.kommune, path=FIXTURES / "apartments_cp1252.csv")
    assert result.summary() == "created=2 updated=0 unchanged=0 refused=0"
    found = _apartments(tenant.kommune)
    assert found["W-101"].landlord.name == "Jürgen Schäfer"
    assert found["W-101"].landlord.kind == "private"  # "Privat"
    assert found["W-101"].service_costs_cold == Decimal("120.50")
    assert found["W-102"].street == "Weststraße 1; Hinterhaus"  # quoted separator
    assert found["W-102"].landlord.kind == "municipal"
    assert found["W-102"].status == "withdrawn"  # the code
    assert found["W-102"].available_from == dt.date(2025, 7, 1)
    assert found["W-102"].has_lift and found["W-102"].wbs_required


def test_it_imports_a_comma_separated_utf8_csv(tenant: Any, tmp_path: Path) -> None:
    """UTF-8 with BOM, "," as separator: German decimals are quoted then."""
    path = tmp_path / "w.csv"
    header = ",".join(f'"{h}"' if "," in h else h for h in APARTMENT_HEADERS)
    row = _row(Kaltmiete="612,40", Vermieter="Ahmad Al-Sayed أحمد", Zimmer="2,5")
    line = ",".join(f'"{v}"' if "," in str(v) else str(v) for v in row)
    path.write_bytes(("\ufeff" + header + "\n" + line + "\n").encode("utf-8"))
    result = import_apartments(kommune=tenant.kommune, path=path)
    assert result.summary() == "created=1 updated=0 unchanged=0 refused=0", result.errors
    apartment = Apartment.objects.get(reference="W-900")
    assert (apartment.rent_net_cold, apartment.rooms) == (Decimal("612.40"), Decimal("2.5"))
    assert apartment.landlord.name == "Ahmad Al-Sayed أحمد"


BAD_APARTMENTS = [
    (3, "Wohnungs-Nr.", "a value is required here."),
    (5, "PLZ", "“331022” is not a postcode"),
    (6, "Kaltmiete", "“vierhundert” is not an amount in euros"),
    (7, "Aufzug", "“vielleicht” is not ja or nein"),
    (8, "verfügbar ab", "“31.02.2025” is not a possible date"),
    (9, "Vermieter-Art", "unknown kind of landlord “Konzern”"),
    (10, "Status", "unknown status “verkauft”"),
    (11, "Personen min", "the minimum number of occupants (4) is larger than the maximum (2)"),
    (12, "Stadtteil", "unknown district “Atlantis”"),
    (13, "Status", "“reserviert” cannot be imported"),
    (14, "Vermieter-Art", "a value is required here for a new landlord."),
    (15, "Zimmer", "a value is required here for a new apartment."),
    (16, "Wohnungs-Nr.", "“B-1” occurs already in row 2 with different data"),
    (17, "Vermieter E-Mail", "“kein-at-zeichen” is not a valid e-mail address."),
    (18, "Kaltmiete", "“-400” must not be negative."),
    (19, "Etage", "“Dachboden” is not a floor"),
    (20, "Zimmer", "“2,25” has more than 1 decimal places."),
]


def test_every_bad_apartment_row_is_refused_naming_row_and_column(
    tenant: Any, districts: None
) -> None:
    result = import_apartments(kommune=tenant.kommune, path=FIXTURES / "apartments_bad.xlsx")
    assert not result.committed
    assert result.summary() == "created=0 updated=0 unchanged=0 refused=17"
    assert len(result.errors) == len(BAD_APARTMENTS)
    for error, (row, column, text) in zip(result.errors, BAD_APARTMENTS, strict=True):
        assert (error.row, error.column) == (row, column), str(error)
        assert text in error.message, str(error)
        assert str(error).startswith(f"Zeile {row}, Spalte {column}: ")
    assert not Apartment.objects.exists() and not Landlord.objects.exists()
    assert ImportRun.objects.get().outcome == "refused"


def test_skip_invalid_keeps_the_valid_rows_only(tenant: Any, districts: None) -> None:
    result = import_apartments(
        kommune=tenant.kommune, path=FIXTURES / "apartments_bad.xlsx", skip_invalid=True
    )
    assert result.committed
    assert result.summary() == "created=2 updated=0 unchanged=0 refused=17"
    found = _apartments(tenant.kommune)
    assert set(found) == {"B-1", "B-3"}
    assert found["B-3"].postcode == "03310"  # a postcode that lost its leading zero
    # A row refused while writing left nothing behind (the new landlord of row 14).
    assert not Landlord.objects.filter(name="Neuer Vermieter").exists()


def test_dry_run_counts_and_stores_nothing(tenant: Any, districts: None) -> None:
    result = import_apartments(
        kommune=tenant.kommune, path=FIXTURES / "apartments_messy.xlsx", dry_run=True
    )
    assert result.summary() == "created=3 updated=0 unchanged=0 refused=0"
    assert not result.committed
    assert not Apartment.objects.exists() and not Landlord.objects.exists()
    assert ImportRun.objects.get().outcome == "dry_run"


def test_a_failure_in_the_middle_stores_nothing(
    tenant: Any, districts: None, monkeypatch: Any
) -> None:
    real = housing_io.write_apartment_row

    def fail_on_row_5(context: Any, row: Any) -> str:
        if row.row == 5:
            raise RuntimeError("worker killed")
        return real(context, row)

    monkeypatch.setattr(housing_io, "write_apartment_row", fail_on_row_5)
    with pytest.raises(RuntimeError):
        import_apartments(kommune=tenant.kommune, path=FIXTURES / "apartments_messy.xlsx")
    # Rows 2 and 3 were written before row 5 failed: rolled back with the rest.
    assert not Apartment.objects.exists() and not Landlord.objects.exists()
    run = ImportRun.objects.get()
    assert (run.outcome, run.kind) == ("failed", "apartments")


def test_reimport_updates_changed_cells_and_never_erases(tenant: Any, tmp_path: Path) -> None:
    first = _xlsx(tmp_path / "a.xlsx", APARTMENT_HEADERS, _row(Heizkosten="70", Etage="3"))
    assert import_apartments(kommune=tenant.kommune, path=first).created == 1
    apartment = Apartment.objects.get(reference="W-900")
    assert apartment.version == 1
    # Empty cells (Heizkosten, Etage) keep the stored values; the rent changes.
    changed = _xlsx(tmp_path / "b.xlsx", APARTMENT_HEADERS, _row(Kaltmiete="455,00", Zimmer=""))
    result = import_apartments(kommune=tenant.kommune, path=changed)
    assert result.summary() == "created=0 updated=1 unchanged=0 refused=0"
    apartment.refresh_from_db()
    assert apartment.rent_net_cold == Decimal("455.00")
    assert (apartment.heating_costs, apartment.floor, apartment.rooms) == (
        Decimal("70.00"),
        3,
        Decimal("2.0"),
    )
    assert apartment.version == 2
    assert apartment.history.count() == 2


def test_reserved_and_let_come_from_placements(tenant: Any, tmp_path: Path) -> None:
    apartment = make_apartment(tenant.kommune, reference="W-900", status=ApartmentStatus.RESERVED)
    landlord = apartment.landlord
    row = {"Vermieter": landlord.name, "Vermieter-Art": ""}
    # "angeboten" for a reserved apartment: refused, naming the stored status.
    offered = _xlsx(tmp_path / "a.xlsx", APARTMENT_HEADERS, _row(Status="angeboten", **row))
    result = import_apartments(kommune=tenant.kommune, path=offered)
    assert [str(e) for e in result.errors] == [
        "Zeile 2, Spalte Status: the apartment is reserviert through a placement; its status "
        "changes there, not by import."
    ]
    # "vermietet" for it: the stored status stays.
    let = _xlsx(tmp_path / "b.xlsx", APARTMENT_HEADERS, _row(Status="vermietet", **row))
    assert import_apartments(kommune=tenant.kommune, path=let).committed
    apartment.refresh_from_db()
    assert apartment.status == ApartmentStatus.RESERVED
    # An offered apartment can be withdrawn by import.
    other = make_apartment(tenant.kommune, reference="W-901", landlord=landlord)
    withdrawn = _xlsx(
        tmp_path / "c.xlsx",
        APARTMENT_HEADERS,
        _row(**{"Wohnungs-Nr.": "W-901", "Status": "Zurückgezogen", **row}),
    )
    assert import_apartments(kommune=tenant.kommune, path=withdrawn).updated == 1
    other.refresh_from_db()
    assert other.status == ApartmentStatus.WITHDRAWN


def test_one_landlord_must_agree_across_rows(tenant: Any, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "a.xlsx",
        APARTMENT_HEADERS,
        _row(**{"Vermieter Telefon": "0171 1"}),
        _row(**{"Wohnungs-Nr.": "W-901", "Vermieter Telefon": "0171 2"}),
    )
    result = import_apartments(kommune=tenant.kommune, path=path)
    assert [str(e) for e in result.errors] == [
        "Zeile 3, Spalte Vermieter Telefon: the landlord “Anna Berg” has “0171 1” here in row 2; "
        "one landlord's data must agree in every row."
    ]
    assert not Apartment.objects.exists()


def test_a_required_column_missing_refuses_the_file(tenant: Any, tmp_path: Path) -> None:
    headers = [h for h in APARTMENT_HEADERS if h != "PLZ"]
    path = _xlsx(tmp_path / "a.xlsx", headers)
    result = import_apartments(kommune=tenant.kommune, path=path)
    assert [str(e) for e in result.errors] == [
        "Zeile 1, Spalte PLZ: the required column is missing."
    ]
    assert ImportRun.objects.get().outcome == "refused"


def test_a_district_of_another_kommune_is_unknown(
    tenant: Any, other_tenant: Any, tmp_path: Path
) -> None:
    make_district(other_tenant.kommune, "Riemeke")
    path = _xlsx(tmp_path / "a.xlsx", APARTMENT_HEADERS, _row(Stadtteil="Riemeke"))
    result = import_apartments(kommune=tenant.kommune, path=path)
    assert result.errors[0].column == "Stadtteil" and "unknown district" in result.errors[0].message


def test_the_import_stays_in_its_kommune(tenant: Any, other_tenant: Any, tmp_path: Path) -> None:
    make_apartment(other_tenant.kommune, reference="W-900")
    path = _xlsx(tmp_path / "a.xlsx", APARTMENT_HEADERS, _row())
    assert import_apartments(kommune=tenant.kommune, path=path).created == 1
    assert Apartment.objects.filter(reference="W-900").count() == 2


# --- facilities ----------------------------------------------------------------------


def test_it_imports_facilities_and_refuses_bad_rows(tenant: Any) -> None:
    path = FIXTURES / "facilities_cp1252.csv"
    result = import_facilities(kommune=tenant.kommune, path=path)
    assert [str(e) for e in result.errors] == [
        "Zeile 5, Spalte Plätze: Ensure this value is greater than or equal to 1.",
        "Zeile 6, Spalte ART: unknown kind of facility “Hotel” (use GU, Übergangswohnheim, "
        "Notunterkunft or sonstige).",
    ]
    assert not Facility.objects.exists()
    result = import_facilities(kommune=tenant.kommune, path=path, skip_invalid=True)
    assert result.summary() == "created=3 updated=0 unchanged=0 refused=2"
    found = {f.name: f for f in Facility.objects.filter(kommune=tenant.kommune)}
    assert set(found) == {"GU Am Hoppenhof", "Übergangswohnheim Nord", "Turnhalle Elsen"}
    gu = found["GU Am Hoppenhof"]
    assert (gu.kind, gu.places, gu.postcode, gu.operator, gu.active) == (
        "gu",
        120,
        "33104",
        "DRK Kreisverband",
        True,
    )
    assert found["Übergangswohnheim Nord"].kind == "uewh"
    assert found["Turnhalle Elsen"].kind == "notunterkunft"
    assert not found["Turnhalle Elsen"].active
    again = import_facilities(kommune=tenant.kommune, path=path, skip_invalid=True)
    assert again.summary() == "created=0 updated=0 unchanged=3 refused=2"


def test_a_facility_is_updated_by_its_name(tenant: Any, tmp_path: Path) -> None:
    facility = make_facility(tenant.kommune, name="GU Nord", places=50, operator="DRK")
    headers = ["Name", "Art", "Plätze", "Betreiber"]
    path = _xlsx(tmp_path / "f.xlsx", headers, ["gu nord", "", "65", ""])
    result = import_facilities(kommune=tenant.kommune, path=path)
    assert result.summary() == "created=0 updated=1 unchanged=0 refused=0"
    facility.refresh_from_db()
    assert (facility.places, facility.operator, facility.version) == (65, "DRK", 2)
    # A new facility needs its kind.
    path = _xlsx(tmp_path / "g.xlsx", headers, ["GU Süd", "", "10", ""])
    result = import_facilities(kommune=tenant.kommune, path=path)
    assert [str(e) for e in result.errors] == [
        "Zeile 2, Spalte Art: a value is required here for a new facility."
    ]


# --- occupancy -----------------------------------------------------------------------


@pytest.fixture
def residents(tenant: Any) -> dict[str, Any]:
    return {
        "gu": make_facility(tenant.kommune, name="GU Am Hoppenhof"),
        "apartment": make_apartment(tenant.kommune, reference="W-001"),
        "first": PersonFactory(kommune=tenant.kommune, file_reference="PB-001"),
        "second": PersonFactory(kommune=tenant.kommune, file_reference="PB-002"),
    }


def test_it_imports_occupancy(tenant: Any, residents: dict[str, Any]) -> None:
    result = import_occupancy(kommune=tenant.kommune, path=FIXTURES / "occupancy.xlsx")
    assert result.summary() == "created=3 updated=0 unchanged=1 refused=0"
    assert result.duplicates == 1
    stays = list(Occupancy.objects.filter(person=residents["first"]).order_by("valid_from"))
    assert [(s.facility, s.apartment, s.valid_from, s.valid_to, s.end_reason) for s in stays] == [
        (residents["gu"], None, dt.date(2023, 5, 2), dt.date(2025, 1, 31), "Umzug"),
        (None, residents["apartment"], dt.date(2025, 2, 1), None, ""),
    ]
    second = Occupancy.objects.get(person=residents["second"])
    assert (second.facility, second.valid_from, second.valid_to) == (
        residents["gu"],
        dt.date(2024, 3, 1),
        None,
    )
    assert (
        TimelineEntry.objects.filter(
            person=residents["first"], kind="housing.occupancy_imported"
        ).count()
        == 2
    )
    again = import_occupancy(kommune=tenant.kommune, path=FIXTURES / "occupancy.xlsx")
    assert again.summary() == "created=0 updated=0 unchanged=4 refused=0"


def test_an_end_is_added_to_a_stored_stay(
    tenant: Any, residents: dict[str, Any], tmp_path: Path
) -> None:
    Occupancy.objects.create(
        kommune=tenant.kommune,
        person=residents["first"],
        facility=residents["gu"],
        valid_from=dt.date(2024, 1, 1),
    )
    headers = ["Aktenzeichen", "Unterkunft", "von", "bis", "Auszugsgrund"]
    path = _xlsx(
        tmp_path / "o.xlsx",
        headers,
        ["PB-001", "GU Am Hoppenhof", "01.01.2024", "30.06.2024", "Umzug"],
    )
    result = import_occupancy(kommune=tenant.kommune, path=path)
    assert result.summary() == "created=0 updated=1 unchanged=0 refused=0"
    stay = Occupancy.objects.get(person=residents["first"])
    assert (stay.valid_to, stay.end_reason, stay.version) == (dt.date(2024, 6, 30), "Umzug", 2)
    # An empty "bis" never erases the end.
    path = _xlsx(tmp_path / "p.xlsx", headers, ["PB-001", "GU Am Hoppenhof", "01.01.2024", "", ""])
    assert import_occupancy(kommune=tenant.kommune, path=path).unchanged == 1
    stay.refresh_from_db()
    assert stay.valid_to == dt.date(2024, 6, 30)


BAD_OCCUPANCY = [
    (
        3,
        "von",
        "the stay overlaps another stay of the person: GU Am Hoppenhof from 01.01.2024 to "
        "open end; stays of one person must not overlap (give the earlier stay its last "
        "night first).",
    ),
    (4, "Aktenzeichen", "there is no person with the Aktenzeichen “PB-404” (import the persons"),
    (5, "Unterkunft", "there is no facility “Schloss” (import the facilities first)."),
    (6, "Wohnungs-Nr.", "there is no apartment with the Wohnungs-Nr. “W-999”"),
    (7, "Unterkunft", "give exactly one of Unterkunft (a facility) and Wohnungs-Nr."),
    (8, "Unterkunft", "give exactly one of Unterkunft (a facility) and Wohnungs-Nr."),
    (9, "bis", "the stay ends (01.02.2024) before it starts (01.03.2024)."),
    (10, "von", "a value is required here."),
]


def test_every_bad_occupancy_row_is_refused(tenant: Any, residents: dict[str, Any]) -> None:
    result = import_occupancy(kommune=tenant.kommune, path=FIXTURES / "occupancy_bad.csv")
    assert result.summary() == "created=0 updated=0 unchanged=0 refused=8"
    assert len(result.errors) == len(BAD_OCCUPANCY)
    for error, (row, column, text) in zip(result.errors, BAD_OCCUPANCY, strict=True):
        assert (error.row, error.column) == (row, column), str(error)
        assert text in error.message, str(error)
    assert not Occupancy.objects.exists()
    assert not TimelineEntry.objects.filter(kind="housing.occupancy_imported").exists()


def test_an_overlap_with_a_stored_stay_names_it(
    tenant: Any, residents: dict[str, Any], tmp_path: Path
) -> None:
    Occupancy.objects.create(
        kommune=tenant.kommune,
        person=residents["first"],
        apartment=residents["apartment"],
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 12, 31),
    )
    path = _xlsx(
        tmp_path / "o.xlsx",
        ["Aktenzeichen", "Unterkunft", "von", "bis"],
        ["PB-001", "GU Am Hoppenhof", "01.12.2024", ""],
    )
    result = import_occupancy(kommune=tenant.kommune, path=path, skip_invalid=True)
    assert result.summary() == "created=0 updated=0 unchanged=0 refused=1"
    message = result.errors[0].message
    assert "apartment W-001" in message and "from 01.01.2024 to 31.12.2024" in message


# --- command line --------------------------------------------------------------------


def _call(*args: str) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


def test_cli_refuses_a_bad_file_with_exit_1(tenant: Any, districts: None) -> None:
    output, code = _call(
        "import", "apartments", str(FIXTURES / "apartments_bad.xlsx"), "--kommune", "paderborn"
    )
    assert code == 1
    lines = output.strip().splitlines()
    assert lines[0] == "Zeile 3, Spalte Wohnungs-Nr.: a value is required here."
    assert lines[-1] == "created=0 updated=0 unchanged=0 refused=17"
    assert not Apartment.objects.exists()


def test_cli_skip_invalid_writes_the_refused_rows(
    tenant: Any, districts: None, tmp_path: Path
) -> None:
    errors = tmp_path / "err.xlsx"
    output, code = _call(
        "import",
        "apartments",
        str(FIXTURES / "apartments_bad.xlsx"),
        "--kommune",
        "05774032",
        "--skip-invalid",
        "--errors-out",
        str(errors),
    )
    assert code == 0
    assert output.strip().splitlines()[-1] == "created=2 updated=0 unchanged=0 refused=17"
    rows = list(load_workbook(errors).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Fehler" and len(rows) == 18
    assert rows[1][-1] == "Zeile 3, Spalte Wohnungs-Nr.: a value is required here."


@pytest.mark.parametrize(
    ("kind", "name", "summary"),
    [
        ("facilities", "facilities_cp1252.csv", "created=2 updated=1 unchanged=0 refused=2"),
        ("occupancy", "occupancy.xlsx", "created=3 updated=0 unchanged=1 refused=0"),
    ],
)
def test_cli_dry_run_of_facilities_and_occupancy(
    tenant: Any, residents: dict[str, Any], kind: str, name: str, summary: str
) -> None:
    before = (Facility.objects.count(), Occupancy.objects.count())
    output, code = _call(
        "import",
        kind,
        str(FIXTURES / name),
        "--kommune",
        "paderborn",
        "--dry-run",
        "--skip-invalid",
    )
    assert (code, output.strip().splitlines()[-1]) == (0, summary)
    assert "Dry run: nothing was stored." in output
    assert (Facility.objects.count(), Occupancy.objects.count()) == before
    assert ImportRun.objects.get(kind=kind).outcome == "dry_run"


# --- cell readers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "places", "expected"),
    [
        ("520,50", 2, "520.50"),
        ("1.003,00", 2, "1003.00"),
        ("1.003", 2, "1003.00"),
        ("520.50", 2, "520.50"),
        ("1,003.50", 2, "1003.50"),
        (" 85 € ", 2, "85.00"),
        ("61,3 m²", 1, "61.3"),
        (72.30000000000001, 1, "72.3"),
        (140, 2, "140.00"),
        ("2,0", 0, "2"),
        ("520,-", 2, "520.00"),
        ("1.003,--", 2, "1003.00"),
        ("€ 520,50", 2, "520.50"),
        ("EUR 520", 2, "520.00"),
    ],
)
def test_numbers_are_read_the_german_and_the_english_way(
    raw: Any, places: int, expected: str
) -> None:
    assert housing_io.parse_number(raw, places=places) == Decimal(expected)


@pytest.mark.parametrize("raw", ["zwei", "1,2,3", "1e5", "NaN", "5.5.5", 1e30, "-1", "0,125"])
def test_bad_numbers_are_refused(raw: Any) -> None:
    with pytest.raises(housing_io._Bad):
        housing_io.parse_number(raw, places=2)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("EG", 0), ("Erdgeschoss", 0), ("UG", -1), ("kg", -1), ("2. OG", 2), ("3 Etage", 3), (4.0, 4)],
)
def test_floors(raw: Any, expected: int) -> None:
    assert housing_io.parse_floor(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ja", True),
        ("X", True),
        ("1", True),
        (True, True),
        ("TRUE", True),
        ("nein", False),
        ("0", False),
        ("false", False),
        (False, False),
    ],
)
def test_yes_no(raw: Any, expected: bool) -> None:
    assert housing_io.parse_bool(raw) is expected


def test_a_dash_is_an_empty_cell(tenant: Any, districts: None, tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "w.xlsx",
        APARTMENT_HEADERS,
        _row(**{"Heizkosten": "-", "Nebenkosten kalt": "–", "Etage": "./."}),
    )
    result = import_apartments(kommune=tenant.kommune, path=path)
    assert [str(e) for e in result.errors] == []
    apartment = Apartment.objects.get()
    assert (apartment.heating_costs, apartment.service_costs_cold) == (Decimal("0"), Decimal("0"))
