"""Background tasks of the web import (django-tasks; run by ``vorort db_worker``)."""

from __future__ import annotations

from django_tasks import task

from . import uploads


@task()
def process_upload(upload_uuid: str, *, dry_run: bool, actor_id: int | None = None) -> str:
    """Check (``dry_run``) or import the upload ``upload_uuid``; returns its new status.

    The work is ``uploads.process_upload``: an exception of the import marks the upload
    failed with its message, and the import's transaction has stored nothing.
    """
    return uploads.process_upload(upload_uuid, dry_run=dry_run, actor_id=actor_id)
