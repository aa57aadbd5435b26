"""``{% work_access_panel %}``: the "Arbeitsmarktzugang" panel on the person page.

The person page (people app) only includes ``work/includes/person_panel.html``; this tag
finds the answers itself, so the person view needs no knowledge of work access. It renders
nothing for a role that may not see the person's residence and work data.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from vorort.people.selectors import today

from ..answers import answers_for
from ..selectors import get_work_person, may_see_work, open_step_count
from ..views import answer_context

register = template.Library()


@register.simple_tag(takes_context=True)
def work_access_panel(context: Any) -> str:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    person = context.get("person")
    if request is None or membership is None or person is None:
        return ""
    if not may_see_work(membership, person):
        return ""
    loaded = get_work_person(membership, person.uuid)
    on = today()
    overview = answers_for(loaded, on=on)
    return render_to_string(
        "work/includes/panel_body.html",
        {
            "person": loaded,
            "on": on,
            "overview": overview,
            "open_steps": open_step_count(loaded),
            "can_edit": membership.can("work.edit"),
            **answer_context(overview[0]),
        },
        request=request,
    )
