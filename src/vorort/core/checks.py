"""System check: every vorort model with a ``kommune`` foreign key uses a scoped manager."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks

# Access-control data, read before a scope exists (to find the user's Kommunen).
UNSCOPED_ALLOWED = {"core.Membership"}


@checks.register(checks.Tags.models)
def check_tenant_models_are_scoped(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    errors = []
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("vorort."):
            continue
        label = model._meta.label
        if label in UNSCOPED_ALLOWED or model.__name__.startswith("Historical"):
            continue
        if "kommune" not in {f.name for f in model._meta.get_fields()}:
            continue
        if not hasattr(model._default_manager, "with_scope"):
            errors.append(
                checks.Error(
                    f"{label} has a kommune but no scoped manager",
                    hint="Inherit from vorort.core.models.TenantModel or use ScopedManager.",
                    obj=model,
                    id="vorort.E001",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_demo_mode_off(app_configs: Any = None, **kwargs: Any) -> list[checks.Warning]:
    """Demo mode switches two-factor authentication off: never in production."""
    from django.conf import settings

    if getattr(settings, "DEMO_MODE", False):
        return [
            checks.Warning(
                "VORORT_DEMO_MODE is on: demo logins and no two-factor authentication.",
                hint="Set VORORT_DEMO_MODE=false (the default when VORORT_DEBUG=false).",
                id="vorort.W001",
            )
        ]
    return []
