from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    """The case-file side of work access: facts, process steps, panel, lists.

    The rules engine (``vorort.work.engine``, ``vorort.work.rules``) is pure Python and is
    imported without Django; only this app config, the models and the views need Django.
    """

    name = "vorort.work"
    label = "work"
    verbose_name = _("Work access")
