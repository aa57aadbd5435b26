"""Views of work access: the full answer, the facts, the process steps and the lists.

Views stay thin: look the person up through ``selectors.get_work_person`` (404 for other
Kommunen, for persons the role may not open, and for a partner without consent to both
residence and work data), parse the form, call the service, redirect with a message; a
refused change re-renders the page with status 400.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vorort.core.errors import ConcurrentEditError, DomainError
from vorort.core.tenancy import membership_of, requires
from vorort.people.models import Person
from vorort.people.selectors import today

from . import services
from .answers import Answer, answer_for, answers_for, facts_used, timeline
from .exports import work_list_csv
from .facts import documents_of
from .forms import LIST_TABS, AnswerQueryForm, FactsForm, PathStartForm, StepDoneForm, StepForm
from .lists import TABS, work_rows
from .missing import missing_with_links
from .models import ProcessPath, WorkProcessStep
from .selectors import facts_of, get_step, get_work_person, steps_of

PAGE_SIZE = 50


def show_error(request: HttpRequest, form: forms.BaseForm, error: DomainError) -> None:
    if isinstance(error, ConcurrentEditError):
        messages.error(request, error.message)
        form.add_error(None, error.message)
    elif error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


def work_url(name: str, person: Person) -> str:
    return reverse(f"work:{name}", kwargs={"kommune": person.kommune.slug, "person": person.uuid})


def person_url(person: Person) -> str:
    return reverse(
        "people:person_detail", kwargs={"kommune": person.kommune.slug, "person": person.uuid}
    )


def answer_context(answer: Answer) -> dict[str, Any]:
    return {
        "answer": answer,
        "events": timeline(answer),
        "facts": facts_used(answer.case),
        "missing": missing_with_links(answer.missing_facts),
    }


# --- The full answer --------------------------------------------------------------------------


@requires("work.view")
def work_person(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    """The engine's full answer for a chosen date (``?on=``) and activity."""
    obj = get_work_person(membership_of(request), person)
    form = AnswerQueryForm(request.GET or None, initial={"on": today()})
    on, activity, internship_kind, status = today(), "employment", None, 200
    if request.GET:
        if form.is_valid():
            on = form.cleaned_data["on"] or on
            activity = form.cleaned_data["activity"] or activity
            internship_kind = form.cleaned_data["internship_kind"] or None
        else:
            status = 400
    answer = answer_for(obj, on=on, activity=activity, internship_kind=internship_kind)
    context = {
        "person": obj,
        "form": form,
        "on": on,
        "overview": answers_for(obj, on=on),
        "is_today": on == today(),
        "can_edit": membership_of(request).can("work.edit"),
        **answer_context(answer),
    }
    return render(request, "work/person.html", context, status=status)


# --- Facts ------------------------------------------------------------------------------------


@requires("work.edit")
def work_facts_edit(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    obj = get_work_person(membership_of(request), person)
    form = FactsForm(request.POST or None, instance=facts_of(obj), person=obj)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.facts_save(
                    person=obj,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.facts_data(),
                )
            except DomainError as error:
                show_error(request, form, error)
            else:
                messages.success(request, _("The work-access facts were saved."))
                return redirect(work_url("work_person", obj))
        status = 400
    return render(
        request,
        "work/facts_form.html",
        {"person": obj, "form": form, "cancel_url": work_url("work_person", obj)},
        status=status,
    )


# --- Process ----------------------------------------------------------------------------------


def process_page(
    request: HttpRequest,
    person: Person,
    *,
    path_form: PathStartForm | None = None,
    status: int = 200,
) -> HttpResponse:
    on = today()
    employment = answer_for(person, on=on, activity="employment")
    membership = membership_of(request)
    if path_form is None:
        path_form = PathStartForm(
            kommune_id=person.kommune_id,
            initial={"path": suggested_path(person, on), "responsible": request.user.uuid},  # type: ignore[union-attr]
        )
    return render(
        request,
        "work/process.html",
        {
            "person": person,
            "steps": steps_of(person),
            "today": on,
            "employment": employment,
            "path_form": path_form if membership.can("work.edit") else None,
            "done_form": StepDoneForm(),
        },
        status=status,
    )


def suggested_path(person: Person, on: dt.date) -> str:
    """The path that fits the current document: Duldung -> Ausbildungsduldung, else permit."""
    current = [d for d in documents_of(person.statuses.all(), on) if (d["to"] or "9") >= str(on)]
    if current and current[-1]["type"] == "duldung":
        return ProcessPath.AUSBILDUNGSDULDUNG
    return ProcessPath.EMPLOYMENT_PERMIT


@requires("work.view")
def work_process(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    """The person's checklist from the waiting period to work."""
    return process_page(request, get_work_person(membership_of(request), person))


@requires("work.edit")
@require_POST
def work_path_start(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    """Create the standard steps of a path with planned due dates."""
    obj = get_work_person(membership_of(request), person)
    form = PathStartForm(request.POST, kommune_id=obj.kommune_id)
    if form.is_valid():
        permitted_from = answer_for(obj, on=today(), activity="employment").permitted_from
        try:
            steps = services.path_start(
                person=obj,
                actor=request.user,
                path=form.cleaned_data["path"],
                permitted_from=permitted_from,
                responsible=form.cleaned_data["responsible"],
            )
        except DomainError as error:
            show_error(request, form, error)
        else:
            messages.success(
                request,
                _("%(count)s steps of the path %(path)s were created.")
                % {"count": len(steps), "path": ProcessPath(form.cleaned_data["path"]).label},
            )
            return redirect(work_url("work_process", obj))
    return process_page(request, obj, path_form=form, status=400)


@requires("work.edit")
def work_step_add(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    obj = get_work_person(membership_of(request), person)
    initial = {
        "path": request.GET.get("path", ProcessPath.EMPLOYMENT_PERMIT),
        "responsible": request.user.uuid,  # type: ignore[union-attr]
    }
    form = StepForm(request.POST or None, kommune_id=obj.kommune_id, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.step_add(
                    person=obj,
                    actor=request.user,
                    path=data["path"],
                    kind=data["kind"],
                    due_date=data["due_date"],
                    responsible=data["responsible"],
                    note=data["note"],
                )
            except DomainError as error:
                show_error(request, form, error)
            else:
                messages.success(request, _("The step was added."))
                return redirect(work_url("work_process", obj))
        status = 400
    return render(
        request,
        "work/step_form.html",
        {"person": obj, "form": form, "cancel_url": work_url("work_process", obj)},
        status=status,
    )


@requires("work.edit")
@require_POST
def work_step_done(request: HttpRequest, kommune: str, step: str) -> HttpResponse:
    """Mark a step done (today, or the date given)."""
    membership = membership_of(request)
    obj: WorkProcessStep = get_step(membership, step)
    person = get_work_person(membership, obj.person.uuid)
    form = StepDoneForm(request.POST)
    if form.is_valid():
        try:
            services.step_done(step=obj, actor=request.user, done_on=form.cleaned_data["done_on"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": obj.get_kind_display()})
            return redirect(work_url("work_process", person))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    return process_page(request, person, status=400)


# --- Lists ------------------------------------------------------------------------------------


def _tab(request: HttpRequest) -> str:
    tab = request.GET.get("tab", "all")
    return tab if tab in TABS else "all"


@requires("work.view")
def work_list(request: HttpRequest, kommune: str) -> HttpResponse:
    """Who may work from when, for every person the role may see with both categories."""
    tab = _tab(request)
    on = today()
    rows = work_rows(membership_of(request), tab=tab, on=on)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "work/list.html",
        {"page": page, "rows": page.object_list, "tab": tab, "tabs": LIST_TABS, "today": on},
    )


@requires("work.view")
def work_list_export(request: HttpRequest, kommune: str) -> HttpResponse:
    """The list of the chosen tab as CSV (all rows, not only one page)."""
    tab = _tab(request)
    on = today()
    rows = work_rows(membership_of(request), tab=tab, on=on)
    response = HttpResponse(work_list_csv(rows, tab=tab), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="arbeitsmarkt-{tab}-{on.isoformat()}.csv"'
    )
    return response
