"""A streaming reader for the first sheet of an .xlsx file, giving the values openpyxl gives.

openpyxl's read-only mode builds objects for every cell (and, for a sheet without a stored
dimension, as openpyxl's own write-only mode writes them, parses the whole sheet once more
just to open it); on a 50,000-row file that was most of the import's reading time. This
reader feeds the sheet's XML in chunks to expat and keeps only the current row, the shared
strings table and the styles' date flags. Values are those of
``load_workbook(read_only=True, data_only=True)`` with ``values_only=True``: numbers as int
or float, date-formatted numbers as datetimes (``from_excel``), shared and inline strings
(rich text runs joined, phonetic runs left out), booleans, error codes as text, a formula's
cached value. The metadata (workbook, relationships, styles) is read with ElementTree;
the date detection uses openpyxl's own ``is_date_format``.

``Sheet`` raises ``XlsxError`` when the package does not have the expected parts; the
caller then falls back to openpyxl. The file comes from users: every part is parsed by
expat with document type declarations refused (an .xlsx has none), so neither entity
expansion ("billion laughs") nor external entities can be used against the server.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

CHUNK = 1 << 16
WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
_DIGITS = "0123456789"


class XlsxError(ValueError):
    """The package lacks a part this reader needs (a workbook, a first sheet)."""


def _column_index(letters: str) -> int:
    """``A`` -> 1, ``Z`` -> 26, ``AA`` -> 27."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _local(tag: str) -> str:
    """The local name of an ElementTree tag (``{namespace}name``) or an expat name."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _forbid(*_args: Any) -> Any:
    raise XlsxError("document type declarations are not allowed in an .xlsx part")


def _parser() -> Any:
    """An expat parser that refuses DTDs and entity declarations."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    return parser


def _tree(data: bytes) -> ElementTree.Element:
    """A small part (workbook, relationships, styles) as an ElementTree, parsed safely."""
    builder = ElementTree.TreeBuilder()
    parser = _parser()
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise XlsxError(str(error)) from error
    return builder.close()


def _children(node: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in node if _local(child.tag) == name]


def _attribute(node: ElementTree.Element, name: str) -> str | None:
    for key, value in node.attrib.items():
        if _local(key) == name:
            return value
    return None


def _resolve(base: str, target: str) -> str:
    """A relationship target relative to the part ``base`` (or absolute) as an archive name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type's last segment, archive name) of ``part``'s relationships."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", name + ".rels")
    try:
        root = _tree(archive.read(path))
    except KeyError:
        return {}
    found = {}
    for rel in root:
        if _local(rel.tag) == "Relationship" and rel.get("TargetMode") != "External":
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            found[rel.get("Id") or ""] = (kind, _resolve(part, rel.get("Target") or ""))
    return found


def _workbook_part(archive: zipfile.ZipFile) -> str:
    try:
        root = _tree(archive.read("[Content_Types].xml"))
    except KeyError as error:
        raise XlsxError("no [Content_Types].xml") from error
    for node in root:
        if _local(node.tag) == "Override" and node.get("ContentType") in WORKBOOK_TYPES:
            return (node.get("PartName") or "").lstrip("/")
    if "xl/workbook.xml" in archive.namelist():
        return "xl/workbook.xml"
    raise XlsxError("no workbook part")


def _date_styles(archive: zipfile.ZipFile, path: str | None) -> tuple[set[int], set[int]]:
    """Indexes of the cell styles (cellXfs) formatting dates, and those formatting durations."""
    if path is None:
        return set(), set()
    try:
        root = _tree(archive.read(path))
    except KeyError:
        return set(), set()
    custom: dict[int, str] = {}
    for numfmts in _children(root, "numFmts"):
        for numfmt in _children(numfmts, "numFmt"):
            custom[int(numfmt.get("numFmtId") or 0)] = numfmt.get("formatCode") or ""
    dates: set[int] = set()
    durations: set[int] = set()
    for xfs in _children(root, "cellXfs"):
        for index, xf in enumerate(_children(xfs, "xf")):
            number = int(xf.get("numFmtId") or 0)
            code = custom.get(number) if number in custom else BUILTIN_FORMATS.get(number)
            if code and is_date_format(code):
                dates.add(index)
            if code and is_timedelta_format(code):
                durations.add(index)
    return dates, durations


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    """The shared strings table: each item's text runs joined, phonetic runs left out."""
    if path is None or path not in archive.namelist():
        return []
    strings: list[str] = []
    parts: list[str] = []
    state = {"text": False, "phonetic": 0}

    def start(name: str, _attrs: dict[str, str]) -> None:
        name = _local(name)
        if name == "t" and not state["phonetic"]:
            state["text"] = True
        elif name == "rPh":
            state["phonetic"] += 1
        elif name == "si":
            parts.clear()

    def end(name: str) -> None:
        name = _local(name)
        if name == "t":
            state["text"] = False
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "si":
            strings.append("".join(parts))

    def text(data: str) -> None:
        if state["text"]:
            parts.append(data)

    parser = _parser()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    with archive.open(path) as source:
        parser.ParseFile(source)
    return strings


class Sheet:
    """The first worksheet of an .xlsx: ``rows()`` yields ``(row number, values)``.

    ``max_row`` and ``max_column`` are those of the stored dimension (0 if the sheet stores
    none). Rows missing from the XML are not yielded (they are empty); the row numbers are
    the spreadsheet's. A row's values are padded with None up to ``max_column`` (as
    openpyxl pads them), or up to its last cell element when the sheet stores no dimension.
    """

    def __init__(self, path: str | Path | IO[bytes]) -> None:
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise XlsxError(str(error)) from error
        try:
            self._open()
        except (KeyError, ValueError, expat.ExpatError) as error:
            self.archive.close()
            if isinstance(error, XlsxError):
                raise
            raise XlsxError(str(error)) from error

    def _open(self) -> None:
        archive = self.archive
        workbook = _workbook_part(archive)
        root = _tree(archive.read(workbook))
        self.epoch = CALENDAR_WINDOWS_1900
        for properties in _children(root, "workbookPr"):
            if (properties.get("date1904") or "").lower() in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
        rels = _relationships(archive, workbook)
        # The first worksheet in the workbook's order (a chart sheet is no worksheet).
        targets = [
            rels.get(_attribute(sheet, "id") or "", ("", ""))
            for sheets in _children(root, "sheets")
            for sheet in _children(sheets, "sheet")
        ]
        worksheets = [target for kind, target in targets if kind == "worksheet"]
        if not worksheets:
            raise XlsxError("no worksheet")
        self.sheet_path = worksheets[0]
        if self.sheet_path not in archive.namelist():
            raise XlsxError(f"missing part {self.sheet_path}")
        by_kind = dict(rels.values())
        self.strings = _shared_strings(archive, by_kind.get("sharedStrings"))
        self.dates, self.durations = _date_styles(archive, by_kind.get("styles"))
        self.max_row, self.max_column = self._dimension()

    def _dimension(self) -> tuple[int, int]:
        """Last row and column of the ``<dimension>`` element (before ``<sheetData>``)."""
        found = {"max_row": 0, "max_column": 0, "done": False}

        def start(name: str, attrs: dict[str, str]) -> None:
            name = _local(name)
            if name == "dimension":
                last = (attrs.get("ref") or "").split(":")[-1].replace("$", "").upper()
                letters = last.rstrip(_DIGITS)
                digits = last[len(letters) :]
                if letters.isalpha() and letters.isascii() and digits.isdigit():
                    found["max_row"] = int(digits)
                    found["max_column"] = _column_index(letters)
                found["done"] = True
            elif name == "sheetData":
                found["done"] = True

        parser = _parser()
        parser.StartElementHandler = start
        with self.archive.open(self.sheet_path) as source:
            while not found["done"]:
                chunk = source.read(4096)
                if not chunk:
                    break
                parser.Parse(chunk, False)
        return int(found["max_row"]), int(found["max_column"])

    def close(self) -> None:
        self.archive.close()

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        strings, dates, durations, epoch = self.strings, self.dates, self.durations, self.epoch
        width = self.max_column
        ready: list[tuple[int, list[Any]]] = []
        columns: dict[str, int] = {}
        # The parser's state, in locals of the closures below.
        row_number = 0
        values: list[Any] = []
        column = 0
        kind = "n"
        style = 0
        collecting = False
        inline = False
        phonetic = 0
        text: list[str] = []
        inline_text: list[str] = []
        cell_value: str | None = None

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal row_number, values, column, kind, style, collecting, inline, phonetic
            nonlocal cell_value
            if ":" in name:
                name = _local(name)
            if name == "c":
                reference = attrs.get("r")
                if reference:
                    letters = reference.rstrip(_DIGITS)
                    index = columns.get(letters)
                    if index is None:
                        index = columns[letters] = _column_index(letters)
                    column = index
                else:
                    column += 1
                kind = attrs.get("t", "n")
                style = int(attrs.get("s") or 0)
                cell_value = None
                inline_text.clear()
            elif name == "v":
                collecting = True
                text.clear()
            elif name == "t":
                if inline and not phonetic:
                    collecting = True
                    text.clear()
            elif name == "row":
                number = attrs.get("r")
                row_number = int(number) if number else row_number + 1
                values = []
                column = 0
            elif name == "is":
                inline = True
            elif name == "rPh":
                phonetic += 1

        def end(name: str) -> None:
            nonlocal collecting, inline, phonetic, cell_value
            if ":" in name:
                name = _local(name)
            if name == "v":
                collecting = False
                cell_value = "".join(text)
            elif name == "c":
                # Every cell element counts for the row's length, as in openpyxl.
                missing = column - len(values)
                if missing > 0:
                    values.extend([None] * missing)
                value = _value(kind, cell_value, inline_text, style)
                if value is not None:
                    values[column - 1] = value
            elif name == "t":
                if collecting and inline:
                    collecting = False
                    inline_text.append("".join(text))
            elif name == "row":
                if len(values) < width:
                    values.extend([None] * (width - len(values)))
                ready.append((row_number, values))
            elif name == "is":
                inline = False
            elif name == "rPh":
                phonetic -= 1

        def _value(kind: str, raw: str | None, runs: list[str], style: int) -> Any:
            if kind == "inlineStr":
                return "".join(runs) if runs else None
            if not raw:
                return None
            if kind == "n":
                number: int | float = (
                    float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                )
                if style in dates:
                    try:
                        return from_excel(number, epoch, timedelta=style in durations)
                    except (OverflowError, ValueError):
                        return "#VALUE!"
                return number
            if kind == "s":
                return strings[int(raw)]
            if kind == "b":
                return bool(int(raw))
            if kind == "d":
                return from_ISO8601(raw)
            return raw  # "str" (a formula's text), "e" (an error code)

        def chars(data: str) -> None:
            if collecting:
                text.append(data)

        parser = _parser()
        parser.buffer_text = True
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        try:
            with self.archive.open(self.sheet_path) as source:
                while True:
                    chunk = source.read(CHUNK)
                    parser.Parse(chunk, not chunk)
                    if ready:
                        yield from ready
                        ready.clear()
                    if not chunk:
                        break
        finally:
            self.close()
