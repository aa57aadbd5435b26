"""The input facts of a case (docs/work-access.md, "Contract") as typed objects.

``parse_case(mapping)`` checks a case dict (parsed JSON) and returns a :class:`Case`. A
malformed case raises :class:`CaseError` whose ``field`` is the path of the wrong field
(``asylum.registration_date``, ``documents[1].to``) and whose text is
``"<field path>: <message>"``. Unknown extra fields are ignored. ``null`` is accepted for
every optional fact: the evaluator names the facts it needed and did not get.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ACTIVITIES: tuple[str, ...] = (
    "employment",
    "vocational_training",
    "internship",
    "self_employment",
)
INTERNSHIP_KINDS: tuple[str, ...] = (
    "mandatory",
    "orientation_max_3_months",
    "alongside_training_max_3_months",
    "einstiegsqualifizierung",
    "other",
)
DOCUMENT_TYPES: tuple[str, ...] = (
    "ankunftsnachweis",
    "aufenthaltsgestattung",
    "duldung",
    "duldung_60b",
    "ausbildungsduldung",
    "beschaeftigungsduldung",
    "residence_permit",
    "fiktionsbescheinigung",
)
IDENTITY_PROOFS: tuple[str, ...] = ("passport", "other")
PROTECTION_STATUSES: tuple[str, ...] = ("refugee", "asylum", "subsidiary")
ASYLUM_DECISIONS: tuple[str, ...] = (
    "protection",
    "rejected",
    "rejected_manifestly_unfounded",
    "inadmissible",
)
WORK_BAN_GROUNDS: tuple[str, ...] = ("1", "2", "3")


class CaseError(ValueError):
    """A malformed case: ``field`` is the path of the wrong field, ``message`` the problem."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(slots=True)
class Person:
    nationality: str | None
    entry_date: dt.date | None
    identity_clarified_on: dt.date | None
    identity_proof: str | None
    minor_children_in_household: bool
    unaccompanied_minor: bool
    protection_status: str | None


@dataclass(slots=True)
class Asylum:
    request_date: dt.date | None
    registration_date: dt.date | None
    application_date: dt.date | None
    dublin_procedure: bool
    protection_in_other_eu_state: bool
    accelerated_procedure: bool
    decision: str | None
    decision_final_on: dt.date | None
    suspensive_effect_ordered: bool
    withdrawn_on: dt.date | None
    withdrawal_after_legal_advice: bool
    cooperation_breach: bool


@dataclass(slots=True)
class Document:
    type: str
    start: dt.date
    end: dt.date | None  # inclusive; None = still valid
    section: str | None
    index: int


@dataclass(slots=True)
class Period:
    start: dt.date
    end: dt.date | None  # the day of the change (exclusive); None = still running


@dataclass(slots=True)
class DuldungFacts:
    work_ban_60a6: str | None
    concrete_return_measures: bool


@dataclass(slots=True)
class Case:
    evaluation_date: dt.date
    activity: str
    internship_kind: str | None
    person: Person
    asylum: Asylum | None
    documents: tuple[Document, ...]
    reception_facility: tuple[Period, ...]
    duldung: DuldungFacts | None
    employment_permitted_during_asylum_procedure: bool


_fromisoformat = dt.date.fromisoformat
#: Parsed dates by their text: case files repeat the same days many times.
_DATES: dict[str, dt.date] = {}
_DATES_MAX = 200_000


def _date(value: Any, path: str, *, required: bool = False) -> dt.date | None:
    if value is None:
        if required:
            raise CaseError(path, "missing (a date YYYY-MM-DD is required)")
        return None
    try:
        return _DATES[value]
    except (KeyError, TypeError):
        pass
    if (
        type(value) is str
        and len(value) == 10
        and value[4] == "-"
        and value[7] == "-"
        and value[:4].isdigit()
    ):
        try:
            parsed = _fromisoformat(value)
        except ValueError:
            pass
        else:
            if len(_DATES) < _DATES_MAX:
                _DATES[value] = parsed
            return parsed
    raise CaseError(path, f"not a date (YYYY-MM-DD expected, got {value!r})")


def _bool(value: Any, path: str) -> bool:
    if value is None or value is False:
        return False
    if value is True:
        return True
    raise CaseError(path, f"must be true or false (got {value!r})")


def _choice(value: Any, path: str, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if value in choices and type(value) is str:
        return value
    raise CaseError(path, f"unknown value {value!r} (one of: {', '.join(choices)})")


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if type(value) is dict or isinstance(value, Mapping):
        return value
    raise CaseError(path, f"must be an object (got {type(value).__name__})")


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if type(value) is list or isinstance(value, list | tuple):
        return list(value)
    raise CaseError(path, f"must be a list (got {type(value).__name__})")


def _nationality(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is str and len(value) == 2 and value.isalpha() and value.isascii():
        return value.upper()
    raise CaseError(
        "person.nationality", f"not an ISO 3166-1 alpha-2 code (got {value!r}; Kosovo is XK)"
    )


def _person(raw: Any) -> Person:
    data = _object(raw, "person")
    get = data.get
    return Person(
        nationality=_nationality(get("nationality")),
        entry_date=_date(get("entry_date"), "person.entry_date"),
        identity_clarified_on=_date(get("identity_clarified_on"), "person.identity_clarified_on"),
        identity_proof=_choice(get("identity_proof"), "person.identity_proof", IDENTITY_PROOFS),
        minor_children_in_household=_bool(
            get("minor_children_in_household"), "person.minor_children_in_household"
        ),
        unaccompanied_minor=_bool(get("unaccompanied_minor"), "person.unaccompanied_minor"),
        protection_status=_choice(
            get("protection_status"), "person.protection_status", PROTECTION_STATUSES
        ),
    )


def _asylum(raw: Any) -> Asylum | None:
    if raw is None:
        return None
    data = _object(raw, "asylum")
    get = data.get
    return Asylum(
        request_date=_date(get("request_date"), "asylum.request_date"),
        registration_date=_date(get("registration_date"), "asylum.registration_date"),
        application_date=_date(get("application_date"), "asylum.application_date"),
        dublin_procedure=_bool(get("dublin_procedure"), "asylum.dublin_procedure"),
        protection_in_other_eu_state=_bool(
            get("protection_in_other_eu_state"), "asylum.protection_in_other_eu_state"
        ),
        accelerated_procedure=_bool(get("accelerated_procedure"), "asylum.accelerated_procedure"),
        decision=_choice(get("decision"), "asylum.decision", ASYLUM_DECISIONS),
        decision_final_on=_date(get("decision_final_on"), "asylum.decision_final_on"),
        suspensive_effect_ordered=_bool(
            get("suspensive_effect_ordered"), "asylum.suspensive_effect_ordered"
        ),
        withdrawn_on=_date(get("withdrawn_on"), "asylum.withdrawn_on"),
        withdrawal_after_legal_advice=_bool(
            get("withdrawal_after_legal_advice"), "asylum.withdrawal_after_legal_advice"
        ),
        cooperation_breach=_bool(get("cooperation_breach"), "asylum.cooperation_breach"),
    )


def _documents(raw: Any) -> tuple[Document, ...]:
    documents = []
    for index, item in enumerate(_list(raw, "documents")):
        path = f"documents[{index}]"
        data = _object(item, path)
        kind = data.get("type")
        if kind is None:
            raise CaseError(f"{path}.type", "missing (the document type is required)")
        kind = _choice(kind, f"{path}.type", DOCUMENT_TYPES)
        start = _date(data.get("from"), f"{path}.from", required=True)
        end = _date(data.get("to"), f"{path}.to")
        assert start is not None and kind is not None
        if end is not None and end < start:
            raise CaseError(f"{path}.to", f"{end.isoformat()} is before from ({start.isoformat()})")
        section = data.get("section")
        if section is not None:
            if type(section) is not str or not section.strip():
                raise CaseError(
                    f"{path}.section", f"must be text such as '25(3)' (got {section!r})"
                )
            section = _normalise_section(section)
        documents.append(Document(kind, start, end, section, index))
    return tuple(documents)


def _normalise_section(section: str) -> str:
    """'§ 25 Abs. 3' / '25 (3)' / '25(3)' -> '25(3)'; '25a' stays."""
    text = section.strip().replace("§", "").replace("AufenthG", "").strip()
    text = text.replace("Abs.", "(").replace(" ", "")
    if "(" in text and not text.endswith(")"):
        text += ")"
    return text


def _periods(raw: Any) -> tuple[Period, ...]:
    periods = []
    for index, item in enumerate(_list(raw, "reception_facility")):
        path = f"reception_facility[{index}]"
        data = _object(item, path)
        start = _date(data.get("from"), f"{path}.from", required=True)
        end = _date(data.get("to"), f"{path}.to")
        assert start is not None
        if end is not None and end < start:
            raise CaseError(f"{path}.to", f"{end.isoformat()} is before from ({start.isoformat()})")
        periods.append(Period(start, end))
    return tuple(periods)


def _duldung(raw: Any) -> DuldungFacts | None:
    if raw is None:
        return None
    data = _object(raw, "duldung")
    ground = data.get("work_ban_60a6")
    if type(ground) is int and not isinstance(ground, bool):
        ground = str(ground)
    return DuldungFacts(
        work_ban_60a6=_choice(ground, "duldung.work_ban_60a6", WORK_BAN_GROUNDS),
        concrete_return_measures=_bool(
            data.get("concrete_return_measures"), "duldung.concrete_return_measures"
        ),
    )


def parse_case(raw: Any) -> Case:
    """Check ``raw`` (a case dict) and return it as a :class:`Case`; raises CaseError."""
    data = _object(raw, "case")
    get = data.get
    evaluation_date = _date(get("evaluation_date"), "evaluation_date", required=True)
    assert evaluation_date is not None
    activity = get("activity")
    if activity is None:
        raise CaseError("activity", f"missing (one of: {', '.join(ACTIVITIES)})")
    activity = _choice(activity, "activity", ACTIVITIES)
    assert activity is not None
    internship_kind = _choice(get("internship_kind"), "internship_kind", INTERNSHIP_KINDS)
    person_raw = get("person")
    if person_raw is None:
        raise CaseError("person", "missing (an object with the person's facts is required)")
    return Case(
        evaluation_date=evaluation_date,
        activity=activity,
        internship_kind=internship_kind,
        person=_person(person_raw),
        asylum=_asylum(get("asylum")),
        documents=_documents(get("documents")),
        reception_facility=_periods(get("reception_facility")),
        duldung=_duldung(get("duldung")),
        employment_permitted_during_asylum_procedure=_bool(
            get("employment_permitted_during_asylum_procedure"),
            "employment_permitted_during_asylum_procedure",
        ),
    )
