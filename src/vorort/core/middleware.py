"""Middleware: two-factor enforcement and the per-request tenant scope."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django_scopes import scope

from .roles import TWO_FACTOR_ROLES
from .tenancy import membership_for

# URL names reachable before the second factor is verified.
TWO_FACTOR_EXEMPT = {
    "core:login",
    "core:logout",
    "core:otp_verify",
    "core:otp_setup",
    "set_language",
    "core:health",
}


def has_confirmed_device(user: object) -> bool:
    """Whether ``user`` has a confirmed TOTP device."""
    return bool(user.totpdevice_set.filter(confirmed=True).exists())  # type: ignore[attr-defined]


def is_verified(user: object) -> bool:
    """Whether ``user`` passed the second factor in this session (set by OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if check is not None else False


def requires_two_factor(user: object) -> bool:
    """Whether ``user`` must pass a second factor before reaching any page.

    Outside demo mode: superusers and every user with a staff role (``TWO_FACTOR_ROLES``) in
    any Kommune must; a volunteer (Ehrenamt only) must once they have set up a device, and is
    otherwise not forced. In demo mode nobody is asked.
    """
    if settings.DEMO_MODE:
        return False
    if getattr(user, "is_superuser", False):
        return True
    roles = set(user.memberships.values_list("role", flat=True))  # type: ignore[attr-defined]
    return bool(roles & TWO_FACTOR_ROLES) or has_confirmed_device(user)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not is_verified(user):
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if (
                name not in TWO_FACTOR_EXEMPT
                and not request.path_info.startswith(settings.STATIC_URL)
                and requires_two_factor(user)
            ):
                target = "core:otp_verify" if has_confirmed_device(user) else "core:otp_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class KommuneScopeMiddleware:
    """For URLs under ``/k/<kommune>/``: resolve the Kommune, check membership, open the scope.

    Not a member, or no such Kommune: 404 alike. The view runs *and its response is rendered*
    inside ``scope(kommune=…)``, so every query on a tenant model is limited to this Kommune
    and a query outside any scope raises.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get("kommune")
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = membership_for(request.user, slug)
        if membership is None:
            raise Http404
        request.kommune = membership.kommune  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        with scope(kommune=membership.kommune):
            response = self.get_response(request)
            render = getattr(response, "render", None)
            if render is not None and not getattr(response, "is_rendered", True):
                response = render()
        return response
