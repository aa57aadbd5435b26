"""Writes of households: create a household, add a member, let a member leave.

A person belongs to at most one household at a time: a membership is active until its
``left_on`` is set, and a second active membership is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.core.models import Kommune
from vorort.core.services import lock_for_update, save_audited

from ..choices import Relation
from ..models import Household, HouseholdMember, Person
from .timeline import timeline_record


def _day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


@transaction.atomic
def household_create(*, kommune: Kommune, actor: Any, name: str, notes: str = "") -> Household:
    """Create an (empty) household in ``kommune``."""
    name = name.strip()
    if not name:
        raise DomainError(_("Name: please enter a name for the household."), field="name")
    household = Household(kommune=kommune, name=name, notes=notes)
    save_audited(household, actor=actor)
    return household


@transaction.atomic
def household_member_add(
    *,
    household: Household,
    person: Person,
    actor: Any,
    relation: str,
    joined_on: dt.date | None = None,
) -> HouseholdMember:
    """Add ``person`` to ``household`` from ``joined_on`` (default today).

    Refused if the person is still an active member of a household (this or another one),
    if the relation is unknown, or if ``joined_on`` lies in the future.
    """
    today = timezone.localdate()
    joined_on = joined_on or today
    if household.kommune_id != person.kommune_id:
        raise DomainError(_("Person: this person belongs to another Kommune."), field="person")
    if relation not in Relation.values:
        raise DomainError(_("Relation: please choose the relation."), field="relation")
    if joined_on > today:
        raise DomainError(_("Member since: the date must not be in the future."), field="joined_on")
    # Lock the person so that two simultaneous additions cannot both pass the check below.
    lock_for_update(Person, person.pk, expected_version=None)
    active = (
        HouseholdMember.objects.filter(person=person, left_on__isnull=True)
        .select_related("household")
        .first()
    )
    if active is not None:
        raise DomainError(
            _(
                "Person: %(person)s is already a member of the household “%(household)s”. "
                "A person can be an active member of only one household: record that they "
                "left it first."
            )
            % {"person": person, "household": active.household},
            field="person",
        )
    member = HouseholdMember(
        kommune_id=household.kommune_id,
        household=household,
        person=person,
        relation=relation,
        joined_on=joined_on,
    )
    save_audited(member, actor=actor)
    timeline_record(
        person=person,
        kind="household.joined",
        summary=_("Joined the household “%(household)s” as %(relation)s on %(date)s.")
        % {
            "household": household,
            "relation": Relation(relation).label,
            "date": _day(joined_on),
        },
        actor=actor,
    )
    return member


@transaction.atomic
def household_member_leave(
    *, member: HouseholdMember, actor: Any, left_on: dt.date | None = None
) -> HouseholdMember:
    """Record that ``member`` left the household on ``left_on`` (default today)."""
    today = timezone.localdate()
    left_on = left_on or today
    member = lock_for_update(HouseholdMember, member.pk, expected_version=None)
    if member.left_on is not None:
        raise DomainError(
            _("Member until: this person already left the household on %(date)s.")
            % {"date": _day(member.left_on)},
            field="left_on",
        )
    if left_on > today:
        raise DomainError(_("Member until: the date must not be in the future."), field="left_on")
    if left_on < member.joined_on:
        raise DomainError(
            _("Member until: the date must not be before the date they joined (%(date)s).")
            % {"date": _day(member.joined_on)},
            field="left_on",
        )
    member.left_on = left_on
    save_audited(member, actor=actor, update_fields=["left_on"])
    timeline_record(
        person=member.person,
        kind="household.left",
        summary=_("Left the household “%(household)s” on %(date)s.")
        % {"household": member.household, "date": _day(left_on)},
        actor=actor,
    )
    return member
