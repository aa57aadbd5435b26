"""The downloadable .xlsx templates: a data sheet with the headers and one example row, and a
help sheet naming every column, whether it is required, and the accepted values and formats.
Also the file of refused rows (the original columns plus an error column)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _

from .columns import TEMPLATES, Column
from .housing_columns import HOUSING_TEMPLATES
from .parsing import escape_formula
from .validate import documents_table

ERROR_HEADER = "Fehler"


def _document_names() -> str:
    from vorort.people.choices import DocumentType

    with translation.override("de"):
        return "; ".join(str(label) for label in DocumentType.labels)


def write_template(kind: str, out: str | Path | IO[bytes]) -> None:
    """Write the template ``kind`` as .xlsx to ``out``.

    Kinds: "persons", "statuses" and the housing ones "apartments", "facilities", "occupancy".
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    columns: tuple[Column, ...] = TEMPLATES.get(kind) or HOUSING_TEMPLATES[kind]
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = "Daten"
    data.append([c.header for c in columns])
    data.append([escape_formula(c.example) for c in columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        letter = data.cell(row=1, column=index).column_letter
        data.column_dimensions[letter].width = max(14, len(column.header) + 4)
    data.freeze_panes = "A2"

    help_sheet = workbook.create_sheet(_("Help"))
    help_sheet.append([_("Column"), _("Required"), _("Accepted values and format"), _("Example")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in columns:
        help_text = str(column.help)
        if column.key == "document_type":
            help_text += " " + _("Documents: %(names)s.") % {"names": _document_names()}
        help_sheet.append(
            [column.header, _("yes") if column.required else _("no"), help_text, column.example]
        )
    help_sheet.append([])
    for line in (
        _("Row 1 holds the column headers; upper/lower case and spaces in headers do not matter."),
        _("Each further row is one record. Surrounding spaces are removed."),
        _("CSV files: UTF-8 or Windows-1252, separated by ; or ,."),
        _("Without “skip invalid rows”, a file with any invalid row imports nothing."),
    ):
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 22
    help_sheet.column_dimensions["B"].width = 10
    help_sheet.column_dimensions["C"].width = 90
    help_sheet.column_dimensions["D"].width = 30
    for row in help_sheet.iter_rows(min_row=2):
        row[2 if len(row) > 2 else 0].alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(out)
    assert documents_table()  # the table the importer uses exists for every document


def write_error_file(out: str | Path | IO[bytes], headers: list[str], invalid: list[Any]) -> None:
    """The refused rows with their original cells and the error messages in the last column.

    The file can be corrected and imported again: the importer ignores the error column.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Fehler")
    sheet.append([*headers, ERROR_HEADER])
    for entry in invalid:
        cells: list[Any] = []
        for value in list(entry.values)[: len(headers)] + [None] * (
            len(headers) - len(entry.values)
        ):
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD.MM.YYYY"
                cells.append(cell)
            elif isinstance(value, str):
                cells.append(escape_formula(value))
            else:
                cells.append(value)
        cells.append(escape_formula("\n".join(str(e) for e in entry.errors)))
        sheet.append(cells)
    workbook.save(out)
