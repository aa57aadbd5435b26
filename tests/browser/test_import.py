"""The web import in a real browser: upload a file with errors, see them in the preview,
download the refused rows, correct one, upload it again, import, and find the person in the
person list. (Tasks run at once in tests: ImmediateBackend.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vorort.people.models import Person

from ..imports.conftest import FIXTURES
from .conftest import login

pytestmark = pytest.mark.browser


def upload(page, path: Path) -> None:
    page.locator("nav a[href='/k/paderborn/import/']").click()
    page.select_option("select[name=kind]", "persons")
    page.set_input_files("input[name=file]", str(path))
    page.locator("form.import-upload button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/import/[0-9a-f-]+/zuordnung/$"))
    # The columns are suggested from the headers: confirm them.
    assert page.locator("select[name=file_reference]").input_value() == "0"
    page.locator("form.import-mapping button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/import/[0-9a-f-]+/$"))


def test_import_with_errors_fix_and_import_again(page, live_server, live_tenant, tmp_path):
    login(page, live_server, "fallmanagement-paderborn")
    page.wait_for_url(f"{live_server.url}/k/paderborn/")

    upload(page, FIXTURES / "persons_bad.xlsx")
    main = page.locator("main")
    # The preview names every error by row and column, and marks the cell.
    assert "Zeile 3, Spalte Nachname" in main.inner_text()
    assert "Zeile 10, Spalte E-Mail" in main.inner_text()
    assert page.locator("table.import-preview td.cell-error").count() >= 9
    assert not Person.objects.exists()

    # Download the refused rows and correct the one without a Nachname (B-2).
    with page.expect_download() as info:
        page.locator("a[href$='/fehler.xlsx']").first.click()
    refused = tmp_path / "fehler.xlsx"
    info.value.save_as(refused)
    workbook = load_workbook(refused)
    sheet = workbook.active
    assert sheet is not None
    assert sheet.cell(row=1, column=18).value == "Fehler"
    assert sheet.cell(row=2, column=1).value == "B-2"
    sheet.cell(row=2, column=2).value = "Korrigiert"
    workbook.save(refused)

    # Upload the corrected file: B-2 is valid now, the others still refused.
    upload(page, refused)
    assert "Zeile 2," not in main.inner_text()
    page.check("input[name=skip_invalid]")
    page.locator("form.import-start button[type=submit]").click()
    page.wait_for_selector("dd[data-count=created]")
    # B-2, and the second B-1 (refused beside the first before; alone in this file now).
    assert page.locator("dd[data-count=created]").inner_text() == "2"

    # The person is in the list.
    page.locator("main a[href='/k/paderborn/personen/']").click()
    page.fill("input[name=q]", "Korrigiert")
    page.wait_for_function(
        "document.querySelector('#person-results').innerText.includes('B-2')", timeout=10000
    )
    assert "Korrigiert" in page.locator("#person-results").inner_text()
