"""The web import wizard for the housing lists: apartments with landlords, facilities and
occupancy, with the same steps as persons (upload → mapping → check → preview → import), and
the permission of each kind (housing.import: Koordination, Wohnraum)."""

from __future__ import annotations

import io
import itertools
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PersonFactory
from tests.housing_records_factories import make_apartment, make_district, make_facility
from vorort.core.roles import Role
from vorort.housing.models import Apartment, Facility, Landlord, Occupancy
from vorort.imports import housing_io
from vorort.imports.models import ImportMapping, ImportRun, ImportUpload

from .conftest import FIXTURES

K = "paderborn"


def url(name: str, upload: ImportUpload | None = None, kommune: str = K) -> str:
    kwargs: dict[str, Any] = {"kommune": kommune}
    if upload is not None:
        kwargs["upload"] = upload.uuid
    return reverse(f"imports:{name}", kwargs=kwargs)


def upload(client: Any, name: str, data: bytes, kind: str) -> ImportUpload:
    response = client.post(url("upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    found = ImportUpload.objects.latest("created_at")
    assert (found.kind, response["Location"]) == (kind, url("mapping", found))
    return found


def suggested(client: Any, subject: ImportUpload) -> dict[str, str]:
    response = client.get(url("mapping", subject))
    assert response.status_code == 200
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields}


@pytest.fixture
def districts(tenant: Any) -> None:
    for name in ("Riemeke", "Schloß Neuhaus", "Kernstadt"):
        make_district(tenant.kommune, name)


def test_wohnraum_imports_apartments_through_the_wizard(tenant: Any, districts: None) -> None:
    client = tenant.client(Role.WOHNRAUM)
    home = client.get(url("import_home"))
    assert home.status_code == 200
    # Only the kinds the role may import are offered.
    choices = [key for key, _label in home.context["form"].fields["kind"].choices]
    assert choices == ["apartments", "facilities", "occupancy"]
    subject = upload(
        client, "wohnungen.xlsx", (FIXTURES / "apartments_messy.xlsx").read_bytes(), "apartments"
    )
    mapping = suggested(client, subject)
    assert mapping["reference"] == "0" and mapping["rent_net_cold"] != ""
    assert client.post(url("mapping", subject), mapping).status_code == 302
    subject.refresh_from_db()
    # The check stored nothing and counts what the import would do.
    assert (subject.status, subject.created, subject.error_count) == ("validated", 3, 0)
    assert not Apartment.objects.exists()
    preview = client.get(url("upload_detail", subject))
    assert preview.status_code == 200
    assert "W-001" in preview.content.decode()
    assert client.post(url("start", subject), {}).status_code == 302
    subject.refresh_from_db()
    assert (subject.status, subject.created) == ("done", 3)
    assert set(Apartment.objects.values_list("reference", flat=True)) == {
        "W-001",
        "W-002",
        "W-003",
    }
    run = ImportRun.objects.get(kind="apartments", dry_run=False)
    assert (run.outcome, run.actor, run.created) == ("committed", tenant.user(Role.WOHNRAUM), 3)
    done = client.get(url("upload_detail", subject)).content.decode()
    assert reverse("housing:apartment_list", kwargs={"kommune": K}) in done
    # The mapping is kept for the Kommune and kind, by the file's header ("WOHNUNGS-NR.").
    saved = ImportMapping.objects.get(kind="apartments").mapping
    assert saved["reference"] == subject.headers[0]


def test_bad_apartment_rows_are_shown_and_refused_rows_download(
    tenant: Any, districts: None
) -> None:
    client = tenant.client(Role.KOORDINATION)
    subject = upload(
        client, "bad.xlsx", (FIXTURES / "apartments_bad.xlsx").read_bytes(), "apartments"
    )
    client.post(url("mapping", subject), suggested(client, subject))
    subject.refresh_from_db()
    assert (subject.status, subject.created, subject.refused) == ("validated", 2, 17)
    page = client.get(url("upload_detail", subject) + "?nur=fehler")
    rows = page.context["rows"]
    assert len(rows) == 17 and all(row["has_errors"] for row in rows)
    # Every error sits in its row (in a cell, or beside the row).
    marked = sum(len(c["errors"]) for row in rows for c in row["cells"])
    marked += sum(len(row["row_errors"]) for row in rows)
    assert marked == subject.error_count
    # Without "only the valid rows" nothing is imported.
    refused = client.post(url("start", subject), {})
    assert refused.status_code == 400
    assert not Apartment.objects.exists()
    refused_file = client.get(url("refused_rows", subject))
    assert refused_file.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(refused_file.streaming_content))).active
    assert sheet is not None
    assert sheet.max_row == 18  # header + 17 refused rows
    headers = [cell.value for cell in sheet[1]]
    assert headers[0] == "Wohnungs-Nr." and headers[-1] == "Fehler"
    client.post(url("start", subject), {"skip_invalid": "on"})
    subject.refresh_from_db()
    assert subject.status == "done"
    assert set(Apartment.objects.values_list("reference", flat=True)) == {"B-1", "B-3"}
    assert not Landlord.objects.filter(name="Neuer Vermieter").exists()


def test_a_renamed_column_is_assigned_in_the_mapping_step(tenant: Any) -> None:
    client = tenant.client(Role.WOHNRAUM)
    data = "Einrichtung;Typ;Bettenzahl\r\nGU Süd;Gemeinschaftsunterkunft;120\r\n".encode()
    subject = upload(client, "gu.csv", data, "facilities")
    mapping = suggested(client, subject)
    assert mapping["name"] == "" and mapping["places"] == ""  # no header matches
    mapping.update({"name": "0", "kind": "1", "places": "2"})
    assert client.post(url("mapping", subject), mapping).status_code == 302
    subject.refresh_from_db()
    assert (subject.status, subject.created, subject.error_count) == ("validated", 1, 0)
    client.post(url("start", subject), {})
    facility = Facility.objects.get()
    assert (facility.name, facility.kind, facility.places) == (
        "GU Süd",
        "gu",
        120,
    )


def test_an_error_names_the_files_own_column_header(tenant: Any) -> None:
    client = tenant.client(Role.WOHNRAUM)
    data = "Einrichtung;Typ;Bettenzahl\r\nGU Süd;Gemeinschaftsunterkunft;viele\r\n".encode()
    subject = upload(client, "gu.csv", data, "facilities")
    mapping = suggested(client, subject)
    mapping.update({"name": "0", "kind": "1", "places": "2"})
    client.post(url("mapping", subject), mapping)
    subject.refresh_from_db()
    assert subject.error_count == 1
    row, column, _message = subject.errors[0]
    assert (row, column) == (2, "Bettenzahl")
    cells = client.get(url("upload_detail", subject)).context["rows"][0]["cells"]
    assert [c["column"] for c in cells if c["errors"]] == ["Plätze"]


def test_occupancy_imports_through_the_wizard_with_progress(tenant: Any) -> None:
    make_facility(tenant.kommune, name="GU Am Hoppenhof")
    make_apartment(tenant.kommune, reference="W-001")
    PersonFactory(kommune=tenant.kommune, file_reference="PB-001")
    PersonFactory(kommune=tenant.kommune, file_reference="PB-002")
    client = tenant.client(Role.WOHNRAUM)
    data = (FIXTURES / "occupancy.xlsx").read_bytes()
    subject = upload(client, "belegung.xlsx", data, "occupancy")
    client.post(url("mapping", subject), suggested(client, subject))
    subject.refresh_from_db()
    assert (subject.status, subject.created, subject.unchanged) == ("validated", 3, 1)
    # The finished check reports all rows done (progress bar at 100 %).
    assert subject.rows_done == subject.rows_total > 0
    client.post(url("start", subject), {})
    subject.refresh_from_db()
    assert subject.status == "done"
    assert Occupancy.objects.count() == 3


def test_the_housing_run_reports_progress_and_honours_a_mapping(tenant: Any, tmp_path: Any) -> None:
    lines = ["Platz;Name;Art"] + [f"{n};GU {n};GU" for n in range(1, 451)]
    path = tmp_path / "gu.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []
    result = housing_io.import_facilities(
        kommune=tenant.kommune,
        path=path,
        mapping={"name": 1, "kind": 2, "places": 0},
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result.summary() == "created=450 updated=0 unchanged=0 refused=0"
    assert calls[-1] == (450, 450)
    assert len(calls) >= 3  # every 200 rows, and at the end
    assert all(b >= a for a, b in itertools.pairwise(calls))
    with pytest.raises(ValueError):
        housing_io.import_facilities(kommune=tenant.kommune, path=path, mapping={"nope": 0})


# --- permissions ---------------------------------------------------------------------


def test_fallmanagement_may_not_import_housing_lists(tenant: Any) -> None:
    wohnraum = tenant.client(Role.WOHNRAUM)
    data = "Name;Art;Plätze\r\nGU Süd;GU;10\r\n".encode()
    subject = upload(wohnraum, "gu.csv", data, "facilities")
    client = tenant.client(Role.FALLMANAGEMENT)
    for path in (
        url("mapping", subject),
        url("upload_detail", subject),
        url("progress", subject),
        reverse("imports:template", kwargs={"kommune": K, "kind": "wohnungen"}),
    ):
        assert client.get(path).status_code == 403, path
    assert client.post(url("start", subject), {}).status_code == 403
    assert client.post(url("mapping", subject), {"name": "0"}).status_code == 403
    # Uploading a housing kind is not offered: the form refuses it, nothing is stored.
    before = ImportUpload.objects.count()
    refused = client.post(
        url("upload"),
        {"kind": "apartments", "file": SimpleUploadedFile("w.csv", data)},
    )
    assert refused.status_code == 400
    assert ImportUpload.objects.count() == before
    subject.refresh_from_db()
    assert subject.status == "pending"


def test_wohnraum_may_not_import_persons(tenant: Any) -> None:
    fall = tenant.client(Role.FALLMANAGEMENT)
    persons = upload(fall, "p.xlsx", (FIXTURES / "persons_messy.xlsx").read_bytes(), "persons")
    client = tenant.client(Role.WOHNRAUM)
    assert client.get(url("upload_detail", persons)).status_code == 403
    assert client.get(url("mapping", persons)).status_code == 403
    personen = reverse("imports:template", kwargs={"kommune": K, "kind": "personen"})
    assert client.get(personen).status_code == 403
    refused = client.post(
        url("upload"),
        {"kind": "persons", "file": SimpleUploadedFile("p.csv", b"Aktenzeichen\r\nX\r\n")},
    )
    assert refused.status_code == 400
    # The page lists neither the persons upload nor persons runs to Wohnraum.
    page = client.get(url("import_home")).content.decode()
    assert "p.xlsx" not in page
    assert "p.xlsx" in fall.get(url("import_home")).content.decode()


@pytest.mark.parametrize(
    "role", [Role.EHRENAMTSKOORDINATION, Role.EHRENAMT, Role.PARTNER, Role.AUSWERTUNG]
)
def test_other_roles_are_forbidden(tenant: Any, role: Role) -> None:
    subject = upload(tenant.client(Role.WOHNRAUM), "gu.csv", b"Name;Art\r\nGU;GU\r\n", "facilities")
    client = tenant.client(role)
    assert client.get(url("import_home")).status_code == 403
    assert client.get(url("upload_detail", subject)).status_code == 403
    wohnungen = reverse("imports:template", kwargs={"kommune": K, "kind": "wohnungen"})
    assert client.get(wohnungen).status_code == 403


def test_another_kommunes_upload_is_not_found(tenant: Any, other_tenant: Any) -> None:
    subject = upload(tenant.client(Role.WOHNRAUM), "gu.csv", b"Name;Art\r\nGU;GU\r\n", "facilities")
    stranger = other_tenant.client(Role.WOHNRAUM)
    # Through the other Kommune's URL (its own scope) and through Paderborn's URL alike.
    assert stranger.get(url("upload_detail", subject, kommune="koenigswinter")).status_code == 404
    assert stranger.get(url("upload_detail", subject)).status_code == 404
    assert stranger.post(url("start", subject, kommune="koenigswinter")).status_code == 404


def test_the_template_downloads_carry_the_housing_columns(tenant: Any) -> None:
    client = tenant.client(Role.WOHNRAUM)
    page = client.get(url("import_home")).content.decode()
    for slug, first in (("wohnungen", "Wohnungs-Nr."), ("unterkuenfte", "Name")):
        link = reverse("imports:template", kwargs={"kommune": K, "kind": slug})
        assert link in page
        sheet = load_workbook(io.BytesIO(client.get(link).content)).worksheets[0]
        assert sheet.cell(1, 1).value == first
