"""Reads of the case file that check access: every list and lookup starts here.

``persons_visible_to`` is the one place that says which persons a membership reaches:
full access for the case-working roles, assigned persons for Ehrenamt, consented persons
for Partner, none for Auswertung (which sees aggregates only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vorort.core.models import Membership, User
from vorort.core.roles import Role

from .choices import DataCategory
from .models import Case, Consent, Household, HouseholdMember, Person, ResidenceStatus
from .search import extract_date, fold, query_tokens

FULL_ACCESS_ROLES = {
    Role.KOORDINATION,
    Role.FALLMANAGEMENT,
    Role.WOHNRAUM,
    Role.EHRENAMTSKOORDINATION,
}


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
        return (
            persons.filter(
                assignments__volunteer_id=membership.user_id, assignments__valid_from__lte=on
            )
            .filter(Q(assignments__valid_to__isnull=True) | Q(assignments__valid_to__gte=on))
            .distinct()
        )
    if membership.role == Role.PARTNER and membership.organisation_id:
        return persons.filter(pk__in=active_consents(membership, on).values("person_id"))
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


# --- Person list, search and households -------------------------------------------------


def with_current_status(persons: QuerySet[Person], on: dt.date | None = None) -> QuerySet[Person]:
    """Annotate the latest residence document that started by ``on`` (two subqueries).

    ``status_document`` (a DocumentType value) and ``status_valid_to`` come with each row, so
    a list shows the status without a query per person; the document may have expired.
    """
    on = on or today()
    latest = ResidenceStatus.objects.filter(person=OuterRef("pk"), valid_from__lte=on).order_by(
        "-valid_from", "-id"
    )
    return persons.annotate(
        status_document=Subquery(latest.values("document_type")[:1]),
        status_valid_to=Subquery(latest.values("valid_to")[:1]),
    )


def search_persons(membership: Membership, query: str) -> QuerySet[Person]:
    """Persons visible to ``membership`` that match ``query``, ordered by name.

    The query may hold a birth date ("12.03.1990" or "1990-03-12"), which must match
    exactly, and text, which matches if every folded word is part of the folded name
    (accent- and umlaut-insensitive: "mueller" and "muller" find "Müller"), or if the text
    begins a person's file reference or one of their case numbers (case-insensitive).
    """
    persons = persons_visible_to(membership)
    birth_date, text = extract_date(query.strip())
    if birth_date is not None:
        persons = persons.filter(birth_date=birth_date)
    text = text.strip()
    if text:
        tokens = query_tokens(text)
        by_name = Q(pk__in=[]) if not tokens else Q()
        for token in tokens:
            by_name &= Q(search_name__contains=token)
        by_reference = Q(file_reference__istartswith=text) | Q(
            pk__in=Case.objects.filter(reference__istartswith=text).values("person_id")
        )
        persons = persons.filter(by_name | by_reference)
    return with_current_status(persons).order_by("last_name", "first_name", "id")


def status_visible_ids(membership: Membership, person_ids: Iterable[int]) -> set[int]:
    """Which of ``person_ids`` may show their residence status to ``membership`` (one query).

    Roles with ``status.view`` and full access see all; a partner only those whose active
    consent names the category ``aufenthalt``; everyone else none.
    """
    ids = set(person_ids)
    if not membership.can("status.view"):
        return set()
    if membership.role != Role.PARTNER:
        return ids
    visible: set[int] = set()
    for person_id, categories in (
        active_consents(membership)
        .filter(person_id__in=ids)
        .values_list("person_id", "data_categories")
    ):
        if DataCategory.AUFENTHALT in (categories or []):
            visible.add(person_id)
    return visible


def find_duplicate_persons(
    *, first_name: str, last_name: str, birth_date: dt.date | None, exclude_pk: int | None = None
) -> QuerySet[Person]:
    """Persons of the scoped Kommune with the same folded name and the same birth date."""
    persons = Person.objects.filter(
        search_name=fold(f"{first_name} {last_name}"), birth_date=birth_date
    )
    if exclude_pk is not None:
        persons = persons.exclude(pk=exclude_pk)
    return persons.order_by("last_name", "first_name", "id")


def active_household_membership(person: Person) -> HouseholdMember | None:
    """The household ``person`` currently belongs to (not left), with its members."""
    return (
        HouseholdMember.objects.filter(person=person, left_on__isnull=True)
        .select_related("household")
        .prefetch_related(
            Prefetch(
                "household__members",
                queryset=HouseholdMember.objects.select_related("person").order_by(
                    "left_on", "joined_on", "id"
                ),
            )
        )
        .first()
    )


def households_with_counts() -> QuerySet[Household]:
    """Households of the scoped Kommune with ``active_members`` (not left) counted."""
    return Household.objects.annotate(
        active_members=Count("members", filter=Q(members__left_on__isnull=True))
    ).order_by("name", "id")


def get_household(membership: Membership, uuid: object) -> Household:
    """Household ``uuid`` of the scoped Kommune; 404 for others and for roles without persons.

    Only roles that create persons (full access) manage households.
    """
    households = Household.objects.all()
    if not membership.can("person.create"):
        households = households.none()
    return get_object_or_404(households, uuid=uuid)


def volunteers_of(kommune_id: int) -> QuerySet[User]:
    """Users with an Ehrenamt membership in the Kommune: who may be assigned to persons."""
    return User.objects.filter(
        memberships__kommune_id=kommune_id, memberships__role=Role.EHRENAMT, is_active=True
    ).order_by("last_name", "first_name", "username")
