"""Export downloads of the housing lists (apartments with landlords, facilities).

The same files as ``vorort export apartments|facilities`` (template columns, German
formats, formula escaping, re-importable), for roles with ``housing.import``; linked from the
apartment and facility lists. Another Kommune's URL is 404 (the middleware), other roles 403.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from vorort.core.tenancy import kommune_of, requires

from .housing_io import export_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_NAMES = {"apartments": "wohnungen", "facilities": "unterkuenfte"}


def _download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    name = f"{FILE_NAMES[kind]}-{kommune_of(request).slug}-{timezone.localdate().isoformat()}"
    content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(export_bytes(kind, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@requires("housing.import")
def export_apartments(request: HttpRequest, kommune: str, fmt: str) -> HttpResponse:
    """The Kommune's apartments with their landlords in the import template's columns."""
    return _download(request, "apartments", fmt)


@requires("housing.import")
def export_facilities(request: HttpRequest, kommune: str, fmt: str) -> HttpResponse:
    """The Kommune's facilities in the import template's columns."""
    return _download(request, "facilities", fmt)
