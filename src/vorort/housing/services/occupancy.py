"""Occupancy: who lived where (a facility or an apartment) from when to when.

The periods are never overwritten: a move ends the current occupancy (``valid_to`` = the last
night there) and starts a new one. One person never has two occupancies on the same day.
These periods are what the cost reports count person-days from (FlüAG).

The placement pipeline calls ``end_current_occupancies`` and ``start_occupancy`` on move-in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.core.services import lock_for_update, save_audited
from vorort.people.models import Person
from vorort.people.services.timeline import timeline_record

from ..models import Apartment, Facility, Occupancy
from .records import day


def _period(occupancy: Occupancy) -> str:
    return _("%(place)s from %(start)s to %(end)s") % {
        "place": occupancy.place,
        "start": day(occupancy.valid_from),
        "end": day(occupancy.valid_to),
    }


def overlapping(
    person: Person, valid_from: dt.date, valid_to: dt.date | None, exclude_pk: int | None = None
) -> Occupancy | None:
    """An occupancy of ``person`` sharing a day with ``valid_from``..``valid_to`` (open: None)."""
    others = Occupancy.objects.filter(person=person).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        others = others.filter(valid_from__lte=valid_to)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.select_related("facility", "apartment").order_by("valid_from", "id").first()


@transaction.atomic
def start_occupancy(
    *,
    person: Person,
    actor: Any,
    valid_from: dt.date,
    facility: Facility | None = None,
    apartment: Apartment | None = None,
) -> Occupancy:
    """``person`` lives in ``facility`` or ``apartment`` (exactly one) from ``valid_from`` on.

    Refused when the person has another occupancy on or after that day; the message names
    that other period (end it first, with its last night).
    """
    if (facility is None) == (apartment is None):
        raise DomainError(_("An occupancy is either in a facility or in an apartment."))
    place = facility or apartment
    if place.kommune_id != person.kommune_id:  # type: ignore[union-attr]
        raise DomainError(_("The place belongs to another Kommune."))
    lock_for_update(Person, person.pk, expected_version=None)
    other = overlapping(person, valid_from, None)
    if other is not None:
        raise DomainError(
            _(
                "Moved in on: %(person)s already has an occupancy on that day or later: "
                "%(period)s. End it first (last night before %(date)s)."
            )
            % {"person": person, "period": _period(other), "date": day(valid_from)},
            field="valid_from",
        )
    occupancy = Occupancy(
        kommune_id=person.kommune_id,
        person=person,
        facility=facility,
        apartment=apartment,
        valid_from=valid_from,
    )
    save_audited(occupancy, actor=actor)
    timeline_record(
        person=person,
        kind="housing.occupancy_started",
        summary=_("Lives in %(place)s from %(date)s.") % {"place": place, "date": day(valid_from)},
        actor=actor,
    )
    return occupancy


def _end(occupancy: Occupancy, *, actor: Any, last_night: dt.date, reason: str) -> Occupancy:
    if last_night < occupancy.valid_from:
        raise DomainError(
            _("Last night there: %(date)s is before the move-in on %(start)s (%(period)s).")
            % {
                "date": day(last_night),
                "start": day(occupancy.valid_from),
                "period": _period(occupancy),
            },
            field="valid_to",
        )
    occupancy.valid_to = last_night
    occupancy.end_reason = reason.strip()[:200]
    save_audited(occupancy, actor=actor, update_fields=["valid_to", "end_reason"])
    timeline_record(
        person=occupancy.person,
        kind="housing.occupancy_ended",
        summary=_("Left %(place)s; last night %(date)s (%(reason)s).")
        % {"place": occupancy.place, "date": day(last_night), "reason": occupancy.end_reason},
        actor=actor,
    )
    return occupancy


@transaction.atomic
def end_occupancy(
    *,
    occupancy: Occupancy,
    actor: Any,
    valid_to: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> Occupancy:
    """End an open occupancy: ``valid_to`` is the last night there."""
    if not reason.strip():
        raise DomainError(_("Reason for leaving: please give a reason."), field="reason")
    locked = lock_for_update(Occupancy, occupancy.pk, expected_version=expected_version)
    if locked.valid_to is not None:
        raise DomainError(
            _("This occupancy has ended already (%(period)s).") % {"period": _period(locked)}
        )
    locked.person = occupancy.person
    return _end(locked, actor=actor, last_night=valid_to, reason=reason)


@transaction.atomic
def end_current_occupancies(
    person: Person, *, last_night: dt.date, reason: str, actor: Any
) -> list[Occupancy]:
    """End every occupancy of ``person`` reaching beyond ``last_night`` (e.g. on a move-in).

    ``last_night`` is the last night at the old place (the day before the move-in): open
    periods, and closed ones ending later, end then. Refused (nothing changed) when an
    occupancy starts after ``last_night``.
    """
    lock_for_update(Person, person.pk, expected_version=None)
    open_ones = list(
        Occupancy.objects.select_for_update(of=("self",))
        .filter(person=person)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=last_night))
        .select_related("facility", "apartment")
        .order_by("valid_from", "id")
    )
    ended = []
    for occupancy in open_ones:
        occupancy.person = person
        # A period starting after the last night would be a move into the past: _end refuses.
        ended.append(_end(occupancy, actor=actor, last_night=last_night, reason=reason))
    return ended
