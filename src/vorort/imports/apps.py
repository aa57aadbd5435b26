from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "vorort.imports"
    label = "imports"
    verbose_name = _("Import and export")
    default_auto_field = "django.db.models.BigAutoField"
