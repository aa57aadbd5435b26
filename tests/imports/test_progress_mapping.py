"""The two hooks of the web wizard: progress after each batch, and a column mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from vorort.imports.columns import PERSON_COLUMNS
from vorort.imports.services import import_persons, import_statuses
from vorort.people.models import Person, ResidenceStatus

from .conftest import FIXTURES

HEAD = "Aktenzeichen;Nachname;Geburtsdatum\n"


def _csv(tmp_path: Path, count: int, head: str = HEAD) -> Path:
    path = tmp_path / "p.csv"
    lines = [f"A-{n};Name {n};01.01.1990\n" for n in range(count)]
    path.write_text(head + "".join(lines), encoding="utf-8")
    return path


def test_progress_is_reported_after_each_batch_of_a_csv(tenant: Any, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    result = import_persons(
        kommune=tenant.kommune,
        path=_csv(tmp_path, 7),
        batch_size=3,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result.created == 7
    assert calls == [(3, 7), (6, 7), (7, 7)]


def test_progress_of_an_xlsx_knows_the_total(tenant: Any, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Aktenzeichen", "Nachname", "Geburtsdatum"])
    for n in range(5):
        sheet.append([f"X-{n}", "Haddad", dt.date(1990, 1, 1)])
    path = tmp_path / "p.xlsx"
    workbook.save(path)
    calls: list[tuple[int, int]] = []
    import_persons(
        kommune=tenant.kommune,
        path=path,
        batch_size=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(2, 5), (4, 5), (5, 5)]


def test_progress_goes_on_while_only_validating(tenant: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEAD + "A-1;;01.01.1990\n" + "".join(f"B-{n};N;01.01.1990\n" for n in range(4)))
    calls: list[tuple[int, int]] = []
    result = import_persons(
        kommune=tenant.kommune,
        path=path,
        batch_size=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert not result.committed
    assert calls[-1] == (5, 5)
    assert len(calls) >= 2


def test_a_mapping_replaces_the_header_matching(tenant: Any, tmp_path: Path) -> None:
    path = _csv(tmp_path, 2, head="Vorgangsnr.;Person Nachname;Datum der Geburt\n")
    # Without the mapping the headers are not recognised.
    refused = import_persons(kommune=tenant.kommune, path=path)
    assert {e.column for e in refused.errors} == {"Aktenzeichen", "Nachname", "Geburtsdatum"}
    result = import_persons(
        kommune=tenant.kommune,
        path=path,
        mapping={"file_reference": 0, "last_name": 1, "birth_date": 2},
    )
    assert result.summary() == "created=2 updated=0 unchanged=0 refused=0"
    assert Person.objects.get(file_reference="A-1").last_name == "Name 1"


def test_a_mapping_can_leave_out_and_swap_columns(tenant: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "Aktenzeichen;Nachname;Vorname;Geburtsdatum\nA-1;Haddad;Mohammed;01.01.1990\n",
        encoding="utf-8",
    )
    # First and last name swapped by the user; the file's headers name the columns in errors.
    import_persons(
        kommune=tenant.kommune,
        path=path,
        mapping={"file_reference": 0, "last_name": 2, "first_name": 1, "birth_date": 3},
    )
    person = Person.objects.get()
    assert (person.last_name, person.first_name) == ("Mohammed", "Haddad")


def test_a_mapping_without_a_required_column_refuses_the_file(tenant: Any, tmp_path: Path) -> None:
    result = import_persons(
        kommune=tenant.kommune, path=_csv(tmp_path, 1), mapping={"file_reference": 0}
    )
    assert {(e.row, e.column) for e in result.errors} == {(1, "Nachname"), (1, "Geburtsdatum")}
    assert not Person.objects.exists()


def test_errors_name_the_mapped_column_by_the_files_header(tenant: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("AZ;Name;Datum\nA-1;Haddad;31.02.2020\n", encoding="utf-8")
    result = import_persons(
        kommune=tenant.kommune,
        path=path,
        mapping={"file_reference": 0, "last_name": 1, "birth_date": 2},
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "Datum")]


@pytest.mark.parametrize("mapping", [{"nope": 0}, {"file_reference": -1}])
def test_a_wrong_mapping_is_a_programming_error(
    tenant: Any, tmp_path: Path, mapping: dict[str, int]
) -> None:
    with pytest.raises(ValueError):
        import_persons(kommune=tenant.kommune, path=_csv(tmp_path, 1), mapping=mapping)


def test_statuses_take_progress_and_mapping(tenant: Any, tmp_path: Path) -> None:
    import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_messy.xlsx")
    path = tmp_path / "s.csv"
    path.write_text("von;Art;bis;AZ\n01.01.2020;Duldung;31.12.2020;KW-2024-001\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []
    result = import_statuses(
        kommune=tenant.kommune,
        path=path,
        mapping={"file_reference": 3, "document_type": 1, "valid_from": 0, "valid_to": 2},
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result.errors == []
    assert result.summary() == "created=1 updated=0 unchanged=0 refused=0"
    assert calls == [(1, 1)]
    status = ResidenceStatus.objects.get(valid_from=dt.date(2020, 1, 1))
    assert status.person.file_reference == "KW-2024-001"


def test_person_columns_keys_are_what_the_mapping_uses() -> None:
    assert "file_reference" in {c.key for c in PERSON_COLUMNS}
