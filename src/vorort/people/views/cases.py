"""Views of the case file (Fall): list, open, see, edit, close; goals, tasks, notes, dates.

Thin: parse the form, call the service, redirect with a message. A refused change
(``DomainError``) is shown at its field and the form comes back with status 400. Every
action URL answers GET with a small page holding just its form (usable without JavaScript);
the case page embeds the same forms.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vorort.core.errors import DomainError
from vorort.core.tenancy import kommune_of, membership_of, requires

from ..choices import CaseStatus
from ..forms.cases import (
    AppointmentForm,
    CaseCloseForm,
    CaseForm,
    GoalForm,
    GoalStatusForm,
    NoteForm,
    TaskForm,
)
from ..models import Case, Goal, Task
from ..selectors import cases_visible_to, get_case, get_person, today
from ..services import cases as services

CASES_PER_PAGE = 50


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data to bind a form to (also when empty: an empty POST must show errors)."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    return request.FILES if request.method == "POST" else None


def show_error(request: HttpRequest, form: Form, error: DomainError) -> None:
    """Put a service's refusal on the form: at its field if the form has it, else on top."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


def _case_url(request: HttpRequest, case: Case) -> str:
    return reverse(
        "people:case_detail", kwargs={"kommune": kommune_of(request).slug, "case": case.uuid}
    )


@requires("case.view")
def case_list(request: HttpRequest, kommune: str) -> HttpResponse:
    """Cases of the Kommune, open ones by default; ``?status=closed|all`` and ``?mine=1``."""
    membership = membership_of(request)
    status = request.GET.get("status", "open")
    if status not in ("open", "closed", "all"):
        status = "open"
    mine = request.GET.get("mine") == "1"
    cases = cases_visible_to(membership).select_related("person", "case_manager")
    if status != "all":
        cases = cases.filter(status=status)
    if mine:
        cases = cases.filter(case_manager_id=membership.user_id)
    page = Paginator(cases.order_by("-opened_on", "-id"), CASES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    filters = {"status": status, **({"mine": "1"} if mine else {})}
    return render(
        request,
        "people/case_list.html",
        {
            "page": page,
            "status": status,
            "mine": mine,
            "filter_query": "&".join(f"{k}={v}" for k, v in filters.items()),
        },
    )


@requires("case.edit")
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    membership = membership_of(request)
    subject = get_person(membership, person)
    form = CaseForm(
        posted(request),
        kommune_id=membership.kommune_id,
        person=subject,
        require_version=False,
        initial={"case_manager": request.user.pk, "opened_on": today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=request.user,
                person=subject,
                case_manager=form.cleaned_data["case_manager"],
                household=form.cleaned_data["household"],
                opened_on=form.cleaned_data["opened_on"],
                summary=form.cleaned_data["summary"],
            )
        except DomainError as error:
            show_error(request, form, error)
        else:
            messages.success(
                request, _("Case %(reference)s opened.") % {"reference": case.reference}
            )
            return redirect(_case_url(request, case))
    return render(
        request,
        "people/case_form.html",
        {"form": form, "person": subject, "case": None},
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries."""
    kommune_id = membership_of(request).kommune_id
    goals = list(case.goals.order_by("target_date", "id"))
    tasks = list(case.tasks.select_related("assignee").order_by("due_date", "id"))
    return {
        "case": case,
        "person": case.person,
        "goals": [
            (
                goal,
                GoalStatusForm(
                    initial={"status": goal.status, "version": goal.version},
                    prefix=f"goal-{goal.uuid}",
                ),
            )
            for goal in goals
        ],
        "open_tasks": [t for t in tasks if t.done_at is None],
        "done_tasks": [t for t in tasks if t.done_at is not None],
        "notes": case.notes.select_related("author").order_by("-created_at", "-id"),
        "appointments": case.appointments.select_related("staff").order_by("starts_at", "id"),
        "timeline": case.timeline.select_related("actor").order_by("-occurred_at", "-id")[:100],
        "today": today(),
        "is_open": case.status == CaseStatus.OPEN,
        "goal_form": GoalForm(prefix="goal"),
        "task_form": TaskForm(
            prefix="task", kommune_id=kommune_id, initial={"assignee": request.user.pk}
        ),
        "note_form": NoteForm(prefix="note"),
        "appointment_form": AppointmentForm(
            prefix="appointment", kommune_id=kommune_id, initial={"staff": request.user.pk}
        ),
        "close_form": CaseCloseForm(
            prefix="close", initial={"closed_on": today(), "version": case.version}
        ),
    }


@requires("case.view")
def case_detail(request: HttpRequest, kommune: str, case: str) -> HttpResponse:
    subject = get_case(membership_of(request), case)
    return render(request, "people/case_detail.html", _detail_context(request, subject))


@requires("case.edit")
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, kommune: str, case: str) -> HttpResponse:
    membership = membership_of(request)
    subject = get_case(membership, case)
    form = CaseForm(
        posted(request),
        kommune_id=membership.kommune_id,
        person=subject.person,
        require_version=True,
        initial={
            "case_manager": subject.case_manager_id,
            "household": subject.household_id,
            "opened_on": subject.opened_on,
            "summary": subject.summary,
            "version": subject.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                actor=request.user,
                case=subject,
                expected_version=form.cleaned_data["version"],
                case_manager=form.cleaned_data["case_manager"],
                household=form.cleaned_data["household"],
                opened_on=form.cleaned_data["opened_on"],
                summary=form.cleaned_data["summary"],
            )
        except DomainError as error:
            show_error(request, form, error)
        else:
            messages.success(
                request, _("Case %(reference)s saved.") % {"reference": subject.reference}
            )
            return redirect(_case_url(request, subject))
    return render(
        request,
        "people/case_form.html",
        {"form": form, "person": subject.person, "case": subject},
        status=400 if request.method == "POST" else 200,
    )


def _action(
    request: HttpRequest,
    *,
    case: Case,
    form: Form,
    title: str,
    submit: str,
    perform: Any,
    success: str,
) -> HttpResponse:
    """GET: the form alone on a page. POST: run ``perform(cleaned_data)``, redirect or 400."""
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except DomainError as error:
            show_error(request, form, error)
        else:
            messages.success(request, success)
            return redirect(_case_url(request, case))
    return render(
        request,
        "people/case_action.html",
        {
            "case": case,
            "person": case.person,
            "form": form,
            "title": title,
            "submit": submit,
            "action": request.path,
            "multipart": False,
        },
        status=400 if request.method == "POST" else 200,
    )


@requires("case.edit")
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, kommune: str, case: str) -> HttpResponse:
    subject = get_case(membership_of(request), case)
    form = CaseCloseForm(
        posted(request),
        prefix="close",
        initial={"closed_on": today(), "version": subject.version},
    )
    return _action(
        request,
        case=subject,
        form=form,
        title=_("Close case %(reference)s") % {"reference": subject.reference},
        submit=_("Close case"),
        perform=lambda data: services.case_close(
            actor=request.user,
            case=subject,
            closed_on=data["closed_on"],
            expected_version=data.get("version"),
        ),
        success=_("Case %(reference)s closed.") % {"reference": subject.reference},
    )


@requires("case.edit")
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, kommune: str, case: str) -> HttpResponse:
    subject = get_case(membership_of(request), case)
    form = GoalForm(posted(request), prefix="goal")
    return _action(
        request,
        case=subject,
        form=form,
        title=_("New goal"),
        submit=_("Add goal"),
        perform=lambda data: services.goal_create(
            actor=request.user, case=subject, title=data["title"], target_date=data["target_date"]
        ),
        success=_("Goal added."),
    )


@requires("case.edit")
@require_http_methods(["GET", "POST"])
def goal_status(request: HttpRequest, kommune: str, goal: str) -> HttpResponse:
    membership = membership_of(request)
    subject = get_object_or_404(
        Goal.objects.select_related("case", "case__person").filter(
            case__in=cases_visible_to(membership)
        ),
        uuid=goal,
    )
    form = GoalStatusForm(
        posted(request),
        prefix=f"goal-{subject.uuid}",
        initial={"status": subject.status, "version": subject.version},
    )
    return _action(
        request,
        case=subject.case,
        form=form,
        title=_("Status of the goal “%(title)s”") % {"title": subject.title},
        submit=_("Save status"),
        perform=lambda data: services.goal_set_status(
            actor=request.user,
            goal=subject,
            status=data["status"],
            expected_version=data.get("version"),
        ),
        success=_("Goal status saved."),
    )


@requires("case.edit")
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, kommune: str, case: str) -> HttpResponse:
    membership = membership_of(request)
    subject = get_case(membership, case)
    form = TaskForm(
        posted(request),
        prefix="task",
        kommune_id=membership.kommune_id,
        initial={"assignee": request.user.pk},
    )
    return _action(
        request,
        case=subject,
        form=form,
        title=_("New task"),
        submit=_("Add task"),
        perform=lambda data: services.task_create(
            actor=request.user,
            case=subject,
            title=data["title"],
            due_date=data["due_date"],
            assignee=data["assignee"],
        ),
        success=_("Task added."),
    )


@requires("case.edit")
@require_POST
def task_done(request: HttpRequest, kommune: str, task: str) -> HttpResponse:
    """Mark a task done. With htmx the answer is the task's updated table row.

    htmx swaps only successful answers, so a refusal comes back to htmx as the row with the
    message in it (status 200); without htmx it is a message on the case page (status 400).
    """
    membership = membership_of(request)
    subject = get_object_or_404(
        Task.objects.select_related("case", "case__person", "assignee").filter(
            case__in=cases_visible_to(membership)
        ),
        uuid=task,
    )
    error: str | None = None
    try:
        subject = services.task_complete(actor=request.user, task=subject)
    except DomainError as refusal:
        error = refusal.message
    if getattr(request, "htmx", False):
        return render(
            request,
            "people/case_task_row.html",
            {
                "task": subject,
                "case": subject.case,
                "today": today(),
                "error": error,
                "is_open": subject.case.status == CaseStatus.OPEN,
            },
        )
    if error:
        messages.error(request, error)
        context = _detail_context(request, get_case(membership, subject.case.uuid))
        return render(request, "people/case_detail.html", context, status=400)
    messages.success(request, _("Task “%(title)s” done.") % {"title": subject.title})
    return redirect(_case_url(request, subject.case))


@requires("case.edit")
@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, kommune: str, case: str) -> HttpResponse:
    subject = get_case(membership_of(request), case)
    form = NoteForm(posted(request), prefix="note")
    return _action(
        request,
        case=subject,
        form=form,
        title=_("New note"),
        submit=_("Add note"),
        perform=lambda data: services.note_create(
            actor=request.user, case=subject, text=data["text"]
        ),
        success=_("Note added."),
    )


@requires("case.edit")
@require_http_methods(["GET", "POST"])
def appointment_add(request: HttpRequest, kommune: str, case: str) -> HttpResponse:
    membership = membership_of(request)
    subject = get_case(membership, case)
    form = AppointmentForm(
        posted(request),
        prefix="appointment",
        kommune_id=membership.kommune_id,
        initial={"staff": request.user.pk},
    )
    return _action(
        request,
        case=subject,
        form=form,
        title=_("New appointment"),
        submit=_("Add appointment"),
        perform=lambda data: services.appointment_create(
            actor=request.user,
            case=subject,
            title=data["title"],
            starts_at=data["starts_at"],
            location=data["location"],
            staff=data["staff"],
        ),
        success=_("Appointment added."),
    )
