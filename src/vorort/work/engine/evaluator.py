"""The evaluator: a case's facts on a date -> decision, BA flag, rules, next change.

``Evaluation(case, data, options).at(day)`` decides one day with the rule set in force on that
day. ``evaluate`` decides the evaluation date, then finds when the answer changes by time alone:
every branch records the dates at which one of its conditions flips (end of a waiting period,
4 years of stay); together with the dates fixed in the facts (end of a document or of the
reception-facility obligation, a rule set taking effect) they are the only candidates, and the
engine evaluates them in order until the decision or the BA flag differs.

Which reading of a disputed point applies is data (``parameters.toml`` ``[options]``, or the
``options`` argument), and so are the decisions of the rules marked M or L (their ``decision``
field). No Django import here: the engine is plain Python.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping
from typing import Any

from .model import Case, CaseError, Document
from .periods import COUNTING_METHODS, first_day_after, first_day_after_years
from .rules import RulesData, RuleSet

ONE_DAY = dt.timedelta(days=1)
FAR = dt.date.max
NEGATIVE = frozenset({"rejected", "rejected_manifestly_unfounded", "inadmissible"})
OU_OR_INADMISSIBLE = frozenset({"rejected_manifestly_unfounded", "inadmissible"})
GESTATTUNG_DOCS = frozenset({"ankunftsnachweis", "aufenthaltsgestattung"})
DULDUNG_DOCS = frozenset({"duldung", "ausbildungsduldung", "beschaeftigungsduldung"})
BA_FREE_INTERNSHIPS = frozenset(
    {"mandatory", "orientation_max_3_months", "alongside_training_max_3_months",
     "einstiegsqualifizierung"}
)  # fmt: skip
NO_BA = frozenset({"free", "prohibited"})
#: Residence-permit sections -> rule id (anything else: T9).
PERMIT_RULES = {
    "25(1)": "T1",
    "25(2)": "T1",
    "25(3)": "T2",
    "25(5)": "T2",
    "25a": "T2",
    "25b": "T2",
    "24": "T3",
    "25(4)": "T4",
    "25(4a)": "T4",
    "25(4b)": "T4",
    "23(1)": "T4",
    "104c": "C1",
}
MAX_PROBES = 40
MAX_CHANGES = 3


def _fmt(day: dt.date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


class Outcome:
    """The answer on one day, before it is rendered."""

    __slots__ = ("ba", "dates", "decision", "missing", "notes", "rule_ids", "rule_set", "steps",
                 "thresholds")  # fmt: skip

    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self.decision = "prohibited"
        self.ba: bool | None = None
        self.rule_ids: list[str] = []
        self.notes: list[tuple[str, dict[str, Any]]] = []
        self.steps: list[tuple[str, dict[str, Any]]] = []
        self.missing: list[str] = []
        self.thresholds: list[dt.date] = []
        self.dates: dict[str, dt.date] = {}

    def use(self, rule_id: str) -> None:
        if rule_id not in self.rule_ids:
            self.rule_ids.append(rule_id)

    def note(self, key: str, **values: Any) -> None:
        self.notes.append((key, values))

    def step(self, key: str, **values: Any) -> None:
        self.steps.append((key, values))

    def need(self, key: str) -> None:
        if key not in self.missing:
            self.missing.append(key)

    def until(self, day: dt.date | None) -> None:
        """The answer may change on ``day`` (a condition compared against it flips)."""
        if day is not None:
            self.thresholds.append(day)

    def done(self, decision: str, ba: bool | None = None) -> Outcome:
        self.decision = decision
        self.ba = None if decision in NO_BA else bool(ba)
        return self

    @property
    def key(self) -> tuple[str, bool | None]:
        return (self.decision, self.ba)


class Evaluation:
    """One case, evaluated on any day with the rule set in force on that day."""

    def __init__(self, case: Case, data: RulesData, options: Mapping[str, Any]) -> None:
        self.case = case
        self.data = data
        self.options = options
        self.counting = str(options.get("counting") or data.counting)
        person = case.person
        self.person = person
        self.asylum = case.asylum
        self.activity = case.activity
        self.docs = tuple(sorted(case.documents, key=lambda d: (d.start, d.index)))
        self.cutoffs = data.parameters["cutoffs"]
        self._stay_cache: dict[str, list[tuple[dt.date, dt.date]]] = {}
        self._duldung_intervals = _merge(
            [(d.start, d.end or FAR) for d in self.docs if d.type in DULDUNG_DOCS]
        )

    # --- facts over time -------------------------------------------------------------------

    def fd(self, event: dt.date, months: int) -> dt.date:
        return first_day_after(event, months, self.counting)

    def document_on(self, day: dt.date) -> Document | None:
        found = None
        for doc in self.docs:
            if doc.start > day:
                break
            if doc.end is None or day <= doc.end:
                found = doc
        return found

    def in_reception_facility(self, day: dt.date) -> bool:
        for period in self.case.reception_facility:
            if period.start <= day and (period.end is None or day < period.end):
                return True
        return False

    def static_thresholds(self) -> set[dt.date]:
        days: set[dt.date] = set(self.data.starts)
        for doc in self.docs:
            days.add(doc.start)
            if doc.end is not None:
                days.add(_day_after(doc.end))
        for period in self.case.reception_facility:
            days.add(period.start)
            if period.end is not None:
                days.add(period.end)
        # Facts that start to count on their own day (e.g. identity clarified for § 60c).
        for day in (self.person.identity_clarified_on, self.person.entry_date):
            if day is not None:
                days.add(day)
                days.add(_day_after(day))
        asylum = self.asylum
        if asylum is not None:
            for day in (asylum.decision_final_on, asylum.withdrawn_on, asylum.request_date):
                if day is not None:
                    days.add(day)
        for entry in self.data.safe_countries.get(self.person.nationality or "", ()):
            days.add(entry.valid_from)
            if entry.valid_to is not None:
                days.add(_day_after(entry.valid_to))
        days.update(self.data.rule_dates)
        return days

    def _stay_intervals(self, variant: str) -> list[tuple[dt.date, dt.date]]:
        cached = self._stay_cache.get(variant)
        if cached is not None:
            return cached
        intervals = [(d.start, d.end or FAR) for d in self.docs if d.type != "duldung_60b"]
        asylum = self.asylum
        if asylum is not None:
            # The stay is gestattet by law while the procedure is pending (§ 55, § 67 AsylG),
            # also where the card on file has run out.
            request = asylum.request_date or asylum.application_date
            gestattung = [d.start for d in self.docs if d.type in GESTATTUNG_DOCS]
            starts = [day for day in (request,) if day is not None]
            if gestattung and (variant != "request_date" or not starts):
                starts = [gestattung[0]]
            elif gestattung:
                starts.append(gestattung[0])
            if starts:
                start = min(starts)
                end = self._asylum_end() or FAR
                intervals.append((start, max(start, end)))
        merged = _merge(intervals)
        self._stay_cache[variant] = merged
        return merged

    def stay_start(self, day: dt.date, variant: str) -> dt.date | None:
        """Start of the uninterrupted permitted, tolerated or gestattet stay covering ``day``."""
        return _covering(self._stay_intervals(variant), day)

    def total_stay_start(self, day: dt.date, variant: str) -> dt.date | None:
        """The stay covering ``day`` moved back by the earlier stays' days (§ 32 Abs. 1 BeschV).

        The 3 months of § 32 Abs. 1 BeschV count the permitted, tolerated or gestattet stay
        "in total" (reference 1.5, D1): earlier stretches before a gap are added.
        """
        intervals = self._stay_intervals(variant)
        current = _covering(intervals, day)
        if current is None:
            return None
        earlier = sum(((end - start).days + 1 for start, end in intervals if end < current), 0)
        return current - dt.timedelta(days=earlier)

    def duldung_start(self, day: dt.date) -> dt.date | None:
        return _covering(self._duldung_intervals, day)

    def _asylum_end(self) -> dt.date | None:
        asylum = self.asylum
        if asylum is None:
            return None
        ends = [asylum.withdrawn_on] if asylum.withdrawn_on else []
        if asylum.decision in NEGATIVE and asylum.decision_final_on:
            ends.append(asylum.decision_final_on)
        return min(ends) if ends else None

    def recognised(self) -> bool:
        """Recognised as entitled to asylum, refugee or subsidiary protection.

        ``person.protection_status`` is the field for it; a BAMF decision "protection" on file
        without the status is read the same way (section 6 of the reference records a
        recognition as both).
        """
        asylum = self.asylum
        return bool(self.person.protection_status) or (
            asylum is not None and asylum.decision == "protection"
        )

    def asylum_ended(self, day: dt.date) -> str | None:
        asylum = self.asylum
        if asylum is None:
            return None
        if asylum.withdrawn_on is not None and asylum.withdrawn_on <= day:
            return "withdrawn"
        if (
            asylum.decision in NEGATIVE
            and asylum.decision_final_on is not None
            and asylum.decision_final_on <= day
        ):
            return "final"
        return None

    def asylum_pending(self, day: dt.date) -> bool:
        asylum = self.asylum
        if asylum is None:
            return False
        start = asylum.request_date or asylum.registration_date or asylum.application_date
        return start is not None and start <= day and self.asylum_ended(day) is None

    def param(self, rule_set: RuleSet, name: str) -> Any:
        value = rule_set.params[name]
        if isinstance(value, str) and value.startswith("@"):
            return self.options[value[1:]]
        return value

    # --- one day ---------------------------------------------------------------------------

    def at(self, day: dt.date) -> Outcome:
        rule_set = self.data.rule_set_on(day)
        out = Outcome(rule_set)
        doc = self.document_on(day)
        kind = doc.type if doc else None
        section = doc.section if doc else None
        if doc is not None and kind == "fiktionsbescheinigung":
            out.use("F1")
            previous = self._permit_before(doc)
            if previous is not None or section:
                section = section or (previous.section if previous else None)
                kind = "residence_permit"
                out.note("fiction_continues")
            elif self.recognised():
                # Issued after the recognition, until the card is made (§ 25 Abs. 1 S. 3).
                kind = None
            else:
                out.need("fiction_title")
                out.note("fiction_unknown")
                return out.done("prohibited")
        if doc is not None and kind == "residence_permit":
            return self._permit(out, day, doc, section)
        if doc is None:
            expired = self._permit_expired(day)
            if expired is not None:
                out.use("X1")
                out.note("permit_expired", end=expired)
                out.step("renew_expired")
                return out.done("prohibited")
        if self.recognised():
            if kind in DULDUNG_DOCS or kind == "duldung_60b":
                out.use("D5")
                out.note("protected_duldung")
            else:
                out.use("T1")
                out.note("protected_recognised")
                out.step("apply_permit_after_protection")
            return out.done("free")
        if kind == "duldung_60b":
            if out.rule_set.rules["D4"].valid_on(day):
                out.use("D4")
                out.note("duldung_60b")
                return out.done("prohibited")
            kind = "duldung"
        if doc is not None and kind in DULDUNG_DOCS:
            return self._duldung(out, day, kind)
        if kind in GESTATTUNG_DOCS or (kind is None and self.asylum_pending(day)):
            ended = self.asylum_ended(day)
            if ended is not None:
                out.use("X1")
                out.note(f"gestattung_ended_{ended}")
                out.need("current_document")
                return out.done("prohibited")
            if kind is None:
                out.note("gestattung_by_law")
            return self._gestattung(out, day)
        out.use("X1")
        ended = self.asylum_ended(day)
        out.note(f"gestattung_ended_{ended}" if ended else "no_document")
        out.need("current_document")
        return out.done("prohibited")

    def _permit_before(self, fiction: Document) -> Document | None:
        found = None
        for doc in self.docs:
            if doc.start > fiction.start:
                break
            if doc.type == "residence_permit" and doc is not fiction:
                found = doc
        return found

    def _permit_expired(self, day: dt.date) -> dt.date | None:
        """The end of the last residence permit if it expired before ``day`` without successor."""
        last = None
        for doc in self.docs:
            if doc.start > day:
                break
            last = doc
        if last is not None and last.type in ("residence_permit", "fiktionsbescheinigung"):
            return last.end
        return None

    def _permit(self, out: Outcome, day: dt.date, doc: Document, section: str | None) -> Outcome:
        if section is None:
            out.need("permit_section")
            rule_id = "T9"
        else:
            rule_id = PERMIT_RULES.get(section, "T9")
        out.use(rule_id)
        rule = out.rule_set.rules[rule_id]
        out.note("permit", section=section or "?")
        if rule_id == "T2" and section == "25(5)":
            out.note("permit_25_5")
        if rule_id == "C1" and day >= self.cutoffs["chancen_no_new_grants_from"]:
            out.note("chancen_closed")
        if doc.end is not None:
            out.dates["document_valid_until"] = doc.end
            out.step("renew_permit", end=doc.end)
        decision = rule.decision or "free"
        if decision in NO_BA:
            return out.done(decision)
        return out.done(decision, False)

    # --- Gestattung ------------------------------------------------------------------------

    def _gestattung(self, out: Outcome, day: dt.date) -> Outcome:
        rule_set = out.rule_set
        model = rule_set.model["gestattung"]
        if self.activity == "self_employment":
            out.use("S1")
            out.note("gestattung_self_employment")
            return out.done("prohibited")
        if self._safe_country_gestattung(out, day):
            return out.done("prohibited")
        in_ae = self.in_reception_facility(day)
        out.note("in_ae" if in_ae else "outside_ae")
        if model == "v4":
            return self._gestattung_v4(out, day, in_ae)
        if model == "v2v3":
            return self._gestattung_v2v3(out, day, in_ae)
        return self._gestattung_v1(out, day, in_ae)

    def _cutoff_date(self) -> dt.date | None:
        asylum = self.asylum
        if asylum is None:
            return None
        if self.options["cutoff_date_field"] == "application_date":
            return asylum.application_date or asylum.request_date
        return asylum.request_date or asylum.application_date

    def _safe_country_gestattung(self, out: Outcome, day: dt.date) -> bool:
        nationality = self.person.nationality
        if nationality is None:
            out.need("nationality")
            return False
        entry = self.data.safe_country(nationality, day)
        if entry is None or not out.rule_set.rules["G6"].valid_on(day):
            return False
        applied = self._cutoff_date()
        if applied is None:
            out.need("request_date")
            return False
        if applied <= self.cutoffs["safe_country_applications_after"]:
            out.note("safe_country_before_cutoff", country=entry.name)
            return False
        if (
            nationality in self.cutoffs["georgia_moldova"]
            and applied <= self.cutoffs["georgia_moldova_applications_until"]
        ):
            out.use("G6a")
            out.note("g6a", country=entry.name, applied=applied)
            return False
        out.use("G6")
        out.note("g6", country=entry.name, applied=applied)
        out.step("safe_country_ban")
        return True

    def _registration(self, out: Outcome, rule_set: RuleSet) -> tuple[dt.date | None, int | None]:
        """The V4 registration date, or the reading chosen for open point 2; months override."""
        asylum = self.asylum
        if asylum is None:
            out.need("asylum")
            return None, None
        if asylum.registration_date is not None:
            return asylum.registration_date, None
        application = asylum.application_date
        choice = self.options["v4_registration_fallback"]
        if application is not None and application < rule_set.valid_from and choice != "none":
            if choice == "old_law":
                out.note("registration_old_law", application=application)
                return application, int(self.param(rule_set, "old_law_months"))
            out.note("registration_from_application", application=application)
            return application, None
        fallback = application or asylum.request_date
        if fallback is not None and choice != "none":
            # Registration (Art. 27 APR) follows the request and precedes the formal lodging.
            out.need("registration_date")
            out.note("registration_missing", application=fallback)
            return fallback, None
        out.need("registration_date")
        return None, None

    def _gestattung_v4(self, out: Outcome, day: dt.date, in_ae: bool) -> Outcome:
        rule_set = out.rule_set
        asylum = self.asylum
        carry = bool(self.options["v4_outside_ae_applies_61_1_s2_to_s5"])
        applies_s2_s5 = in_ae or carry
        if asylum is not None and asylum.accelerated_procedure and applies_s2_s5:
            out.use("G3")
            out.note("g3" if in_ae else "g3_outside")
            out.step("accelerated_procedure")
            return out.done("prohibited")
        dublin = asylum is not None and (
            asylum.dublin_procedure or asylum.protection_in_other_eu_state
        )
        if in_ae:
            start, override = self._registration(out, rule_set)
            months = int(self.param(rule_set, "dublin_months" if dublin else "ae_months"))
            out.use("G2" if dublin else "G1")
            if override is not None:
                months = override
            if start is None:
                out.note("wait_unknown")
                return out.done("prohibited")
            first = self.fd(start, months)
            out.dates["waiting_period_start"] = start
            label = "registration"
        else:
            out.use("G5")
            stay = self.stay_start(day, str(self.param(rule_set, "gestattet_stay_from")))
            if stay is None:
                out.need("stay_start")
                out.note("wait_unknown")
                return out.done("prohibited")
            months = int(self.param(rule_set, "outside_months"))
            first = self.fd(stay, months)
            out.dates["waiting_period_start"] = stay
            label = "stay"
            if dublin and carry:
                registration, _ = self._registration(out, rule_set)
                out.use("G2")
                if registration is None:
                    out.note("wait_unknown")
                    return out.done("prohibited")
                dublin_first = self.fd(registration, int(self.param(rule_set, "dublin_months")))
                if dublin_first > first:
                    first = dublin_first
                    months = int(rule_set.params["dublin_months"])
                    label = "registration"
                    out.dates["waiting_period_start"] = registration
        out.dates["permitted_from"] = first
        out.dates["waiting_period_end"] = first - ONE_DAY
        if day < first:
            out.until(first)
            out.note(
                "waiting", months=months, start=out.dates["waiting_period_start"], first=first,
                label=label,
            )  # fmt: skip
            out.step("apply_from", first=first)
            return out.done("prohibited")
        out.note(
            "waited", months=months, start=out.dates["waiting_period_start"], first=first,
            label=label,
        )  # fmt: skip
        if asylum is not None and asylum.cooperation_breach and applies_s2_s5:
            out.use("G4")
            out.note("g4" if in_ae else "g4_outside")
            rule = rule_set.rules["G4"]
            decision = rule.decision or "prohibited"
            if decision in NO_BA:
                return out.done(decision)
            return out.done(decision, self._ba(out, day, self._stay_for_ba(day, rule_set)))
        ba = self._ba(out, day, self._stay_for_ba(day, rule_set))
        out.step("apply_permission")
        return out.done("entitled", ba)

    def _stay_for_ba(self, day: dt.date, rule_set: RuleSet) -> dt.date | None:
        return self.stay_start(day, str(self.param(rule_set, "gestattet_stay_from")))

    def _gestattung_v2v3(self, out: Outcome, day: dt.date, in_ae: bool) -> Outcome:
        rule_set = out.rule_set
        asylum = self.asylum
        months = int(self.param(rule_set, "entitlement_months"))
        barred = (
            asylum is not None
            and asylum.decision in OU_OR_INADMISSIBLE
            and not asylum.suspensive_effect_ordered
        )
        application = asylum.application_date if asylum is not None else None
        stay = self._stay_for_ba(day, rule_set)
        if in_ae:
            out.use(str(rule_set.params["ae_rule"]))
            if barred:
                out.note("ou_inadmissible_barred")
                return out.done("prohibited")
            if application is None:
                out.need("application_date")
                out.note("wait_unknown")
                return out.done("prohibited")
            first = self.fd(application, months)
            out.dates["waiting_period_start"] = application
            out.dates["permitted_from"] = first
            out.dates["waiting_period_end"] = first - ONE_DAY
            if day < first:
                out.until(first)
                out.note("waiting", months=months, start=application, first=first,
                         label="application")  # fmt: skip
                out.step("apply_from", first=first)
                return out.done("prohibited")
            out.note("waited", months=months, start=application, first=first,
                     label="application")  # fmt: skip
            out.step("apply_permission")
            return out.done("entitled", self._ba(out, day, stay))
        out.use(str(rule_set.params["outside_rule"]))
        discretion_from = None
        if stay is None:
            out.need("stay_start")
        else:
            discretion_from = self.fd(stay, int(self.param(rule_set, "discretion_months")))
        entitled_from = None
        if self.options["v2_v3_entitlement_outside_ae"]:
            if barred:
                out.note("ou_inadmissible_no_entitlement")
            elif application is None:
                out.need("application_date")
            else:
                entitled_from = self.fd(application, months)
        if entitled_from is not None and day >= entitled_from:
            out.dates["permitted_from"] = min(entitled_from, discretion_from or entitled_from)
            out.note("entitled_outside", months=months, start=application, first=entitled_from)
            out.step("apply_permission")
            return out.done("entitled", self._ba(out, day, stay))
        if discretion_from is not None and day >= discretion_from:
            assert stay is not None
            out.dates["permitted_from"] = discretion_from
            out.dates["waiting_period_start"] = stay
            out.dates["waiting_period_end"] = discretion_from - ONE_DAY
            out.note("discretion_outside", start=stay, first=discretion_from)
            if entitled_from is not None:
                out.until(entitled_from)
                out.note("entitled_later", months=months, start=application, first=entitled_from)
            out.step("apply_permission")
            return out.done("discretion", self._ba(out, day, stay))
        firsts = [d for d in (discretion_from, entitled_from) if d is not None]
        for first in firsts:
            out.until(first)
        if firsts:
            first = min(firsts)
            out.dates["permitted_from"] = first
            if stay is not None:
                out.dates["waiting_period_start"] = stay
                out.dates["waiting_period_end"] = first - ONE_DAY
            out.note("waiting", months=int(self.param(rule_set, "discretion_months")),
                     start=stay, first=first, label="stay")  # fmt: skip
            out.step("apply_from", first=first)
        else:
            out.note("wait_unknown")
        return out.done("prohibited")

    def _gestattung_v1(self, out: Outcome, day: dt.date, in_ae: bool) -> Outcome:
        rule_set = out.rule_set
        if in_ae:
            out.use("G9b")
            out.note("v1_ae_ban")
            return out.done("prohibited")
        out.use("G9c")
        stay = self._stay_for_ba(day, rule_set)
        if stay is None:
            out.need("stay_start")
            out.note("wait_unknown")
            return out.done("prohibited")
        first = self.fd(stay, int(self.param(rule_set, "discretion_months")))
        out.dates["waiting_period_start"] = stay
        out.dates["permitted_from"] = first
        out.dates["waiting_period_end"] = first - ONE_DAY
        if day < first:
            out.until(first)
            out.note("waiting", months=int(self.param(rule_set, "discretion_months")),
                     start=stay, first=first, label="stay")  # fmt: skip
            out.step("apply_from", first=first)
            return out.done("prohibited")
        out.note("discretion_outside", start=stay, first=first)
        out.step("apply_permission")
        return out.done("discretion", self._ba(out, day, stay))

    # --- BA approval (§ 32 BeschV) ---------------------------------------------------------

    def _ba(self, out: Outcome, day: dt.date, stay: dt.date | None) -> bool:
        activity = self.activity
        if activity == "vocational_training":
            out.use("B3")
            return False
        if activity == "internship":
            kind = self.case.internship_kind
            if kind is None:
                out.need("internship_kind")
                kind = "other"
            if kind in BA_FREE_INTERNSHIPS:
                out.use("B2")
                return False
        if stay is not None:
            four = first_day_after_years(stay, int(self.cutoffs["ba_free_after_years"]),
                                         self.counting)  # fmt: skip
            out.dates["ba_free_from"] = four
            if day >= four:
                out.use("B4")
                return False
            out.until(four)
        else:
            out.need("stay_start")
        out.use("B0")
        return True

    # --- Duldung ---------------------------------------------------------------------------

    def _duldung(self, out: Outcome, day: dt.date, kind: str) -> Outcome:
        rule_set = out.rule_set
        model = rule_set.model["duldung"]
        facts = self.case.duldung
        if facts is None:
            out.need("duldung_facts")
        start = self.duldung_start(day)
        if start is not None:
            out.dates["duldung_start"] = start
        ground = self._work_ban(out, day)
        if ground is not None:
            out.use("D3")
            out.note(f"d3_{ground}")
            out.step(f"d3_{ground}")
            return out.done("prohibited")
        if self.activity == "self_employment":
            out.use("S2")
            out.note("duldung_self_employment")
            rule = rule_set.rules["S2"]
            decision = rule.decision or "prohibited"
            if decision in NO_BA:
                return out.done(decision)
            return out.done(decision, False)
        stay = self.stay_start(day, str(self.param(rule_set, "gestattet_stay_from")))
        if stay is not None:
            out.dates["stay_start"] = stay
            years = int(
                self.cutoffs["b25_years_with_children"]
                if self.person.minor_children_in_household
                else self.cutoffs["b25_years"]
            )
            if day >= first_day_after_years(stay, years, self.counting):
                out.step("check_25b", years=years, start=stay)
        if (
            kind == "ausbildungsduldung"
            and self.activity == "vocational_training"
            and rule_set.rules["D7"].valid_on(day)
        ):
            out.use("D7")
            out.note("d7_holder")
            return out.done("entitled", self._ba(out, day, stay))
        if (
            kind == "beschaeftigungsduldung"
            and self.activity == "employment"
            and rule_set.rules["D8"].valid_on(day)
        ):
            out.use("D8")
            out.note("d8_holder")
            out.step("d8_holder")
            decision = rule_set.rules["D8"].decision or "as_a_rule"
            return self._with_ba_wait(out, day, stay, decision)
        concrete = bool(facts and facts.concrete_return_measures)
        if self.in_reception_facility(day):
            return self._duldung_ae(out, day, model, start, stay, concrete)
        if (
            self.activity == "vocational_training"
            and model != "v1"
            and rule_set.rules["D7"].valid_on(day)
        ) and self._ausbildungsduldung(out, day, start, concrete):
            out.use("D7")
            out.step("d7_apply")
            return out.done("entitled", self._ba(out, day, stay))
        if concrete and model in ("v3", "v4"):
            out.use("D2")
            out.note("d2")
            decision = rule_set.rules["D2"].decision or "discretion"
        else:
            out.use("D1")
            out.note(f"d1_{model}")
            decision = rule_set.rules["D1"].decision or "discretion"
        entry = self.person.entry_date
        if self.activity == "employment" and entry and entry <= self.cutoffs["d8_entry_until"]:
            out.step("d8_check")
        return self._with_ba_wait(out, day, stay, decision)

    def _with_ba_wait(
        self, out: Outcome, day: dt.date, stay: dt.date | None, decision: str
    ) -> Outcome:
        """A Duldung permission; where the BA must approve, after 3 months' stay (§ 32(1))."""
        ba = self._ba(out, day, stay)
        if ba:
            out.use("B1")
            if stay is None:
                out.note("wait_unknown")
                return out.done("prohibited")
            variant = str(self.param(out.rule_set, "gestattet_stay_from"))
            stay = self.total_stay_start(day, variant) or stay
            first = self.fd(stay, int(self.cutoffs["duldung_ba_wait_months"]))
            out.dates["permitted_from"] = first
            if day < first:
                out.until(first)
                out.note("b1_waiting", start=stay, first=first)
                out.step("apply_from", first=first)
                return out.done("prohibited")
        out.step("apply_permission")
        return out.done(decision, ba)

    def _duldung_ae(
        self,
        out: Outcome,
        day: dt.date,
        model: str,
        start: dt.date | None,
        stay: dt.date | None,
        concrete: bool,
    ) -> Outcome:
        rule_set = out.rule_set
        out.use("D6")
        out.note("in_ae")
        if model == "v1":
            out.note("d6_v1")
            return out.done("prohibited")
        asylum = self.asylum
        if (
            model in ("v2", "v3")
            and asylum is not None
            and asylum.decision in OU_OR_INADMISSIBLE
            and not asylum.suspensive_effect_ordered
        ):
            if self.options["duldung_ae_barred_after_ou_or_inadmissible"]:
                out.note("d6_ou_barred")
                return out.done("prohibited")
            out.note("d6_ou_not_barred")
        if concrete and model in ("v3", "v4"):
            out.use("D2")
            out.note("d6_concrete")
            decision = str(self.options["duldung_ae_concrete_measures_decision"])
            if decision in NO_BA:
                return out.done(decision)
            return self._with_ba_wait(out, day, stay, decision)
        if model == "v4" and self.case.employment_permitted_during_asylum_procedure:
            out.note("d6_entitled")
            if self.options["d6_entitlement_without_waiting"]:
                return self._with_ba_wait(out, day, stay, "entitled")
        if start is None:
            out.need("duldung_start")
            out.note("wait_unknown")
            return out.done("prohibited")
        months = int(self.param(rule_set, "duldung_ae_months"))
        if model == "v4" and (
            self.activity == "vocational_training" or self.person.identity_proof == "passport"
        ):
            months = int(self.param(rule_set, "duldung_ae_months_short"))
        first = self.fd(start, months)
        out.dates["waiting_period_start"] = start
        out.dates["permitted_from"] = first
        out.dates["waiting_period_end"] = first - ONE_DAY
        if day < first:
            out.until(first)
            out.note("waiting", months=months, start=start, first=first, label="duldung")
            out.step("apply_from", first=first)
            return out.done("prohibited")
        out.note("waited", months=months, start=start, first=first, label="duldung")
        if model == "v4" and self.case.employment_permitted_during_asylum_procedure:
            decision = "entitled"
        else:
            decision = str(self.param(rule_set, "duldung_ae_decision"))
        return self._with_ba_wait(out, day, stay, decision)

    def _ausbildungsduldung(
        self, out: Outcome, day: dt.date, start: dt.date | None, concrete: bool
    ) -> bool:
        """Whether § 60c (Ausbildungsduldung, Abs. 1 S. 1 Nr. 2) can be claimed on ``day``."""
        if concrete:
            out.note("d7_no_concrete")
            return False
        person = self.person
        entry = person.entry_date
        clarified = person.identity_clarified_on
        if entry is None:
            out.need("entry_date")
            out.note("d7_unknown")
            return False
        if clarified is None or clarified > day:
            out.note("d7_no_identity")
            out.step("d7_identity_efforts")
            return False
        cut = self.cutoffs
        if entry <= cut["d7_entry_group_a_until"]:
            deadline = day
        elif entry <= cut["d7_entry_group_b_until"]:
            deadline = cut["d7_group_b_identity_until"]
        else:
            deadline = self.fd(entry, int(cut["d7_identity_months"])) - ONE_DAY
        if clarified > deadline:
            out.note("d7_identity_late", clarified=clarified, deadline=deadline)
            out.step("d7_identity_efforts")
            return False
        if start is None:
            out.need("duldung_start")
            return False
        first = self.fd(start, int(cut["d7_duldung_months"]))
        if day < first:
            out.until(first)
            out.note("d7_wait", start=start, first=first)
            out.step("d7_apply_from", first=first)
            return False
        out.note("d7_eligible")
        return True

    def _work_ban(self, out: Outcome, day: dt.date) -> str | None:
        """The ground of a ban under § 60a Abs. 6 AufenthG on ``day``, or None."""
        facts = self.case.duldung
        if facts is not None and facts.work_ban_60a6 is not None:
            return facts.work_ban_60a6
        nationality = self.person.nationality
        if nationality is None:
            out.need("nationality")
            return None
        entry = self.data.safe_country(nationality, day)
        if entry is None or day < self.cutoffs["safe_country_duldung_ban_from"]:
            return None
        rule_set = out.rule_set
        wide = bool(rule_set.params["d3_withdrawal_and_no_application"])
        cut = self.cutoffs
        georgia_moldova = nationality in cut["georgia_moldova"]
        asylum = self.asylum
        applied = self._cutoff_date()
        if applied is None:
            if not wide:
                return None
            if georgia_moldova and self._tolerated_on(cut["georgia_moldova_applications_until"]):
                out.note("d3_exception_tolerated", country=entry.name)
                return None
            if self.person.unaccompanied_minor and self.options["uma_child_interest_presumed"]:
                out.note("d3_exception_uma", country=entry.name)
                out.step("d3_uma")
                return None
            out.note("d3_safe_no_application", country=entry.name)
            return "3"
        if applied <= cut["safe_country_applications_after"]:
            return None
        if georgia_moldova and applied <= cut["georgia_moldova_applications_until"]:
            out.note("d3_exception_104_18", country=entry.name)
            return None
        assert asylum is not None
        if asylum.decision in NEGATIVE:
            out.note("d3_safe_rejected", country=entry.name)
            return "3"
        if wide and asylum.withdrawn_on is not None and asylum.withdrawn_on <= day:
            if asylum.withdrawal_after_legal_advice:
                out.note("d3_exception_advice", country=entry.name)
                return None
            if self.person.unaccompanied_minor and self.options["uma_child_interest_presumed"]:
                out.note("d3_exception_uma", country=entry.name)
                out.step("d3_uma")
                return None
            out.note("d3_safe_withdrawn", country=entry.name)
            return "3"
        return None

    def _tolerated_on(self, day: dt.date) -> bool:
        return any(
            d.type in DULDUNG_DOCS or d.type == "duldung_60b"
            for d in self.docs
            if d.start <= day and (d.end is None or day <= d.end)
        )


def _day_after(day: dt.date) -> dt.date:
    return day + ONE_DAY if day < FAR else FAR


def _merge(intervals: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Join intervals that overlap or touch (the next starts at most a day after the end)."""
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(intervals):
        if merged:
            last_start, last_end = merged[-1]
            if last_end == FAR or start <= last_end + ONE_DAY:
                if end > last_end:
                    merged[-1] = (last_start, end)
                continue
        merged.append((start, end))
    return merged


def _covering(intervals: list[tuple[dt.date, dt.date]], day: dt.date) -> dt.date | None:
    for start, end in intervals:
        if start <= day <= end:
            return start
    return None


# --- the whole answer ----------------------------------------------------------------------


def check_options(options: Mapping[str, Any] | None, data: RulesData) -> Mapping[str, Any]:
    if not options:
        return data.options
    merged = dict(data.options)
    for key, value in options.items():
        if key == "counting":
            if value not in COUNTING_METHODS:
                raise CaseError("options.counting", f"one of {', '.join(COUNTING_METHODS)}")
        elif key not in data.options:
            raise CaseError(f"options.{key}", "unknown option")
        merged[key] = value
    return merged


def future(evaluation: Evaluation, day: dt.date, first: Outcome) -> list[tuple[dt.date, Outcome]]:
    """The changes by time alone after ``day``: (date, outcome) pairs, at most MAX_CHANGES."""
    heap = [d for d in evaluation.static_thresholds() if day < d < FAR]
    heap.extend(d for d in first.thresholds if day < d < FAR)
    heapq.heapify(heap)
    seen: set[dt.date] = set()
    changes: list[tuple[dt.date, Outcome]] = []
    previous = first.key
    probes = 0
    while heap and probes < MAX_PROBES and len(changes) < MAX_CHANGES:
        candidate = heapq.heappop(heap)
        if candidate in seen:
            continue
        seen.add(candidate)
        probes += 1
        outcome = evaluation.at(candidate)
        for later in outcome.thresholds:
            if candidate < later < FAR and later not in seen:
                heapq.heappush(heap, later)
        if outcome.key != previous:
            changes.append((candidate, outcome))
            previous = outcome.key
    return changes
