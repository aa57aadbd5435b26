"""CSV export of the work-access lists, for Excel: ``;`` separated, UTF-8 with a BOM.

Cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) get a leading apostrophe (CSV injection, OWASP).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .lists import Row

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """``value`` as text that no spreadsheet evaluates as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document (with BOM) of ``header`` and ``rows``, every cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return BOM + buffer.getvalue()


def _day(value: Any) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def work_list_csv(rows: list[Row], *, tab: str) -> str:
    """The rows of a work-access list as CSV, with the training answer for the Duldung tab."""
    header = [
        _("Last name"),
        _("First name"),
        _("Birth date"),
        _("File reference"),
        _("Employment"),
        _("BA approval required"),
        _("Permission possible from"),
        _("Next change"),
        _("Next change to"),
        _("Rules"),
        _("Citations"),
    ]
    if tab == "duldung":
        header += [_("Vocational training"), _("Rules (training)"), _("Citations (training)")]
    header.append(_("Missing facts"))

    def line(row: Row) -> list[Any]:
        answer = row.employment
        change = answer.next_change
        cells: list[Any] = [
            row.person.last_name,
            row.person.first_name,
            _day(row.person.birth_date),
            row.person.file_reference,
            (answer.error and _("cannot be evaluated: %(error)s") % {"error": answer.error})
            or answer.decision_label,
            _yes_no(answer.ba_approval_required),
            _day(answer.permitted_from),
            _day(change.date) if change else "",
            change.label if change else "",
            answer.rule_ids,
            answer.citations,
        ]
        if tab == "duldung":
            training = row.training
            cells += (
                [training.decision_label, training.rule_ids, training.citations]
                if training is not None
                else ["", "", ""]
            )
        cells.append(" | ".join(answer.missing_facts))
        return cells

    return to_csv(header, (line(row) for row in rows))
