"""Views of the web import wizard and the person exports.

Import: the import page (kinds, templates, last runs) → upload → column mapping → check in
the background (progress bar) → preview with every error in its row and column → import in
the background (progress bar) → summary with the refused rows as .xlsx. Nothing reaches the
people data before the final import. An upload of another Kommune is 404 (the scope), a
role that may not import the upload's kind 403 (``kinds``: persons and statuses need
``import.persons``, apartments, facilities and occupancy ``housing.import``). Export: the
persons list in the template's columns, only what the role and the persons' consent allow.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vorort.core.errors import DomainError
from vorort.core.tenancy import kommune_of, membership_of, requires, requires_any

from . import uploads
from .columns import PERSON_COLUMNS, STATUS_COLUMNS, Column
from .exports import person_rows, status_rows, table_bytes
from .forms import MappingForm, StartForm, UploadForm
from .kinds import BY_SLUG, IMPORT_PERMISSIONS, allowed_kinds, may_import, title_of
from .models import ImportRun, ImportUpload
from .parsing import cell_text
from .readers import UnreadableFile, open_table
from .templates import write_template

PAGE_SIZE = 50
LOG_PAGE_SIZE = 50
RUNS_SHOWN = 20
ERRORS_SHOWN = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_upload(request: HttpRequest, upload: Any) -> ImportUpload:
    """The upload ``upload`` (UUID) of the request's Kommune, else 404; 403 when the role
    may not import the upload's kind."""
    found = cast(
        ImportUpload,
        get_object_or_404(
            ImportUpload.objects.select_related("uploaded_by", "run"),
            kommune=kommune_of(request),
            uuid=upload,
        ),
    )
    if not may_import(membership_of(request), found.kind):
        raise PermissionDenied
    return found


def detail_url(upload: ImportUpload) -> str:
    return reverse(
        "imports:upload_detail", kwargs={"kommune": upload.kommune.slug, "upload": upload.uuid}
    )


def _upload_form(request: HttpRequest, *args: Any) -> UploadForm:
    return UploadForm(*args, kinds=allowed_kinds(membership_of(request)))


@requires_any(*IMPORT_PERMISSIONS)
def import_home(request: HttpRequest, kommune: str) -> HttpResponse:
    """The import page: what can be imported, the templates, the upload, the last runs."""
    return _home(request, _upload_form(request))


def _home(request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    here = kommune_of(request)
    kinds = allowed_kinds(membership_of(request))
    keys = [kind.key for kind in kinds]
    runs = list(
        ImportRun.objects.filter(kommune=here, kind__in=keys).select_related("actor")[:RUNS_SHOWN]
    )
    recent = list(
        ImportUpload.objects.filter(kommune=here, kind__in=keys)
        .exclude(status=ImportUpload.Status.DONE)
        .select_related("uploaded_by")[:10]
    )
    for item in [*runs, *recent]:
        setattr(item, "kind_title", title_of(item.kind))  # noqa: B010 (shown by the template)
    return render(
        request,
        "imports/home.html",
        {"kinds": kinds, "form": form, "runs": runs, "uploads": recent},
        status=status,
    )


@requires_any(*IMPORT_PERMISSIONS)
def upload_file(request: HttpRequest, kommune: str) -> HttpResponse:
    """Upload a spreadsheet (stored privately; nothing is imported yet) → column mapping."""
    if request.method != "POST":
        return _home(request, _upload_form(request))
    form = _upload_form(request, request.POST, request.FILES)
    if form.is_valid():
        try:
            upload = uploads.create_upload(
                kommune=kommune_of(request),
                actor=request.user,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("“%(name)s” was uploaded. Assign its columns.") % {"name": upload.file_name},
            )
            return redirect("imports:mapping", kommune=kommune_of(request).slug, upload=upload.uuid)
    return _home(request, form, status=400)


@requires_any(*IMPORT_PERMISSIONS)
def template_download(request: HttpRequest, kommune: str, kind: str) -> HttpResponse:
    """The .xlsx template of ``kind`` (its URL slug) with its help sheet."""
    if kind not in BY_SLUG:
        raise Http404
    if not may_import(membership_of(request), BY_SLUG[kind].key):
        raise PermissionDenied
    return template_response(BY_SLUG[kind].key, kind)


def template_response(kind: str, slug: str) -> HttpResponse:
    """The .xlsx import template of ``kind`` with its help sheet, as "vorlage-<slug>.xlsx"."""
    buffer = io.BytesIO()
    write_template(kind, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="vorlage-{slug}.xlsx"'
    return response


@requires_any(*IMPORT_PERMISSIONS)
def mapping(request: HttpRequest, kommune: str, upload: Any) -> HttpResponse:
    """Assign a column of the file to every template column; saved for the Kommune."""
    subject = get_upload(request, upload)
    if subject.is_active or subject.status == ImportUpload.Status.DONE:
        messages.error(request, _("This file is being processed or was imported already."))
        return redirect(detail_url(subject))
    columns = uploads.columns_of(subject.kind)
    suggested = subject.mapping or uploads.suggest_mapping(
        kommune_of(request), subject.kind, subject.headers
    )
    form = MappingForm(
        request.POST or None,
        columns=columns,
        headers=subject.headers,
        initial={key: str(index) for key, index in suggested.items()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                uploads.confirm_mapping(upload=subject, actor=request.user, mapping=form.mapping())
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return redirect(detail_url(subject))
        status = 400
    return render(
        request,
        "imports/mapping.html",
        {
            "upload": subject,
            "form": form,
            "saved": bool(uploads.saved_mapping(kommune_of(request), subject.kind)),
        },
        status=status,
    )


@requires_any(*IMPORT_PERMISSIONS)
def upload_detail(request: HttpRequest, kommune: str, upload: Any) -> HttpResponse:
    """The state of an upload: progress, preview (after the check) or summary."""
    subject = get_upload(request, upload)
    uploads.settle_stalled(subject)
    return _detail(request, subject, StartForm())


def _detail(
    request: HttpRequest, subject: ImportUpload, form: StartForm, status: int = 200
) -> HttpResponse:
    done, total = uploads.read_progress(subject)
    context: dict[str, Any] = {
        "upload": subject,
        "kind_title": title_of(subject.kind),
        "waiting": uploads.waiting_for_worker(subject),
        "done": done,
        "total": total,
        "form": form,
        "errors": [_error_text(e) for e in subject.errors[:ERRORS_SHOWN]],
        "more_errors": max(0, subject.error_count - ERRORS_SHOWN),
    }
    if subject.status == ImportUpload.Status.VALIDATED:
        errors_only = request.GET.get("nur") == "fehler"
        try:
            page = max(1, int(request.GET.get("seite", "1")))
        except ValueError:
            page = 1
        context.update(preview_page(subject, page=page, errors_only=errors_only))
    return render(request, "imports/upload_detail.html", context, status=status)


def _error_text(error: list[Any]) -> str:
    row, column, message = error
    return f"Zeile {row}, Spalte {column}: {message}"


@requires_any(*IMPORT_PERMISSIONS)
def upload_progress(request: HttpRequest, kommune: str, upload: Any) -> HttpResponse:
    """The progress bar alone (htmx polls it every 2 s); when the task ended, reload."""
    subject = get_upload(request, upload)
    uploads.settle_stalled(subject)
    if not subject.is_active and getattr(request, "htmx", False):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = detail_url(subject)
        return response
    done, total = uploads.read_progress(subject)
    return render(
        request,
        "imports/includes/progress.html",
        {
            "upload": subject,
            "done": done,
            "total": total,
            "finished": not subject.is_active,
            "waiting": uploads.waiting_for_worker(subject),
        },
    )


@requires_any(*IMPORT_PERMISSIONS)
@require_POST
def start(request: HttpRequest, kommune: str, upload: Any) -> HttpResponse:
    """Import a checked upload in the background."""
    subject = get_upload(request, upload)
    form = StartForm(request.POST)
    form.is_valid()
    try:
        uploads.start_import(
            upload=subject,
            actor=request.user,
            skip_invalid=bool(form.cleaned_data.get("skip_invalid")),
        )
    except DomainError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        else:
            form.add_error(None, error.message)
        messages.error(request, error.message)
        return _detail(request, subject, form, status=400)
    return redirect(detail_url(subject))


@requires_any(*IMPORT_PERMISSIONS)
def refused_rows(request: HttpRequest, kommune: str, upload: Any) -> HttpResponse:
    """The refused rows as .xlsx with an error column, to correct and upload again."""
    subject = get_upload(request, upload)
    if not subject.errors_file:
        raise Http404
    try:
        handle = subject.errors_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    stem = subject.file_name.rsplit(".", 1)[0] or "import"
    response = FileResponse(
        handle, as_attachment=True, filename=f"{stem}-fehler.xlsx", content_type=XLSX
    )
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)


@requires("audit.view")
def run_log(request: HttpRequest, kommune: str) -> HttpResponse:
    """The audit record of every import of this Kommune, every kind, the command line's
    included: who, when, file name and SHA-256, dry run, counts and outcome (50 a page)."""
    runs = ImportRun.objects.filter(kommune=kommune_of(request)).select_related("actor")
    page = Paginator(runs.order_by("-started_at", "-id"), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for run in page.object_list:
        setattr(run, "kind_title", title_of(run.kind))  # noqa: B010 (shown by the template)
    return render(request, "imports/run_log.html", {"page": page})


# --- preview -----------------------------------------------------------------------------


def preview_page(upload: ImportUpload, *, page: int, errors_only: bool) -> dict[str, Any]:
    """Rows ``page`` (50 each) of the stored file, mapped columns only, errors in place.

    An error names its row and the column as written in the file; it is shown in that cell,
    or beside the row when it concerns no mapped column. With ``errors_only`` only rows with
    an error are listed.
    """
    columns: list[tuple[Column, int]] = [
        (column, upload.mapping[column.key])
        for column in uploads.columns_of(upload.kind)
        if column.key in upload.mapping
    ]
    position_of_label: dict[str, int] = {}
    for column, index in columns:
        header = upload.headers[index].strip() if index < len(upload.headers) else ""
        position_of_label.setdefault(header or column.header, index)
    errors_by_row: dict[int, list[tuple[str, str]]] = {}
    for row, label, message in upload.errors:
        errors_by_row.setdefault(int(row), []).append((str(label), str(message)))
    rows: list[dict[str, Any]] = []
    has_next = False
    if upload.file:
        skip = (page - 1) * PAGE_SIZE
        try:
            table = open_table(upload.file.path)
        except (UnreadableFile, OSError, ValueError):
            table = None
        if table is not None:
            try:
                for number, values in table.rows:
                    if errors_only and number not in errors_by_row:
                        continue
                    if skip:
                        skip -= 1
                        continue
                    if len(rows) == PAGE_SIZE:
                        has_next = True
                        break
                    rows.append(
                        _preview_row(number, values, columns, errors_by_row, position_of_label)
                    )
            finally:
                if callable(table.close):
                    table.close()
    return {
        "columns": [
            {
                "header": column.header,
                "file_header": upload.headers[index] if index < len(upload.headers) else "",
            }
            for column, index in columns
        ],
        "rows": rows,
        "page": page,
        "has_previous": page > 1,
        "has_next": has_next,
        "errors_only": errors_only,
    }


def _preview_row(
    number: int,
    values: list[Any],
    columns: list[tuple[Column, int]],
    errors_by_row: dict[int, list[tuple[str, str]]],
    position_of_label: dict[str, int],
) -> dict[str, Any]:
    by_index: dict[int, list[str]] = {}
    elsewhere: list[str] = []
    for label, message in errors_by_row.get(number, []):
        index = position_of_label.get(label)
        if index is None:
            elsewhere.append(f"{label}: {message}")
        else:
            by_index.setdefault(index, []).append(message)
    cells = []
    for column, index in columns:
        raw = values[index] if index < len(values) else None
        if isinstance(raw, dt.datetime) and raw.time() == dt.time(0):
            raw = raw.date()
        cells.append(
            {
                "value": cell_text(raw),
                "errors": by_index.get(index, []),
                "column": column.header,
            }
        )
    return {
        "number": number,
        "cells": cells,
        "row_errors": elsewhere,
        "has_errors": number in errors_by_row,
    }


# --- export ------------------------------------------------------------------------------


@requires("export.persons")
def export_persons(request: HttpRequest, kommune: str, fmt: str) -> HttpResponse:
    """The persons the user may see, in the import template's columns (CSV or XLSX).

    Columns whose data category the role or the person's consent does not share stay empty
    (``exports.person_rows`` with the membership)."""
    rows = person_rows(membership_of(request))
    return _download(request, "personen", PERSON_COLUMNS, rows, fmt, title="Personen")


@requires("export.persons")
def export_statuses(request: HttpRequest, kommune: str, fmt: str) -> HttpResponse:
    """The residence-status history in the status template's columns (CSV or XLSX): every
    period of the persons whose residence data the role (a partner: the consent) may see."""
    rows = status_rows(membership_of(request))
    return _download(
        request, "aufenthaltsstatus", STATUS_COLUMNS, rows, fmt, title="Aufenthaltsstatus"
    )


def _download(
    request: HttpRequest,
    stem: str,
    columns: tuple[Column, ...],
    rows: Any,
    fmt: str,
    *,
    title: str,
) -> HttpResponse:
    name = f"{stem}-{kommune_of(request).slug}-{timezone.localdate().isoformat()}"
    return download_response(table_bytes(columns, rows, fmt=fmt, title=title), name, fmt)


def download_response(content: bytes, name: str, fmt: str) -> HttpResponse:
    """An export download: ``name.fmt`` as attachment, never cached."""
    content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
