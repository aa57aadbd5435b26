"""Views of the platform shell: login, two-factor, Kommune choice, audit, members."""

from __future__ import annotations

from base64 import b32encode
from typing import Any
from uuid import UUID

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .accounts import two_factor_reset
from .audit import audit_page
from .errors import DomainError
from .forms import LoginForm, TokenForm
from .middleware import has_confirmed_device, is_verified
from .models import AccessLog, Membership, User
from .tenancy import kommune_of, requires


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_users"] = demo_logins()
        return context

    def form_invalid(self, form: Any) -> HttpResponse:
        """Wrong credentials: the form again with its message, as a 400 like every bad input."""
        return self.render_to_response(self.get_context_data(form=form), status=400)


def demo_logins() -> list[str]:
    return list(
        User.objects.filter(memberships__isnull=False)
        .order_by("username")
        .values_list("username", flat=True)
        .distinct()[:20]
    )


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


def _with_next(request: HttpRequest, name: str) -> str:
    target = request.GET.get("next", "")
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Create (or show again) an unconfirmed TOTP device; confirm it with a first code.

    The secret and its QR code are shown only while the user has no confirmed device: a
    second device could otherwise be added by anyone who knows just the password. A lost
    device is reset by the Koordination (members page) or with ``vorort reset-2fa``.
    """
    user: User = request.user  # type: ignore[assignment]
    if has_confirmed_device(user):
        if is_verified(user):
            messages.info(request, _("Two-factor authentication is already set up."))
            return redirect(_next_url(request))
        return redirect(_with_next(request, "core:otp_verify"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="vorort", confirmed=False)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            allowed = _verify_allowed(device)
            if allowed and device.verify_token(form.cleaned_data["token"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                messages.success(request, _("Two-factor authentication is set up."))
                return redirect(_next_url(request))
            form.add_error("token", _wrong_code_message(throttled=not allowed))
    qr_svg = segno.make(device.config_url, micro=False).svg_inline(scale=4)
    return render(
        request,
        "core/otp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": _grouped(b32encode(device.bin_key).decode())},
        status=status,
    )


def _verify_allowed(device: TOTPDevice) -> bool:
    """False while the device is throttled after wrong codes (django-otp doubles the wait)."""
    allowed, _data = device.verify_is_allowed()
    return bool(allowed)


def _wrong_code_message(*, throttled: bool) -> str:
    if throttled:
        return _(
            "Code: too many wrong codes in a row. Please wait a little and enter the current "
            "code again."
        )
    return _("Code: the code is wrong or expired. Please enter the current one.")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code of the user's confirmed device."""
    user: User = request.user  # type: ignore[assignment]
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        return redirect(_with_next(request, "core:otp_setup"))
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            allowed = [device for device in devices if _verify_allowed(device)]
            for device in allowed:
                if device.verify_token(form.cleaned_data["token"]):
                    otp_login(request, device)
                    return redirect(_next_url(request))
            form.add_error("token", _wrong_code_message(throttled=not allowed))
    return render(request, "core/otp_verify.html", {"form": form}, status=status)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's Kommunen; with exactly one, straight to its dashboard."""
    user: User = request.user  # type: ignore[assignment]
    memberships = list(
        Membership.objects.filter(user=user).select_related("kommune").order_by("kommune__name")
    )
    if len(memberships) == 1:
        return redirect("people:dashboard", kommune=memberships[0].kommune.slug)
    offer_2fa = not settings.DEMO_MODE and not has_confirmed_device(user)
    return render(request, "core/home.html", {"memberships": memberships, "offer_2fa": offer_2fa})


@requires("audit.view")
def audit_log(request: HttpRequest, kommune: str) -> HttpResponse:
    """Change history of every audited record of this Kommune, newest first (50 a page)."""
    page, rows = audit_page(kommune_of(request), request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page, "rows": rows})


@requires("audit.view")
def access_log(request: HttpRequest, kommune: str) -> HttpResponse:
    """Who opened special-category data of this Kommune (the scope limits the rows)."""
    page = Paginator(
        AccessLog.objects.filter(kommune=kommune_of(request))
        .select_related("user")
        .order_by("-accessed_at", "-id"),
        50,
    ).get_page(request.GET.get("page"))
    return render(request, "core/access_log.html", {"page": page})


def _members_page(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    confirmed = TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
    rows = (
        Membership.objects.filter(kommune=kommune_of(request))
        .select_related("user", "organisation")
        .annotate(has_2fa=Exists(confirmed))
        .order_by("role", "user__username")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "core/members.html", {"page": page}, status=status)


@requires("kommune.manage")
def members(request: HttpRequest, kommune: str) -> HttpResponse:
    """The users of this Kommune with their role and whether they use a second factor."""
    return _members_page(request)


@requires("kommune.manage")
@require_POST
def member_reset_2fa(request: HttpRequest, kommune: str, user: UUID) -> HttpResponse:
    """Remove a member's second factor (lost phone); they set up a new one at next login."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), kommune=kommune_of(request), user__uuid=user
    )
    try:
        removed = two_factor_reset(
            actor=request.user,  # type: ignore[arg-type]
            user=membership.user,
            kommune=kommune_of(request),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _members_page(request, status=400)
    if removed:
        messages.success(
            request,
            _("The second factor of %(user)s was reset. They set up a new one at next login.")
            % {"user": membership.user},
        )
    else:
        messages.info(request, _("%(user)s had no second factor.") % {"user": membership.user})
    return redirect("core:members", kommune=kommune_of(request).slug)
