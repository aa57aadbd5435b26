"""Read a spreadsheet file row by row: .xlsx streamed (``xlsx.Sheet``), .csv with the csv module.

``open_table`` gives the header row and an iterator of ``(row_number, values)`` where the row
number is the one the spreadsheet shows (the header is row 1). Completely empty rows are
skipped but keep their place in the numbering. Nothing holds the whole sheet in memory.

``Table.total`` is the number of rows after the header row as far as it is known cheaply
(the sheet's stored dimension for .xlsx, the line count for .csv; empty rows included), 0
when unknown. ``Table.position`` is the number of rows after the header read so far, on
the same scale, so ``position / total`` is the progress.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .parsing import decode_csv, sniff_delimiter
from .xlsx import Sheet, XlsxError


class UnreadableFile(ValueError):
    """The file is neither a readable .xlsx nor a .csv."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    close: Any = None
    header_row: int = 1
    total: int = 0
    last_row: int = 0

    @property
    def position(self) -> int:
        """Rows after the header read so far (empty ones included)."""
        return max(0, self.last_row - self.header_row)


def _empty(values: list[Any] | tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def open_table(path: str | Path) -> Table:
    """Open ``path`` (.xlsx, .xlsm or .csv) and read its first sheet's header row."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(Path(path))
    if suffix in (".csv", ".txt"):
        return _open_csv(Path(path).read_bytes())
    raise UnreadableFile(suffix or str(path))


def _open_xlsx(path: Path) -> Table:
    """The first sheet, read with ``xlsx.Sheet``; with openpyxl if that cannot open it."""
    try:
        sheet = Sheet(path)
    except XlsxError:
        return _open_xlsx_openpyxl(path)
    rows = sheet.rows()
    headers: list[str] = []
    header_row = 0
    for number, values in rows:
        if not _empty(values):
            headers = ["" if v is None else str(v) for v in values]
            header_row = number
            break

    def data() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in rows:
                table.last_row = number
                if not _empty(values):
                    yield number, values
        finally:
            sheet.close()

    table = Table(
        headers=headers,
        rows=data(),
        close=sheet.close,
        header_row=header_row,
        total=max(0, sheet.max_row - header_row),
        last_row=header_row,
    )
    return table


def _open_xlsx_openpyxl(path: Path) -> Table:
    """The first sheet, read with openpyxl's read-only mode (slower; the fallback)."""
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet XML; data_only gives a formula's cached value.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise UnreadableFile(str(error)) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers: list[str] = []
    header_row = 0
    for number, values in enumerate(rows, start=1):
        if not _empty(values):
            headers = ["" if v is None else str(v) for v in values]
            header_row = number
            break

    try:
        # The <dimension> element (written by Excel and openpyxl); None when absent.
        max_row = sheet.max_row or 0
    except Exception:  # a malformed dimension: the total is merely unknown
        max_row = 0

    def data() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in enumerate(rows, start=header_row + 1):
                table.last_row = number
                if not _empty(values):
                    yield number, list(values)
        finally:
            workbook.close()

    table = Table(
        headers=headers,
        rows=data(),
        close=workbook.close,
        header_row=header_row,
        total=max(0, max_row - header_row),
        last_row=header_row,
    )
    return table


def _open_csv(data: bytes) -> Table:
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    headers: list[str] = []
    header_row = 0
    for values in reader:
        if not _empty(values):
            headers = values
            header_row = reader.line_num
            break

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = header_row
        for values in reader:
            # A quoted cell may hold a line break; the spreadsheet still counts one row.
            number += 1
            table.last_row = number
            if not _empty(values):
                yield number, list(values)

    # Lines, not rows: a quoted line break counts twice (the total is an estimate then).
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    table = Table(
        headers=headers,
        rows=rows(),
        header_row=header_row,
        total=max(0, lines - header_row),
        last_row=header_row,
    )
    return table
