"""The streaming .xlsx reader gives exactly the values openpyxl's read-only mode gives."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from vorort.imports import readers
from vorort.imports.bench import write_files
from vorort.imports.readers import UnreadableFile, open_table
from vorort.imports.xlsx import Sheet, XlsxError

from .conftest import FIXTURES


def _openpyxl_rows(path: Path) -> dict[int, list[Any]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return {n: list(v) for n, v in enumerate(rows, start=1) if any(x is not None for x in v)}
    finally:
        workbook.close()


def _fast_rows(path: Path) -> dict[int, list[Any]]:
    return {n: v for n, v in Sheet(path).rows() if any(x is not None for x in v)}


def _same(path: Path) -> None:
    expected = _openpyxl_rows(path)
    found = _fast_rows(path)
    assert found.keys() == expected.keys()
    for number, values in expected.items():
        # openpyxl pads to the sheet's dimension; without one both end at the last cell.
        assert found[number] == values, number


@pytest.mark.parametrize("name", ["persons_messy.xlsx", "persons_bad.xlsx", "statuses.xlsx"])
def test_the_fixtures_read_as_with_openpyxl(name: str) -> None:
    _same(FIXTURES / name)


def test_a_generated_write_only_file_reads_as_with_openpyxl(tmp_path: Path) -> None:
    files = write_files(tmp_path, 300, seed=3)
    _same(files["xlsx"])
    assert Sheet(files["xlsx"]).max_row in (0, 301)


def test_a_workbook_with_every_cell_kind_reads_as_with_openpyxl(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Text", "Zahl", "Datum", "Zeit", "Wahr", "leer", "Dezimal"])
    sheet.append(["Ä  ", 33098, dt.date(2024, 2, 29), dt.datetime(2024, 1, 2, 3, 4, 5), True])
    sheet.append([None, None, None])  # an empty row keeps its number
    sheet.append(["x", 1.5, dt.date(1900, 3, 1), None, False, None, 1e-7])
    sheet["J7"] = "far right, lower down"
    sheet["B4"].number_format = "0.00"
    path = tmp_path / "kinds.xlsx"
    workbook.save(path)
    _same(path)


SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:dimension ref="A1:F4"/><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>
<x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>
<x:row r="2"><x:c r="A2" t="s"><x:v>3</x:v></x:c><x:c r="B2" s="1"><x:v>45352</x:v></x:c>
<x:c r="C2" s="2"><x:v>45352.5</x:v></x:c><x:c r="D2" t="b"><x:v>1</x:v></x:c>
<x:c r="E2" t="e"><x:v>#N/A</x:v></x:c>
<x:c r="F2" t="str"><x:f>A2&amp;"!"</x:f><x:v>Haddad!</x:v></x:c>
</x:row>
<x:row><x:c><x:v>12</x:v></x:c>
<x:c t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r></x:is></x:c>
<x:c s="1"><x:v>2958466</x:v></x:c><x:c t="d"><x:v>2024-03-01T00:00:00</x:v></x:c></x:row>
</x:sheetData></x:worksheet>"""

STRINGS = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t xml:space="preserve"> Aktenzeichen </t></si>
<si><r><rPr><b/></rPr><t>Nach</t></r><r><t>name</t></r></si>
<si><t>Geburtsdatum</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si>
<si><t>محمد &amp; Söhne</t></si>
</sst>"""

STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="170" formatCode="[$-407]dd/mm/yyyy\\ hh:mm"/></numFmts>
<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="170"/></cellXfs>
</styleSheet>"""


def _excel_like(path: Path, *, date1904: bool = False, doctype: str = "") -> Path:
    """A package as Excel writes it: shared strings, styles, prefixed namespace, no r= here."""
    properties = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            doctype + '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships">{properties}<sheets>'
            '<sheet name="Liste" sheetId="1" r:id="rId7"/><sheet name="Zwei" sheetId="2" '
            'r:id="rId8"/></sheets></workbook>',
        )
        base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId7" Type="{base}worksheet" '
            'Target="worksheets/sheet9.xml"/><Relationship Id="rId8" Type="'
            f'{base}worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{base}sharedStrings" Target="sharedStrings.xml"/><Relationship '
            f'Id="rId3" Type="{base}styles" Target="styles.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet9.xml", SHEET)
        archive.writestr("xl/worksheets/sheet1.xml", SHEET.replace("Haddad", "second sheet"))
        archive.writestr("xl/sharedStrings.xml", STRINGS)
        archive.writestr("xl/styles.xml", STYLES)
    return path


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl: no default style, far date
@pytest.mark.parametrize("date1904", [False, True])
def test_an_excel_like_package_reads_as_with_openpyxl(tmp_path: Path, date1904: bool) -> None:
    path = _excel_like(tmp_path / "excel.xlsx", date1904=date1904)
    _same(path)
    rows = _fast_rows(path)
    assert rows[1][:3] == [" Aktenzeichen ", "Nachname", "Geburtsdatum"]
    assert rows[2][0] == "محمد & Söhne"
    assert rows[2][5] == "Haddad!"  # the first sheet in workbook order, formula's cached value
    assert rows[3][1] == "inline"
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    assert rows[2][1] == epoch + dt.timedelta(days=45352)


def test_the_table_of_an_excel_like_package(tmp_path: Path) -> None:
    table = open_table(_excel_like(tmp_path / "excel.xlsx"))
    assert table.headers[:3] == [" Aktenzeichen ", "Nachname", "Geburtsdatum"]
    assert table.total == 3  # from the dimension A1:F4
    assert [n for n, _v in table.rows] == [2, 3]
    assert table.position == 2


def test_a_document_type_declaration_is_refused(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
    path = _excel_like(tmp_path / "bomb.xlsx", doctype=bomb)
    with pytest.raises(XlsxError):
        Sheet(path)


def test_a_file_that_is_no_zip_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(XlsxError):
        Sheet(path)


def test_openpyxl_reads_what_the_fast_reader_cannot_open(tmp_path: Path, monkeypatch: Any) -> None:
    fast = open_table(FIXTURES / "persons_messy.xlsx")
    expected = (fast.headers, list(fast.rows), fast.total)

    def refuse(_path: Any) -> None:
        raise XlsxError("unexpected package")

    monkeypatch.setattr(readers, "Sheet", refuse)
    slow = open_table(FIXTURES / "persons_messy.xlsx")
    assert (slow.headers, list(slow.rows), slow.total) == expected


def test_a_broken_xlsx_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableFile):
        open_table(path)


def test_a_package_that_unpacks_too_large_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: Any
) -> None:
    # A highly compressible part (a "zip bomb" in miniature): 4 MB of zeros packs to ~4 KB.
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (4 * 1024 * 1024))
    assert path.stat().st_size < 64 * 1024
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 1024 * 1024)
    with pytest.raises(UnreadableFile, match="unpacks to 4194304 bytes"):
        open_table(path)
    # A normal file stays under the limit.
    assert open_table(FIXTURES / "persons_messy.xlsx").headers[0].strip() == "AKTENZEICHEN"
