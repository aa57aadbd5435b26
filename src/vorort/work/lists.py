"""“Who may work from when”: the Kommune-wide lists, evaluated in Python.

The persons are loaded with everything the mapper reads in a constant number of queries
(``selectors.with_work_data``), then each is mapped and evaluated in memory: the engine is
pure and fast, and the waiting periods cannot be computed in SQL without duplicating it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from vorort.core.models import Membership
from vorort.people.choices import DocumentType
from vorort.people.models import Person, ResidenceStatus

from .answers import Answer, answer_for
from .selectors import persons_for_work, steps_due, with_work_data

TABS = ("all", "30", "90", "ban", "duldung")
#: Documents of persons whose access to work can be limited by a waiting period or a ban.
RESTRICTED_DOCUMENTS = (
    DocumentType.ANKUNFTSNACHWEIS,
    DocumentType.AUFENTHALTSGESTATTUNG,
    DocumentType.DULDUNG,
    DocumentType.DULDUNG_60B,
)
#: Holders of these may look at an Ausbildungsduldung (§ 60c) or Beschäftigungsduldung (§ 60d).
DULDUNG_DOCUMENTS = (DocumentType.DULDUNG, DocumentType.DULDUNG_60B)


@dataclass
class Row:
    person: Person
    employment: Answer
    training: Answer | None = None


def _current(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def candidates(membership: Membership, *, tab: str, on: dt.date) -> QuerySet[Person]:
    """Persons that can appear under ``tab``, pre-filtered in SQL, with their work data."""
    persons = persons_for_work(membership)
    if tab == "duldung":
        holders = ResidenceStatus.objects.filter(
            _current(on), document_type__in=DULDUNG_DOCUMENTS
        ).values("person_id")
        persons = persons.filter(pk__in=holders)
    elif tab in ("30", "90", "ban"):
        restricted = ResidenceStatus.objects.filter(document_type__in=RESTRICTED_DOCUMENTS).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
        persons = persons.filter(Q(pk__in=restricted.values("person_id")) | Q(asylum__isnull=False))
    return with_work_data(persons.order_by("last_name", "first_name", "id"))


def work_rows(membership: Membership, *, tab: str, on: dt.date) -> list[Row]:
    """The rows of ``tab`` on ``on``: evaluated, filtered and ordered.

    ``all``: everyone with the answer for employment; ``30``/``90``: waiting period ends
    within so many days (by the first day a permission can be granted); ``ban``: prohibited
    with no end by time alone; ``duldung``: current Duldung holders with the answers for
    vocational training and employment.
    """
    if tab not in TABS:
        tab = "all"
    rows: list[Row] = []
    for person in candidates(membership, tab=tab, on=on):
        employment = answer_for(person, on=on, activity="employment")
        if tab in ("30", "90"):
            until = on + dt.timedelta(days=int(tab))
            start = employment.permitted_from
            if start is None or not on <= start <= until:
                continue
        elif tab == "ban" and (employment.error or not employment.ban):
            continue
        row = Row(person=person, employment=employment)
        if tab == "duldung":
            row.training = answer_for(person, on=on, activity="vocational_training")
        rows.append(row)
    if tab in ("30", "90"):
        rows.sort(key=lambda row: (row.employment.permitted_from or on, row.person.last_name))
    return rows


#: Dashboard: steps due within so many days, waiting periods ending within so many days.
REMINDER_STEP_DAYS = 14
REMINDER_WAITING_DAYS = 30


def dashboard_reminders(membership: Membership, *, on: dt.date, shown: int = 8) -> dict[str, Any]:
    """The dashboard's work-access section: my steps due soon, waiting periods ending soon."""
    steps = list(
        steps_due(membership, until=on + dt.timedelta(days=REMINDER_STEP_DAYS))[: shown + 1]
    )
    waiting = work_rows(membership, tab=str(REMINDER_WAITING_DAYS), on=on)
    return {
        "days": REMINDER_WAITING_DAYS,
        "step_days": REMINDER_STEP_DAYS,
        "steps": steps[:shown],
        "more_steps": len(steps) > shown,
        "waiting": waiting[:shown],
        "more_waiting": len(waiting) > shown,
    }
