"""Views of the housing register: districts, landlords and apartments.

Everything here is read with ``housing.view`` and changed with ``housing.edit``; objects are
looked up in the request's Kommune (the middleware's scope), so another Kommune's get 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vorort.core.errors import DomainError
from vorort.core.tenancy import kommune_of, membership_of, requires

from .. import selectors
from ..choices import ApartmentStatus
from ..forms import (
    ApartmentFilterForm,
    ApartmentForm,
    DistrictForm,
    LandlordFilterForm,
    LandlordForm,
    WithdrawForm,
)
from ..models import Apartment, Landlord
from ..services import records as services
from ..services.records import APARTMENT_FIELDS, DISTRICT_FIELDS, LANDLORD_FIELDS
from .common import PAGE_SIZE, handle_form


def _url(name: str, kommune: str, **kwargs: Any) -> str:
    return reverse(f"housing:{name}", kwargs={"kommune": kommune, **kwargs})


# --- Districts --------------------------------------------------------------------------


@requires("housing.view")
def district_list(request: HttpRequest, kommune: str) -> HttpResponse:
    page = Paginator(selectors.districts(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "housing/district_list.html", {"page": page})


@requires("housing.edit")
def district_create(request: HttpRequest, kommune: str) -> HttpResponse:
    form = DistrictForm(request.POST or None)
    return handle_form(
        request,
        form,
        save=lambda: services.district_create(
            kommune=kommune_of(request), actor=request.user, **form.data_for(DISTRICT_FIELDS)
        ),
        success=lambda d: _("The district %(name)s was saved.") % {"name": d},
        next_url=_url("district_list", kommune),
        context={
            "title": _("New district"),
            "back_url": _url("district_list", kommune),
        },
    )


@requires("housing.edit")
def district_edit(request: HttpRequest, kommune: str, district: str) -> HttpResponse:
    obj = selectors.get_district(district)
    form = DistrictForm(request.POST or None, instance=obj)
    return handle_form(
        request,
        form,
        save=lambda: services.district_update(
            district=obj,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.data_for(DISTRICT_FIELDS),
        ),
        success=lambda d: _("The district %(name)s was saved.") % {"name": d},
        next_url=_url("district_list", kommune),
        context={
            "title": _("Edit district %(name)s") % {"name": obj},
            "back_url": _url("district_list", kommune),
        },
    )


# --- Landlords --------------------------------------------------------------------------


@requires("housing.view")
def landlord_list(request: HttpRequest, kommune: str) -> HttpResponse:
    form = LandlordFilterForm(request.GET or None)
    query, kind = "", ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    page = Paginator(selectors.landlords(query=query, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "housing/landlord_list.html", {"page": page, "filter_form": form})


@requires("housing.view")
def landlord_detail(request: HttpRequest, kommune: str, landlord: str) -> HttpResponse:
    obj = selectors.get_landlord(landlord)
    apartments = list(
        obj.apartments.select_related("district").order_by("municipality", "street", "id")
    )
    placements, occupancies = selectors.landlord_tenancies(obj)
    visible = selectors.visible_person_ids(
        membership_of(request), [o.person_id for o in occupancies]
    )
    return render(
        request,
        "housing/landlord_detail.html",
        {
            "landlord": obj,
            "apartments": apartments,
            "placements": placements,
            "occupancies": occupancies,
            "visible_persons": visible,
        },
    )


def _landlord_url(landlord: Landlord) -> str:
    return _url("landlord_detail", landlord.kommune.slug, landlord=landlord.uuid)


@requires("housing.edit")
def landlord_create(request: HttpRequest, kommune: str) -> HttpResponse:
    form = LandlordForm(request.POST or None)
    return handle_form(
        request,
        form,
        save=lambda: services.landlord_create(
            kommune=kommune_of(request), actor=request.user, **form.data_for(LANDLORD_FIELDS)
        ),
        success=lambda obj: _("The landlord %(name)s was saved.") % {"name": obj},
        next_url=_landlord_url,
        context={"title": _("New landlord"), "back_url": _url("landlord_list", kommune)},
    )


@requires("housing.edit")
def landlord_edit(request: HttpRequest, kommune: str, landlord: str) -> HttpResponse:
    obj = selectors.get_landlord(landlord)
    form = LandlordForm(request.POST or None, instance=obj)
    return handle_form(
        request,
        form,
        save=lambda: services.landlord_update(
            landlord=obj,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.data_for(LANDLORD_FIELDS),
        ),
        success=lambda o: _("The landlord %(name)s was saved.") % {"name": o},
        next_url=_landlord_url,
        context={
            "title": _("Edit landlord %(name)s") % {"name": obj},
            "back_url": _landlord_url(obj),
        },
    )


# --- Apartments -------------------------------------------------------------------------


@requires("housing.view")
def apartment_list(request: HttpRequest, kommune: str) -> HttpResponse:
    form = ApartmentFilterForm(request.GET or None, towns=selectors.municipalities())
    filters = selectors.ApartmentFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ApartmentFilter(
            status=data["status"],
            municipality=data["municipality"],
            district=data["district"],
            min_rooms=data["min_rooms"],
            max_rent=data["max_rent"],
            accessible=data["accessible"],
        )
    page = Paginator(selectors.apartments(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request, "housing/apartment_list.html", {"page": page, "filter_form": form}, status=status
    )


def _apartment_url(apartment: Apartment) -> str:
    return _url("apartment_detail", apartment.kommune.slug, apartment=apartment.uuid)


@requires("housing.view")
def apartment_detail(request: HttpRequest, kommune: str, apartment: str) -> HttpResponse:
    obj = selectors.get_apartment(apartment)
    return render(
        request,
        "housing/apartment_detail.html",
        {
            "apartment": obj,
            "placements": selectors.apartment_placements(obj),
            "holding": services.holding_placement(obj),
            "withdraw_form": WithdrawForm(initial={"version": obj.version}),
            "statuses": ApartmentStatus,
        },
    )


@requires("housing.edit")
def apartment_create(request: HttpRequest, kommune: str) -> HttpResponse:
    initial: dict[str, Any] = {"available_from": selectors.today(), "min_persons": 1}
    landlord = request.GET.get("landlord")
    if landlord:
        found = Landlord.objects.filter(uuid=landlord).first() if _is_uuid(landlord) else None
        if found is not None:
            initial["landlord"] = found.uuid
    form = ApartmentForm(request.POST or None, initial=initial)
    return handle_form(
        request,
        form,
        save=lambda: services.apartment_create(
            kommune=kommune_of(request), actor=request.user, **form.data_for(APARTMENT_FIELDS)
        ),
        success=lambda obj: _("The apartment %(name)s was saved and is offered.") % {"name": obj},
        next_url=_apartment_url,
        template="housing/apartment_form.html",
        context={
            "title": _("New apartment"),
            "back_url": _url("apartment_list", kommune),
        },
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@requires("housing.edit")
def apartment_edit(request: HttpRequest, kommune: str, apartment: str) -> HttpResponse:
    obj = selectors.get_apartment(apartment)
    form = ApartmentForm(request.POST or None, instance=obj)
    return handle_form(
        request,
        form,
        save=lambda: services.apartment_update(
            apartment=obj,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.data_for(APARTMENT_FIELDS),
        ),
        success=lambda o: _("The apartment %(name)s was saved.") % {"name": o},
        next_url=_apartment_url,
        template="housing/apartment_form.html",
        context={
            "title": _("Edit apartment %(name)s") % {"name": obj},
            "back_url": _apartment_url(obj),
        },
    )


@requires("housing.edit")
@require_POST
def apartment_withdraw(request: HttpRequest, kommune: str, apartment: str) -> HttpResponse:
    obj = selectors.get_apartment(apartment)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.apartment_withdraw(
                apartment=obj,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The apartment was withdrawn."))
            return redirect(_apartment_url(obj))
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))
    return render(
        request,
        "housing/apartment_detail.html",
        {
            "apartment": obj,
            "placements": selectors.apartment_placements(obj),
            "holding": services.holding_placement(obj),
            "withdraw_form": form,
            "statuses": ApartmentStatus,
        },
        status=400,
    )


@requires("housing.edit")
@require_POST
def apartment_reoffer(request: HttpRequest, kommune: str, apartment: str) -> HttpResponse:
    obj = selectors.get_apartment(apartment)
    try:
        services.apartment_reoffer(apartment=obj, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The apartment is offered again."))
    return redirect(_apartment_url(obj))
