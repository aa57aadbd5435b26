"""Views of the person file: list and search, create, detail, and the edits of its parts.

Views stay thin: look the person up through the access-checking selectors (404 for other
Kommunen and for persons the role may not open), parse the form, call the service, and
redirect with a message; a refused change re-renders the form with status 400.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vorort.core.errors import ConcurrentEditError, DomainError
from vorort.core.tenancy import kommune_of, membership_of, requires

from ..choices import DataCategory, DocumentType
from ..forms.persons import (
    AddressForm,
    AssignmentForm,
    AsylumForm,
    HealthForm,
    LanguageForm,
    PersonCreateForm,
    PersonForm,
    ReceptionForm,
    StatusForm,
)
from ..models import (
    AsylumProcedure,
    HealthRecord,
    Person,
    PersonLanguage,
    ResidenceStatus,
)
from ..selectors import (
    FULL_ACCESS_ROLES,
    active_household_membership,
    expiring_statuses,
    get_person,
    search_persons,
    status_visible_ids,
    today,
    visible_categories,
)
from ..services import persons as services

PAGE_SIZE = 50
TIMELINE_LENGTH = 50


def show_error(request: HttpRequest, form: forms.BaseForm, error: DomainError) -> None:
    """Show a refused change: beside its field, or as a message for stale edits."""
    if isinstance(error, ConcurrentEditError):
        messages.error(request, error.message)
        form.add_error(None, error.message)
    elif error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


def person_url(person: Person) -> str:
    return reverse(
        "people:person_detail", kwargs={"kommune": person.kommune.slug, "person": person.uuid}
    )


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    person: Person,
    title: str,
    submit: str,
    intro: str = "",
    status: int = 200,
) -> HttpResponse:
    """The one template for the small forms that change a part of a person's file."""
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "title": title,
            "submit": submit,
            "intro": intro,
            "cancel_url": person_url(person),
        },
        status=status,
    )


def handle_person_form(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    person: Person,
    save: Callable[[], object],
    success: str,
    title: str,
    submit: str,
    intro: str = "",
) -> HttpResponse:
    """The flow of every small form on a person's file.

    GET shows the form. A valid POST calls ``save`` (a service call reading
    ``form.cleaned_data``) and returns to the person with ``success``; an invalid form or a
    change the service refuses shows the form again, with the message, as 400.
    """
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save()
            except DomainError as error:
                show_error(request, form, error)
            else:
                messages.success(request, success)
                return redirect(person_url(person))
        status = 400
    return form_page(
        request, form, person=person, title=title, submit=submit, intro=intro, status=status
    )


# --- List and search ----------------------------------------------------------------------


@requires("person.view")
def person_list(request: HttpRequest, kommune: str) -> HttpResponse:
    """Persons the role may open, searched by name, birth date or file reference.

    An htmx request (the search field as one types) gets only the results table.
    """
    membership = membership_of(request)
    query = request.GET.get("q", "").strip()[:200]
    persons_found = search_persons(membership, query)
    # "Expiring documents" from the dashboard: only persons whose current document ends soon.
    expiring = request.GET.get("expiring") == "1" and membership.can("status.view")
    if expiring:
        on = today()
        persons_found = persons_found.filter(
            pk__in=expiring_statuses(
                membership, start=on, end=on + dt.timedelta(days=settings.EXPIRY_WARNING_DAYS)
            ).values("person_id")
        )
    page = Paginator(persons_found, PAGE_SIZE).get_page(request.GET.get("page"))
    persons = list(page.object_list)
    with_status = status_visible_ids(membership, [p.pk for p in persons])
    on = today()
    rows = []
    for person in persons:
        document = getattr(person, "status_document", None) if person.pk in with_status else None
        valid_to = getattr(person, "status_valid_to", None)
        rows.append(
            {
                "person": person,
                "document": DocumentType(document).label if document else "",
                "valid_to": valid_to if document else None,
                "expired": bool(document and valid_to and valid_to < on),
            }
        )
    context = {
        "page": page,
        "rows": rows,
        "q": query,
        "expiring": expiring,
        "expiry_days": settings.EXPIRY_WARNING_DAYS,
        "show_status": membership.can("status.view"),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "people/includes/person_list_results.html", context)
    return render(request, "people/person_list.html", context)


# --- Create, detail, edit -----------------------------------------------------------------


@requires("person.create")
def person_create(request: HttpRequest, kommune: str) -> HttpResponse:
    form = PersonCreateForm(request.POST or None)
    duplicates: list[Person] = []
    duplicate_message = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                person = services.person_create(
                    kommune=kommune_of(request),
                    actor=request.user,
                    **form.person_data(),
                    household=data["household"],
                    new_household_name=data["new_household_name"],
                    relation=data["relation"],
                    confirm_duplicate=data["create_anyway"],
                )
            except services.DuplicatePersonError as error:
                duplicates = error.duplicates
                duplicate_message = error.message
                form.show_create_anyway()
            except DomainError as error:
                show_error(request, form, error)
                status = 400
            else:
                messages.success(request, _("The person %(name)s was created.") % {"name": person})
                return redirect(person_url(person))
        else:
            status = 400
    return render(
        request,
        "people/person_create.html",
        {"form": form, "duplicates": duplicates, "duplicate_message": duplicate_message},
        status=status,
    )


@requires("person.view")
def person_detail(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    """The person's file, showing only the data categories the role may see."""
    membership = membership_of(request)
    obj = get_person(membership, person)
    categories = visible_categories(membership, obj)
    context: dict[str, Any] = {
        "person": obj,
        "categories": categories,
        "show_stammdaten": DataCategory.STAMMDATEN in categories,
        "show_aufenthalt": DataCategory.AUFENTHALT in categories and membership.can("status.view"),
        "show_wohnen": DataCategory.WOHNEN in categories,
        "show_timeline": membership.can("case.view"),
        "show_health_link": membership.can("person.sensitive")
        and DataCategory.GESUNDHEIT in categories,
        "show_assignments": membership.can("assignment.edit"),
        "link_members": membership.role in FULL_ACCESS_ROLES,
        "today": today(),
    }
    if context["show_stammdaten"]:
        context["languages"] = list(obj.languages.order_by("language"))
        context["household_membership"] = active_household_membership(obj)
    if context["show_aufenthalt"]:
        on = context["today"]
        statuses = list(obj.statuses.order_by("-valid_from", "-id"))
        for document in statuses:
            document.is_valid_today = document.is_current(on)  # type: ignore[attr-defined]
            document.has_expired = bool(document.valid_to and document.valid_to < on)  # type: ignore[attr-defined]
        context["statuses"] = statuses
        context["asylum"] = AsylumProcedure.objects.filter(person=obj).first()
        context["reception_stays"] = list(obj.reception_stays.order_by("-valid_from", "-id"))
    if context["show_wohnen"]:
        context["addresses"] = list(obj.addresses.order_by("-valid_from", "-id"))
    if context["show_timeline"]:
        context["timeline"] = list(obj.timeline.select_related("actor")[:TIMELINE_LENGTH])
    if context["show_assignments"]:
        context["assignments"] = list(
            obj.assignments.select_related("volunteer").order_by("-valid_from", "-id")
        )
    return render(request, "people/person_detail.html", context)


@requires("person.edit")
def person_edit(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    obj = get_person(membership_of(request), person)
    form = PersonForm(request.POST or None, instance=obj)
    return handle_person_form(
        request,
        form,
        person=obj,
        save=lambda: services.person_update(
            person=obj,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.person_data(),
        ),
        success=_("The basic data were saved."),
        title=_("Edit basic data"),
        submit=_("Save"),
    )


# --- Addresses and languages ---------------------------------------------------------------


@requires("person.edit")
def address_add(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    obj = get_person(membership_of(request), person)
    form = AddressForm(request.POST or None, initial={"valid_from": today()})
    return handle_person_form(
        request,
        form,
        person=obj,
        save=lambda: services.address_add(person=obj, actor=request.user, **form.cleaned_data),
        success=_("The address was added."),
        title=_("New address"),
        submit=_("Add"),
        intro=_(
            "The new address becomes the current one; the previous address ends the day before."
        ),
    )


@requires("person.edit")
def language_add(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    obj = get_person(membership_of(request), person)
    form = LanguageForm(request.POST or None)
    return handle_person_form(
        request,
        form,
        person=obj,
        save=lambda: services.language_add(person=obj, actor=request.user, **form.cleaned_data),
        success=_("The language was added."),
        title=_("Add a language"),
        submit=_("Add"),
    )


@requires("person.edit")
@require_POST
def language_delete(request: HttpRequest, kommune: str, person: str, language: str) -> HttpResponse:
    obj = get_person(membership_of(request), person)
    entry = PersonLanguage.objects.filter(person=obj, uuid=language).first()
    if entry is None:
        # Already removed (a second click, another user): say so instead of an error page.
        messages.info(request, _("This language entry no longer exists."))
        return redirect(person_url(obj))
    try:
        services.language_delete(entry=entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The language was removed."))
    return redirect(person_url(obj))


# --- Residence status, asylum, reception ---------------------------------------------------


@requires("person.edit")
def status_add(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    obj = get_person(membership_of(request), person)
    form = StatusForm(request.POST or None)
    return handle_person_form(
        request,
        form,
        person=obj,
        save=lambda: services.status_add(person=obj, actor=request.user, **form.status_data()),
        success=_("The residence document was added."),
        title=_("Add a residence document"),
        submit=_("Add"),
        intro=_(
            "Enter the document as issued. Periods must not overlap: if the previous document has "
            "no end date yet, set its end date first."
        ),
    )


@requires("person.edit")
def status_edit(request: HttpRequest, kommune: str, person: str, status: str) -> HttpResponse:
    obj = get_person(membership_of(request), person)
    document = get_object_or_404(ResidenceStatus, person=obj, uuid=status)
    form = StatusForm(request.POST or None, instance=document)
    return handle_person_form(
        request,
        form,
        person=obj,
        save=lambda: services.status_update(
            status=document,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.status_data(),
        ),
        success=_("The residence document was saved."),
        title=_("Correct a residence document"),
        submit=_("Save"),
    )


@requires("person.edit")
def asylum_edit(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    obj = get_person(membership_of(request), person)
    procedure = AsylumProcedure.objects.filter(person=obj).first()
    form = AsylumForm(request.POST or None, instance=procedure)
    return handle_person_form(
        request,
        form,
        person=obj,
        save=lambda: services.asylum_save(
            person=obj,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            **form.asylum_data(),
        ),
        success=_("The asylum procedure was saved."),
        title=_("Asylum procedure"),
        submit=_("Save"),
    )


@requires("person.edit")
def reception_add(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    obj = get_person(membership_of(request), person)
    form = ReceptionForm(request.POST or None)
    return handle_person_form(
        request,
        form,
        person=obj,
        save=lambda: services.reception_add(person=obj, actor=request.user, **form.cleaned_data),
        success=_("The reception stay was added."),
        title=_("Add a reception stay"),
        submit=_("Add"),
    )


# --- Health (special category) ------------------------------------------------------------


@requires("person.sensitive")
def person_health(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    """Show and edit the health record; every display is written to the access log."""
    membership = membership_of(request)
    obj = get_person(membership, person)
    if DataCategory.GESUNDHEIT not in visible_categories(membership, obj):
        raise Http404
    status = 200
    if request.method == "POST":
        existing = HealthRecord.objects.filter(person=obj).first()
        form = HealthForm(request.POST, instance=existing)
        if form.is_valid():
            try:
                services.health_save(
                    person=obj,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.health_data(),
                )
            except DomainError as error:
                show_error(request, form, error)
            else:
                messages.success(request, _("The health record was saved."))
                return redirect("people:person_health", kommune=obj.kommune.slug, person=obj.uuid)
        status = 400
        # The form shown again displays health data: that is an access as well.
        services.health_open(person=obj, actor=request.user, path=request.path)
    else:
        record = services.health_open(person=obj, actor=request.user, path=request.path)
        form = HealthForm(instance=record)
    return render(
        request,
        "people/person_health.html",
        {"person": obj, "form": form, "cancel_url": person_url(obj)},
        status=status,
    )


# --- Volunteer assignment -----------------------------------------------------------------


@requires("assignment.edit")
def assignment_add(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    obj = get_person(membership_of(request), person)
    form = AssignmentForm(
        request.POST or None, kommune_id=obj.kommune_id, initial={"valid_from": today()}
    )
    return handle_person_form(
        request,
        form,
        person=obj,
        save=lambda: services.assignment_add(person=obj, actor=request.user, **form.cleaned_data),
        success=_("The volunteer was assigned."),
        title=_("Assign a volunteer"),
        submit=_("Assign"),
        intro=_("During the assignment the volunteer sees the basic data of this person."),
    )
