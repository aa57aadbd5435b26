"""From a case dict to the contract's answer dict (docs/work-access.md, "Contract")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .evaluator import NO_BA, Evaluation, Outcome, check_options, future
from .model import parse_case
from .rules import RulesData, load

_FORMATTED: dict[dt.date, str] = {}


def _fmt(day: dt.date) -> str:
    text = _FORMATTED.get(day)
    if text is None:
        text = f"{day.day:02d}.{day.month:02d}.{day.year}"
        if len(_FORMATTED) < 100_000:
            _FORMATTED[day] = text
    return text


ONE_DAY = dt.timedelta(days=1)


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "–"


def _values(raw: Mapping[str, Any], messages: Mapping[str, str]) -> _Values:
    values = _Values()
    for key, value in raw.items():
        if type(value) is dt.date:
            values[key] = _fmt(value)
            if key == "first":
                values["first_minus"] = _fmt(value - ONE_DAY)
        elif key == "label":
            values[key] = messages.get(f"label_{value}", str(value))
        elif value is None:
            values[key] = "–"
        else:
            values[key] = str(value)
    return values


def _text(messages: Mapping[str, str], key: str, raw: Mapping[str, Any]) -> str:
    template = messages.get(key)
    if template is None:
        raise KeyError(f"messages.toml has no text {key!r}")
    return template.format_map(_values(raw, messages)) if raw else template


def render(
    evaluation: Evaluation,
    out: Outcome,
    changes: list[tuple[dt.date, Outcome]],
    data: RulesData,
) -> dict[str, Any]:
    messages = data.messages
    case = evaluation.case
    rule_set = out.rule_set
    rules = [rule_set.rules[rule_id] for rule_id in out.rule_ids]
    next_change = None
    if changes:
        day, outcome = changes[0]
        next_change = {"date": day.isoformat(), "decision": outcome.decision}
    activity = case.activity

    steps: list[str] = []
    for key, raw in out.steps:
        specific = f"step_{key}_{activity}"
        text = _text(messages, specific if specific in messages else f"step_{key}", raw)
        if text not in steps:
            steps.append(text)
    for rule in rules:
        for text in rule.next_steps:
            if text not in steps:
                steps.append(text)

    sentences = [
        _text(
            messages,
            "summary",
            {
                "eval": case.evaluation_date,
                "rule_set": rule_set.valid_from,
                "activity": messages[f"activity_{activity}"],
                "decision": messages[f"decision_{out.decision}"],
            },
        )
    ]
    for key, raw in out.notes:
        sentence = _text(messages, f"note_{key}", raw)
        if sentence not in sentences:
            sentences.append(sentence)
    if out.decision not in NO_BA:
        sentences.append(messages["ba_required" if out.ba else "ba_not_required"])
    if next_change is not None:
        day, outcome = changes[0]
        if outcome.decision != out.decision:
            sentences.append(
                _text(
                    messages,
                    "next_change",
                    {"date": day, "decision": messages[f"decision_{outcome.decision}"]},
                )
            )
        else:
            key = "next_change_ba_free" if not outcome.ba else "next_change_ba_needed"
            sentences.append(_text(messages, key, {"date": day}))
    elif out.decision == "prohibited":
        sentences.append(messages["no_change"])
    uncertain = [rule.id for rule in rules if rule.confidence != "H"]
    if uncertain:
        sentences.append(_text(messages, "uncertain", {"ids": ", ".join(uncertain)}))
    missing = [messages[f"missing_{key}"] for key in out.missing]
    if missing:
        sentences.append(messages["missing_intro"])

    return {
        "decision": out.decision,
        "ba_approval_required": out.ba,
        "next_change": next_change,
        "rule_set": rule_set.id,
        "rules": [dict(rule.output) for rule in rules],
        "next_steps": steps,
        "explanation": " ".join(sentences),
        "missing_facts": missing,
        "timeline": [
            {
                "date": day.isoformat(),
                "decision": outcome.decision,
                "ba_approval_required": outcome.ba,
                "rule_set": outcome.rule_set.id,
            }
            for day, outcome in changes
        ],
        "key_dates": {name: day.isoformat() for name, day in sorted(out.dates.items())},
        "counting": evaluation.counting,
    }


def evaluate(case: Any, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Evaluate a contract case dict; returns the contract answer dict (raises CaseError)."""
    data = load()
    parsed = parse_case(case)
    evaluation = Evaluation(parsed, data, check_options(options, data))
    day = parsed.evaluation_date
    out = evaluation.at(day)
    changes = future(evaluation, day, out)
    return render(evaluation, out, changes, data)


def validate_case(case: Any, options: Mapping[str, Any] | None = None) -> None:
    """Raise CaseError if ``case`` is malformed or dated before the earliest rule set."""
    data = load()
    parsed = parse_case(case)
    check_options(options, data)
    data.rule_set_on(parsed.evaluation_date)
