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
    # The scope limits to the Kommune already; the explicit filter keeps it so without one.
    persons = persons_visible_to(membership).filter(kommune_id=membership.kommune_id)
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


# --- Cases, consents and the dashboard (H2) ----------------------------------------------
# Imports of this block stay here so the block can be appended without touching the header.
from dataclasses import dataclass  # noqa: E402

from django.db.models import Exists  # noqa: E402

from .choices import CaseStatus  # noqa: E402
from .models import Appointment, Task  # noqa: E402

CASE_ROLES = (Role.KOORDINATION, Role.FALLMANAGEMENT)


def cases_visible_to(membership: Membership) -> QuerySet[Case]:
    """Cases of the scoped Kommune whose person ``membership`` may open."""
    cases = Case.objects.all()
    if membership.role in FULL_ACCESS_ROLES:
        return cases
    return cases.filter(person__in=persons_visible_to(membership))


def get_case(membership: Membership, uuid: object) -> Case:
    """Case ``uuid`` with its person, household and manager; 404 for others' and invisible."""
    return get_object_or_404(
        cases_visible_to(membership).select_related("person", "household", "case_manager"),
        uuid=uuid,
    )


def consents_visible_to(membership: Membership) -> QuerySet[Consent]:
    """Consents of the scoped Kommune whose person ``membership`` may open."""
    consents = Consent.objects.all()
    if membership.role in FULL_ACCESS_ROLES:
        return consents
    return consents.filter(person__in=persons_visible_to(membership))


def get_consent(membership: Membership, uuid: object) -> Consent:
    return get_object_or_404(
        consents_visible_to(membership).select_related("person", "recipient"), uuid=uuid
    )


def persons_with_category(membership: Membership, category: str) -> QuerySet[Person]:
    """Persons visible to ``membership`` whose data of ``category`` it may see.

    A partner needs an active consent for its organisation that names ``category``; the
    other roles see a category for all their persons or for none (``visible_categories``).
    """
    if membership.role == Role.PARTNER:
        consents = active_consents(membership).filter(
            # The JSON list is matched as text: '"aufenthalt"' with its quotes is one element.
            data_categories__icontains=f'"{category}"'
        )
        return persons_visible_to(membership).filter(pk__in=consents.values("person_id"))
    if category in visible_categories(membership, Person()):
        return persons_visible_to(membership)
    return Person.objects.none()


def case_staff(kommune_id: int) -> QuerySet[User]:
    """Users with a Koordination or Fallmanagement membership in the Kommune."""
    return User.objects.filter(
        memberships__kommune_id=kommune_id, memberships__role__in=CASE_ROLES, is_active=True
    ).order_by("last_name", "first_name", "username")


def tasks_due(membership: Membership, *, until: dt.date) -> QuerySet[Task]:
    """Open tasks assigned to the member's user, due by ``until`` (overdue included)."""
    return (
        Task.objects.filter(
            assignee_id=membership.user_id,
            done_at__isnull=True,
            due_date__lte=until,
            case__in=cases_visible_to(membership),
        )
        .select_related("case", "case__person")
        .order_by("due_date", "id")
    )


def appointments_between(
    membership: Membership, *, start: dt.datetime, end: dt.datetime
) -> QuerySet[Appointment]:
    """Appointments with the member's user from ``start`` (incl.) to ``end`` (excl.)."""
    return (
        Appointment.objects.filter(
            staff_id=membership.user_id,
            starts_at__gte=start,
            starts_at__lt=end,
            case__in=cases_visible_to(membership),
        )
        .select_related("case", "case__person")
        .order_by("starts_at", "id")
    )


def expiring_statuses(
    membership: Membership, *, start: dt.date, end: dt.date
) -> QuerySet[ResidenceStatus]:
    """Residence documents ending between ``start`` and ``end`` (both incl.).

    Only for roles with ``status.view``, only of persons whose residence data they may see,
    and without documents already followed by a newer one of the same person.
    """
    if not membership.can("status.view"):
        return ResidenceStatus.objects.none()
    newer = ResidenceStatus.objects.filter(
        person_id=OuterRef("person_id"), valid_from__gt=OuterRef("valid_from")
    )
    return (
        ResidenceStatus.objects.filter(
            valid_to__gte=start,
            valid_to__lte=end,
            person__in=persons_with_category(membership, DataCategory.AUFENTHALT),
        )
        .exclude(Exists(newer))
        .select_related("person")
        .order_by("valid_to", "id")
    )


def open_case_counts(membership: Membership) -> dict[str, int]:
    """Open cases of the Kommune visible to ``membership``: ``total`` and ``mine``."""
    counts = (
        cases_visible_to(membership)
        .filter(status=CaseStatus.OPEN)
        .aggregate(
            total=Count("id"), mine=Count("id", filter=Q(case_manager_id=membership.user_id))
        )
    )
    return {"total": counts["total"] or 0, "mine": counts["mine"] or 0}


@dataclass(frozen=True)
class KommuneFigures:
    persons: int
    open_cases: int
    #: document type -> number of persons holding such a document valid on the day
    statuses: dict[str, int]


def kommune_figures(on: dt.date) -> KommuneFigures:
    """Aggregate counts of the scoped Kommune (no person data): for statistics only.

    Callers suppress small cells before showing them.
    """
    statuses = dict(
        ResidenceStatus.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values("document_type")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("document_type", "n")
    )
    return KommuneFigures(
        persons=Person.objects.count(),
        open_cases=Case.objects.filter(status=CaseStatus.OPEN).count(),
        statuses=statuses,
    )
