from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .roles import permissions_of


def vorort(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "kommune": getattr(request, "kommune", None),
        "membership": membership,
        "perms_of_role": permissions_of(membership.role) if membership else frozenset(),
    }
