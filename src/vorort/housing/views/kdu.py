"""Views of the KdU tables: list, detail, load a shipped example, enter a dated table."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vorort.core.errors import DomainError
from vorort.core.tenancy import kommune_of, requires

from .. import selectors
from ..forms import KduTableForm
from ..models import KduTable
from ..services import kdu
from ..services import records as services
from .common import handle_form


def _table_url(table: KduTable) -> str:
    return reverse(
        "housing:kdu_detail", kwargs={"kommune": table.kommune.slug, "table": table.uuid}
    )


@requires("housing.view")
def kdu_list(request: HttpRequest, kommune: str) -> HttpResponse:
    tables = list(selectors.kdu_tables())
    in_force = kdu.table_on(kommune_of(request), selectors.today())
    return render(
        request,
        "housing/kdu_list.html",
        {
            "tables": tables,
            "in_force": in_force,
            "shipped": sorted(kdu.shipped_tables()),
        },
    )


@requires("housing.view")
def kdu_detail(request: HttpRequest, kommune: str, table: str) -> HttpResponse:
    obj = selectors.get_kdu_table(table)
    limits = list(obj.limits.all())
    largest = limits[-1].persons if limits else 0
    example = largest + 1
    return render(
        request,
        "housing/kdu_detail.html",
        {
            "table": obj,
            "limits": limits,
            "example_persons": example,
            "example_limit": obj.limit_for(example) if limits else None,
        },
    )


@requires("housing.edit")
@require_POST
def kdu_load(request: HttpRequest, kommune: str) -> HttpResponse:
    name = request.POST.get("table", "")
    path = kdu.shipped_tables().get(name)
    if path is None:
        messages.error(request, _("Table: please choose one of the shipped tables."))
        return redirect("housing:kdu_list", kommune=kommune)
    try:
        table = kdu.load_table(kommune=kommune_of(request), path=path)
    except DomainError as error:  # pragma: no cover - the shipped files are tested
        messages.error(request, error.message)
        return redirect("housing:kdu_list", kommune=kommune)
    messages.success(request, _("The KdU table “%(name)s” was loaded.") % {"name": table.name})
    return redirect(_table_url(table))


@requires("housing.edit")
def kdu_create(request: HttpRequest, kommune: str) -> HttpResponse:
    form = KduTableForm(request.POST or None)
    return handle_form(
        request,
        form,
        save=lambda: services.kdu_table_create(
            kommune=kommune_of(request),
            actor=request.user,
            limits=form.limits(),
            **{
                name: form.cleaned_data[name]
                for name in (
                    "name",
                    "area",
                    "rent_basis",
                    "valid_from",
                    "valid_to",
                    "extra_person_amount",
                    "legal_basis",
                    "source",
                    "verified",
                    "note",
                )
            },
        ),
        success=lambda t: _("The KdU table “%(name)s” was saved.") % {"name": t.name},
        next_url=_table_url,
        context={
            "title": _("New KdU table"),
            "intro": _(
                "Enter the limits as the Kommune publishes them, with the date they apply from "
                "and the source. Sizes beyond the table get the amount per further person."
            ),
            "back_url": reverse("housing:kdu_list", kwargs={"kommune": kommune}),
        },
    )
