"""The CSV reader streams: same rows as decoding the whole file, encoding checked first."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from vorort.imports import readers
from vorort.imports.parsing import decode_csv, sniff_delimiter
from vorort.imports.readers import UnreadableFile, open_table
from vorort.imports.services import import_persons
from vorort.people.models import Person

from .conftest import FIXTURES


def _whole_file(path: Path) -> list[list[str]]:
    """The rows as the reader gave them before it streamed: the whole file decoded."""
    text = decode_csv(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    return [row for row in reader if any(cell.strip() for cell in row)]


@pytest.mark.parametrize("name", ["persons_cp1252.csv", "persons_utf8_comma.csv"])
def test_streaming_gives_the_rows_of_the_whole_file(name: str) -> None:
    table = open_table(FIXTURES / name)
    rows = [table.headers] + [values for _n, values in table.rows]
    assert rows == _whole_file(FIXTURES / name)


def test_a_late_non_utf8_byte_makes_the_file_windows_1252(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(readers, "CHUNK", 16)  # the ß comes many chunks after the start
    path = tmp_path / "late.csv"
    body = "".join(f"A-{n};Name;01.01.1990\n" for n in range(20)) + "A-99;Straße;01.01.1990\n"
    path.write_bytes(("Aktenzeichen;Nachname;Geburtsdatum\n" + body).encode("cp1252"))
    table = open_table(path)
    assert table.total == 21
    rows = list(table.rows)
    assert rows[-1] == (22, ["A-99", "Straße", "01.01.1990"])


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfAktenzeichen,Nachname\r\nA-1,\xc3\x96zt\xc3\xbcrk\r\n")
    table = open_table(path)
    assert table.headers == ["Aktenzeichen", "Nachname"]
    assert list(table.rows) == [(2, ["A-1", "Öztürk"])]
    assert table.total == 1


def test_a_quoted_line_break_keeps_the_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('A;B\n"x\ny";1\n\nz;2\n', encoding="utf-8")
    table = open_table(path)
    assert list(table.rows) == [(2, ["x\ny", "1"]), (4, ["z", "2"])]


@pytest.mark.parametrize("data", [b"\xef\xbb\xbfA;B\n\xff;1\n", b"A;B\n\x81\xff;1\n"])
def test_undecodable_bytes_make_the_file_unreadable(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile):
        open_table(path)


def test_an_undecodable_csv_is_refused_with_a_message(tenant: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"Aktenzeichen;Nachname;Geburtsdatum\nA-1;\x81;01.01.1990\n")
    result = import_persons(kommune=tenant.kommune, path=path)
    assert [(e.row, e.column) for e in result.errors] == [(1, "–")]
    assert "cannot be read" in result.errors[0].message
    assert not Person.objects.exists()


def test_closing_an_unread_table_closes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("A;B\n1;2\n", encoding="utf-8")
    table = open_table(path)
    assert table.close is not None
    table.close()
    with pytest.raises(ValueError):
        list(table.rows)  # the file is closed


def test_excel_unicode_text_tab_separated_utf16(tmp_path: Path) -> None:
    """Excel's "Unicode text" (.txt): UTF-16 with a byte order mark, tab-separated."""
    text = (
        "Aktenzeichen\tNachname\tGeburtsdatum\r\n"
        "A-1\tمحمد\t01.01.1990\r\nA-2\tÖzdemir\t2.2.1991\r\n"
    )
    for bom_encoding in ("utf-16", "utf-16-be"):
        path = tmp_path / f"liste-{bom_encoding}.txt"
        data = text.encode(bom_encoding)
        if bom_encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        path.write_bytes(data)
        table = open_table(path)
        assert table.headers == ["Aktenzeichen", "Nachname", "Geburtsdatum"]
        assert [values for _n, values in table.rows] == [
            ["A-1", "محمد", "01.01.1990"],
            ["A-2", "Özdemir", "2.2.1991"],
        ]


@pytest.mark.parametrize(
    ("data", "delimiter"),
    [
        (b"\n\nAktenzeichen;Nachname;Geburtsdatum\nA-1;Haddad;01.01.1990\n", ";"),
        (b"Aktenzeichen;Nachname;Geburtsdatum\rA-1;Haddad;01.01.1990\r", ";"),  # old Mac Excel
        (b"Aktenzeichen\tNachname\tGeburtsdatum\nA-1\tHaddad\t01.01.1990\n", "\t"),
        (b'Aktenzeichen,"Nachname; Name",Geburtsdatum\nA-1,Haddad,01.01.1990\n', ","),
    ],
)
def test_the_separator_is_sniffed_from_the_first_line_with_content(
    tmp_path: Path, data: bytes, delimiter: str
) -> None:
    assert sniff_delimiter(data.decode()) == delimiter
    path = tmp_path / "liste.csv"
    path.write_bytes(data)
    table = open_table(path)
    assert table.headers[0] == "Aktenzeichen" and len(table.headers) == 3
    assert [values for _n, values in table.rows] == [["A-1", "Haddad", "01.01.1990"]]


def test_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    """A list with a title and a "Stand" line above the table: the header is found below
    them, and row numbers stay those of the spreadsheet."""
    path = tmp_path / "liste.csv"
    path.write_text(
        "Flüchtlingsliste Gemeinde Testdorf\n"
        "Stand:;01.01.2025\n"
        "\n"
        "Aktenzeichen;Nachname;Vorname;Geburtsdatum\n"
        "A-1;Haddad;Amal;01.01.1990\n",
        encoding="utf-8",
    )
    table = open_table(path)
    assert (table.header_row, table.headers[0]) == (4, "Aktenzeichen")
    assert list(table.rows) == [(5, ["A-1", "Haddad", "Amal", "01.01.1990"])]


def test_a_narrow_header_is_still_the_header(tmp_path: Path) -> None:
    # Three named columns, data rows with more filled cells: row 1 stays the header.
    path = tmp_path / "liste.csv"
    path.write_text(
        "Aktenzeichen;Nachname;Geburtsdatum\nA-1;Haddad;01.01.1990;x;y;z;w\n",
        encoding="utf-8",
    )
    table = open_table(path)
    assert table.header_row == 1 and table.headers == ["Aktenzeichen", "Nachname", "Geburtsdatum"]


def test_an_xlsx_with_a_title_row_imports(tenant: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Liste der Geflüchteten – Stand 01.01.2025"])
    sheet.append([])
    sheet.append(["Aktenzeichen", "Nachname", "Geburtsdatum"])
    sheet.append(["A-1", "Haddad", "01.01.1990"])
    sheet.append(["A-2", "", "01.01.1990"])
    path = tmp_path / "liste.xlsx"
    workbook.save(path)
    result = import_persons(kommune=tenant.kommune, path=path, skip_invalid=True)
    assert result.summary() == "created=1 updated=0 unchanged=0 refused=1"
    assert [str(e) for e in result.errors] == [
        "Zeile 5, Spalte Nachname: a value is required here."
    ]
    assert Person.objects.get().file_reference == "A-1"
