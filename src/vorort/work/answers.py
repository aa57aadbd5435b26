"""The engine's answer for a person, ready to show: labels, dates, timeline, evidence.

``answer_for(person, on=…, activity=…)`` maps the case file (``facts.case_input_for``), runs
the pure engine (``vorort.work.engine.evaluate``) and wraps the result in an ``Answer`` with
dates parsed and words for the decision. A case the engine refuses (``CaseError``) gives an
``Answer`` with ``error`` set instead of an exception, so one odd file never breaks a page
or a list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vorort.people.models import Person

from .engine import CaseError, evaluate
from .facts import ACTIVITY_CHOICES, case_input_for

DECISION_LABELS: dict[str, Promise] = {
    "free": _("free (no permission needed)"),
    "entitled": _("Anspruch (must be permitted)"),
    "as_a_rule": _("Soll (to be permitted as a rule)"),
    "discretion": _("Ermessen (may be permitted)"),
    "prohibited": _("prohibited"),
}
ACTIVITY_LABELS: dict[str, Promise] = {
    "employment": _("Employment"),
    "vocational_training": _("Vocational training"),
    "internship": _("Internship"),
    "self_employment": _("Self-employment"),
}
#: Decisions under which the Ausländerbehörde can grant a permission.
PERMITTING = frozenset({"entitled", "as_a_rule", "discretion"})
INTERNSHIP_LABELS: dict[str, Promise] = {
    "mandatory": _("compulsory internship (training, studies)"),
    "orientation_max_3_months": _("orientation internship of at most 3 months"),
    "alongside_training_max_3_months": _("internship alongside training of at most 3 months"),
    "einstiegsqualifizierung": _("Einstiegsqualifizierung"),
    "other": _("other internship"),
}


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass
class Change:
    """The next change by time alone: the new decision, and the BA flag from then on."""

    date: dt.date
    decision: str
    ba_approval_required: bool | None = None
    #: The decision before the change (only the BA flag may differ).
    before: str = ""

    @property
    def label(self) -> str:
        label = str(DECISION_LABELS.get(self.decision, self.decision))
        if self.decision == self.before and self.ba_approval_required is not None:
            if self.ba_approval_required:
                return str(_("%(decision)s, from then with BA approval") % {"decision": label})
            return str(_("%(decision)s, from then without BA approval") % {"decision": label})
        return label

    @property
    def permits(self) -> bool:
        return self.decision in PERMITTING or self.decision == "free"


@dataclass
class Answer:
    """One evaluation: the engine's result for one activity on one day."""

    on: dt.date
    activity: str
    case: dict[str, Any]
    decision: str = ""
    ba_approval_required: bool | None = None
    next_change: Change | None = None
    rule_set: str = ""
    rules: list[dict[str, Any]] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    explanation: str = ""
    missing_facts: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def rule_set_date(self) -> dt.date | None:
        """The day the applied rule set took effect (``rule_set`` is its ISO date)."""
        try:
            return _date(self.rule_set)
        except ValueError:
            return None

    @property
    def activity_label(self) -> str:
        return str(ACTIVITY_LABELS.get(self.activity, self.activity))

    @property
    def decision_label(self) -> str:
        return str(DECISION_LABELS.get(self.decision, self.decision))

    @property
    def may_work(self) -> bool:
        """Allowed by law, or the Ausländerbehörde can grant a permission today."""
        return self.decision == "free" or self.decision in PERMITTING

    @property
    def waiting(self) -> bool:
        """Prohibited today, but a permission becomes possible by time alone."""
        return (
            self.decision == "prohibited"
            and self.next_change is not None
            and self.next_change.permits
        )

    @property
    def permitted_from(self) -> dt.date | None:
        """The first day a permission can be granted, if that lies ahead; else None."""
        return self.next_change.date if self.waiting and self.next_change else None

    @property
    def ban(self) -> bool:
        """Prohibited with no change by time alone (a ban, not a waiting period)."""
        return self.decision == "prohibited" and not self.waiting

    @property
    def rule_ids(self) -> str:
        return ", ".join(str(rule.get("id", "")) for rule in self.rules)

    @property
    def citations(self) -> str:
        return "; ".join(str(rule.get("citation", "")) for rule in self.rules)


def evaluate_case(case: dict[str, Any], *, on: dt.date, activity: str) -> Answer:
    """Run the engine on a mapped ``case``; a refused case gives an Answer with ``error``."""
    answer = Answer(on=on, activity=activity, case=case)
    try:
        result = evaluate(case)
    except CaseError as error:
        answer.error = str(error)
        return answer
    answer.decision = str(result.get("decision") or "")
    answer.ba_approval_required = result.get("ba_approval_required")
    change = result.get("next_change")
    if change and change.get("date"):
        later = [
            step for step in result.get("timeline") or [] if step.get("date") == change["date"]
        ]
        answer.next_change = Change(
            date=_date(change["date"]) or on,
            decision=str(change.get("decision") or ""),
            ba_approval_required=later[0].get("ba_approval_required") if later else None,
            before=answer.decision,
        )
    answer.rule_set = str(result.get("rule_set") or "")
    answer.rules = list(result.get("rules") or [])
    answer.next_steps = [str(step) for step in result.get("next_steps") or []]
    answer.explanation = str(result.get("explanation") or "")
    answer.missing_facts = [str(fact) for fact in result.get("missing_facts") or []]
    return answer


def answer_for(
    person: Person, *, on: dt.date, activity: str, internship_kind: str | None = None
) -> Answer:
    """The engine's answer for ``person`` on ``on`` for ``activity``.

    For speed in lists, load persons through ``selectors.with_work_data`` first.
    """
    case = case_input_for(person, on=on, activity=activity, internship_kind=internship_kind)
    return evaluate_case(case, on=on, activity=activity)


def answers_for(person: Person, *, on: dt.date) -> list[Answer]:
    """The answers for every activity (an internship of unknown kind), in a fixed order."""
    return [answer_for(person, on=on, activity=activity) for activity in ACTIVITY_CHOICES]


# --- Timeline and evidence ----------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    date: dt.date
    label: str
    kind: str  # "fact", "today" or "change"


DOCUMENT_LABELS: dict[str, Promise] = {
    "ankunftsnachweis": _("Ankunftsnachweis"),
    "aufenthaltsgestattung": _("Aufenthaltsgestattung"),
    "duldung": _("Duldung (§ 60a AufenthG)"),
    "duldung_60b": _("Duldung für Personen mit ungeklärter Identität (§ 60b AufenthG)"),
    "ausbildungsduldung": _("Ausbildungsduldung (§ 60c AufenthG)"),
    "beschaeftigungsduldung": _("Beschäftigungsduldung (§ 60d AufenthG)"),
    "residence_permit": _("residence permit"),
    "fiktionsbescheinigung": _("Fiktionsbescheinigung"),
}


def document_label(document: dict[str, Any]) -> str:
    label = str(DOCUMENT_LABELS.get(document.get("type", ""), document.get("type", "")))
    if document.get("type") == "residence_permit":
        section = document.get("section")
        label += f" (§ {section} AufenthG)" if section else " " + str(_("(section unknown)"))
    return label


def timeline(answer: Answer) -> list[Event]:
    """Dated events from arrival through the waiting period to permission, oldest first."""
    case = answer.case
    events: list[Event] = []

    def add(value: Any, label: Any, kind: str = "fact") -> None:
        day = _date(value)
        if day is not None:
            events.append(Event(day, str(label), kind))

    add(case["person"].get("entry_date"), _("Entry into Germany"))
    asylum = case.get("asylum") or {}
    add(asylum.get("request_date"), _("Asylum request (Asylgesuch)"))
    add(asylum.get("registration_date"), _("Registration of the asylum application"))
    add(asylum.get("application_date"), _("Formal asylum application at the BAMF"))
    add(asylum.get("decision_final_on"), _("Asylum decision final"))
    add(asylum.get("withdrawn_on"), _("Asylum application withdrawn"))
    for period in case.get("reception_facility") or []:
        add(period.get("from"), _("Obliged to live in an Aufnahmeeinrichtung: start"))
        add(period.get("to"), _("Obliged to live in an Aufnahmeeinrichtung: end"))
    for document in case.get("documents") or []:
        add(
            document.get("from"),
            _("%(document)s issued") % {"document": document_label(document)},
        )
    events.sort(key=lambda event: event.date)
    events.append(
        Event(
            answer.on,
            str(_("Evaluation date: %(decision)s") % {"decision": answer.decision_label or "–"}),
            "today",
        )
    )
    if answer.next_change is not None:
        if answer.waiting:
            text = _("Waiting period ends: permission can be granted from this day (%(decision)s)")
        else:
            text = _("The answer changes: %(decision)s")
        events.append(
            Event(
                answer.next_change.date,
                str(text % {"decision": answer.next_change.label}),
                "change",
            )
        )
    events.sort(key=lambda event: (event.date, event.kind != "fact"))
    return events


#: Contract path -> (label, where to enter it: a URL name of the person file).
FACT_SOURCES: dict[str, tuple[Promise, str]] = {
    "person.nationality": (_("Nationality"), "people:person_edit"),
    "person.entry_date": (_("Entry into Germany"), "work:work_facts_edit"),
    "person.identity_clarified_on": (_("Identity clarified on"), "work:work_facts_edit"),
    "person.identity_proof": (_("Identity proven by"), "work:work_facts_edit"),
    "person.minor_children_in_household": (
        _("Minor children in the household"),
        "people:person_detail",
    ),
    "person.unaccompanied_minor": (_("Unaccompanied minor"), "work:work_facts_edit"),
    "person.protection_status": (_("Recognised protection status"), "work:work_facts_edit"),
    "asylum.request_date": (_("Asylum request (Asylgesuch)"), "people:asylum_edit"),
    "asylum.registration_date": (_("Registration date"), "people:asylum_edit"),
    "asylum.application_date": (_("Formal application at the BAMF"), "people:asylum_edit"),
    "asylum.decision": (_("Outcome of the asylum procedure"), "people:asylum_edit"),
    "asylum.dublin_procedure": (_("Dublin procedure"), "work:work_facts_edit"),
    "asylum.protection_in_other_eu_state": (
        _("Protection in another EU state"),
        "work:work_facts_edit",
    ),
    "asylum.accelerated_procedure": (_("Accelerated procedure"), "work:work_facts_edit"),
    "asylum.decision_final_on": (_("Asylum decision final on"), "work:work_facts_edit"),
    "asylum.suspensive_effect_ordered": (
        _("Suspensive effect ordered by the court"),
        "work:work_facts_edit",
    ),
    "asylum.withdrawn_on": (_("Asylum application withdrawn on"), "work:work_facts_edit"),
    "asylum.withdrawal_after_legal_advice": (
        _("Withdrawal after legal advice (§ 12b AsylG)"),
        "work:work_facts_edit",
    ),
    "asylum.cooperation_breach": (_("Breach of duties to cooperate"), "work:work_facts_edit"),
    "duldung.work_ban_60a6": (_("Work ban under § 60a Abs. 6 AufenthG"), "work:work_facts_edit"),
    "duldung.concrete_return_measures": (_("Concrete return measures"), "work:work_facts_edit"),
    "employment_permitted_during_asylum_procedure": (
        _("Employment permitted during the asylum procedure"),
        "work:work_facts_edit",
    ),
    "internship_kind": (_("Kind of internship"), "work:work_person"),
    "documents": (_("Residence documents"), "people:status_add"),
    "reception_facility": (_("Aufnahmeeinrichtung (EAE, ZUE)"), "people:reception_add"),
}


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            pass
    return str(value)


def _until(last_day: Any) -> str:
    return _shown(last_day) if last_day else str(_("open-ended"))


def _last_day(day_of_change: Any) -> str:
    day = _date(day_of_change)
    return _shown((day - dt.timedelta(days=1)).isoformat()) if day else str(_("open-ended"))


@dataclass(frozen=True)
class Fact:
    path: str
    label: str
    value: str
    known: bool
    where: str

    @property
    def read_as_no(self) -> bool:
        """Not recorded, and read by the engine as "no"."""
        return not self.known and self.path in YES_NO_FACTS


def facts_used(case: dict[str, Any]) -> list[Fact]:
    """The recorded facts the engine read, each with its label and where it is entered."""
    rows: list[Fact] = []
    for path, (label, where) in FACT_SOURCES.items():
        if path == "internship_kind" and case.get("activity") != "internship":
            continue
        if path == "documents":
            documents = case.get("documents") or []
            value = "; ".join(
                f"{document_label(d)} {_shown(d.get('from'))} – {_until(d.get('to'))}"
                for d in documents
            )
            rows.append(Fact(path, str(label), value or "–", bool(documents), where))
            continue
        if path == "reception_facility":
            periods = case.get("reception_facility") or []
            # The contract's `to` is the first day outside; the file shows the last day inside.
            value = "; ".join(
                f"{_shown(p.get('from'))} – {_last_day(p.get('to'))}" for p in periods
            )
            rows.append(Fact(path, str(label), value or "–", bool(periods), where))
            continue
        head, _dot, tail = path.partition(".")
        if tail:
            part = case.get(head)
            if part is None:
                continue  # no asylum procedure / no Duldung: these facts do not apply
            raw = part.get(tail)
        else:
            raw = case.get(head)
        rows.append(Fact(path, str(label), _shown(raw), raw is not None, where))
    return rows


#: Yes/no facts: the engine reads an unrecorded one as "no"; the evidence says so.
YES_NO_FACTS = frozenset(
    {
        "person.minor_children_in_household",
        "person.unaccompanied_minor",
        "asylum.dublin_procedure",
        "asylum.protection_in_other_eu_state",
        "asylum.accelerated_procedure",
        "asylum.suspensive_effect_ordered",
        "asylum.withdrawal_after_legal_advice",
        "asylum.cooperation_breach",
        "duldung.concrete_return_measures",
        "employment_permitted_during_asylum_procedure",
    }
)
