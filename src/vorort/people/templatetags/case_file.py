"""Template tags for the person page's case and consent sections (one query each).

The include templates get only ``person`` and ``membership``; these tags fetch what they
show through the access-checking selectors, with the related rows joined in.
"""

from __future__ import annotations

from typing import Any

from django import template

from vorort.core.models import Membership

from ..choices import DataCategory
from ..models import Case, Person
from ..selectors import cases_visible_to, consents_visible_to, today

register = template.Library()


@register.simple_tag
def person_cases(membership: Membership, person: Person) -> list[Case]:
    """The person's cases visible to ``membership``, newest first, with their manager."""
    return list(
        cases_visible_to(membership)
        .filter(person=person)
        .select_related("case_manager")
        .order_by("-opened_on", "-id")
    )


@register.simple_tag
def person_consents(membership: Membership, person: Person) -> list[dict[str, Any]]:
    """The person's consents with their category labels and whether they are active today."""
    labels = dict(DataCategory.choices)
    on = today()
    return [
        {
            "consent": consent,
            "categories": [str(labels.get(c, c)) for c in consent.data_categories],
            "active": consent.is_active(on),
        }
        for consent in consents_visible_to(membership)
        .filter(person=person)
        .select_related("recipient")
        .order_by("-given_on", "-id")
    ]
