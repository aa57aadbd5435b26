"""Read a spreadsheet file row by row: .xlsx streamed (``xlsx.Sheet``), .csv with the csv module.

``open_table`` gives the header row and an iterator of ``(row_number, values)`` where the row
number is the one the spreadsheet shows (the header is row 1). Completely empty rows are
skipped but keep their place in the numbering. Nothing holds the whole sheet in memory.

``Table.total`` is the number of rows after the header row as far as it is known cheaply
(the sheet's stored dimension for .xlsx, the line count for .csv; empty rows included), 0
when unknown. ``Table.position`` is the number of rows after the header read so far, on
the same scale, so ``position / total`` is the progress.

An .xlsx is a zip archive: one whose parts unpack to more than ``MAX_UNPACKED_BYTES`` in
all (as the archive declares them; reading never yields more than declared) is refused
before anything is unpacked, so a "zip bomb" cannot fill memory or disk.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .parsing import sniff_delimiter
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


def _filled(values: list[Any] | tuple[Any, ...]) -> int:
    return sum(1 for v in values if not (v is None or (isinstance(v, str) and not v.strip())))


#: Rows looked at to find the header row below title rows.
HEADER_SEARCH_ROWS = 10

Rows = Iterator[tuple[int, Any]]


def split_header(rows: Rows) -> tuple[int, list[Any], Rows]:
    """(number of the header row, its values, the rows after it) of numbered rows.

    The header is the first row that is not empty — unless it is a title row above the
    table ("Flüchtlingsliste Stand 01.01.2025", "Kommune: | Paderborn"): a row with at most
    two filled cells while a later row among the first ``HEADER_SEARCH_ROWS`` has more.
    Rows above the header are ignored; numbers stay the spreadsheet's.
    """
    buffered: list[tuple[int, Any]] = []
    for number, values in rows:
        if _empty(values):
            continue
        buffered.append((number, values))
        if len(buffered) == HEADER_SEARCH_ROWS:
            break
    if not buffered:
        return 0, [], iter(())
    widest = max(_filled(values) for _number, values in buffered)
    index = next(
        (
            i
            for i, (_number, values) in enumerate(buffered)
            if not (_filled(values) <= 2 and _filled(values) < widest)
        ),
        0,
    )
    number, header = buffered[index]
    return number, list(header), itertools.chain(buffered[index + 1 :], rows)


def open_table(path: str | Path) -> Table:
    """Open ``path`` (.xlsx, .xlsm or .csv) and read its first sheet's header row."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(Path(path))
    if suffix in (".csv", ".txt"):
        return _open_csv(Path(path))
    raise UnreadableFile(suffix or str(path))


#: At most this many bytes unpacked (all parts): a 50,000-row persons sheet unpacks to
#: about 30 MB, an upload may be 20 MB packed.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024


def _check_unpacked_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile(str(error)) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(f"{path.name} unpacks to {unpacked} bytes")


def _open_xlsx(path: Path) -> Table:
    """The first sheet, read with ``xlsx.Sheet``; with openpyxl if that cannot open it."""
    _check_unpacked_size(path)
    try:
        sheet = Sheet(path)
    except XlsxError:
        return _open_xlsx_openpyxl(path)
    header_row, header, rows = split_header(sheet.rows())
    headers = ["" if v is None else str(v) for v in header]

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
    header_row, header, rows = split_header(enumerate(sheet.iter_rows(values_only=True), start=1))
    headers = ["" if v is None else str(v) for v in header]

    try:
        # The <dimension> element (written by Excel and openpyxl); None when absent.
        max_row = sheet.max_row or 0
    except Exception:  # a malformed dimension: the total is merely unknown
        max_row = 0

    def data() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in rows:
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


BOM = b"\xef\xbb\xbf"
UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
CHUNK = 1 << 20


def _scan(path: Path, encoding: str, skip: int) -> tuple[bool, int]:
    """(decodes strictly as ``encoding``, number of lines) of the file after ``skip`` bytes.

    Reads in chunks: the file is checked and its lines counted without holding it.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    newlines = 0
    last = b""
    with open(path, "rb") as handle:
        handle.seek(skip)
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
                newlines += chunk.count(b"\n")
                last = chunk[-1:]
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False, 0
    return True, newlines + (0 if last in (b"\n", b"") else 1)


def csv_encoding(path: Path) -> tuple[str, int]:
    """The encoding of a CSV file and its number of lines (what ``decode_csv`` would decode).

    UTF-8 with BOM; else UTF-8 if the whole file is valid UTF-8; else Windows-1252.
    Raises UnreadableFile if the file is none of these.
    """
    with open(path, "rb") as handle:
        start = handle.read(3)
    for bom, codec in UTF16_BOMS:
        # Excel's "Unicode text" (tab-separated .txt) is UTF-16 with a byte order mark.
        if start.startswith(bom):
            ok, lines = _scan(path, codec, len(bom))
            if ok:
                return "utf-16", lines
            raise UnreadableFile(f"{path.name}: broken UTF-16 text")
    has_bom = start == BOM
    candidates = ["utf-8-sig"] if has_bom else ["utf-8", "cp1252"]
    for encoding in candidates:
        ok, lines = _scan(path, "utf-8" if has_bom else encoding, 3 if has_bom else 0)
        if ok:
            return encoding, lines
    raise UnreadableFile(f"{path.name}: neither UTF-8 nor Windows-1252 text")


def _first_lines(path: Path, encoding: str, count: int = 10) -> str:
    """The first ``count`` lines that are not empty (the delimiter is sniffed there); lines
    end with LF, CRLF or a lone CR (old Mac Excel). Reads a few chunks, not the file."""
    text = ""
    with open(path, encoding=encoding, newline="") as handle:
        while chunk := handle.read(1 << 16):
            text += chunk
            lines = [line for line in re.split(r"\r\n|\r|\n", text)[:-1] if line.strip()]
            if len(lines) >= count:
                return "\n".join(lines[:count])
    return text


def _open_csv(path: Path) -> Table:
    """A CSV file read streaming: its encoding is checked first, then rows are parsed lazily."""
    encoding, lines = csv_encoding(path)
    delimiter = sniff_delimiter(_first_lines(path, encoding))
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 (closed by the table)
    # Records, numbered as the spreadsheet shows them: a quoted cell may hold a line break,
    # the row is still one row.
    reader = enumerate(csv.reader(handle, delimiter=delimiter), start=1)
    try:
        header_row, headers, rest = split_header(reader)
    except BaseException:
        handle.close()
        raise

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in rest:
                table.last_row = number
                if not _empty(values):
                    yield number, list(values)
        finally:
            handle.close()

    # Lines, not rows: a quoted line break counts twice (the total is an estimate then).
    table = Table(
        headers=headers,
        rows=rows(),
        close=handle.close,
        header_row=header_row,
        total=max(0, lines - header_row),
        last_row=header_row,
    )
    return table
