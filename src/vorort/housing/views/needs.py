"""Views of a household's housing need: edit it, add and remove the places that matter.

The need is summarised on the household page (``housing/household_need_panel.html``). Roles
with ``housing.need`` reach it; the household is looked up in the request's Kommune.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vorort.core.errors import DomainError
from vorort.core.tenancy import membership_of, requires
from vorort.people.models import Household
from vorort.people.views.persons import show_error

from .. import selectors
from ..forms import HousingNeedForm, ImportantPlaceForm
from ..models import HousingNeed, ImportantPlace
from ..services import needs as services


def _need_url(household: Household) -> str:
    return reverse(
        "housing:need_edit", kwargs={"kommune": household.kommune.slug, "household": household.uuid}
    )


def _household_url(request: HttpRequest, household: Household) -> str:
    """The household page for roles that open households, else the need page itself."""
    if membership_of(request).can("person.create"):
        return reverse(
            "people:household_detail",
            kwargs={"kommune": household.kommune.slug, "household": household.uuid},
        )
    return _need_url(household)


def _page(
    request: HttpRequest,
    household: Household,
    need: HousingNeed | None,
    form: HousingNeedForm,
    place_form: ImportantPlaceForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "housing/need_form.html",
        {
            "household": household,
            "need": need,
            "panel": selectors.need_panel(household),
            "form": form,
            "place_form": place_form,
            "back_url": _household_url(request, household),
        },
        status=status,
    )


@requires("housing.need")
def need_edit(request: HttpRequest, kommune: str, household: str) -> HttpResponse:
    obj = get_object_or_404(Household, uuid=household)
    need = HousingNeed.objects.filter(household=obj).first()
    initial = {} if need else {"seeking_since": selectors.today(), "active": True}
    form = HousingNeedForm(request.POST or None, instance=need, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.data_for(services.NEED_FIELDS)
            try:
                services.need_save(
                    household=obj,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    preferred_districts=list(form.cleaned_data["preferred_districts"]),
                    **data,
                )
            except DomainError as error:
                show_error(request, form, error)
            else:
                messages.success(request, _("The housing need was saved."))
                return redirect(_household_url(request, obj))
        return _page(request, obj, need, form, ImportantPlaceForm(), status=400)
    return _page(request, obj, need, form, ImportantPlaceForm())


@requires("housing.need")
def place_add(request: HttpRequest, kommune: str, household: str) -> HttpResponse:
    obj = get_object_or_404(Household, uuid=household)
    need = get_object_or_404(HousingNeed, household=obj)
    if request.method != "POST":
        return redirect(_need_url(obj))
    place_form = ImportantPlaceForm(request.POST)
    if place_form.is_valid():
        try:
            services.place_add(need=need, actor=request.user, **place_form.cleaned_data)
        except DomainError as error:
            show_error(request, place_form, error)
        else:
            messages.success(request, _("The place %(label)s was added.") % place_form.cleaned_data)
            return redirect(_need_url(obj))
    return _page(request, obj, need, HousingNeedForm(instance=need), place_form, status=400)


@requires("housing.need")
@require_POST
def place_remove(request: HttpRequest, kommune: str, household: str, place: str) -> HttpResponse:
    obj = get_object_or_404(Household, uuid=household)
    entry = ImportantPlace.objects.filter(uuid=place, need__household=obj).first()
    if entry is None:
        # Already removed (a second click, another user): say so instead of an error page.
        messages.info(request, _("This place no longer exists."))
        return redirect(_need_url(obj))
    services.place_remove(place=entry, actor=request.user)
    messages.success(request, _("The place %(label)s was removed.") % {"label": entry.label})
    return redirect(_need_url(obj))
