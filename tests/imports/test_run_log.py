"""The import log: every import run of the Kommune (web and command line) in the audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vorort.imports.housing_io import import_facilities
from vorort.imports.models import ImportRun
from vorort.imports.services import import_persons

from .conftest import FIXTURES

URL = reverse("imports:run_log", kwargs={"kommune": "paderborn"})


def test_coordination_reads_every_run_with_file_checksum_and_counts(
    tenant: Any, other_tenant: Any, tmp_path: Any
) -> None:
    import_persons(
        kommune=tenant.kommune,
        path=FIXTURES / "persons_messy.xlsx",
        actor=tenant.user("koordination"),
    )
    import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_bad.xlsx")  # cli, refused
    path = tmp_path / "gu.csv"
    path.write_text("Name;Art;Plätze\nGU Süd;GU;10\n", encoding="utf-8")
    import_facilities(kommune=tenant.kommune, path=path, dry_run=True)
    import_persons(kommune=other_tenant.kommune, path=FIXTURES / "persons_cp1252.csv")
    response = tenant.client("koordination").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    committed = ImportRun.objects.get(kommune=tenant.kommune, outcome="committed")
    assert committed.sha256 in page and "persons_messy.xlsx" in page
    assert str(tenant.user("koordination")) in page
    assert "persons_bad.xlsx" in page and "cli" in page
    assert "gu.csv" in page
    # Another Kommune's run never shows.
    assert "persons_cp1252.csv" not in page
    runs = list(response.context["page"])
    assert [r.outcome for r in runs] == ["dry_run", "refused", "committed"]  # newest first
    assert (runs[2].created, runs[2].kind_title) == (4, "Persons")
    audit = tenant.client("koordination").get(
        reverse("core:audit_log", kwargs={"kommune": "paderborn"})
    )
    assert URL in audit.content.decode()


@pytest.mark.parametrize(
    "role",
    ["fallmanagement", "wohnraum", "ehrenamtskoordination", "ehrenamt", "partner", "auswertung"],
)
def test_other_roles_may_not_read_the_import_log(tenant: Any, role: str) -> None:
    assert tenant.client(role).get(URL).status_code == 403


def test_another_kommune_gets_404(tenant: Any, other_tenant: Any) -> None:
    assert other_tenant.client("koordination").get(URL).status_code == 404


def test_the_number_of_queries_does_not_grow_with_runs(tenant: Any) -> None:
    client = tenant.client("koordination")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    import_persons(
        kommune=tenant.kommune,
        path=FIXTURES / "persons_messy.xlsx",
        actor=tenant.user("koordination"),
    )
    few = queries()
    for _ in range(5):
        import_persons(
            kommune=tenant.kommune,
            path=FIXTURES / "persons_cp1252.csv",
            actor=tenant.user("fallmanagement"),
        )
    assert queries() == few
