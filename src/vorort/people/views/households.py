"""Views of households: list, create, detail, add a member, record that a member left."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vorort.core.errors import DomainError
from vorort.core.tenancy import kommune_of, membership_of, requires

from ..forms.households import HouseholdForm, MemberAddForm, MemberLeaveForm
from ..models import Household, HouseholdMember
from ..selectors import get_household, households_with_counts, persons_visible_to, search_persons
from ..services import households as services
from .persons import PAGE_SIZE, show_error


def _detail(household: Household) -> HttpResponse:
    return redirect(
        "people:household_detail", kommune=household.kommune.slug, household=household.uuid
    )


@requires("person.create")
def household_list(request: HttpRequest, kommune: str) -> HttpResponse:
    page = Paginator(households_with_counts(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/household_list.html", {"page": page})


@requires("person.create")
def household_create(request: HttpRequest, kommune: str) -> HttpResponse:
    form = HouseholdForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                household = services.household_create(
                    kommune=kommune_of(request), actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                show_error(request, form, error)
            else:
                messages.success(
                    request, _("The household %(name)s was created.") % {"name": household}
                )
                return _detail(household)
        return render(request, "people/household_form.html", {"form": form}, status=400)
    return render(request, "people/household_form.html", {"form": form})


@requires("person.create")
def household_detail(request: HttpRequest, kommune: str, household: str) -> HttpResponse:
    obj = get_household(membership_of(request), household)
    members = list(
        HouseholdMember.objects.filter(household=obj)
        .select_related("person")
        .order_by("left_on", "joined_on", "id")
    )
    return render(
        request,
        "people/household_detail.html",
        {"household": obj, "members": members, "leave_form": MemberLeaveForm()},
    )


@requires("person.edit")
def household_member_add(request: HttpRequest, kommune: str, household: str) -> HttpResponse:
    """Add a person; ``?q=`` narrows the offered persons like the person search."""
    membership = membership_of(request)
    obj = get_household(membership, household)
    query = request.GET.get("q", "").strip()[:200]
    persons = persons_visible_to(membership)
    offered = search_persons(membership, query)
    form = MemberAddForm(request.POST or None, persons=persons, offered=offered)
    context = {"household": obj, "form": form, "q": query}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.household_member_add(
                    household=obj, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                show_error(request, form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s was added to the household.")
                    % {"person": form.cleaned_data["person"]},
                )
                return _detail(obj)
        return render(request, "people/household_member_form.html", context, status=400)
    return render(request, "people/household_member_form.html", context)


@requires("person.edit")
@require_POST
def household_member_leave(
    request: HttpRequest, kommune: str, household: str, member: str
) -> HttpResponse:
    obj = get_household(membership_of(request), household)
    entry = get_object_or_404(
        HouseholdMember.objects.select_related("person"), household=obj, uuid=member
    )
    form = MemberLeaveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _detail(obj)
    try:
        services.household_member_leave(
            member=entry, actor=request.user, left_on=form.cleaned_data["left_on"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(person)s left the household.") % {"person": entry.person})
    return _detail(obj)
