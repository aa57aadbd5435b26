from __future__ import annotations

from pathlib import Path

from django.core import checks
from django.db import models
from django.test.utils import isolate_apps

from vorort.core.checks import check_tenant_models_are_scoped
from vorort.core.management.commands.permissions_doc import render
from vorort.core.roles import PERMISSIONS, Role, has_perm

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"


def test_permissions_doc_matches_the_code():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/permissions.md is stale: run `vorort permissions_doc > docs/permissions.md`"
    )


def test_every_permission_names_existing_roles():
    for roles, description in PERMISSIONS.values():
        assert roles <= set(Role)
        assert description


def test_auswertung_sees_no_individual_person():
    assert not has_perm(Role.AUSWERTUNG, "person.view")
    assert has_perm(Role.AUSWERTUNG, "stats.view")


def test_system_check_passes_for_vorort_models():
    assert check_tenant_models_are_scoped() == []


@isolate_apps("vorort.people")
def test_system_check_flags_a_tenant_model_without_scoped_manager(monkeypatch):
    from django.apps import apps

    class Unscoped(models.Model):
        kommune = models.ForeignKey("core.Kommune", on_delete=models.CASCADE)

        class Meta:
            app_label = "people"

        def __str__(self) -> str:
            return "unscoped"

    real_get_models = apps.get_models
    monkeypatch.setattr(apps, "get_models", lambda *a, **k: [*real_get_models(), Unscoped])
    errors = check_tenant_models_are_scoped()
    assert [e.id for e in errors] == ["vorort.E001"]
    assert isinstance(errors[0], checks.Error)
