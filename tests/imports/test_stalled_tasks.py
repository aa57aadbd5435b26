"""A check or import whose task died (SIGKILL, out of memory) or never starts: the upload's
page settles it as failed, or says the worker is not running, instead of waiting for ever."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from vorort.core.roles import Role
from vorort.imports import uploads
from vorort.imports.models import ImportUpload

from .test_web_import import csv_bytes, post_file

K = "paderborn"


def _url(name: str, upload: ImportUpload) -> str:
    return reverse(f"imports:{name}", kwargs={"kommune": K, "upload": upload.uuid})


@pytest.fixture
def running(tenant: Any) -> ImportUpload:
    """An upload left "being checked" by a task that died (its row says so, nothing else)."""
    client = tenant.client(Role.FALLMANAGEMENT)
    response = post_file(client, "p.csv", csv_bytes("Aktenzeichen;Nachname;Geburtsdatum"))
    assert response.status_code == 302
    upload = ImportUpload.objects.get()
    ImportUpload.objects.filter(pk=upload.pk).update(
        status=ImportUpload.Status.CHECKING, task_id="dead-task"
    )
    upload.refresh_from_db()
    return upload


def test_a_task_without_sign_of_life_is_settled_as_failed(
    tenant: Any, running: ImportUpload, monkeypatch: Any
) -> None:
    monkeypatch.setattr(uploads, "task_status", lambda upload: "RUNNING")
    # Quiet for a moment: still running.
    assert not uploads.settle_stalled(running)
    later = timezone.now() + uploads.STALLED_AFTER + dt.timedelta(seconds=5)
    assert uploads.settle_stalled(running, now=later)
    assert running.status == ImportUpload.Status.FAILED
    assert "stopped without finishing" in running.message
    # The file stays: the columns can be confirmed and the file checked again.
    assert running.file and uploads._can_remap(running)


def test_the_page_settles_a_failed_task(
    tenant: Any, running: ImportUpload, monkeypatch: Any
) -> None:
    monkeypatch.setattr(uploads, "task_status", lambda upload: "FAILED")
    page = tenant.client(Role.FALLMANAGEMENT).get(_url("upload_detail", running))
    assert page.status_code == 200
    running.refresh_from_db()
    assert running.status == ImportUpload.Status.FAILED
    assert "The background task failed" in page.content.decode()


def test_a_queued_task_shows_that_the_worker_is_not_running(
    tenant: Any, running: ImportUpload, monkeypatch: Any
) -> None:
    monkeypatch.setattr(uploads, "task_status", lambda upload: "READY")
    client = tenant.client(Role.FALLMANAGEMENT)
    fresh = client.get(_url("progress", running)).content.decode()
    assert "task worker seems not to be running" not in fresh
    monkeypatch.setattr(
        uploads, "last_sign_of_life", lambda upload: timezone.now() - dt.timedelta(minutes=5)
    )
    stale = client.get(_url("progress", running)).content.decode()
    assert "task worker seems not to be running" in stale
    running.refresh_from_db()
    assert running.status == ImportUpload.Status.CHECKING  # queued: never settled


def test_the_immediate_backend_reports_no_status(tenant: Any, running: ImportUpload) -> None:
    assert uploads.task_status(running) is None
