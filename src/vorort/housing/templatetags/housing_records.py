"""Template helpers of the housing register: money the German way, the household need panel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from vorort.people.models import Household

from ..choices import RentBasis
from ..selectors import NeedPanel, need_panel

register = template.Library()


@register.filter
def money(value: Any) -> str:
    """``742.9`` -> ``742,90 €`` (in German; the active language's separators otherwise)."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    return f"{number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)} €"


@register.filter
def rent_basis(value: str) -> str:
    """The label of a KdU rent basis code (bruttokalt, bruttowarm)."""
    return str(dict(RentBasis.choices).get(value, value))


@register.simple_tag
def household_need(household: Household) -> NeedPanel:
    """The housing need of ``household`` with persons counted and its rent limit."""
    return need_panel(household)
