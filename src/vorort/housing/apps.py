from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    """Housing placement (Türöffner): landlords, apartments, facilities, needs, placements.

    The optimiser itself is the pure package ``vorort.matching``; this app turns the case file
    into its input, stores proposals and carries them from acceptance to move-in.
    """

    name = "vorort.housing"
    label = "housing"
    verbose_name = _("Housing")
