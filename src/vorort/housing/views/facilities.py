"""Views of facilities (Gemeinschaftsunterkunft, Übergangswohnheim) and their occupancy."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from vorort.core.tenancy import kommune_of, membership_of, requires
from vorort.people.selectors import persons_visible_to, search_persons

from .. import selectors
from ..forms import FacilityForm, OccupancyEndForm, OccupancyStartForm
from ..models import Facility
from ..services import occupancy as occupancy_services
from ..services import records as services
from ..services.records import FACILITY_FIELDS
from .common import PAGE_SIZE, handle_form


def _facility_url(facility: Facility) -> str:
    return reverse(
        "housing:facility_detail",
        kwargs={"kommune": facility.kommune.slug, "facility": facility.uuid},
    )


@requires("housing.view")
def facility_list(request: HttpRequest, kommune: str) -> HttpResponse:
    page = Paginator(selectors.facilities(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "housing/facility_list.html", {"page": page})


@requires("housing.view")
def facility_detail(request: HttpRequest, kommune: str, facility: str) -> HttpResponse:
    obj = selectors.get_facility(facility)
    current, other = selectors.facility_occupancies(obj)
    visible = selectors.visible_person_ids(
        membership_of(request), [o.person_id for o in current + other]
    )
    return render(
        request,
        "housing/facility_detail.html",
        {
            "facility": obj,
            "current": current,
            "other": other,
            "free": obj.places - len(current),
            "visible_persons": visible,
            "end_form": OccupancyEndForm(),
        },
    )


@requires("housing.edit")
def facility_create(request: HttpRequest, kommune: str) -> HttpResponse:
    form = FacilityForm(request.POST or None, initial={"active": True})
    return handle_form(
        request,
        form,
        save=lambda: services.facility_create(
            kommune=kommune_of(request), actor=request.user, **form.data_for(FACILITY_FIELDS)
        ),
        success=lambda obj: _("The facility %(name)s was saved.") % {"name": obj},
        next_url=_facility_url,
        context={
            "title": _("New facility"),
            "back_url": reverse("housing:facility_list", kwargs={"kommune": kommune}),
        },
    )


@requires("housing.edit")
def facility_edit(request: HttpRequest, kommune: str, facility: str) -> HttpResponse:
    obj = selectors.get_facility(facility)
    form = FacilityForm(request.POST or None, instance=obj)
    return handle_form(
        request,
        form,
        save=lambda: services.facility_update(
            facility=obj,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.data_for(FACILITY_FIELDS),
        ),
        success=lambda o: _("The facility %(name)s was saved.") % {"name": o},
        next_url=_facility_url,
        context={
            "title": _("Edit facility %(name)s") % {"name": obj},
            "back_url": _facility_url(obj),
        },
    )


@requires("housing.edit")
def occupancy_add(request: HttpRequest, kommune: str, facility: str) -> HttpResponse:
    """Record that a person lives in the facility from a date; ``?q=`` narrows the persons."""
    membership = membership_of(request)
    obj = selectors.get_facility(facility)
    query = request.GET.get("q", "").strip()[:200]
    form = OccupancyStartForm(
        request.POST or None,
        persons=persons_visible_to(membership),
        offered=search_persons(membership, query),
        initial={"valid_from": selectors.today()},
    )
    return handle_form(
        request,
        form,
        save=lambda: occupancy_services.start_occupancy(
            person=form.cleaned_data["person"],
            actor=request.user,
            facility=obj,
            valid_from=form.cleaned_data["valid_from"],
        ),
        success=lambda occ: (
            _("%(person)s lives in %(place)s from now on.") % {"person": occ.person, "place": obj}
        ),
        next_url=_facility_url(obj),
        template="housing/occupancy_form.html",
        context={
            "title": _("Add a resident to %(name)s") % {"name": obj},
            "facility": obj,
            "q": query,
            "back_url": _facility_url(obj),
        },
    )


@requires("housing.edit")
def occupancy_end(
    request: HttpRequest, kommune: str, facility: str, occupancy: str
) -> HttpResponse:
    obj = selectors.get_facility(facility)
    entry = selectors.get_occupancy(occupancy, facility=obj)
    form = OccupancyEndForm(request.POST or None, initial={"valid_to": selectors.today()})
    if entry.valid_to is not None and request.method != "POST":
        messages.info(request, _("This occupancy has ended already."))
        return redirect(_facility_url(obj))
    return handle_form(
        request,
        form,
        save=lambda: occupancy_services.end_occupancy(
            occupancy=entry,
            actor=request.user,
            valid_to=form.cleaned_data["valid_to"],
            reason=form.cleaned_data["reason"],
        ),
        success=lambda occ: (
            _("The stay of %(person)s in %(place)s was ended.")
            % {"person": occ.person, "place": obj}
        ),
        next_url=_facility_url(obj),
        context={
            "title": _("%(person)s leaves %(place)s") % {"person": entry.person, "place": obj},
            "intro": _("Living there since %(date)s.") % {"date": services.day(entry.valid_from)},
            "submit": _("End the stay"),
            "back_url": _facility_url(obj),
        },
    )
