"""The web import wizard's writes: upload, column mapping, check (dry run) and import.

An ``ImportUpload`` goes PENDING (uploaded; columns to assign) → CHECKING (a background
task validates everything with ``dry_run=True``: nothing is stored) → VALIDATED (preview)
→ RUNNING (a background task imports) → DONE, or FAILED at any step. The imports
themselves are ``services.import_persons`` / ``import_statuses`` and
``housing_io.import_apartments`` / ``import_facilities`` / ``import_occupancy``, the same the
command line uses: atomic, recorded as an ``ImportRun``.

Progress: the services call back after every batch *inside their transaction*, where a
write to the upload row would stay invisible to the page polling it until the end (and on
SQLite no second connection can write meanwhile). So progress goes to a small JSON file
beside the uploaded file in the same private storage, which the worker and the web server
share anyway (the worker reads the upload from there); the row gets the final figures.

Files: the upload and the refused-rows file lie in the default storage under ``imports/``
with random names and are only handed out by the views (with the permission checks). The
upload is deleted after its import; anything older than ``IMPORT_UPLOAD_RETENTION_DAYS``
is deleted by ``purge_expired_uploads`` (run on every new upload and by the task).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from vorort.core.errors import DomainError
from vorort.core.models import Kommune

from .columns import Column, match_headers
from .housing_io import import_apartments, import_facilities, import_occupancy
from .kinds import BY_KEY
from .models import ImportMapping, ImportUpload
from .parsing import normalize_header
from .readers import UnreadableFile, open_table
from .services import ImportResult, import_persons, import_statuses
from .templates import write_error_file

logger = logging.getLogger(__name__)

SUFFIXES = (".xlsx", ".csv", ".txt")  # .txt: tab-separated, as Excel saves "Unicode text"
#: How many errors the upload row keeps for the preview (the refused-rows file has all).
STORED_ERRORS = 2000
#: At most one progress write per this many seconds (the services report every batch).
PROGRESS_INTERVAL = 0.5


def service_of(kind: str) -> Callable[..., ImportResult]:
    """The import service of ``kind``: the same the command line uses, all with the same
    options (looked up at call time, so a test can replace one)."""
    services: dict[str, Callable[..., ImportResult]] = {
        "persons": import_persons,
        "statuses": import_statuses,
        "apartments": import_apartments,
        "facilities": import_facilities,
        "occupancy": import_occupancy,
    }
    return services[kind]


def columns_of(kind: str) -> tuple[Column, ...]:
    return BY_KEY[kind].columns


def _limit_text(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def read_headers(path: str | Path) -> list[str]:
    """The header row of a spreadsheet; DomainError if it cannot be read or has none."""
    try:
        table = open_table(path)
    except UnreadableFile as error:
        raise DomainError(
            _("The file cannot be read: use .xlsx or .csv (UTF-8 or Windows)."), field="file"
        ) from error
    except (UnicodeError, ValueError, OSError) as error:
        raise DomainError(
            _("The file cannot be read: use .xlsx or .csv (UTF-8 or Windows)."), field="file"
        ) from error
    try:
        headers = ["" if h is None else str(h).strip() for h in table.headers]
    finally:
        close = getattr(table, "close", None)
        if callable(close):
            close()
    if not any(headers):
        raise DomainError(_("The file is empty: row 1 must hold the column headers."), field="file")
    return headers


def create_upload(
    *, kommune: Kommune, actor: Any, kind: str, uploaded: UploadedFile
) -> ImportUpload:
    """Store an uploaded spreadsheet for the wizard (PENDING). Refuses (DomainError naming
    the field ``file``) a file of another type, a too large one, or one that cannot be read.
    """
    if kind not in BY_KEY:
        raise DomainError(_("Choose what the file contains."), field="kind")
    name = Path(uploaded.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DomainError(
            _("“%(name)s” is no spreadsheet: upload an .xlsx, .csv or .txt (tab-separated) file.")
            % {"name": name},
            field="file",
        )
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if (uploaded.size or 0) > limit:
        raise DomainError(
            _("The file is too large (%(size)s); at most %(limit)s can be uploaded.")
            % {"size": _limit_text(uploaded.size or 0), "limit": _limit_text(limit)},
            field="file",
        )
    purge_expired_uploads()
    handle, temp_name = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        headers = read_headers(temp_name)
        with transaction.atomic():
            upload = ImportUpload(
                kommune=kommune,
                kind=kind,
                file_name=name[:255],
                size=uploaded.size or 0,
                uploaded_by=actor,
                headers=headers,
            )
            with open(temp_name, "rb") as stored:
                upload.file.save(f"upload{suffix}", File(stored), save=False)
            upload.save()
    finally:
        Path(temp_name).unlink(missing_ok=True)
    return upload


def saved_mapping(kommune: Kommune, kind: str) -> dict[str, str]:
    """The Kommune's last confirmed mapping for ``kind``: column key -> header name."""
    with scope(kommune=kommune):
        found = ImportMapping.objects.filter(kommune=kommune, kind=kind).first()
    return dict(found.mapping) if found else {}


def suggest_mapping(kommune: Kommune, kind: str, headers: list[str]) -> dict[str, int]:
    """Column key -> index in ``headers``: matched by name, and where the Kommune's saved
    mapping names a header present in this file, that one wins."""
    columns = columns_of(kind)
    suggestion = match_headers(list(headers), columns)
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        positions.setdefault(normalize_header(header), index)
    keys = {c.key for c in columns}
    for key, header in saved_mapping(kommune, kind).items():
        found = positions.get(normalize_header(header))
        if key in keys and found is not None and header:
            suggestion[key] = found
    return suggestion


def _can_remap(upload: ImportUpload) -> bool:
    """Columns can be (re)assigned before the import; not while a task works on the file."""
    if upload.status in (ImportUpload.Status.PENDING, ImportUpload.Status.VALIDATED):
        return True
    # A failed check may be repeated; a failed import (its run recorded) may not.
    return upload.status == ImportUpload.Status.FAILED and upload.run_id is None


def confirm_mapping(*, upload: ImportUpload, actor: Any, mapping: dict[str, int]) -> None:
    """Keep the mapping on the upload, save it for the Kommune, and queue the check.

    ``mapping`` is column key -> 0-based column index (the form checked required columns and
    duplicates). Refused while the upload is being checked or imported, or after its import.
    """
    if not _can_remap(upload):
        raise DomainError(_("This file is being processed or was imported already."))
    if not upload.file:
        raise DomainError(_("The uploaded file is no longer stored: upload it again."))
    columns = columns_of(upload.kind)
    missing = [c.header for c in columns if c.required and c.key not in mapping]
    if missing:
        raise DomainError(
            _("Assign a column of the file to “%(column)s”: it is required.")
            % {"column": missing[0]}
        )
    with transaction.atomic():
        # Locked and checked again: of two confirmations only one queues a check.
        if not _can_remap(ImportUpload.objects.select_for_update().get(pk=upload.pk)):
            raise DomainError(_("This file is being processed or was imported already."))
        upload.mapping = {key: int(index) for key, index in mapping.items()}
        upload.status = ImportUpload.Status.CHECKING
        upload.message = ""
        _reset_counts(upload)
        upload.save()
        names = {
            key: upload.headers[index]
            for key, index in upload.mapping.items()
            if index < len(upload.headers)
        }
        stored, _created = ImportMapping.objects.get_or_create(
            kommune=upload.kommune, kind=upload.kind, defaults={"mapping": names}
        )
        stored.mapping = names
        stored.updated_by = actor
        stored.version += 1
        stored.save()
    _write_progress(upload, 0, 0)
    _enqueue(upload, dry_run=True, actor=actor)


def start_import(*, upload: ImportUpload, actor: Any, skip_invalid: bool) -> None:
    """Queue the import of a checked upload. With errors found by the check, only with
    ``skip_invalid`` (import the valid rows); otherwise the file has to be fixed first."""
    if upload.status != ImportUpload.Status.VALIDATED:
        raise DomainError(_("Only a checked file can be imported; this one is not ready."))
    if not upload.file:
        raise DomainError(_("The uploaded file is no longer stored: upload it again."))
    if upload.error_count and not skip_invalid:
        raise DomainError(
            _(
                "The file has %(count)s invalid row(s). Tick “import only the valid rows”, or "
                "correct the file and upload it again."
            )
            % {"count": upload.refused},
            field="skip_invalid",
        )
    # A conditional update: of two clicks on "import" only one queues the import.
    started = ImportUpload.objects.filter(
        pk=upload.pk, status=ImportUpload.Status.VALIDATED, version=upload.version
    ).update(
        status=ImportUpload.Status.RUNNING,
        skip_invalid=skip_invalid,
        rows_done=0,
        message="",
        version=upload.version + 1,
        updated_at=timezone.now(),
    )
    if not started:
        raise DomainError(_("Only a checked file can be imported; this one is not ready."))
    upload.refresh_from_db()
    _write_progress(upload, 0, upload.rows_total)
    _enqueue(upload, dry_run=False, actor=actor)


def _reset_counts(upload: ImportUpload) -> None:
    upload.rows_done = upload.rows_total = 0
    upload.created = upload.updated = upload.unchanged = upload.refused = 0
    upload.errors = []
    upload.error_count = 0
    _delete_file(upload, "errors_file")


def _enqueue(upload: ImportUpload, *, dry_run: bool, actor: Any) -> None:
    from .tasks import process_upload

    result = process_upload.enqueue(str(upload.uuid), dry_run=dry_run, actor_id=actor.pk)
    # Only this column: the task may have run already (and written the row's other fields).
    ImportUpload.objects.filter(pk=upload.pk).update(task_id=str(result.id)[:64])


# --- a task that never ends ----------------------------------------------------------------

#: A running check or import writes its progress at least every batch (about a second);
#: after this long without a sign of life its worker has ended (killed, restarted, out of
#: memory), and its transaction with it: nothing was stored.
STALLED_AFTER = dt.timedelta(minutes=10)
#: A task not started after this long: the task worker is probably not running.
WAITING_HINT_AFTER = dt.timedelta(minutes=1)


def task_status(upload: ImportUpload) -> str | None:
    """The django-tasks status of the upload's task (READY, RUNNING, FAILED, SUCCESSFUL), or
    None when the backend cannot tell (the immediate backend) or the task is unknown."""
    from .tasks import process_upload

    if not upload.task_id:
        return None
    try:
        return str(process_upload.get_result(upload.task_id).status)
    except Exception:  # NotImplementedError, ResultDoesNotExist, a malformed id
        return None


def last_sign_of_life(upload: ImportUpload) -> dt.datetime:
    """When the task last wrote its progress (or the upload row was last saved)."""
    try:
        stamp = _progress_file(upload).stat().st_mtime
    except OSError:
        return upload.updated_at
    return max(upload.updated_at, dt.datetime.fromtimestamp(stamp, tz=dt.UTC))


def settle_stalled(upload: ImportUpload, *, now: dt.datetime | None = None) -> bool:
    """Mark a check or import FAILED whose task failed outside the import or stopped giving
    signs of life (``STALLED_AFTER``), so the page does not wait for ever. Nothing of it was
    stored (its transaction ended with the worker); the file stays, to be checked again.
    Returns whether the upload was settled."""
    if not upload.is_active:
        return False
    status = task_status(upload)
    quiet = (now or timezone.now()) - last_sign_of_life(upload)
    if status == "FAILED":
        message = _("The background task failed. Nothing was imported; check the file again.")
    elif status in ("RUNNING", None) and quiet > STALLED_AFTER:
        message = _(
            "The background task stopped without finishing (was the task worker ended?). "
            "Nothing was imported; check the file again."
        )
    else:
        return False
    settled = ImportUpload.objects.filter(
        pk=upload.pk, status__in=ImportUpload.ACTIVE, version=upload.version
    ).update(
        status=ImportUpload.Status.FAILED,
        message=message,
        finished_at=timezone.now(),
        version=upload.version + 1,
        updated_at=timezone.now(),
    )
    if settled:
        _progress_file(upload).unlink(missing_ok=True)
        upload.refresh_from_db()
    return bool(settled)


def waiting_for_worker(upload: ImportUpload, *, now: dt.datetime | None = None) -> bool:
    """The upload's task is still queued after ``WAITING_HINT_AFTER``: no worker takes it."""
    if not upload.is_active or task_status(upload) != "READY":
        return False
    return (now or timezone.now()) - last_sign_of_life(upload) > WAITING_HINT_AFTER


# --- progress ----------------------------------------------------------------------------


def _progress_file(upload: ImportUpload) -> Path:
    return Path(default_storage.path(f"imports/{upload.uuid.hex}.progress.json"))


def _write_progress(upload: ImportUpload, done: int, total: int) -> None:
    path = _progress_file(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps({"done": done, "total": total}), encoding="utf-8")
    temp.replace(path)  # atomic: a reader never sees half a file


def read_progress(upload: ImportUpload) -> tuple[int, int]:
    """(rows done, rows in total or 0) of a running check or import; else the stored ones."""
    if upload.is_active:
        try:
            data = json.loads(_progress_file(upload).read_text(encoding="utf-8"))
            return int(data["done"]), int(data["total"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return upload.rows_done, upload.rows_total


def _progress_writer(upload: ImportUpload) -> Callable[[int, int], None]:
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_INTERVAL or (total and done >= total):
            last[0] = now
            _write_progress(upload, done, total)

    return report


# --- the background task's work ------------------------------------------------------------


def process_upload(upload_uuid: str, *, dry_run: bool, actor_id: int | None) -> str:
    """Check (``dry_run``) or import an upload; the body of ``tasks.process_upload``.

    Any exception of the import marks the upload FAILED with its message; the service has
    rolled everything back, so nothing of it is stored. Returns the new status.
    """
    from vorort.core.models import User

    with scopes_disabled():
        upload = ImportUpload.objects.select_related("kommune").filter(uuid=upload_uuid).first()
    expected = ImportUpload.Status.CHECKING if dry_run else ImportUpload.Status.RUNNING
    if upload is None or upload.status != expected:
        return "skipped"
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    service = service_of(upload.kind)
    with scope(kommune=upload.kommune):
        try:
            result = service(
                kommune=upload.kommune,
                path=upload.file.path,
                actor=actor or upload.uploaded_by,
                dry_run=dry_run,
                # A check counts what importing the valid rows would do.
                skip_invalid=True if dry_run else upload.skip_invalid,
                file_name=upload.file_name,
                mapping={key: int(index) for key, index in upload.mapping.items()},
                progress=_progress_writer(upload),
            )
        except Exception as error:
            logger.exception("import upload %s failed", upload.uuid)
            upload.status = ImportUpload.Status.FAILED
            upload.message = _("The import failed: %(error)s. Nothing was imported.") % {
                "error": str(error) or error.__class__.__name__
            }
            upload.finished_at = timezone.now()
            upload.save()
            _delete_file(upload, "file")
            _progress_file(upload).unlink(missing_ok=True)
            return str(upload.status)
        _store_result(upload, result, dry_run=dry_run)
        _progress_file(upload).unlink(missing_ok=True)
    purge_expired_uploads()
    return str(upload.status)


def _store_result(upload: ImportUpload, result: ImportResult, *, dry_run: bool) -> None:
    upload.created, upload.updated = result.created, result.updated
    upload.unchanged, upload.refused = result.unchanged, result.refused
    upload.errors = [[e.row, e.column, e.message] for e in result.errors[:STORED_ERRORS]]
    upload.error_count = len(result.errors)
    upload.run = result.run
    done, total = read_progress(upload)
    upload.rows_done = upload.rows_total = max(done, total)
    _delete_file(upload, "errors_file")
    if result.invalid:
        buffer = io.BytesIO()
        write_error_file(buffer, result.headers, result.invalid)
        upload.errors_file.save("fehler.xlsx", ContentFile(buffer.getvalue()), save=False)
    if dry_run:
        upload.status = ImportUpload.Status.VALIDATED
        if result.errors and not result.invalid:
            # The file as a whole was refused (a required column missing): no preview.
            upload.status = ImportUpload.Status.PENDING
            upload.message = "; ".join(str(e) for e in result.errors)
    else:
        upload.finished_at = timezone.now()
        if result.committed:
            upload.status = ImportUpload.Status.DONE
        else:
            upload.status = ImportUpload.Status.FAILED
            upload.message = _(
                "The file has invalid rows: nothing was imported. Correct them and upload "
                "the file again."
            )
        _delete_file(upload, "file")
    upload.save()


# --- files -------------------------------------------------------------------------------


def _delete_file(upload: ImportUpload, name: str) -> None:
    field = getattr(upload, name)
    if field:
        field.storage.delete(field.name)
        setattr(upload, name, "")


def purge_expired_uploads(now: dt.datetime | None = None) -> int:
    """Delete the stored files of uploads older than the retention period (every Kommune).

    An upload not yet imported becomes FAILED ("deleted after N days"). Returns how many
    uploads lost files.
    """
    days = settings.IMPORT_UPLOAD_RETENTION_DAYS
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    count = 0
    with scopes_disabled():
        expired = ImportUpload.objects.filter(created_at__lt=cutoff).exclude(
            file="", errors_file=""
        )
        for upload in expired:
            _delete_file(upload, "file")
            _delete_file(upload, "errors_file")
            if upload.status not in (ImportUpload.Status.DONE, ImportUpload.Status.FAILED):
                upload.status = ImportUpload.Status.FAILED
                upload.message = _(
                    "The uploaded file was deleted after %(days)s days; upload it again."
                ) % {"days": days}
            upload.save()
            count += 1
    return count
