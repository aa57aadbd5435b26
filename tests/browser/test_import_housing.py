"""The housing lists through the web import in a real browser: Wohnraum uploads an
apartments file with errors, sees them in the preview, imports the valid rows and finds the
apartments in the apartment list. (Tasks run at once in tests: ImmediateBackend.)"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from tests.housing_records_factories import make_district
from vorort.housing.models import Apartment

from ..imports.conftest import FIXTURES
from .conftest import login

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("VORORT_SCREENSHOTS", tempfile.gettempdir()))


def test_wohnraum_imports_apartments_with_errors(page, live_server, live_tenant, tmp_path):
    for name in ("Riemeke", "Schloß Neuhaus", "Kernstadt"):
        make_district(live_tenant.kommune, name)
    login(page, live_server, "wohnraum-paderborn")
    page.wait_for_url(f"{live_server.url}/k/paderborn/")
    page.locator("nav a[href='/k/paderborn/import/']").click()
    # Wohnraum is offered the housing lists only.
    kinds = page.locator("select[name=kind] option").evaluate_all("o => o.map(x => x.value)")
    assert kinds == ["apartments", "facilities", "occupancy"]
    page.screenshot(path=str(SHOTS / "import-home.png"), full_page=True)
    page.select_option("select[name=kind]", "apartments")
    page.set_input_files("input[name=file]", str(FIXTURES / "apartments_bad.xlsx"))
    page.locator("form.import-upload button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/import/[0-9a-f-]+/zuordnung/$"))
    assert page.locator("select[name=reference]").input_value() == "0"
    page.locator("form.import-mapping button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/import/[0-9a-f-]+/$"))

    main = page.locator("main")
    assert "Zeile 3, Spalte" in main.inner_text()
    assert page.locator("table.import-preview td.cell-error").count() >= 10
    page.screenshot(path=str(SHOTS / "import-preview.png"), full_page=True)
    assert not Apartment.objects.exists()

    page.check("input[name=skip_invalid]")
    page.locator("form.import-start button[type=submit]").click()
    page.wait_for_selector("dd[data-count=created]")
    assert page.locator("dd[data-count=created]").inner_text() == "2"
    page.locator("main a[href='/k/paderborn/wohnraum/wohnungen/']").click()
    page.wait_for_url(re.compile(r".*/wohnraum/wohnungen/$"))
    assert "B-1" in page.locator("main").inner_text()
    assert set(Apartment.objects.values_list("reference", flat=True)) == {"B-1", "B-3"}
