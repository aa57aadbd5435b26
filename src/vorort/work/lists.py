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
from vorort.core.roles import Role
from vorort.people.choices import CaseStatus, DocumentType
from vorort.people.models import Case, Person, ResidenceStatus

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
RESIDENCE_TITLES = (DocumentType.AUFENTHALTSERLAUBNIS, DocumentType.NIEDERLASSUNGSERLAUBNIS)


@dataclass
class Row:
    person: Person
    employment: Answer
    training: Answer | None = None


def _current(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


#: Days back in which the event that starts a waiting period can lie (the longest is 9 months).
WAITING_PERIOD_HORIZON_DAYS = 366


def candidates(
    membership: Membership, *, tab: str, on: dt.date, caseload_only: bool = False
) -> QuerySet[Person]:
    """Persons that can appear under ``tab``, pre-filtered in SQL, with their work data.

    ``caseload_only``: only persons with an open case managed by the membership's user
    (partners keep their consented persons), so the dashboard stays fast however large
    the Kommune is.
    """
    persons = persons_for_work(membership)
    if caseload_only and membership.role != Role.PARTNER:
        persons = persons.filter(
            pk__in=Case.objects.filter(
                case_manager_id=membership.user_id, status=CaseStatus.OPEN
            ).values("person_id")
        )
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
        if tab in ("30", "90"):
            # No waiting period is longer than 9 months (V2, § 61 AsylG a.F.): a period that
            # ends from today on began less than a year ago, with an asylum date (Gestattung)
            # or with a Duldung (a renewed Duldung starts anew here: it is only evaluated).
            # Without this the rules would run for every person of a large Kommune.
            recent = on - dt.timedelta(days=WAITING_PERIOD_HORIZON_DAYS)
            persons = persons.filter(
                Q(asylum__request_date__gte=recent)
                | Q(asylum__registration_date__gte=recent)
                | Q(asylum__application_date__gte=recent)
                | Q(
                    pk__in=restricted.filter(
                        document_type__in=DULDUNG_DOCUMENTS, valid_from__gte=recent
                    ).values("person_id")
                )
            ).exclude(
                # A current residence title: nothing to wait for.
                pk__in=ResidenceStatus.objects.filter(
                    _current(on), document_type__in=RESIDENCE_TITLES
                ).values("person_id")
            )
    return with_work_data(persons.order_by("last_name", "first_name", "id"))


def work_rows(
    membership: Membership, *, tab: str, on: dt.date, caseload_only: bool = False
) -> list[Row]:
    """The rows of ``tab`` on ``on``: evaluated, filtered and ordered.

    ``all``: everyone with the answer for employment; ``30``/``90``: waiting period ends
    within so many days (by the first day a permission can be granted); ``ban``: prohibited
    with no end by time alone; ``duldung``: current Duldung holders with the answers for
    vocational training and employment.
    """
    if tab not in TABS:
        tab = "all"
    rows: list[Row] = []
    for person in candidates(membership, tab=tab, on=on, caseload_only=caseload_only):
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
    waiting = work_rows(membership, tab=str(REMINDER_WAITING_DAYS), on=on, caseload_only=True)
    return {
        "days": REMINDER_WAITING_DAYS,
        "step_days": REMINDER_STEP_DAYS,
        "steps": steps[:shown],
        "more_steps": len(steps) > shown,
        "waiting": waiting[:shown],
        "more_waiting": len(waiting) > shown,
    }
