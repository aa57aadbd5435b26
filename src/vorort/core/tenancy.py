"""Resolving the Kommune of a request and checking the user's role in it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Kommune, Membership

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def membership_for(user: Any, slug: str) -> Membership | None:
    """The user's membership in the Kommune ``slug``, or None (unknown Kommune alike)."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("kommune", "organisation")
        .filter(user=user, kommune__slug=slug)
        .first()
    )


def requires(permission: str) -> Callable[[ViewFunc], ViewFunc]:
    """View decorator: the request's membership must hold ``permission`` (else 403).

    The Kommune and membership were resolved by ``KommuneScopeMiddleware``: a user without a
    membership there has already had a 404, the same answer as for a Kommune that does not exist.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership: Membership | None = getattr(request, "membership", None)
            if membership is None or not membership.can(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def requires_any(*permissions: str) -> Callable[[ViewFunc], ViewFunc]:
    """View decorator: the request's membership must hold one of ``permissions`` (else 403).

    For views that serve several permissions and check the one that applies inside (the
    import wizard: persons need ``import.persons``, apartments ``housing.import``)."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership: Membership | None = getattr(request, "membership", None)
            if membership is None or not any(membership.can(p) for p in permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_permission = " | ".join(permissions)  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def kommune_of(request: HttpRequest) -> Kommune:
    return request.kommune  # type: ignore[attr-defined]


def membership_of(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]
