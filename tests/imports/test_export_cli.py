"""Export (columns, escaping, role and consent), round trip, templates and the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from tests.factories import KommuneFactory
from vorort.core.models import Kommune, Membership
from vorort.imports.columns import PERSON_COLUMNS, STATUS_COLUMNS
from vorort.imports.exports import export_persons, export_statuses, status_rows
from vorort.imports.services import import_persons, import_statuses
from vorort.imports.templates import write_template
from vorort.people.choices import DataCategory, DocumentType, Language
from vorort.people.models import Consent, Person, ResidenceStatus

from .conftest import FIXTURES

HEADERS = [c.header for c in PERSON_COLUMNS]


def _export_csv(kommune: Kommune, membership: Membership | None = None) -> list[list[str]]:
    buffer = io.StringIO()
    with scope(kommune=kommune):
        export_persons(buffer, fmt="csv", membership=membership)
    text = buffer.getvalue()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _import_all(kommune: Kommune) -> None:
    for name in ("persons_messy.xlsx", "persons_cp1252.csv", "persons_utf8_comma.csv"):
        assert import_persons(kommune=kommune, path=FIXTURES / name).committed


def test_export_has_the_template_columns_and_german_dates(tenant: Any) -> None:
    _import_all(tenant.kommune)
    rows = _export_csv(tenant.kommune)
    assert rows[0] == HEADERS
    by_ref = {r[0]: dict(zip(HEADERS, r, strict=True)) for r in rows[1:]}
    first = by_ref["KW-2024-001"]
    assert first["Geburtsdatum"] == "04.07.1990"
    assert first["Telefon"] == "'+49 2244 123456"  # escaped against formula injection
    assert first["Aufenthaltsstatus"].startswith("Aufenthaltsgestattung")
    assert first["Haushalt"] == "Familie Haddad"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_without_changes(tenant: Any, tmp_path: Path, fmt: str) -> None:
    _import_all(tenant.kommune)
    path = tmp_path / f"export.{fmt}"
    with scope(kommune=tenant.kommune):
        export_persons(path, fmt=fmt)
    before = list(Person.objects.values_list("file_reference", "version"))
    result = import_persons(kommune=tenant.kommune, path=path)
    assert result.summary() == "created=0 updated=0 unchanged=8 refused=0"
    assert list(Person.objects.values_list("file_reference", "version")) == before


def test_formula_cells_are_escaped_and_round_trip(tenant: Any, tmp_path: Path) -> None:
    path = tmp_path / "evil.csv"
    path.write_text(
        "Aktenzeichen;Nachname;Vorname;Geburtsdatum;Telefon\n=1+1;@SUM(A1);-x;01.01.1990;+49 1\n",
        encoding="utf-8",
    )
    assert import_persons(kommune=tenant.kommune, path=path).committed
    person = Person.objects.get()
    assert (person.file_reference, person.last_name, person.first_name) == (
        "=1+1",
        "@SUM(A1)",
        "-x",
    )
    rows = _export_csv(tenant.kommune)
    assert rows[1][:3] == ["'=1+1", "'@SUM(A1)", "'-x"]
    out = tmp_path / "out.xlsx"
    with scope(kommune=tenant.kommune):
        export_persons(out, fmt="xlsx")
    sheet = load_workbook(out).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert import_persons(kommune=tenant.kommune, path=out).unchanged == 1


def test_export_respects_role_and_consent(tenant: Any) -> None:
    _import_all(tenant.kommune)
    partner = Membership.objects.get(user=tenant.user("partner"), kommune=tenant.kommune)
    assert _export_csv(tenant.kommune, partner)[1:] == []  # no consent: nobody
    person = Person.objects.get(file_reference="KW-2024-001")
    Consent.objects.create(
        kommune=tenant.kommune,
        person=person,
        purpose="work",
        data_categories=[DataCategory.STAMMDATEN],
        recipient=tenant.partner_org,
        given_on=dt.date(2024, 1, 1),
    )
    rows = _export_csv(tenant.kommune, partner)
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert len(rows) == 2 and row["Nachname"] == "محمد"
    assert row["Aufenthaltsstatus"] == "" and row["Straße"] == ""  # categories not consented
    analyst = Membership.objects.get(user=tenant.user("auswertung"), kommune=tenant.kommune)
    assert _export_csv(tenant.kommune, analyst)[1:] == []


def test_template_has_every_column_and_a_help_sheet(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template("persons", path)
    workbook = load_workbook(path)
    data, help_sheet = workbook.worksheets
    assert [c.value for c in data[1]] == HEADERS
    help_rows = {r[0]: r for r in help_sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert help_rows["Aktenzeichen"][1] == "yes" and help_rows["Telefon"][1] == "no"
    assert "Duldung (§ 60a AufenthG)" in help_rows["Aufenthaltsstatus"][2]
    assert "Muttersprache" in help_rows["Sprachen"][2]


# --- command line -------------------------------------------------------------------------


def _call(*args: str) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


def test_cli_refuses_a_file_with_errors_with_exit_1(tenant: Any) -> None:
    output, code = _call(
        "import", "persons", str(FIXTURES / "persons_bad.xlsx"), "--kommune", "paderborn"
    )
    assert code == 1
    lines = output.strip().splitlines()
    assert "Zeile 4, Spalte Geburtsdatum: " in lines[1]
    assert lines[-1] == "created=0 updated=0 unchanged=0 refused=9"
    assert not Person.objects.exists()


def test_cli_skip_invalid_imports_and_writes_the_refused_rows(tenant: Any, tmp_path: Path) -> None:
    errors = tmp_path / "err.xlsx"
    output, code = _call(
        "import",
        "persons",
        str(FIXTURES / "persons_bad.xlsx"),
        "--kommune",
        "05774032",
        "--skip-invalid",
        "--errors-out",
        str(errors),
    )
    assert code == 0
    assert output.strip().splitlines()[-1] == "created=1 updated=0 unchanged=0 refused=9"
    sheet = load_workbook(errors).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Fehler" and len(rows) == 10
    assert rows[1][-1].startswith("Zeile 3, Spalte Nachname: ")


def test_cli_dry_run_and_reimport(tenant: Any) -> None:
    path = str(FIXTURES / "persons_messy.xlsx")
    output, code = _call("import", "persons", path, "--kommune", "paderborn", "--dry-run")
    assert (code, output.splitlines()[-1]) == (0, "created=4 updated=0 unchanged=0 refused=0")
    assert not Person.objects.exists()
    assert _call("import", "persons", path, "--kommune", "paderborn")[1] == 0
    output, code = _call("import", "persons", path, "--kommune", "paderborn")
    assert (code, output.splitlines()[-1]) == (0, "created=0 updated=0 unchanged=4 refused=0")


def test_cli_unknown_kommune_fails(db: Any) -> None:
    with pytest.raises(CommandError):
        call_command("import", "persons", str(FIXTURES / "persons_messy.xlsx"), "--kommune", "x")


def test_cli_export_writes_xlsx(tenant: Any, tmp_path: Path) -> None:
    _import_all(tenant.kommune)
    out = tmp_path / "e.xlsx"
    call_command(
        "export",
        "persons",
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
    assert sheet.max_row == 9
    assert sheet["D2"].number_format == "DD.MM.YYYY"


def test_kommune_create_derives_state_and_slug(db: Any) -> None:
    call_command(
        "kommune", "create", "--name", "Königswinter", "--ags", "05382068", stdout=io.StringIO()
    )
    kommune = Kommune.objects.get(ags="05382068")
    assert (kommune.slug, kommune.state) == ("koenigswinter", "05")
    call_command(
        "kommune", "create", "--name", "Groß Gerau", "--ags", "06433006", stdout=io.StringIO()
    )
    assert Kommune.objects.get(ags="06433006").slug == "gross-gerau"


@pytest.mark.parametrize("ags", ["123", "99000000", "05000000"])
def test_kommune_create_refuses_a_bad_ags(db: Any, ags: str) -> None:
    with pytest.raises(CommandError) as error:
        call_command("kommune", "create", "--name", "Irgendwo", "--ags", ags, stdout=io.StringIO())
    assert "AGS" in str(error.value)
    assert not Kommune.objects.exists()


def test_kommune_create_refuses_a_state_that_does_not_fit(db: Any) -> None:
    with pytest.raises(CommandError):
        call_command(
            "kommune",
            "create",
            "--name",
            "A",
            "--ags",
            "05382068",
            "--state",
            "BY",
            stdout=io.StringIO(),
        )


# --- round trip as a property ------------------------------------------------------------

names = (
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
dates = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2024, 12, 31))
person_strategy = st.fixed_dictionaries(
    {
        "last_name": names,
        "first_name": names,
        "birth_date": dates,
        "gender": st.sampled_from(["f", "m", "d", "x", ""]),
        "nationality": st.sampled_from(["SY", "AF", "IQ", "TR", "UA", "ER", "DE", ""]),
        "phone": st.sampled_from(["", "+49 1", "0176 123", "=cmd", "@x", "-1"]),
        "languages": st.lists(
            st.tuples(st.sampled_from(Language.values), st.sampled_from(["A1", "B2", "L1", "0"])),
            unique_by=lambda t: t[0],
            max_size=3,
        ),
        "status": st.one_of(
            st.none(), st.tuples(st.sampled_from(DocumentType.values), dates, st.booleans())
        ),
    }
)


class RoundTripProperty(TestCase):
    """Export -> re-import changes nothing, for generated persons."""

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(people=st.lists(person_strategy, min_size=1, max_size=4))
    def test_export_then_import_changes_nothing(self, people: list[dict[str, Any]]) -> None:
        import tempfile

        kommune = KommuneFactory(slug="rt", ags="05774032", state="05")
        with scope(kommune=kommune):
            for index, data in enumerate(people):
                person = Person.objects.create(
                    kommune=kommune,
                    file_reference=f"RT-{index}",
                    last_name=data["last_name"],
                    first_name=data["first_name"],
                    birth_date=data["birth_date"],
                    gender=data["gender"],
                    nationality=data["nationality"],
                    phone=data["phone"],
                )
                for code, level in data["languages"]:
                    person.languages.create(kommune=kommune, language=code, level=level)
                if data["status"]:
                    document, start, open_end = data["status"]
                    ResidenceStatus.objects.create(
                        kommune=kommune,
                        person=person,
                        document_type=document,
                        valid_from=start,
                        valid_to=None if open_end else start + dt.timedelta(days=180),
                    )
            for fmt in ("csv", "xlsx"):
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / f"e.{fmt}"
                    export_persons(path, fmt=fmt)
                    result = import_persons(kommune=kommune, path=path)
                assert result.errors == [], [str(e) for e in result.errors]
                assert result.summary() == f"created=0 updated=0 unchanged={len(people)} refused=0"


# --- residence-status history ----------------------------------------------------------


def _with_history(kommune: Kommune) -> None:
    _import_all(kommune)
    assert import_statuses(
        kommune=kommune, path=FIXTURES / "statuses.xlsx", skip_invalid=True
    ).committed


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_status_history_exports_and_reimports_without_changes(
    tenant: Any, tmp_path: Path, fmt: str
) -> None:
    _with_history(tenant.kommune)
    path = tmp_path / f"statuses.{fmt}"
    with scope(kommune=tenant.kommune):
        count = export_statuses(path, fmt=fmt)
    assert count == ResidenceStatus.objects.count() > 0
    before = list(ResidenceStatus.objects.order_by("id").values_list("id", "version"))
    result = import_statuses(kommune=tenant.kommune, path=path)
    assert result.summary() == f"created=0 updated=0 unchanged={count} refused=0"
    assert list(ResidenceStatus.objects.order_by("id").values_list("id", "version")) == before


def test_status_history_export_has_the_template_columns(tenant: Any) -> None:
    _with_history(tenant.kommune)
    out = io.StringIO()
    call_command("export", "statuses", "--kommune", "paderborn", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [c.header for c in STATUS_COLUMNS]
    first = ResidenceStatus.objects.select_related("person").order_by(
        "person__file_reference", "valid_from", "id"
    )[0]
    assert rows[1][0] == first.person.file_reference
    assert rows[1][2] == first.valid_from.strftime("%d.%m.%Y")
    # One row per period, ordered by Aktenzeichen and start.
    keys = [(r[0], dt.datetime.strptime(r[2], "%d.%m.%Y").date()) for r in rows[1:]]
    assert keys == sorted(keys) and len(keys) == ResidenceStatus.objects.count()


def test_status_history_export_respects_role_and_consent(tenant: Any) -> None:
    _with_history(tenant.kommune)
    partner = Membership.objects.get(user=tenant.user("partner"), kommune=tenant.kommune)
    person = Person.objects.get(file_reference="KW-2024-001")
    with scope(kommune=tenant.kommune):
        assert list(status_rows(partner)) == []  # no consent: nothing
        Consent.objects.create(
            kommune=tenant.kommune,
            person=person,
            purpose="work",
            data_categories=[DataCategory.STAMMDATEN],
            recipient=tenant.partner_org,
            given_on=dt.date(2024, 1, 1),
        )
        assert list(status_rows(partner)) == []  # basic data only: no residence data
        Consent.objects.create(
            kommune=tenant.kommune,
            person=person,
            purpose="work",
            data_categories=[DataCategory.AUFENTHALT],
            recipient=tenant.partner_org,
            given_on=dt.date(2024, 1, 1),
        )
        rows = list(status_rows(partner))
        assert rows and {r[0] for r in rows} == {"KW-2024-001"}
        analyst = Membership.objects.get(user=tenant.user("auswertung"), kommune=tenant.kommune)
        assert list(status_rows(analyst)) == []


def test_status_history_carries_the_section_of_an_aufenthaltserlaubnis(
    tenant: Any, tmp_path: Path
) -> None:
    _import_all(tenant.kommune)
    path = tmp_path / "history.csv"
    path.write_text(
        "Aktenzeichen;Aufenthaltsstatus;gültig ab;gültig bis\n"
        "KW-2024-003;Aufenthaltserlaubnis nach § 25 Abs. 2 AufenthG;01.01.2025;\n",
        encoding="utf-8",
    )
    assert import_statuses(kommune=tenant.kommune, path=path).summary() == (
        "created=1 updated=0 unchanged=0 refused=0"
    )
    status = ResidenceStatus.objects.get(valid_from=dt.date(2025, 1, 1))
    assert status.legal_basis == "§ 25 Abs. 2 AufenthG"
    out = tmp_path / "export.xlsx"
    with scope(kommune=tenant.kommune):
        export_statuses(out, fmt="xlsx")
    cells = [row[1] for row in load_workbook(out).active.iter_rows(values_only=True)]
    assert "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG" in cells
    count = ResidenceStatus.objects.count()
    assert import_statuses(kommune=tenant.kommune, path=out).summary() == (
        f"created=0 updated=0 unchanged={count} refused=0"
    )
