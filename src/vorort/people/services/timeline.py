"""The person's timeline: one line per thing that happened, written by the service that did it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ..models import Case, Person, TimelineEntry


def timeline_record(
    *, person: Person, kind: str, summary: str, actor: Any, case: Case | None = None
) -> TimelineEntry:
    """Append an entry to ``person``'s timeline (call inside the service's transaction).

    ``kind`` is a dotted machine name (``person.created``, ``status.added``, ``task.done``);
    ``summary`` a short German/English text already translated for display.
    """
    return TimelineEntry.objects.create(
        kommune_id=person.kommune_id,
        person=person,
        case=case,
        kind=kind,
        summary=summary[:500],
        actor=actor,
        occurred_at=timezone.now(),
    )
