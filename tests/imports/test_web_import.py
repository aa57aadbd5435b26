"""The web import wizard: upload → mapping → check (preview) → import → refused rows.

Tasks run at once (ImmediateBackend in tests/settings.py), so a POST that queues the check
or the import returns after the task ran.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from vorort.core.errors import DomainError
from vorort.core.roles import Role
from vorort.imports import uploads
from vorort.imports.models import ImportMapping, ImportRun, ImportUpload
from vorort.people.models import Person

from .conftest import FIXTURES

K = "paderborn"


def url(name: str, upload: ImportUpload | None = None, kommune: str = K) -> str:
    kwargs: dict[str, Any] = {"kommune": kommune}
    if upload is not None:
        kwargs["upload"] = upload.uuid
    return reverse(f"imports:{name}", kwargs=kwargs)


def post_file(client: Any, name: str, data: bytes, kind: str = "persons") -> Any:
    return client.post(
        url("upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)}, follow=False
    )


def upload_fixture(client: Any, fixture: str, kind: str = "persons") -> ImportUpload:
    response = post_file(client, fixture, (FIXTURES / fixture).read_bytes(), kind)
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = ImportUpload.objects.latest("created_at")
    assert response["Location"] == url("mapping", upload)
    return upload


def suggested(client: Any, upload: ImportUpload) -> dict[str, str]:
    response = client.get(url("mapping", upload))
    assert response.status_code == 200
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def confirm(client: Any, upload: ImportUpload, mapping: dict[str, str] | None = None) -> Any:
    data = mapping if mapping is not None else suggested(client, upload)
    return client.post(url("mapping", upload), data)


def csv_bytes(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_happy_path_upload_map_preview_import_refused_rows_and_reupload(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, "persons_bad.xlsx")
    assert upload.status == ImportUpload.Status.PENDING
    assert upload.headers[0] == "Aktenzeichen"
    assert default_storage.exists(upload.file.name)

    # The mapping is suggested from the headers: every template column found.
    mapping = suggested(client, upload)
    assert mapping["file_reference"] == "0"
    assert mapping["city"] == "16"

    response = confirm(client, upload, mapping)
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.VALIDATED
    # Checked only: nothing of the file is stored.
    assert not Person.objects.exists()
    assert (upload.created, upload.refused) == (1, 9)
    assert ImportRun.objects.get().outcome == ImportRun.Outcome.DRY_RUN
    assert ImportMapping.objects.get(kommune=tenant.kommune, kind="persons").mapping[
        "file_reference"
    ] == ("Aktenzeichen")

    # The preview marks every error in its row and column.
    page = client.get(url("upload_detail", upload))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Zeile 3, Spalte Nachname: a value is required here." in html
    assert "Zeile 4, Spalte Geburtsdatum:" in html
    rows = {row["number"]: row for row in page.context["rows"]}
    assert not rows[2]["has_errors"]
    nachname = next(c for c in rows[3]["cells"] if c["column"] == "Nachname")
    assert nachname["errors"] == ["a value is required here."]
    email = next(c for c in rows[10]["cells"] if c["column"] == "E-Mail")
    assert email["value"] == "kein-at-zeichen.de"
    assert email["errors"]
    assert 'class="cell-error"' in html
    assert "<progress" not in html
    # Only rows with errors.
    only = client.get(url("upload_detail", upload) + "?nur=fehler")
    assert [r["number"] for r in only.context["rows"]] == [3, 4, 5, 6, 7, 8, 9, 10, 11]

    # The refused rows can be downloaded already from the preview.
    download = client.get(url("refused_rows", upload))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet is not None
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0][-1] == "Fehler"
    assert len(table) == 10

    # Without choosing "only valid rows" nothing is imported.
    refused = client.post(url("start", upload), {})
    assert refused.status_code == 400
    assert "invalid row" in refused.content.decode()
    assert not Person.objects.exists()

    response = client.post(url("start", upload), {"skip_invalid": "on"})
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.DONE
    assert (upload.created, upload.updated, upload.unchanged, upload.refused) == (1, 0, 0, 9)
    assert upload.rows_done == upload.rows_total == 11
    assert list(Person.objects.values_list("file_reference", flat=True)) == ["B-1"]
    # The uploaded file is deleted after the import; the refused rows stay downloadable.
    assert not upload.file
    assert not Path(default_storage.path(f"imports/{upload.uuid.hex}.xlsx")).exists()
    summary = client.get(url("upload_detail", upload)).content.decode()
    assert 'data-count="created">1<' in summary
    assert 'data-count="refused">9<' in summary
    download = client.get(url("refused_rows", upload))
    content = b"".join(download.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert sheet is not None
    assert sheet.cell(row=1, column=18).value == "Fehler"
    assert "Nachname" in sheet.cell(row=2, column=18).value

    # Correct the row without a Nachname (B-2) and upload the refused rows again.
    sheet.cell(row=2, column=2).value = "Neu"
    fixed = io.BytesIO()
    workbook.save(fixed)
    response = post_file(client, "fehler.xlsx", fixed.getvalue())
    again = ImportUpload.objects.latest("created_at")
    confirm(client, again)
    again.refresh_from_db()
    assert again.status == ImportUpload.Status.VALIDATED
    assert again.created == 1  # B-2 only; the rest still wrong
    client.post(url("start", again), {"skip_invalid": "on"})
    assert Person.objects.get(file_reference="B-2").last_name == "Neu"


def test_a_file_without_errors_imports_without_the_option(tenant):
    client = tenant.client(Role.KOORDINATION)
    upload = upload_fixture(client, "persons_utf8_comma.csv")
    confirm(client, upload)
    upload.refresh_from_db()
    assert upload.error_count == 0
    assert not upload.errors_file
    page = client.get(url("upload_detail", upload)).content.decode()
    assert "skip_invalid" not in page
    assert client.post(url("start", upload), {}).status_code == 302
    assert set(Person.objects.values_list("file_reference", flat=True)) == {
        "KW-2024-201",
        "KW-2024-202",
    }
    run = ImportRun.objects.filter(dry_run=False).get()
    assert run.actor == tenant.user(Role.KOORDINATION)
    assert run.outcome == ImportRun.Outcome.COMMITTED
    # Listed on the import page.
    home = client.get(url("import_home")).content.decode()
    assert "persons_utf8_comma.csv" in home
    assert run.sha256[:10] in home


def test_the_mapping_is_saved_and_suggested_for_the_next_file(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    first = csv_bytes("Vorgang;Person Nachname;Geb.;Rufname", "A-1;Haddad;01.02.1990;Amal")
    post_file(client, "liste.csv", first)
    upload = ImportUpload.objects.get()
    mapping = suggested(client, upload)
    assert mapping["file_reference"] == ""  # no header matches the template
    mapping.update(file_reference="0", last_name="1", birth_date="2", first_name="3")
    assert confirm(client, upload, mapping).status_code == 302
    saved = ImportMapping.objects.get(kind="persons")
    assert saved.mapping == {
        "file_reference": "Vorgang",
        "last_name": "Person Nachname",
        "first_name": "Rufname",
        "birth_date": "Geb.",
    }
    assert saved.updated_by == tenant.user(Role.FALLMANAGEMENT)

    # Next time: other order, other case and spacing of the same headers.
    second = csv_bytes("rufname; GEB. ;vorgang;PERSON  NACHNAME", "Omar;03.04.1991;A-2;Haddad")
    post_file(client, "liste2.csv", second)
    upload = ImportUpload.objects.latest("created_at")
    mapping = suggested(client, upload)
    assert (mapping["file_reference"], mapping["last_name"]) == ("2", "3")
    assert (mapping["birth_date"], mapping["first_name"]) == ("1", "0")
    confirm(client, upload, mapping)
    client.post(url("start", upload), {})
    assert Person.objects.get(file_reference="A-2").first_name == "Omar"


def test_a_saved_mapping_yields_where_its_headers_are_missing(tenant):
    ImportMapping.objects.create(
        kommune=tenant.kommune, kind="persons", mapping={"last_name": "Familienname"}
    )
    client = tenant.client(Role.FALLMANAGEMENT)
    post_file(client, "liste.csv", csv_bytes("Aktenzeichen;Nachname;Geburtsdatum", "A;B;1.1.1990"))
    mapping = suggested(client, ImportUpload.objects.get())
    assert mapping["last_name"] == "1"


def test_a_required_column_must_be_mapped(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, "persons_messy.xlsx")
    mapping = suggested(client, upload)
    mapping["birth_date"] = ""
    response = confirm(client, upload, mapping)
    assert response.status_code == 400
    assert "“Geburtsdatum” is required" in response.content.decode()
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.PENDING
    assert not ImportMapping.objects.exists()
    assert not ImportRun.objects.exists()


def test_one_file_column_cannot_feed_two_columns(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, "persons_messy.xlsx")
    mapping = suggested(client, upload)
    mapping["first_name"] = mapping["last_name"]
    response = confirm(client, upload, mapping)
    assert response.status_code == 400
    assert "cannot both come from" in response.content.decode()
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.PENDING


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("liste.pdf", b"%PDF-1.4", "is no spreadsheet: upload an .xlsx, .csv or .txt"),
        ("liste.xlsx", b"this is no spreadsheet", "The file cannot be read"),
        ("liste.csv", b"\r\n\r\n", "The file is empty"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(tenant, name, data, message):
    client = tenant.client(Role.FALLMANAGEMENT)
    response = post_file(client, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportUpload.objects.exists()
    assert not list(Path(default_storage.location).rglob("*.*"))


def test_a_too_large_file_is_refused(tenant, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    client = tenant.client(Role.FALLMANAGEMENT)
    response = post_file(client, "gross.csv", b"Aktenzeichen;Nachname\r\n" + b"x;y\r\n" * 300_000)
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    assert "at most 1 MB" in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_a_missing_upload_file_is_reported(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    response = client.post(url("upload"), {"kind": "persons"})
    assert response.status_code == 400
    assert 'id="id_file_errors"' in response.content.decode()


def test_a_failing_import_stores_nothing_and_shows_failed(tenant, monkeypatch):
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, "persons_messy.xlsx")
    confirm(client, upload)
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.VALIDATED
    assert upload.created == 4
    real = uploads.import_persons

    def failing(**kwargs: Any) -> Any:
        report = kwargs["progress"]

        def progress(done: int, total: int) -> None:
            report(done, total)
            if done >= 2:  # rows 2 and 3 are written (batch size 1): now fail
                raise RuntimeError("disk full at row 3")

        return real(**{**kwargs, "progress": progress, "batch_size": 1})

    monkeypatch.setattr(uploads, "import_persons", failing)
    client.post(url("start", upload), {"skip_invalid": "on"})
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.FAILED
    assert "disk full at row 3" in upload.message
    assert not Person.objects.exists()
    assert ImportRun.objects.filter(dry_run=False).get().outcome == ImportRun.Outcome.FAILED
    page = client.get(url("upload_detail", upload)).content.decode()
    assert "disk full at row 3" in page
    assert "failed: nothing imported" in page


def test_progress_is_shown_while_the_task_runs(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, "persons_messy.xlsx")
    # As a queued task would leave it: running, with the worker's progress file.
    upload.status = ImportUpload.Status.RUNNING
    upload.save()
    uploads._write_progress(upload, 3, 6)
    page = client.get(url("upload_detail", upload)).content.decode()
    assert '<progress id="import-progress-bar" max="6" value="3">' in page
    assert 'hx-trigger="every 2s"' in page
    fragment = client.get(url("progress", upload), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "3 of 6 rows" in fragment.content.decode()
    # Finished: htmx is sent to the result page.
    upload.status = ImportUpload.Status.DONE
    upload.save()
    fragment = client.get(url("progress", upload), HTTP_HX_REQUEST="true")
    assert fragment["HX-Redirect"] == url("upload_detail", upload)


def test_a_running_upload_cannot_be_remapped_or_started_again(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, "persons_messy.xlsx")
    upload.status = ImportUpload.Status.RUNNING
    upload.save()
    assert client.get(url("mapping", upload)).status_code == 302
    response = client.post(url("start", upload), {"skip_invalid": "on"})
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_old_uploads_are_deleted(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, "persons_messy.xlsx")
    path = upload.file.path
    ImportUpload.objects.filter(pk=upload.pk).update(
        created_at=upload.created_at - uploads.dt.timedelta(days=8)
    )
    assert uploads.purge_expired_uploads() == 1
    upload.refresh_from_db()
    assert not upload.file
    assert not Path(path).exists()
    assert upload.status == ImportUpload.Status.FAILED


def test_the_purge_command_deletes_only_expired_files(tenant):
    from django.core.management import call_command

    client = tenant.client(Role.FALLMANAGEMENT)
    old = upload_fixture(client, "persons_messy.xlsx")
    new = upload_fixture(client, "persons_cp1252.csv")
    ImportUpload.objects.filter(pk=old.pk).update(
        created_at=old.created_at - uploads.dt.timedelta(days=8)
    )
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    assert out.getvalue().startswith("1 upload(s) older than 7 days")
    old.refresh_from_db()
    new.refresh_from_db()
    assert not old.file and new.file and Path(new.file.path).exists()


def test_the_template_downloads(tenant):
    client = tenant.client(Role.KOORDINATION)
    response = client.get(reverse("imports:template", kwargs={"kommune": K, "kind": "personen"}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.worksheets[0].cell(row=1, column=1).value == "Aktenzeichen"
    assert len(workbook.worksheets) == 2
    response = client.get(
        reverse("imports:template", kwargs={"kommune": K, "kind": "aufenthaltsstatus"})
    )
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["C1"].value == "gültig ab"
    assert (
        client.get(reverse("imports:template", kwargs={"kommune": K, "kind": "x"})).status_code
        == 404
    )


def test_statuses_import_through_the_wizard(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    persons = upload_fixture(client, "persons_messy.xlsx")
    confirm(client, persons)
    client.post(url("start", persons), {})
    upload = upload_fixture(client, "statuses.xlsx", kind="statuses")
    confirm(client, upload)
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.VALIDATED
    assert upload.refused == 2  # the overlap and the unknown person
    client.post(url("start", upload), {"skip_invalid": "on"})
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.DONE
    person = Person.objects.get(file_reference="KW-2024-003")
    assert person.statuses.count() == 3


# --- access -----------------------------------------------------------------------------


def upload_views(upload: ImportUpload, kommune: str = K) -> list[tuple[str, str]]:
    kwargs = {"kommune": kommune, "upload": upload.uuid}
    return [
        ("GET", reverse("imports:upload_detail", kwargs=kwargs)),
        ("GET", reverse("imports:mapping", kwargs=kwargs)),
        ("POST", reverse("imports:mapping", kwargs=kwargs)),
        ("GET", reverse("imports:progress", kwargs=kwargs)),
        ("POST", reverse("imports:start", kwargs=kwargs)),
        ("GET", reverse("imports:refused_rows", kwargs=kwargs)),
    ]


def checked_upload(tenant: Any) -> ImportUpload:
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, "persons_bad.xlsx")
    confirm(client, upload)
    upload.refresh_from_db()
    assert upload.errors_file
    return upload


def test_uploads_of_another_kommune_are_not_found(tenant, other_tenant):
    upload = checked_upload(tenant)
    for role in (Role.KOORDINATION, Role.FALLMANAGEMENT):
        client = other_tenant.client(role)
        # Under their own Kommune's URL: the upload is not in their scope.
        for method, path in upload_views(upload, kommune="koenigswinter"):
            response = client.get(path) if method == "GET" else client.post(path, {})
            assert response.status_code == 404, (role, path)
        # Under Paderborn's URL: not a member.
        for method, path in upload_views(upload):
            response = client.get(path) if method == "GET" else client.post(path, {})
            assert response.status_code == 404, (role, path)
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.VALIDATED
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "role",
    [Role.EHRENAMTSKOORDINATION, Role.EHRENAMT, Role.PARTNER, Role.AUSWERTUNG],
)
def test_roles_without_import_permission_are_forbidden(tenant, role):
    upload = checked_upload(tenant)
    client = tenant.client(role)
    paths = [
        *upload_views(upload),
        ("GET", url("import_home")),
        ("POST", url("upload")),
        ("GET", reverse("imports:template", kwargs={"kommune": K, "kind": "personen"})),
    ]
    for method, path in paths:
        response = client.get(path) if method == "GET" else client.post(path, {})
        assert response.status_code == 403, (role, path)
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.VALIDATED


def test_the_import_link_is_in_the_navigation_for_import_roles_only(tenant):
    home = reverse("people:dashboard", kwargs={"kommune": K})
    link = f'href="{url("import_home")}"'
    assert link in tenant.client(Role.FALLMANAGEMENT).get(home).content.decode()
    # Wohnraum imports housing lists (housing.import), so it has the link too.
    assert link in tenant.client(Role.WOHNRAUM).get(home).content.decode()
    assert link not in tenant.client(Role.EHRENAMT).get(home).content.decode()


@pytest.mark.parametrize(
    ("fixture", "created"),
    [("persons_messy.xlsx", 4), ("persons_cp1252.csv", 2), ("persons_utf8_comma.csv", 2)],
)
def test_the_messy_fixtures_import_through_the_wizard(tenant, fixture, created):
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, fixture)
    confirm(client, upload)
    upload.refresh_from_db()
    assert (upload.status, upload.error_count, upload.created) == ("validated", 0, created)
    assert not Person.objects.exists()
    client.post(url("start", upload), {})
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.DONE
    assert Person.objects.count() == created
    # Importing the same file again creates nothing.
    again = upload_fixture(client, fixture)
    confirm(client, again)
    client.post(url("start", again), {})
    again.refresh_from_db()
    assert (again.created, again.unchanged) == (0, created)
    assert Person.objects.count() == created


def test_only_one_of_two_starts_queues_the_import(tenant):
    client = tenant.client(Role.FALLMANAGEMENT)
    upload = upload_fixture(client, "persons_utf8_comma.csv")
    confirm(client, upload)
    upload.refresh_from_db()
    stale = ImportUpload.objects.get(pk=upload.pk)  # the second click's view of the upload
    uploads.start_import(upload=upload, actor=tenant.user(Role.FALLMANAGEMENT), skip_invalid=False)
    with pytest.raises(DomainError):
        uploads.start_import(
            upload=stale, actor=tenant.user(Role.FALLMANAGEMENT), skip_invalid=False
        )
    assert ImportRun.objects.filter(dry_run=False).count() == 1


def test_the_import_page_needs_the_same_queries_for_more_runs(tenant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = tenant.client(Role.FALLMANAGEMENT)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("import_home")).status_code == 200
        return len(captured.captured_queries)

    upload_fixture(client, "persons_utf8_comma.csv")
    confirm(client, ImportUpload.objects.get())
    first = queries()
    for _ in range(3):
        upload = upload_fixture(client, "persons_utf8_comma.csv")
        confirm(client, upload)
    assert ImportRun.objects.count() == 4
    assert queries() == first
