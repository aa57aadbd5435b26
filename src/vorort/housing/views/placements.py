"""Views of the placement pipeline: the matching page, proposals, placements, tandems.

Thin: look the object up in the Kommune's scope (404 for others), parse the form, call the
service, redirect with a message; a refused step shows the page again with the message
beside its field and status 400 — nothing was stored.

"Meine Tandems" shows a volunteer ONLY what the placement needs (household name and size,
address, floor and lift, viewing, landlord contact, move-in date): no residence status, no
case notes, no rent limit or reasons (docs/placement.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import OperationalError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vorort.core.errors import ConcurrentEditError, DomainError
from vorort.core.models import Membership
from vorort.core.roles import Role
from vorort.core.tenancy import kommune_of, membership_of, requires
from vorort.people.models import Household
from vorort.people.views.persons import show_error

from ..choices import (
    HOLDING_STATUSES,
    ApartmentStatus,
    OfferStatus,
    PlacementStatus,
)
from ..forms_placement import (
    AcceptForm,
    CancelForm,
    CertificateForm,
    ContractForm,
    FollowUpForm,
    LandlordForm,
    MoveInForm,
    RejectForm,
    TandemForm,
    ViewingForm,
    aware,
)
from ..models import Apartment, HousingNeed, MatchingRun, OfferSubmission, Placement
from ..services import placement as services

S = PlacementStatus
PAGE_SIZE = 50
HOLDING = [s.value for s in HOLDING_STATUSES]
ENDED = [S.REJECTED, S.SUPERSEDED, S.CANCELLED]
#: Items per dashboard panel.
DASHBOARD_ITEMS = 8


def _placements() -> QuerySet[Placement]:
    return Placement.objects.select_related(
        "household", "apartment", "apartment__district", "apartment__landlord", "run"
    )


def _get_placement(uuid: object) -> Placement:
    return get_object_or_404(
        _placements().select_related("case_manager", "volunteer", "decided_by"), uuid=uuid
    )


def _detail_url(placement: Placement) -> str:
    return reverse(
        "placements:placement_detail",
        kwargs={"kommune": placement.kommune.slug, "placement": placement.uuid},
    )


def _version(form: forms.Form) -> int | None:
    value = form.cleaned_data.get("version")
    return int(value) if value is not None else None


# --- matching ----------------------------------------------------------------------------


def _unassigned_rows(run: MatchingRun | None, page_number: str | None) -> Any:
    """The run's households without proposal (paginated) with their household objects."""
    entries = list(run.unassigned) if run is not None else []
    page = Paginator(entries, PAGE_SIZE).get_page(page_number)
    uuids = [entry["household"] for entry in page.object_list]
    households = {str(h.uuid): h for h in Household.objects.filter(uuid__in=uuids)}
    page.object_list = [
        {"household": households.get(entry["household"]), "reasons": entry["reasons"]}
        for entry in page.object_list
    ]
    return page


@requires("housing.view")
def matching(request: HttpRequest, kommune: str) -> HttpResponse:
    """The latest Kommune-wide run: summary, proposals with reasons, households left out."""
    run = (
        MatchingRun.objects.filter(apartment__isnull=True)
        .select_related("started_by")
        .order_by("-created_at", "-id")
        .first()
    )
    proposals = (
        _placements().filter(run=run).order_by("household__name", "id")
        if run is not None
        else Placement.objects.none()
    )
    counts = (
        run.proposals.aggregate(
            open=Count("id", filter=Q(status=S.PROPOSED)),
            accepted=Count("id", filter=~Q(status__in=[S.PROPOSED, S.REJECTED, S.SUPERSEDED])),
        )
        if run is not None
        else {}
    )
    context = {
        "run": run,
        "counts": counts,
        "page": Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page")),
        "unassigned": _unassigned_rows(run, request.GET.get("upage")),
        "accept_form": AcceptForm(),
        "reject_form": RejectForm(),
        "offered": Apartment.objects.filter(status=ApartmentStatus.OFFERED).count(),
        "looking": HousingNeed.objects.filter(active=True).count(),
    }
    return render(request, "housing/matching_page.html", context)


@requires("placement.decide")
@require_POST
def matching_run(request: HttpRequest, kommune: str) -> HttpResponse:
    started = time.perf_counter()
    try:
        run = services.run_matching(kommune=kommune_of(request), actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Matching finished in %(seconds)s s: %(proposals)s proposals for "
                "%(persons)s persons. Please review them: nothing is reserved until you accept."
            )
            % {
                "seconds": f"{time.perf_counter() - started:.2f}".replace(".", ","),
                "proposals": run.proposals.count(),
                "persons": run.persons_housed,
            },
        )
    return redirect("placements:matching", kommune=kommune)


@requires("housing.view")
def apartment_proposals(request: HttpRequest, kommune: str, apartment: str) -> HttpResponse:
    """ "Who fits this apartment best?": the latest ranking for it and its placements."""
    flat = get_object_or_404(
        Apartment.objects.select_related("district", "landlord"), uuid=apartment
    )
    run = MatchingRun.objects.filter(apartment=flat).order_by("-created_at", "-id").first()
    # Stored in the matcher's ranking order (most persons, then priority, then fit).
    proposals = list(_placements().filter(run=run).order_by("id")) if run is not None else []
    context = {
        "apartment": flat,
        "run": run,
        "proposals": proposals,
        "placements": _placements().filter(apartment=flat).exclude(run=run)[:PAGE_SIZE]
        if run is not None
        else _placements().filter(apartment=flat)[:PAGE_SIZE],
        "accept_form": AcceptForm(),
        "reject_form": RejectForm(),
    }
    return render(request, "housing/matching_apartment.html", context)


@requires("placement.decide")
@require_POST
def apartment_rank(request: HttpRequest, kommune: str, apartment: str) -> HttpResponse:
    flat = get_object_or_404(Apartment, uuid=apartment)
    try:
        run = services.run_matching(kommune=kommune_of(request), actor=request.user, apartment=flat)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(count)s households fit this apartment; the best come first.")
            % {"count": run.proposals.count()},
        )
    return redirect("placements:apartment_proposals", kommune=kommune, apartment=flat.uuid)


# --- placement list and detail -----------------------------------------------------------


@requires("housing.view")
def placement_list(request: HttpRequest, kommune: str) -> HttpResponse:
    """Open pipelines by status (holding and moved in); ``?status=`` narrows to one."""
    status = request.GET.get("status", "")
    placements = _placements().select_related("case_manager", "volunteer")
    if status in S.values:
        placements = placements.filter(status=status)
    else:
        status = ""
        placements = placements.filter(status__in=HOLDING)
    counts = dict(
        Placement.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    page = Paginator(
        placements.order_by("status", "apartment__municipality", "apartment__street", "id"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "housing/placement_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in S.choices],
        },
    )


def _step_forms(placement: Placement, membership: Membership) -> dict[str, forms.Form | None]:
    """The forms the placement's status allows next, for the member's permissions."""
    initial = {"version": placement.version}
    status = placement.status
    can_decide = membership.can("placement.decide")
    can_edit = membership.can("placement.edit")
    found: dict[str, forms.Form | None] = {
        "accept_form": AcceptForm(initial=initial, auto_id="accept_form_%s")
        if can_decide and status == S.PROPOSED
        else None,
        "reject_form": RejectForm(initial=initial, auto_id="reject_form_%s")
        if can_decide and status == S.PROPOSED
        else None,
        "viewing_form": ViewingForm(
            auto_id="viewing_form_%s",
            initial={
                **initial,
                "viewing_at": placement.viewing_at,
                "viewing_place": placement.viewing_place,
            },
        )
        if can_edit and status in (S.ACCEPTED, S.VIEWING)
        else None,
        "landlord_form": LandlordForm(initial=initial, auto_id="landlord_form_%s")
        if can_edit and status == S.VIEWING
        else None,
        "certificate_form": CertificateForm(initial=initial, auto_id="certificate_form_%s")
        if can_edit and status == S.LANDLORD_ACCEPTED
        else None,
        "contract_form": ContractForm(initial=initial, auto_id="contract_form_%s")
        if can_edit and status == S.CERTIFICATE
        else None,
        "move_in_form": MoveInForm(initial=initial, auto_id="move_in_form_%s")
        if can_edit and status == S.CONTRACT
        else None,
        "follow_up_form": FollowUpForm(auto_id="follow_up_form_%s")
        if can_edit and status == S.MOVED_IN
        else None,
        "cancel_form": CancelForm(initial=initial, auto_id="cancel_form_%s")
        if can_decide and status in HOLDING
        else None,
        "tandem_form": TandemForm(
            auto_id="tandem_form_%s",
            initial={
                **initial,
                "case_manager": placement.case_manager.uuid if placement.case_manager else None,
                "volunteer": placement.volunteer.uuid if placement.volunteer else None,
            },
            kommune_id=placement.kommune_id,
        )
        if membership.can("tandem.assign") and status not in ENDED
        else None,
    }
    return found


def _render_detail(
    request: HttpRequest, placement: Placement, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    context: dict[str, Any] = {"placement": placement, "statuses": S}
    context.update(_step_forms(placement, membership_of(request)))
    context.update(bound)
    context["history"] = list(
        placement.history.select_related("history_user").order_by("-history_date")[:PAGE_SIZE]
    )
    context["visits"] = list(placement.visits.select_related("visited_by"))
    context["members"] = services.current_members(placement.household)
    return render(request, "housing/placement_detail.html", context, status=status)


@requires("housing.view")
def placement_detail(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _render_detail(request, _get_placement(placement))


def _step(
    request: HttpRequest,
    placement_uuid: str,
    form_class: Callable[..., forms.Form],
    form_name: str,
    call: Callable[[Placement, dict[str, Any]], Any],
    success: str,
    *,
    next_url: Callable[[Placement], str] | None = None,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """One pipeline step: parse ``form_class``, call the service, redirect or show again."""
    obj = _get_placement(placement_uuid)
    # Ids as on the detail page, where several step forms share it (unique ids).
    form = form_class(request.POST, auto_id=f"{form_name}_%s", **(form_kwargs or {}))
    if form.is_valid():
        try:
            call(obj, form.cleaned_data)
        except ConcurrentEditError as error:
            messages.error(request, error.message)
            return redirect(_detail_url(obj))
        except DomainError as error:
            show_error(request, form, error)
        except OperationalError:
            # Two acceptances touching the same rows at the same moment (deadlock on
            # PostgreSQL): everything was rolled back.
            messages.error(
                request,
                _(
                    "Someone else changed this apartment or household at the same moment. "
                    "Nothing was saved: please try again."
                ),
            )
            return redirect(_detail_url(obj))
        else:
            messages.success(request, success)
            return redirect(next_url(obj) if next_url else _detail_url(obj))
    obj = _get_placement(placement_uuid)  # fresh: the refused service changed nothing
    return _render_detail(request, obj, status=400, **{form_name: form})


def _back_to(request: HttpRequest) -> Callable[[Placement], str] | None:
    """Accept/reject from the matching pages go back there (``next`` is a local path)."""
    target = request.POST.get("next", "")
    if target.startswith("/k/") and "//" not in target:
        return lambda _placement: target
    return None


@requires("placement.decide")
@require_POST
def placement_accept(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _step(
        request,
        placement,
        AcceptForm,
        "accept_form",
        lambda p, data: services.accept(
            placement=p,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        _("Proposal accepted: the apartment is reserved for the household."),
        next_url=_back_to(request),
    )


@requires("placement.decide")
@require_POST
def placement_reject(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _step(
        request,
        placement,
        RejectForm,
        "reject_form",
        lambda p, data: services.reject(
            placement=p,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        _("Proposal rejected."),
        next_url=_back_to(request),
    )


@requires("placement.edit")
@require_POST
def placement_viewing(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _step(
        request,
        placement,
        ViewingForm,
        "viewing_form",
        lambda p, data: services.record_viewing(
            placement=p,
            actor=request.user,
            at=aware(data["viewing_at"]),
            place=data["viewing_place"],
            expected_version=data["version"],
        ),
        _("Viewing appointment saved."),
    )


@requires("placement.edit")
@require_POST
def placement_landlord(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _step(
        request,
        placement,
        LandlordForm,
        "landlord_form",
        lambda p, data: services.landlord_decision(
            placement=p,
            actor=request.user,
            accepted=data["accepted"],
            on=data["landlord_decided_on"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
        _("The landlord's decision was saved."),
    )


@requires("placement.edit")
@require_POST
def placement_certificate(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _step(
        request,
        placement,
        CertificateForm,
        "certificate_form",
        lambda p, data: services.record_certificate(
            placement=p,
            actor=request.user,
            on=data["certificate_on"],
            office=data["certificate_office"],
            expected_version=data["version"],
        ),
        _("Rent assumption certificate saved."),
    )


@requires("placement.edit")
@require_POST
def placement_contract(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _step(
        request,
        placement,
        ContractForm,
        "contract_form",
        lambda p, data: services.record_contract(
            placement=p,
            actor=request.user,
            signed_on=data["contract_signed_on"],
            lease_starts_on=data["lease_starts_on"],
            expected_version=data["version"],
        ),
        _("Contract saved."),
    )


@requires("placement.edit")
@require_POST
def placement_move_in(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _step(
        request,
        placement,
        MoveInForm,
        "move_in_form",
        lambda p, data: services.move_in(
            placement=p,
            actor=request.user,
            on=data["moved_in_on"],
            expected_version=data["version"],
        ),
        _("Move-in saved: new address and occupancy recorded for every member."),
    )


@requires("placement.decide")
@require_POST
def placement_cancel(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _step(
        request,
        placement,
        CancelForm,
        "cancel_form",
        lambda p, data: services.cancel(
            placement=p,
            actor=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        _("Placement cancelled; the apartment is offered again."),
    )


@requires("placement.edit")
@require_POST
def placement_follow_up(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    return _step(
        request,
        placement,
        FollowUpForm,
        "follow_up_form",
        lambda p, data: services.add_follow_up(
            placement=p,
            actor=request.user,
            visited_on=data["visited_on"],
            note=data["note"],
            landlord_contacted=data["landlord_contacted"],
        ),
        _("Follow-up visit saved."),
    )


# --- tandems -----------------------------------------------------------------------------


def _with_size(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """``size``: the household's current members (one query for the whole list)."""
    return placements.annotate(
        size=Count("household__members", filter=Q(household__members__left_on__isnull=True))
    )


def tandems_of(membership: Membership) -> QuerySet[Placement]:
    """Placements where the member is the volunteer or the case manager (not ended).

    Ehrenamt: only where they are the volunteer.
    """
    mine = Q(volunteer_id=membership.user_id)
    if membership.role != Role.EHRENAMT:
        mine |= Q(case_manager_id=membership.user_id)
    return _with_size(
        Placement.objects.filter(mine)
        .exclude(status__in=ENDED)
        .select_related("household", "apartment", "apartment__landlord", "volunteer")
        .select_related("case_manager")
        .order_by("viewing_at", "id")
    )


def _tandem(membership: Membership, uuid: object) -> Placement:
    """A tandem the member may open: a volunteer only their own (others' → 404)."""
    placements = Placement.objects.exclude(status__in=ENDED)
    if membership.role == Role.EHRENAMT:
        placements = placements.filter(volunteer_id=membership.user_id)
    return get_object_or_404(
        _with_size(placements).select_related(
            "household", "apartment", "apartment__landlord", "case_manager", "volunteer"
        ),
        uuid=uuid,
    )


@requires("tandem.view")
def tandem_list(request: HttpRequest, kommune: str) -> HttpResponse:
    """Meine Tandems; for roles that assign tandems also the holding placements without one."""
    membership = membership_of(request)
    mine = Paginator(tandems_of(membership), PAGE_SIZE).get_page(request.GET.get("page"))
    without = None
    if membership.can("tandem.assign"):
        without = list(
            Placement.objects.filter(status__in=HOLDING)
            .filter(Q(volunteer__isnull=True) | Q(case_manager__isnull=True))
            .select_related("household", "apartment")
            .order_by("created_at", "id")[:PAGE_SIZE]
        )
    return render(request, "housing/tandem_list.html", {"page": mine, "without": without})


@requires("tandem.view")
def tandem_detail(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    """Only what the tandem needs — nothing from the case file."""
    membership = membership_of(request)
    obj = _tandem(membership, placement)
    return render(
        request,
        "housing/tandem_detail.html",
        {
            "placement": obj,
            "can_assign": membership.can("tandem.assign"),
        },
    )


@requires("tandem.assign")
def tandem_assign(request: HttpRequest, kommune: str, placement: str) -> HttpResponse:
    """Name the tandem of a placement (also reachable for Ehrenamtskoordination)."""
    obj = get_object_or_404(
        Placement.objects.exclude(status__in=ENDED).select_related(
            "household", "apartment", "case_manager", "volunteer"
        ),
        uuid=placement,
    )
    initial = {
        "version": obj.version,
        "case_manager": obj.case_manager.uuid if obj.case_manager else None,
        "volunteer": obj.volunteer.uuid if obj.volunteer else None,
    }
    form = TandemForm(request.POST or None, initial=initial, kommune_id=obj.kommune_id)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.assign_tandem(
                    placement=obj,
                    actor=request.user,
                    case_manager=form.cleaned_data["case_manager"],
                    volunteer=form.cleaned_data["volunteer"],
                    expected_version=_version(form),
                )
            except DomainError as error:
                show_error(request, form, error)
            else:
                messages.success(request, _("The tandem was saved."))
                return redirect("placements:tandem_detail", kommune=kommune, placement=obj.uuid)
    return render(
        request, "housing/tandem_assign.html", {"placement": obj, "form": form}, status=status
    )


# --- dashboard ---------------------------------------------------------------------------


def dashboard_context(membership: Membership) -> dict[str, Any]:
    """The dashboard panels of housing (a fixed number of queries, whatever the data).

    Wohnraum panels for ``housing.view``: offers to review, apartments offered, households
    looking, open placements. "Meine Tandems" for ``tandem.view``: the next placements where
    the user is the volunteer or the case manager, with the viewing appointment.
    """
    context: dict[str, Any] = {}
    if membership.can("housing.view"):
        context["housing_panel"] = {
            "offers": OfferSubmission.objects.filter(status=OfferStatus.NEW).count(),
            "offered": Apartment.objects.filter(status=ApartmentStatus.OFFERED).count(),
            "looking": HousingNeed.objects.filter(active=True).count(),
            "placements": Placement.objects.filter(status__in=HOLDING).count(),
            "proposals": Placement.objects.filter(status=S.PROPOSED).count(),
        }
    if membership.can("tandem.view"):
        rows = list(tandems_of(membership).exclude(status=S.MOVED_IN)[: DASHBOARD_ITEMS + 1])
        context["my_tandems"] = rows[:DASHBOARD_ITEMS]
        context["more_tandems"] = len(rows) > DASHBOARD_ITEMS
    return context
