"""Reads of work access that check access: who may see whose answer, steps, lists.

Work access combines two data categories of a person: residence ("aufenthalt": documents,
asylum dates) and work ("arbeit"). A role sees a person's work-access answer only if it holds
``work.view`` and may see both categories of that person: Koordination and Fallmanagement
always, a Partner only where an active consent for its organisation names both.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from vorort.core.models import Membership, User
from vorort.people.choices import DataCategory
from vorort.people.models import HouseholdMember, Person
from vorort.people.selectors import (
    case_staff,
    get_person,
    persons_with_category,
    visible_categories,
)

from .models import WorkAccessFacts, WorkProcessStep

WORK_CATEGORIES = frozenset({DataCategory.AUFENTHALT, DataCategory.ARBEIT})


def with_work_data(persons: QuerySet[Person]) -> QuerySet[Person]:
    """``persons`` with everything the mapper reads, in a constant number of queries.

    The asylum procedure and the facts come joined; documents, stays and the household with
    its members (and their birth dates) come in one query each, whatever the number of persons.
    """
    members = HouseholdMember.objects.select_related("person")
    return persons.select_related("asylum", "work_facts").prefetch_related(
        "statuses",
        "reception_stays",
        Prefetch(
            "memberships",
            queryset=HouseholdMember.objects.select_related("household").prefetch_related(
                Prefetch("household__members", queryset=members)
            ),
        ),
    )


def may_see_work(membership: Membership, person: Person) -> bool:
    """Whether ``membership`` may see the work-access answer of ``person`` (it is visible)."""
    return membership.can("work.view") and visible_categories(membership, person) >= WORK_CATEGORIES


def persons_for_work(membership: Membership) -> QuerySet[Person]:
    """Persons visible to ``membership`` whose residence and work data it may both see."""
    if not membership.can("work.view"):
        return Person.objects.none()
    return persons_with_category(membership, DataCategory.AUFENTHALT).filter(
        pk__in=persons_with_category(membership, DataCategory.ARBEIT).values("pk")
    )


def get_work_person(membership: Membership, uuid: object) -> Person:
    """The person ``uuid`` with the work data prefetched; 404 if not visible to the role."""
    person = get_person(membership, uuid)
    if not may_see_work(membership, person):
        raise Http404
    return with_work_data(Person.objects.filter(pk=person.pk)).get()


def facts_of(person: Person) -> WorkAccessFacts | None:
    return WorkAccessFacts.objects.filter(person=person).first()


def steps_of(person: Person) -> list[WorkProcessStep]:
    """The person's process steps: open ones by due date first, then done ones."""
    steps = list(WorkProcessStep.objects.filter(person=person).select_related("responsible"))
    far = dt.date.max
    steps.sort(key=lambda s: (s.done_on is not None, s.done_on or s.due_date or far, s.pk))
    return steps


def get_step(membership: Membership, uuid: object) -> WorkProcessStep:
    """The process step ``uuid`` if its person is one whose work data the role may see."""
    return get_object_or_404(
        WorkProcessStep.objects.filter(person__in=persons_for_work(membership)).select_related(
            "person"
        ),
        uuid=uuid,
    )


def steps_due(membership: Membership, *, until: dt.date) -> QuerySet[WorkProcessStep]:
    """Open steps assigned to the member's user, due by ``until`` (overdue included)."""
    return (
        WorkProcessStep.objects.filter(
            responsible_id=membership.user_id,
            done_on__isnull=True,
            due_date__lte=until,
            person__in=persons_for_work(membership),
        )
        .select_related("person")
        .order_by("due_date", "id")
    )


def responsible_choices(kommune_id: int) -> QuerySet[User]:
    """Who may be responsible for a step: the Kommune's Koordination and Fallmanagement."""
    return case_staff(kommune_id)


def open_step_count(person: Person) -> int:
    return WorkProcessStep.objects.filter(person=person, done_on__isnull=True).count()
