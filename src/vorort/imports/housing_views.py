"""Export downloads of the housing lists (apartments with landlords, facilities, occupancy) and the
housing import templates.

The same files as ``vorort export apartments|facilities|occupancy`` (template columns, German
formats, formula escaping, re-importable), and the .xlsx templates with their help sheet
(apartments, facilities, occupancy), for roles with ``housing.import``; linked from the
apartment and facility lists. Another Kommune's URL is 404 (the middleware), other roles 403.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from vorort.core.tenancy import kommune_of, requires

from .housing_io import export_bytes
from .list_exports import list_bytes
from .views import download_response, template_response

FILE_NAMES = {
    "apartments": "wohnungen",
    "facilities": "unterkuenfte",
    "occupancy": "belegung",
    "households": "haushalte",
    "placements": "vermittlungen",
}


def _download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    name = f"{FILE_NAMES[kind]}-{kommune_of(request).slug}-{timezone.localdate().isoformat()}"
    if kind in ("households", "placements"):
        content = list_bytes(kind, kommune_of(request), fmt)
    else:
        content = export_bytes(kind, fmt)
    return download_response(content, name, fmt)


@requires("housing.import")
def export_apartments(request: HttpRequest, kommune: str, fmt: str) -> HttpResponse:
    """The Kommune's apartments with their landlords in the import template's columns."""
    return _download(request, "apartments", fmt)


@requires("housing.import")
def export_facilities(request: HttpRequest, kommune: str, fmt: str) -> HttpResponse:
    """The Kommune's facilities in the import template's columns."""
    return _download(request, "facilities", fmt)


@requires("housing.import")
def export_occupancy(request: HttpRequest, kommune: str, fmt: str) -> HttpResponse:
    """Every stay (facility or apartment) of the Kommune in the occupancy template's columns."""
    return _download(request, "occupancy", fmt)


@requires("housing.import")
def export_placements(request: HttpRequest, kommune: str, fmt: str) -> HttpResponse:
    """Every placement (proposal to move-in, also rejected and cancelled ones) of the
    Kommune: apartment, household, status, the pipeline's dates and the tandem."""
    return _download(request, "placements", fmt)


@requires("export.persons")
def export_households(request: HttpRequest, kommune: str, fmt: str) -> HttpResponse:
    """The Kommune's households with members, housing need and today's rent limit (case work:
    the roles that manage households)."""
    return _download(request, "households", fmt)


@requires("housing.import")
def template(request: HttpRequest, kommune: str, kind: str) -> HttpResponse:
    """The .xlsx import template of ``kind`` (apartments, facilities, occupancy)."""
    return template_response(kind, FILE_NAMES[kind])
