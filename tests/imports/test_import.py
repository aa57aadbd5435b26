"""Importing persons and statuses: messy files, every bad row kind, atomicity, re-import."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from django_scopes import scope

from vorort.imports import services
from vorort.imports.exports import export_persons
from vorort.imports.models import ImportRun
from vorort.imports.services import import_persons, import_statuses
from vorort.people.models import (
    Address,
    Household,
    HouseholdMember,
    Person,
    PersonLanguage,
    ResidenceStatus,
)
from vorort.work.models import WorkAccessFacts

from .conftest import FIXTURES


def _persons(kommune: Any) -> dict[str, Person]:
    return {p.file_reference: p for p in Person.objects.filter(kommune=kommune)}


def test_it_imports_the_messy_xlsx(tenant: Any) -> None:
    result = import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_messy.xlsx")
    assert result.summary() == "created=4 updated=0 unchanged=0 refused=0"
    assert result.duplicates == 1
    persons = _persons(tenant.kommune)
    first = persons["KW-2024-001"]  # trailing space trimmed
    assert (first.last_name, first.first_name) == ("محمد", "Haddad")
    assert first.birth_date == dt.date(1990, 7, 4)  # Excel date cell
    assert first.nationality == "SY"
    assert first.email == "m.haddad@example.org"
    assert first.work_facts.entry_date == dt.date(2024, 1, 15)  # T.M.JJJJ
    assert {(e.language, e.level) for e in first.languages.all()} == {("ar", "L1"), ("de", "A2")}
    address = Address.objects.get(person=first)
    assert (address.street, address.postcode, address.city) == (
        "Drachenfelsstraße 4",
        "53639",
        "Königswinter",
    )
    second = persons["KW-2024-002"]
    status = ResidenceStatus.objects.get(person=second)
    assert status.document_type == "aufenthaltsgestattung"  # upper case label
    assert (status.valid_from, status.valid_to) == (dt.date(2024, 2, 1), dt.date(2025, 7, 31))
    # Both Haddads form one household; the trailing space in "Familie Haddad " is trimmed.
    household = Household.objects.get(kommune=tenant.kommune, name="Familie Haddad")
    assert set(
        HouseholdMember.objects.filter(household=household).values_list(
            "person__file_reference", flat=True
        )
    ) == {"KW-2024-001", "KW-2024-002"}
    third = persons["KW-2024-003"]
    assert (third.last_name, third.first_name, third.gender) == ("Müller-Özdemir", "Jürgen", "d")
    assert ResidenceStatus.objects.get(person=third).document_type == "duldung"
    fourth = persons["KW-2024-004"]
    assert fourth.gender == "x"
    assert {(e.language, e.level) for e in fourth.languages.all()} == {("prs", "L1"), ("fa", "B2")}
    assert Address.objects.get(person=fourth).postcode == "01067"  # leading zero restored
    run = ImportRun.objects.get(kommune=tenant.kommune)
    assert (run.outcome, run.created, run.actor_label) == ("committed", 4, "cli")
    assert len(run.sha256) == 64 and run.file_name == "persons_messy.xlsx"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "persons_cp1252.csv",
            {"KW-2024-101": ("Schäfer", "Björn", "DE"), "KW-2024-102": ("Öztürk", "Ayse", "TR")},
        ),
        (
            "persons_utf8_comma.csv",
            {
                "KW-2024-201": ("Al-Hassan", "أحمد", "IQ"),
                "KW-2024-202": ("Kovalenko", "Olena", "UA"),
            },
        ),
    ],
)
def test_it_imports_csv_files(tenant: Any, name: str, expected: dict[str, tuple[str, ...]]) -> None:
    result = import_persons(kommune=tenant.kommune, path=FIXTURES / name)
    assert result.errors == []
    assert result.created == 2
    persons = _persons(tenant.kommune)
    assert {k: (p.last_name, p.first_name, p.nationality) for k, p in persons.items()} == expected


def test_the_quoted_comma_stays_in_the_street(tenant: Any) -> None:
    import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_utf8_comma.csv")
    person = _persons(tenant.kommune)["KW-2024-201"]
    assert Address.objects.get(person=person).street == "Am Markt 1, Hinterhaus"
    assert ResidenceStatus.objects.get(person=person).document_type == "duldung_60b"
    assert {(e.language, e.level) for e in person.languages.all()} == {("ar", "L1"), ("ckb", "B1")}


EXPECTED_BAD = {
    3: ("Nachname", "required"),
    4: ("Geburtsdatum", "31.02.2020"),
    5: ("Geburtsdatum", "future"),
    6: ("Status gültig bis", "ends (01.01.2024) before it starts (01.06.2024)"),
    7: ("Aufenthaltsstatus", "Visum"),
    8: ("Staatsangehörigkeit", "Atlantis"),
    9: ("Sprachen", "Klingonisch"),
    10: ("E-Mail", "kein-at-zeichen.de"),
    11: ("Aktenzeichen", "B-1"),
}


def test_every_bad_row_is_refused_and_nothing_is_stored(tenant: Any) -> None:
    result = import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_bad.xlsx")
    assert not result.committed
    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == set(EXPECTED_BAD)
    for row, (column, fragment) in EXPECTED_BAD.items():
        error = by_row[row]
        assert error.column == column
        assert fragment in error.message
        assert str(error).startswith(f"Zeile {row}, Spalte {column}: ")
    assert "row 2" in by_row[11].message
    assert not Person.objects.filter(kommune=tenant.kommune).exists()
    assert result.summary() == "created=0 updated=0 unchanged=0 refused=9"
    assert ImportRun.objects.get(kommune=tenant.kommune).outcome == "refused"


def test_skip_invalid_keeps_the_valid_rows(tenant: Any) -> None:
    result = import_persons(
        kommune=tenant.kommune, path=FIXTURES / "persons_bad.xlsx", skip_invalid=True
    )
    assert result.committed
    assert result.summary() == "created=1 updated=0 unchanged=0 refused=9"
    assert list(_persons(tenant.kommune)) == ["B-1"]
    assert [r.row for r in result.invalid] == sorted(EXPECTED_BAD)


def test_a_missing_required_column_refuses_the_file(tenant: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Aktenzeichen;Vorname\nA;B\n", encoding="utf-8")
    result = import_persons(kommune=tenant.kommune, path=path)
    assert {(e.row, e.column) for e in result.errors} == {(1, "Nachname"), (1, "Geburtsdatum")}
    assert not Person.objects.exists()


def test_dry_run_stores_nothing_but_counts(tenant: Any) -> None:
    result = import_persons(
        kommune=tenant.kommune, path=FIXTURES / "persons_messy.xlsx", dry_run=True
    )
    assert result.summary() == "created=4 updated=0 unchanged=0 refused=0"
    assert not result.committed
    for model in (Person, Household, ResidenceStatus, Address, PersonLanguage, WorkAccessFacts):
        assert not model.objects.exists()
    assert ImportRun.objects.get().outcome == "dry_run"


def test_an_error_in_the_middle_leaves_nothing(tenant: Any, monkeypatch: Any) -> None:
    original = services.apply_person_row

    def fail_on_row_five(context: Any, row: Any, *args: Any) -> None:
        if row.row == 5:
            raise RuntimeError("worker died")
        original(context, row, *args)

    monkeypatch.setattr(services, "apply_person_row", fail_on_row_five)
    with pytest.raises(RuntimeError):
        # Batches of two: rows 2 and 3 were already written when row 5 fails.
        import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_messy.xlsx", batch_size=2)
    for model in (Person, Household, ResidenceStatus, Address, PersonLanguage, WorkAccessFacts):
        assert not model.objects.exists()
    assert ImportRun.objects.get().outcome == "failed"


def test_reimport_creates_nothing(tenant: Any) -> None:
    for name in ("persons_messy.xlsx", "persons_cp1252.csv", "persons_utf8_comma.csv"):
        import_persons(kommune=tenant.kommune, path=FIXTURES / name)
    counts = {
        m: m.objects.count()
        for m in (Person, Household, HouseholdMember, ResidenceStatus, Address, PersonLanguage)
    }
    again = import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_messy.xlsx")
    assert again.summary() == "created=0 updated=0 unchanged=4 refused=0"
    assert {m: m.objects.count() for m in counts} == counts


def test_reimport_updates_changed_fields(tenant: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    head = "Aktenzeichen;Nachname;Vorname;Geburtsdatum;Telefon;Straße;PLZ;Ort\n"
    path.write_text(head + "A-1;Haddad;Mo;01.01.1990;123;Weg 1;33098;Paderborn\n", "utf-8")
    import_persons(kommune=tenant.kommune, path=path)
    path.write_text(head + "A-1;Haddad;Mohammed;01.01.1990;;Weg 2;33098;Paderborn\n", "utf-8")
    result = import_persons(kommune=tenant.kommune, path=path)
    assert result.summary() == "created=0 updated=1 unchanged=0 refused=0"
    person = Person.objects.get()
    assert (person.first_name, person.phone, person.version) == ("Mohammed", "123", 2)
    # The address was corrected on the same day: still one address.
    assert list(Address.objects.values_list("street", flat=True)) == ["Weg 2"]
    assert person.history.count() == 2


def test_the_same_aktenzeichen_in_another_kommune_is_another_person(
    tenant: Any, other_tenant: Any
) -> None:
    import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_messy.xlsx")
    result = import_persons(kommune=other_tenant.kommune, path=FIXTURES / "persons_messy.xlsx")
    assert result.created == 4
    with scope(kommune=tenant.kommune):
        assert Person.objects.count() == 4


def test_status_history_import(tenant: Any) -> None:
    import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_messy.xlsx")
    result = import_statuses(
        kommune=tenant.kommune, path=FIXTURES / "statuses.xlsx", skip_invalid=True
    )
    assert result.summary() == "created=2 updated=0 unchanged=1 refused=2"
    by_row = {e.row: e for e in result.errors}
    assert by_row[5].column == "gültig ab" and "overlaps" in by_row[5].message
    assert by_row[6].column == "Aktenzeichen" and "KW-9999-999" in by_row[6].message
    person = Person.objects.get(file_reference="KW-2024-003")
    assert list(
        ResidenceStatus.objects.filter(person=person)
        .order_by("valid_from")
        .values_list("document_type", "valid_to")
    ) == [
        ("aufenthaltsgestattung", dt.date(2024, 2, 28)),
        ("duldung", dt.date(2024, 8, 31)),
        ("ausbildungsduldung", None),
    ]
    again = import_statuses(kommune=tenant.kommune, path=FIXTURES / "statuses.xlsx")
    assert not again.committed and again.created == 0


def test_an_overlapping_current_status_refuses_the_person_row(tenant: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    head = (
        "Aktenzeichen;Nachname;Geburtsdatum;Aufenthaltsstatus;Status gültig ab;Status gültig bis\n"
    )
    path.write_text(head + "A-1;Haddad;01.01.1990;Duldung;01.01.2024;30.06.2024\n", "utf-8")
    import_persons(kommune=tenant.kommune, path=path)
    path.write_text(head + "A-1;Haddad;01.01.1990;Aufenthaltserlaubnis;01.06.2024;\n", "utf-8")
    result = import_persons(kommune=tenant.kommune, path=path)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Status gültig ab")]
    assert "overlaps" in result.errors[0].message
    assert ResidenceStatus.objects.count() == 1


def test_copy_of_fixture_keeps_name_and_checksum(tenant: Any, tmp_path: Path) -> None:
    copy = tmp_path / "Liste März.xlsx"
    shutil.copy(FIXTURES / "persons_messy.xlsx", copy)
    first = import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_messy.xlsx")
    second = import_persons(kommune=tenant.kommune, path=copy)
    assert second.run is not None and second.run.file_name == "Liste März.xlsx"
    assert first.sha256 == second.sha256


def test_real_world_spellings_of_countries_languages_statuses_and_dates(
    tenant: Any, tmp_path: Path
) -> None:
    """ISO alpha-3 and ICAO codes, English names, staatenlos/ungeklärt, ISO 639-2 codes,
    languages without a level, abbreviations and sections of residence documents, Excel day
    numbers in number cells."""
    from openpyxl import Workbook

    from vorort.people.models import PersonLanguage

    headers = [
        "Aktenzeichen",
        "Nachname",
        "Geburtsdatum",
        "Staatsangehörigkeit",
        "Sprachen",
        "Aufenthaltsstatus",
        "Status gültig ab",
    ]
    rows = [
        ["R-1", "Haddad", 32874, "SYR", "ara (L1), deu", "AE", "01.01.2024"],
        [
            "R-2",
            "Tesfay",
            "1.2.1995",
            "Eritrea",
            "Tigrinisch, Englisch (B1)",
            "§ 60a AufenthG",
            "2024-01-01",
        ],
        ["R-3", "Hassan", "1.2.1995", "staatenlos", "Kurmandschi", "Gestattung", "2024-01-01"],
        ["R-4", "Nuri", "1.2.1995", "ungeklärt", "Farsi", "Duldung light", "2024-01-01"],
        ["R-5", "Ali", "1.2.1995", "XXA", "Sorani", "NE", "2024-01-01"],
        [
            "R-6",
            "Omar",
            "1.2.1995",
            "Syria",
            "Arabic (native)",
            "Aufenthaltserlaubnis",
            "2024-01-01",
        ],
    ]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "liste.xlsx"
    workbook.save(path)
    result = import_persons(kommune=tenant.kommune, path=path)
    assert [str(e) for e in result.errors] == []
    assert result.summary() == "created=6 updated=0 unchanged=0 refused=0"
    people = {p.file_reference: p for p in Person.objects.all()}
    assert people["R-1"].birth_date == dt.date(1990, 1, 1)
    assert [str(people[k].nationality) for k in ("R-1", "R-3", "R-4", "R-5", "R-6")] == [
        "SY",
        "XS",
        "XU",
        "XS",
        "SY",
    ]
    documents = {p.file_reference: p.statuses.get().document_type for p in people.values()}
    assert documents == {
        "R-1": "aufenthaltserlaubnis",
        "R-2": "duldung",
        "R-3": "aufenthaltsgestattung",
        "R-4": "duldung_60b",
        "R-5": "niederlassungserlaubnis",
        "R-6": "aufenthaltserlaubnis",
    }
    languages = {
        (entry.person.file_reference, entry.language): entry.level
        for entry in PersonLanguage.objects.select_related("person")
    }
    assert languages[("R-1", "ar")] == "L1" and languages[("R-1", "de")] == ""
    assert languages[("R-2", "ti")] == "" and languages[("R-2", "en")] == "B1"
    assert languages[("R-3", "ku")] == "" and languages[("R-4", "fa")] == ""
    assert languages[("R-5", "ckb")] == "" and languages[("R-6", "ar")] == "L1"
    # A language without level never overwrites a known level; the export re-imports as is.
    again = tmp_path / "again.csv"
    again.write_text(
        "Aktenzeichen;Nachname;Geburtsdatum;Sprachen\nR-1;Haddad;01.01.1990;Arabisch\n",
        encoding="utf-8",
    )
    assert import_persons(kommune=tenant.kommune, path=again).summary() == (
        "created=0 updated=0 unchanged=1 refused=0"
    )
    assert PersonLanguage.objects.get(person=people["R-1"], language="ar").level == "L1"
    exported = tmp_path / "export.xlsx"
    with scope(kommune=tenant.kommune):
        export_persons(exported, fmt="xlsx")
    assert import_persons(kommune=tenant.kommune, path=exported).summary() == (
        "created=0 updated=0 unchanged=6 refused=0"
    )


def test_an_aufenthaltserlaubnis_keeps_its_section_and_a_section_alone_is_refused(
    tenant: Any, tmp_path: Path
) -> None:
    from vorort.work.facts import residence_permit_section

    path = tmp_path / "p.csv"
    path.write_text(
        "Aktenzeichen;Nachname;Geburtsdatum;Aufenthaltsstatus;Status gültig ab\n"
        "R-1;Haddad;01.01.1990;Aufenthaltserlaubnis § 24 AufenthG;01.01.2024\n"
        "R-2;Tesfay;01.01.1990;AE nach §25 Abs. 2 S. 1;01.01.2024\n"
        "R-3;Nuri;01.01.1990;Aufenthaltserlaubnis (§ 25 Abs. 3 AufenthG);01.01.2024\n"
        "R-4;Ali;01.01.1990;Duldung § 60a AufenthG;01.01.2024\n"
        "R-5;Omar;01.01.1990;§ 24 AufenthG;01.01.2024\n",
        encoding="utf-8",
    )
    result = import_persons(kommune=tenant.kommune, path=path, skip_invalid=True)
    assert [str(e) for e in result.errors] == [
        "Zeile 6, Spalte Aufenthaltsstatus: unknown residence status “§ 24 AufenthG” (use e.g. "
        "Duldung, Aufenthaltsgestattung, Aufenthaltserlaubnis or the code)."
    ]
    statuses = {
        s.person.file_reference: (s.document_type, s.legal_basis)
        for s in ResidenceStatus.objects.select_related("person")
    }
    assert statuses == {
        "R-1": ("aufenthaltserlaubnis", "§ 24 AufenthG"),
        "R-2": ("aufenthaltserlaubnis", "§ 25 Abs. 2 S. 1 AufenthG"),
        "R-3": ("aufenthaltserlaubnis", "§ 25 Abs. 3 AufenthG"),
        "R-4": ("duldung", ""),
    }
    # The work-access engine reads the sections.
    assert [residence_permit_section(statuses[k][1]) for k in ("R-1", "R-2", "R-3")] == [
        "24",
        "25(2)",
        "25(3)",
    ]
    # Export → import changes nothing; a section added later updates the status, an
    # empty one never erases it.
    exported = tmp_path / "export.csv"
    with scope(kommune=tenant.kommune):
        export_persons(exported, fmt="csv")
    assert "Aufenthaltserlaubnis § 24 AufenthG" in exported.read_text(encoding="utf-8-sig")
    assert import_persons(kommune=tenant.kommune, path=exported).summary() == (
        "created=0 updated=0 unchanged=4 refused=0"
    )
    later = tmp_path / "later.csv"
    later.write_text(
        "Aktenzeichen;Nachname;Geburtsdatum;Aufenthaltsstatus;Status gültig ab\n"
        "R-1;Haddad;01.01.1990;Aufenthaltserlaubnis;01.01.2024\n"
        "R-3;Nuri;01.01.1990;AE § 25 Abs. 5 AufenthG;01.01.2024\n",
        encoding="utf-8",
    )
    assert import_persons(kommune=tenant.kommune, path=later).summary() == (
        "created=0 updated=1 unchanged=1 refused=0"
    )
    kept = dict(
        ResidenceStatus.objects.filter(person__file_reference__in=["R-1", "R-3"]).values_list(
            "person__file_reference", "legal_basis"
        )
    )
    assert kept == {"R-1": "§ 24 AufenthG", "R-3": "§ 25 Abs. 5 AufenthG"}


def test_a_dash_is_an_empty_cell_and_a_required_one_says_so(tenant: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "Aktenzeichen;Nachname;Geburtsdatum;E-Mail;Telefon\n"
        "D-1;Haddad;01.01.1990;-;–\n"
        "D-2;-;01.01.1990;;\n",
        encoding="utf-8",
    )
    result = import_persons(kommune=tenant.kommune, path=path, skip_invalid=True)
    assert [str(e) for e in result.errors] == [
        "Zeile 3, Spalte Nachname: a value is required here."
    ]
    person = Person.objects.get()
    assert (person.email, person.phone) == ("", "")


def test_headers_with_hints_and_other_names_are_recognised(tenant: Any, tmp_path: Path) -> None:
    from vorort.imports.columns import PERSON_COLUMNS, match_headers

    headers = [
        "AZ",
        "Name",
        "Vorname(n)",
        "Geburtsdatum (TT.MM.JJJJ)",
        "Nachname*",
        "E-Mail-Adresse",
        "Tel.:",
        "Status",
        "gültig ab",
    ]
    assert match_headers(headers, PERSON_COLUMNS) == {
        "file_reference": 0,
        "last_name": 4,  # the template's own name (with a hint) before the other name "Name"
        "first_name": 2,
        "birth_date": 3,
        "email": 5,
        "phone": 6,
        "document_type": 7,
        "valid_from": 8,
    }
    path = tmp_path / "p.csv"
    path.write_text(
        "AZ;Familienname;Vorname(n);Geb.-Datum;Staatsangehörigkeit *\n"
        "H-1;Haddad;Amal;01.02.1990;Syrien\n",
        encoding="utf-8",
    )
    assert import_persons(kommune=tenant.kommune, path=path).summary() == (
        "created=1 updated=0 unchanged=0 refused=0"
    )
    person = Person.objects.get()
    assert (person.file_reference, person.last_name, str(person.nationality)) == (
        "H-1",
        "Haddad",
        "SY",
    )
