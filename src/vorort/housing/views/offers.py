"""The public offer form (no login) and the review queue of the offers.

Spam protection without external services: a honeypot field hidden by CSS, a signed
timestamp that refuses forms sent faster than ``MIN_SECONDS`` or older than ``MAX_AGE``, and
at most ``RATE_LIMIT`` submissions per client address and hour (cache), else 429.
The public URL is not under /k/<kommune>/: the view resolves the Kommune and opens its scope.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from vorort.core.client_ip import client_ip
from vorort.core.errors import DomainError
from vorort.core.models import Kommune
from vorort.core.tenancy import requires
from vorort.people.views.persons import show_error

from .. import selectors
from ..choices import OfferStatus
from ..forms import OfferForm, OfferRejectForm
from ..models import OfferSubmission
from ..services import offers as services
from .common import PAGE_SIZE

MIN_SECONDS = 3
MAX_AGE = 2 * 60 * 60
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60
STAMP_SALT = "vorort.housing.offer-form"


def _stamp() -> str:
    return signing.dumps(time.time(), salt=STAMP_SALT)


def stamp_problem(stamp: str) -> str | None:
    """Why the form's signed timestamp is refused, or None if it is fine."""
    try:
        issued = float(signing.loads(stamp, salt=STAMP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return _("The form could not be checked. Please send it again.")
    age = time.time() - issued
    if age > MAX_AGE:
        return _("The form was open for too long. Please check your entries and send it again.")
    if age < MIN_SECONDS:
        return _("The form was sent too quickly. Please check your entries and send it again.")
    return None


def _rate_limited(request: HttpRequest) -> bool:
    """Count this submission for the client address; True when over the limit."""
    key = f"vorort:offer-form:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, RATE_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, RATE_WINDOW)
        return False
    return count > RATE_LIMIT


def _public_page(
    request: HttpRequest, kommune: Kommune, form: OfferForm, status: int = 200
) -> HttpResponse:
    if form.is_bound:
        data = request.POST.copy()
        data["stamp"] = _stamp()  # a fresh stamp for the next attempt
        form.data = data
    else:
        form.initial["stamp"] = _stamp()
    return render(
        request, "housing/offer_public.html", {"form": form, "kommune": kommune}, status=status
    )


def offer_form(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: a landlord offers an apartment to the Kommune ``slug`` (404 for unknown)."""
    kommune = get_object_or_404(Kommune, slug=slug)
    with scope(kommune=kommune):
        if request.method != "POST":
            return _public_page(request, kommune, OfferForm())
        if _rate_limited(request):
            response = render(
                request,
                "housing/offer_public_refused.html",
                {
                    "kommune": kommune,
                    "reason": _(
                        "Too many offers were sent from your connection. Please try again in "
                        "an hour or contact the Kommune directly."
                    ),
                },
                status=429,
            )
            response["Retry-After"] = str(RATE_WINDOW)
            return response
        form = OfferForm(request.POST)
        if request.POST.get("website", "").strip():
            # The honeypot: people do not see this field, bots fill it in.
            return render(
                request,
                "housing/offer_public_refused.html",
                {"kommune": kommune, "reason": _("The offer could not be accepted.")},
                status=400,
            )
        problem = stamp_problem(request.POST.get("stamp", ""))
        if problem is not None:
            form.is_valid()
            form.add_error(None, problem)
            return _public_page(request, kommune, form, status=400)
        if not form.is_valid():
            return _public_page(request, kommune, form, status=400)
        try:
            services.offer_submit(
                kommune=kommune,
                actor=None,
                privacy_accepted_at=timezone.now(),
                **form.offer_data(),
            )
        except DomainError as error:
            show_error(request, form, error)
            return _public_page(request, kommune, form, status=400)
        return redirect("offers:offer_thanks", slug=kommune.slug)


def offer_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    kommune = get_object_or_404(Kommune, slug=slug)
    return render(request, "housing/offer_thanks.html", {"kommune": kommune})


# --- Review queue (housing.edit) ---------------------------------------------------------


def _offer_url(offer: OfferSubmission) -> str:
    return reverse(
        "housing:offer_detail", kwargs={"kommune": offer.kommune.slug, "offer": offer.uuid}
    )


@requires("housing.edit")
def offer_list(request: HttpRequest, kommune: str) -> HttpResponse:
    status = request.GET.get("status", OfferStatus.NEW)
    if status not in OfferStatus.values and status != "all":
        status = OfferStatus.NEW
    page = Paginator(selectors.offers("" if status == "all" else status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "housing/offer_list.html",
        {"page": page, "status": status, "statuses": OfferStatus.choices},
    )


def _detail(
    request: HttpRequest, offer: OfferSubmission, reject_form: OfferRejectForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "housing/offer_detail.html",
        {
            "offer": offer,
            "reject_form": reject_form,
            "public_url": request.build_absolute_uri(
                reverse("offers:offer_form", kwargs={"slug": offer.kommune.slug})
            ),
        },
        status=status,
    )


@requires("housing.edit")
def offer_detail(request: HttpRequest, kommune: str, offer: str) -> HttpResponse:
    return _detail(request, selectors.get_offer(offer), OfferRejectForm())


@requires("housing.edit")
@require_POST
def offer_take_over(request: HttpRequest, kommune: str, offer: str) -> HttpResponse:
    obj = selectors.get_offer(offer)
    try:
        apartment = services.offer_take_over(offer=obj, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_offer_url(obj))
    messages.success(
        request,
        _("The offer was taken over: the apartment %(apartment)s of %(landlord)s is offered.")
        % {"apartment": apartment, "landlord": apartment.landlord},
    )
    return redirect(
        "housing:apartment_detail", kommune=apartment.kommune.slug, apartment=apartment.uuid
    )


@requires("housing.edit")
@require_POST
def offer_reject(request: HttpRequest, kommune: str, offer: str) -> HttpResponse:
    obj = selectors.get_offer(offer)
    form = OfferRejectForm(request.POST)
    if form.is_valid():
        try:
            services.offer_reject(offer=obj, actor=request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            show_error(request, form, error)
        else:
            messages.success(request, _("The offer was rejected."))
            return redirect("housing:offer_list", kommune=kommune)
    return _detail(request, obj, form, status=400)
