"""Views of the platform shell: login, two-factor, Kommune choice, audit, members."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import registered_models

from .forms import LoginForm, TokenForm
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


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Create (or show again) an unconfirmed TOTP device; confirm it with a first code."""
    user: User = request.user  # type: ignore[assignment]
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="vorort", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or expired. Please try the current one."))
    qr_svg = segno.make(device.config_url, micro=False).svg_inline(scale=4)
    return render(
        request,
        "core/otp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": device.config_url.split("secret=")[1].split("&")[0]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or expired. Please try the current one."))
    return render(request, "core/otp_verify.html", {"form": form})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's Kommunen; with exactly one, straight to its dashboard."""
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("kommune").order_by(
            "kommune__name"
        )
    )
    if len(memberships) == 1:
        return redirect("people:dashboard", kommune=memberships[0].kommune.slug)
    return render(request, "core/home.html", {"memberships": memberships})


@requires("audit.view")
def audit_log(request: HttpRequest, kommune: str) -> HttpResponse:
    """Change history of every audited record of this Kommune, newest first."""
    entries = []
    current = kommune_of(request)
    for model in registered_models.values():
        history_model = model.history.model
        for record in (
            history_model.objects.filter(kommune=current)
            .select_related("history_user")
            .order_by("-history_date")[:200]
        ):
            entries.append(record)
    entries.sort(key=lambda r: r.history_date, reverse=True)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = []
    for record in page:
        changes = []
        previous = record.prev_record
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            changes = [(c.field, c.old, c.new) for c in delta.changes]
        rows.append({"record": record, "model": record.instance._meta.verbose_name, "changes": changes})
    return render(request, "core/audit_log.html", {"page": page, "rows": rows})


@requires("audit.view")
def access_log(request: HttpRequest, kommune: str) -> HttpResponse:
    page = Paginator(
        AccessLog.objects.select_related("user").order_by("-accessed_at"), 50
    ).get_page(request.GET.get("page"))
    return render(request, "core/access_log.html", {"page": page})


@requires("kommune.manage")
def members(request: HttpRequest, kommune: str) -> HttpResponse:
    rows = (
        Membership.objects.filter(kommune=kommune_of(request))
        .select_related("user", "organisation")
        .order_by("role", "user__username")
    )
    return render(request, "core/members.html", {"rows": rows})
