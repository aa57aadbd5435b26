"""The rules data: rule-set versions, rules with citations, parameters, safe countries.

The data lives in TOML files in ``vorort/work/rules/`` (read with the standard library's
``tomllib``), loaded once per process and cached:

* ``parameters.toml`` — day counting, cut-off dates, the readings chosen for the open points
  (``[options]``) and the safe countries of origin with the dates they were added;
* ``common.toml`` — rules that do not change with the rule-set version (residence permits,
  § 60b, § 32 BeschV …), each with its own ``valid_from``/``valid_to``;
* ``v1.toml`` … ``v4.toml`` — one file per rule-set version: its dates, the evaluation model
  and the waiting periods it uses, and its version-specific rules;
* ``messages.toml`` — the German sentences of explanations and missing facts.

A law change is a new version file (plus cases); see docs/work-access.md.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .model import CaseError

DECISIONS = ("free", "entitled", "as_a_rule", "discretion", "prohibited")
CONFIDENCES = ("H", "M", "L")
RULE_FIELDS = {
    "id",
    "title",
    "law",
    "section",
    "absatz",
    "satz",
    "nummer",
    "citation",
    "valid_from",
    "valid_to",
    "source",
    "confidence",
    "text",
    "next_steps",
    "explanation",
    "decision",
    "note",
}


class RulesDataError(RuntimeError):
    """The rules data files are inconsistent (a programming or editing error)."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    law: str
    section: str
    absatz: str
    satz: str
    citation: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str
    confidence: str
    text: str
    next_steps: tuple[str, ...]
    explanation: str
    decision: str | None
    note: str
    output: Mapping[str, str] = field(repr=False, compare=False)

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    note: str
    model: Mapping[str, str]
    params: Mapping[str, Any]
    rules: Mapping[str, Rule]


@dataclass(frozen=True, slots=True)
class SafeCountry:
    code: str
    name: str
    list: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    confidence: str

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class RulesData:
    rule_sets: tuple[RuleSet, ...]
    starts: tuple[dt.date, ...]
    parameters: Mapping[str, Any]
    options: Mapping[str, Any]
    safe_countries: Mapping[str, tuple[SafeCountry, ...]]
    messages: Mapping[str, str]
    counting: str
    rule_ids: frozenset[str]
    rule_dates: frozenset[dt.date]

    def rule_set_on(self, day: dt.date) -> RuleSet:
        index = bisect.bisect_right(self.starts, day) - 1
        if index < 0:
            first = self.rule_sets[0]
            raise CaseError(
                "evaluation_date",
                f"{day.isoformat()} is before the earliest rule set in the data "
                f"({first.valid_from.isoformat()}); older law is not modelled",
            )
        return self.rule_sets[index]

    def safe_country(self, code: str | None, day: dt.date) -> SafeCountry | None:
        if code is None:
            return None
        for entry in self.safe_countries.get(code, ()):
            if entry.valid_on(day):
                return entry
        return None


def _day(value: Any, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise RulesDataError(f"{where}: not a date: {value!r}") from error


def _citation(raw: Mapping[str, Any]) -> str:
    if raw.get("citation"):
        return str(raw["citation"])
    parts = [f"§ {raw['section']}"]
    if raw.get("absatz"):
        parts.append(f"Abs. {raw['absatz']}")
    if raw.get("satz"):
        parts.append(f"S. {raw['satz']}")
    if raw.get("nummer"):
        parts.append(f"Nr. {raw['nummer']}")
    parts.append(str(raw["law"]))
    return " ".join(parts)


def _rule(raw: Mapping[str, Any], where: str) -> Rule:
    unknown = set(raw) - RULE_FIELDS
    if unknown:
        raise RulesDataError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "law", "section", "source", "confidence", "text"):
        if not raw.get(key):
            raise RulesDataError(f"{where}: rule without {key}")
    if raw["confidence"] not in CONFIDENCES and raw["confidence"] not in ("H/M", "M/L"):
        raise RulesDataError(f"{where}: confidence must be H, M or L")
    decision = raw.get("decision")
    if decision is not None and decision not in DECISIONS:
        raise RulesDataError(f"{where}: unknown decision {decision!r}")
    citation = _citation(raw)
    rule_id = str(raw["id"])
    return Rule(
        id=rule_id,
        title=str(raw.get("title", "")),
        law=str(raw["law"]),
        section=str(raw["section"]),
        absatz=str(raw.get("absatz", "")),
        satz=str(raw.get("satz", "")),
        citation=citation,
        valid_from=_day(raw.get("valid_from"), f"{where}.valid_from"),
        valid_to=_day(raw.get("valid_to"), f"{where}.valid_to"),
        source=str(raw["source"]),
        confidence=str(raw["confidence"]),
        text=str(raw["text"]).strip(),
        next_steps=tuple(str(step) for step in raw.get("next_steps", ())),
        explanation=str(raw.get("explanation", "")).strip(),
        decision=decision,
        note=str(raw.get("note", "")),
        output={
            "id": rule_id,
            "citation": citation,
            "text": str(raw["text"]).strip(),
            "confidence": str(raw["confidence"]),
        },
    )


def _read(name: str) -> dict[str, Any]:
    text = resources.files("vorort.work").joinpath("rules", name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesDataError(f"{name}: {error}") from error


#: Rules whose valid_from/valid_to the evaluator checks on the day (not only via the rule set).
DATED_RULES = ("D4", "D7", "D8", "G6")
VERSION_FILES = ("v1.toml", "v2.toml", "v3.toml", "v4.toml")


@functools.cache
def load() -> RulesData:
    """Read and check every rules file once; later calls return the cached data."""
    parameters = _read("parameters.toml")
    common_raw = _read("common.toml")
    messages = _read("messages.toml")
    common = {}
    for index, raw in enumerate(common_raw.get("rule", [])):
        rule = _rule(raw, f"common.toml rule[{index}]")
        if rule.id in common:
            raise RulesDataError(f"common.toml: duplicate rule id {rule.id}")
        common[rule.id] = rule
    rule_sets = []
    for name in VERSION_FILES:
        raw = _read(name)
        head = raw["rule_set"]
        rules = dict(common)
        own: set[str] = set()
        for index, rule_raw in enumerate(raw.get("rule", [])):
            rule = _rule(rule_raw, f"{name} rule[{index}]")
            if rule.id in own:
                raise RulesDataError(f"{name}: duplicate rule id {rule.id}")
            own.add(rule.id)
            rules[rule.id] = rule
        valid_from = _day(head["valid_from"], f"{name} valid_from")
        assert valid_from is not None
        rule_sets.append(
            RuleSet(
                id=str(head["id"]),
                name=str(head["name"]),
                valid_from=valid_from,
                valid_to=_day(head.get("valid_to"), f"{name} valid_to"),
                source=str(head.get("source", "")),
                note=str(head.get("note", "")),
                model=dict(raw.get("model", {})),
                params=dict(raw.get("params", {})),
                rules=rules,
            )
        )
    rule_sets.sort(key=lambda rs: rs.valid_from)
    for before, after in itertools.pairwise(rule_sets):
        if before.valid_to is None or before.valid_to + dt.timedelta(days=1) != after.valid_from:
            raise RulesDataError(
                f"rule set {before.name} must end the day before {after.name} starts"
            )
    safe: dict[str, list[SafeCountry]] = {}
    for index, raw in enumerate(parameters.get("safe_country", [])):
        where = f"parameters.toml safe_country[{index}]"
        valid_from = _day(raw.get("valid_from"), where)
        if valid_from is None:
            raise RulesDataError(f"{where}: valid_from missing")
        entry = SafeCountry(
            code=str(raw["code"]),
            name=str(raw["name"]),
            list=str(raw["list"]),
            valid_from=valid_from,
            valid_to=_day(raw.get("valid_to"), where),
            source=str(raw.get("source", "")),
            confidence=str(raw.get("confidence", "H")),
        )
        safe.setdefault(entry.code, []).append(entry)
    counting = str(parameters["counting"]["method"])
    ids = frozenset(rule_id for rs in rule_sets for rule_id in rs.rules)
    # Rules whose own validity the evaluator checks (the others change with the rule set).
    rule_dates = set()
    for rs in rule_sets:
        for rule_id in DATED_RULES:
            dated = rs.rules.get(rule_id)
            if dated is not None and dated.valid_from is not None:
                rule_dates.add(dated.valid_from)
            if dated is not None and dated.valid_to is not None:
                rule_dates.add(dated.valid_to + dt.timedelta(days=1))
    return RulesData(
        rule_sets=tuple(rule_sets),
        starts=tuple(rs.valid_from for rs in rule_sets),
        parameters=parameters,
        options=dict(parameters.get("options", {})),
        safe_countries={code: tuple(entries) for code, entries in safe.items()},
        messages={str(k): str(v) for k, v in messages.get("text", {}).items()},
        counting=counting,
        rule_ids=ids,
        rule_dates=frozenset(rule_dates),
    )


def rule_ids() -> set[str]:
    """Every rule id in the data (all versions and the common rules)."""
    return set(load().rule_ids)
