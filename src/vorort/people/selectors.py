"""Reads of the case file that check access: every list and lookup starts here.

``persons_visible_to`` is the one place that says which persons a membership reaches:
full access for the case-working roles, assigned persons for Ehrenamt, consented persons
for Partner, none for Auswertung (which sees aggregates only).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vorort.core.models import Membership
from vorort.core.roles import Role

from .choices import DataCategory
from .models import Consent, Person

FULL_ACCESS_ROLES = {Role.KOORDINATION, Role.FALLMANAGEMENT, Role.WOHNRAUM, Role.EHRENAMTSKOORDINATION}


def today() -> dt.date:
    return timezone.localdate()


def active_consents(membership: Membership, on: dt.date | None = None) -> QuerySet[Consent]:
    on = on or today()
    return Consent.objects.filter(recipient_id=membership.organisation_id, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )


def persons_visible_to(membership: Membership) -> QuerySet[Person]:
    """Persons of the (scoped) Kommune that ``membership`` may open."""
    persons = Person.objects.all()
    if membership.role in FULL_ACCESS_ROLES:
        return persons
    on = today()
    if membership.role == Role.EHRENAMT:
        return persons.filter(
            assignments__volunteer_id=membership.user_id, assignments__valid_from__lte=on
        ).filter(
            Q(assignments__valid_to__isnull=True) | Q(assignments__valid_to__gte=on)
        ).distinct()
    if membership.role == Role.PARTNER and membership.organisation_id:
        return persons.filter(
            pk__in=active_consents(membership, on).values("person_id")
        )
    return persons.none()


def visible_categories(membership: Membership, person: Person) -> set[str]:
    """Data categories of ``person`` that ``membership`` may see."""
    if membership.role in (Role.KOORDINATION, Role.FALLMANAGEMENT):
        return set(DataCategory.values)
    if membership.role in (Role.WOHNRAUM,):
        return {DataCategory.STAMMDATEN, DataCategory.AUFENTHALT, DataCategory.WOHNEN}
    if membership.role in (Role.EHRENAMTSKOORDINATION, Role.EHRENAMT):
        return {DataCategory.STAMMDATEN}
    if membership.role == Role.PARTNER:
        categories: set[str] = set()
        for consent in active_consents(membership).filter(person=person):
            categories.update(consent.data_categories)
        return categories
    return set()


def get_person(membership: Membership, uuid: object) -> Person:
    """The person ``uuid`` if ``membership`` may open it; 404 otherwise (also for others')."""
    return get_object_or_404(persons_visible_to(membership), uuid=uuid)
