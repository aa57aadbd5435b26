"""The mapper: from a person's case file to the input of the work-access engine.

``case_input_for(person, on=…, activity=…)`` builds the contract input of
docs/work-access.md ("Contract") from what the file records: the person's nationality, the
residence documents (``ResidenceStatus``), the asylum procedure, the stays in an
Aufnahmeeinrichtung, the household and the extra facts in ``WorkAccessFacts``.

Rules of the mapping:

* **Nothing is guessed.** A fact the file does not record is ``null``; the engine names it in
  ``missing_facts`` where the answer depends on it.
* **As of the evaluation date.** Documents, stays and asylum events dated after ``on`` were not
  yet facts on that day and are left out (a document's or stay's *end* after ``on`` is kept: it
  is printed on the document).
* **Periods follow the contract's convention**: vorort stores inclusive periods that end the day
  before their successor starts; the contract writes a replaced document's ``to`` as the
  ``from`` of its successor, so such a gap of zero days is closed. A stay in an
  Aufnahmeeinrichtung ends, in the contract, on the day of the change (its last day + 1).
* Only reads through the person's related managers with ``.all()``, so a list that prefetched
  them (``selectors.with_work_data``) maps any number of persons without further queries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from vorort.people.choices import AsylumDecision, DocumentType, ReceptionKind, Relation
from vorort.people.models import (
    AsylumProcedure,
    HouseholdMember,
    Person,
    ReceptionStay,
    ResidenceStatus,
)

from .models import WorkAccessFacts

ACTIVITY_CHOICES = ("employment", "vocational_training", "internship", "self_employment")
INTERNSHIP_KINDS = (
    "mandatory",
    "orientation_max_3_months",
    "alongside_training_max_3_months",
    "einstiegsqualifizierung",
    "other",
)

#: DocumentType values that the contract names the same way.
DIRECT_DOCUMENTS = {
    DocumentType.ANKUNFTSNACHWEIS: "ankunftsnachweis",
    DocumentType.AUFENTHALTSGESTATTUNG: "aufenthaltsgestattung",
    DocumentType.DULDUNG: "duldung",
    DocumentType.DULDUNG_60B: "duldung_60b",
    DocumentType.AUSBILDUNGSDULDUNG: "ausbildungsduldung",
    DocumentType.BESCHAEFTIGUNGSDULDUNG: "beschaeftigungsduldung",
    DocumentType.FIKTIONSBESCHEINIGUNG: "fiktionsbescheinigung",
}
DULDUNG_DOCUMENTS = {"duldung", "duldung_60b", "ausbildungsduldung", "beschaeftigungsduldung"}
#: Stays that are an Aufnahmeeinrichtung (§ 47 AsylG); a municipal GU is not.
RECEPTION_FACILITY_KINDS = {ReceptionKind.EAE, ReceptionKind.ZUE}
#: Outcomes of the asylum procedure -> (contract decision, protection status).
DECISIONS: dict[str, tuple[str | None, str | None]] = {
    AsylumDecision.PENDING: (None, None),
    AsylumDecision.REFUGEE: ("protection", "refugee"),
    AsylumDecision.ASYLUM: ("protection", "asylum"),
    AsylumDecision.SUBSIDIARY: ("protection", "subsidiary"),
    # § 60 Abs. 5/7 AufenthG: protection from deportation, not international protection.
    AsylumDecision.DEPORTATION_BAN: ("protection", None),
    AsylumDecision.REJECTED: ("rejected", None),
    AsylumDecision.REJECTED_MANIFESTLY: ("rejected_manifestly_unfounded", None),
    AsylumDecision.DUBLIN: ("inadmissible", None),
    # The contract has no "discontinued": the withdrawal date (WorkAccessFacts) tells more.
    AsylumDecision.DISCONTINUED: (None, None),
}
ADULT_AGE = 18
#: The country code of "Staatsangehörigkeit ungeklärt" (settings.COUNTRIES_OVERRIDE).
UNCLARIFIED_NATIONALITY = "XU"

#: Sections whose paragraphs (Absätze) differ in access to work (contract: "25(3)", "23(1)").
SECTIONS_BY_PARAGRAPH = frozenset({"23", "25"})
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6", "VII": "7"}
_SECTION = re.compile(
    r"§+\s*(?P<section>\d+[a-z]?)\b"
    r"(?:\s*(?:Abs\.?|Absatz)\s*(?P<abs>\d+[a-z]?)\b"
    r"|\s*\((?P<paren>\d+[a-z]?)\)"
    r"|\s+(?P<roman>I{1,3}|IV|VI{0,2}|V)\b)?",
    re.IGNORECASE,
)


def residence_permit_section(legal_basis: str) -> str | None:
    """The section of a residence permit in the contract's notation, or None.

    "§ 25 Abs. 2 S. 1 Alt. 1 AufenthG" -> "25(2)", "§ 24 AufenthG" -> "24", "§ 25a" -> "25a",
    "§ 25 (5)" -> "25(5)", "§ 25 Abs. 4a" -> "25(4a)". The first § in the text counts. Only
    for § 23 and § 25 does the paragraph (Absatz) decide the access to work, so only theirs is
    kept: "§ 24 Abs. 1 AufenthG" -> "24", as the contract writes it.
    """
    match = _SECTION.search(legal_basis or "")
    if match is None:
        return None
    section = match.group("section").lower()
    if section not in SECTIONS_BY_PARAGRAPH:
        return section
    paragraph = match.group("abs") or match.group("paren")
    if paragraph is None and match.group("roman"):
        paragraph = _ROMAN.get(match.group("roman").upper())
    return f"{section}({paragraph.lower()})" if paragraph else section


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _by(value: dt.date | None, on: dt.date) -> dt.date | None:
    """``value`` if it happened by ``on``; a later date was not yet a fact on ``on``."""
    return value if value is not None and value <= on else None


def _one(person: Person, name: str) -> Any:
    """A reverse one-to-one (``asylum``, ``work_facts``) or None, using select_related's cache."""
    try:
        return getattr(person, name)
    except ObjectDoesNotExist:
        return None


def _periods(spans: Iterable[tuple[dt.date, dt.date | None]]) -> list[dict[str, str | None]]:
    """Inclusive periods, oldest first, as contract periods (``to`` = successor's ``from``)."""
    ordered = sorted(spans, key=lambda span: span[0])
    periods: list[dict[str, str | None]] = []
    for index, (start, end) in enumerate(ordered):
        if end is not None and index + 1 < len(ordered):
            successor = ordered[index + 1][0]
            if successor == end + dt.timedelta(days=1):
                end = successor
        periods.append({"from": _iso(start), "to": _iso(end)})
    return periods


def documents_of(statuses: Iterable[ResidenceStatus], on: dt.date) -> list[dict[str, Any]]:
    """The residence documents started by ``on``, oldest first, in the contract's notation."""
    started = sorted(
        (status for status in statuses if status.valid_from <= on),
        key=lambda status: (status.valid_from, status.pk or 0),
    )
    spans = _periods((status.valid_from, status.valid_to) for status in started)
    documents: list[dict[str, Any]] = []
    for status, span in zip(started, spans, strict=True):
        document: dict[str, Any]
        if status.document_type in DIRECT_DOCUMENTS:
            document = {"type": DIRECT_DOCUMENTS[DocumentType(status.document_type)]}
        elif status.document_type == DocumentType.NIEDERLASSUNGSERLAUBNIS:
            # § 9 Abs. 1 S. 2 AufenthG: any settlement permit allows any gainful activity.
            document = {"type": "residence_permit", "section": "9"}
        else:
            document = {
                "type": "residence_permit",
                "section": residence_permit_section(status.legal_basis),
            }
        document.update(span)
        documents.append(document)
    return documents


def reception_periods_of(stays: Iterable[ReceptionStay], on: dt.date) -> list[dict[str, Any]]:
    """Stays in an Aufnahmeeinrichtung (EAE, ZUE) started by ``on``, oldest first.

    A stay's ``valid_to`` is its last day; the contract's ``to`` is the day of the change,
    the first day outside the facility (the engine reads the obligation as ending then).
    """
    started = sorted(
        (s for s in stays if s.kind in RECEPTION_FACILITY_KINDS and s.valid_from <= on),
        key=lambda stay: stay.valid_from,
    )
    return [
        {
            "from": _iso(stay.valid_from),
            "to": _iso(stay.valid_to + dt.timedelta(days=1)) if stay.valid_to else None,
        }
        for stay in started
    ]


def _member_on(member: HouseholdMember, on: dt.date) -> bool:
    return member.joined_on <= on and (member.left_on is None or member.left_on > on)


def minor_children_in_household(person: Person, on: dt.date) -> bool | None:
    """Whether the household of ``person`` has a minor child on ``on``; None if unknown.

    Known only for a reference person or spouse of a household (the children of the
    household are theirs): True if a member with relation "child" is under 18 on ``on``;
    False if none is, and every child's birth date is recorded. A person in no household,
    or in another relation (a grown-up child, a sibling), gives None: the file does not say.
    """
    own = [member for member in person.memberships.all() if _member_on(member, on)]
    if not own:
        return None
    membership = own[0]
    if membership.relation not in (Relation.REFERENCE, Relation.SPOUSE):
        return None
    unknown = False
    for member in membership.household.members.all():
        if member.person_id == person.pk or member.relation != Relation.CHILD:
            continue
        if not _member_on(member, on):
            continue
        birth_date = member.person.birth_date
        if birth_date is None:
            unknown = True
        elif _years_between(birth_date, on) < ADULT_AGE:
            return True
    return None if unknown else False


def _years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _asylum_of(
    procedure: AsylumProcedure | None, facts: WorkAccessFacts | None, on: dt.date
) -> dict[str, Any] | None:
    if procedure is None:
        return None
    decided = procedure.decision and _by(procedure.decision_date, on) is not None
    decision, _status = DECISIONS.get(procedure.decision, (None, None)) if decided else (None, None)
    dublin = facts.dublin_procedure if facts is not None else None
    if decided and procedure.decision == AsylumDecision.DUBLIN:
        dublin = True
    return {
        "request_date": _iso(_by(procedure.request_date, on)),
        "registration_date": _iso(_by(procedure.registration_date, on)),
        "application_date": _iso(_by(procedure.application_date, on)),
        "dublin_procedure": dublin,
        "protection_in_other_eu_state": facts.protection_in_other_eu_state if facts else None,
        "accelerated_procedure": facts.accelerated_procedure if facts else None,
        "decision": decision,
        "decision_final_on": _iso(_by(facts.decision_final_on, on)) if facts else None,
        "suspensive_effect_ordered": facts.suspensive_effect_ordered if facts else None,
        "withdrawn_on": _iso(_by(facts.withdrawn_on, on)) if facts else None,
        "withdrawal_after_legal_advice": facts.withdrawal_after_legal_advice if facts else None,
        "cooperation_breach": facts.cooperation_breach if facts else None,
    }


def _protection_status(
    procedure: AsylumProcedure | None, facts: WorkAccessFacts | None, on: dt.date
) -> str | None:
    if facts is not None and facts.protection_status:
        return str(facts.protection_status)
    if procedure is not None and procedure.decision and _by(procedure.decision_date, on):
        return DECISIONS.get(procedure.decision, (None, None))[1]
    return None


def case_input_for(
    person: Person, *, on: dt.date, activity: str, internship_kind: str | None = None
) -> dict[str, Any]:
    """The engine's input (contract of docs/work-access.md) for ``person`` on ``on``.

    ``activity`` is one of ``ACTIVITY_CHOICES``; ``internship_kind`` matters only for
    internships. Raises ValueError for an unknown activity or internship kind.
    """
    if activity not in ACTIVITY_CHOICES:
        raise ValueError(f"unknown activity {activity!r}")
    if internship_kind is not None and internship_kind not in INTERNSHIP_KINDS:
        raise ValueError(f"unknown internship kind {internship_kind!r}")
    facts: WorkAccessFacts | None = _one(person, "work_facts")
    procedure: AsylumProcedure | None = _one(person, "asylum")
    documents = documents_of(person.statuses.all(), on)
    held_duldung = any(document["type"] in DULDUNG_DOCUMENTS for document in documents)
    nationality = getattr(person.nationality, "code", None) or None
    if nationality == UNCLARIFIED_NATIONALITY:
        nationality = None  # "ungeklärt": unknown to the engine, which then asks for it
    return {
        "evaluation_date": on.isoformat(),
        "activity": activity,
        "internship_kind": internship_kind if activity == "internship" else None,
        "person": {
            "nationality": nationality,
            "entry_date": _iso(facts.entry_date) if facts else None,
            "identity_clarified_on": _iso(_by(facts.identity_clarified_on, on)) if facts else None,
            "identity_proof": (facts.identity_proof or None) if facts else None,
            "minor_children_in_household": minor_children_in_household(person, on),
            "unaccompanied_minor": facts.unaccompanied_minor if facts else None,
            "protection_status": _protection_status(procedure, facts, on),
        },
        "asylum": _asylum_of(procedure, facts, on),
        "documents": documents,
        "reception_facility": reception_periods_of(person.reception_stays.all(), on),
        "duldung": {
            "work_ban_60a6": (facts.work_ban_60a6 or None) if facts else None,
            "concrete_return_measures": facts.concrete_return_measures if facts else None,
        }
        if held_duldung
        else None,
        "employment_permitted_during_asylum_procedure": (
            facts.employment_permitted_during_asylum_procedure if facts else None
        ),
    }
