"""Properties of the engine on arbitrary (well-formed) cases: it always answers consistently."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vorort.work.engine import ACTIVITIES, INTERNSHIP_KINDS, CaseError, evaluate, rule_ids
from vorort.work.engine.model import ASYLUM_DECISIONS, DOCUMENT_TYPES

DECISIONS = {"free", "entitled", "as_a_rule", "discretion", "prohibited"}
days = st.dates(min_value=dt.date(2014, 11, 6), max_value=dt.date(2029, 12, 31))
maybe_day = st.none() | days
flag = st.booleans()


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@st.composite
def cases(draw: Any) -> dict[str, Any]:
    documents = []
    start = draw(days)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(DOCUMENT_TYPES))
        length = draw(st.none() | st.integers(0, 900))
        doc: dict[str, Any] = {
            "type": kind,
            "from": start.isoformat(),
            "to": iso(start + dt.timedelta(days=length)) if length is not None else None,
        }
        if kind in ("residence_permit", "fiktionsbescheinigung"):
            doc["section"] = draw(
                st.none()
                | st.sampled_from(
                    ["25(1)", "25(2)", "25(3)", "25(4)", "24", "104c", "25b", "16a", "23(1)"]
                )
            )
        documents.append(doc)
        start = start + dt.timedelta(days=draw(st.integers(0, 700)))
    request = draw(maybe_day)
    asylum = None
    if request is not None and draw(flag):
        asylum = {
            "request_date": iso(request),
            "registration_date": iso(draw(maybe_day)),
            "application_date": iso(draw(maybe_day)),
            "dublin_procedure": draw(flag),
            "protection_in_other_eu_state": draw(flag),
            "accelerated_procedure": draw(flag),
            "decision": draw(st.none() | st.sampled_from(ASYLUM_DECISIONS)),
            "decision_final_on": iso(draw(maybe_day)),
            "suspensive_effect_ordered": draw(flag),
            "withdrawn_on": iso(draw(maybe_day)),
            "withdrawal_after_legal_advice": draw(flag),
            "cooperation_breach": draw(flag),
        }
    facility_start = draw(days)
    facility_end = draw(st.none() | st.integers(0, 800))
    activity = draw(st.sampled_from(ACTIVITIES))
    return {
        "evaluation_date": draw(days).isoformat(),
        "activity": activity,
        "internship_kind": draw(st.none() | st.sampled_from(INTERNSHIP_KINDS)),
        "person": {
            "nationality": draw(st.none() | st.sampled_from(["SY", "AL", "GE", "XK", "AF"])),
            "entry_date": iso(draw(maybe_day)),
            "identity_clarified_on": iso(draw(maybe_day)),
            "identity_proof": draw(st.none() | st.sampled_from(["passport", "other"])),
            "minor_children_in_household": draw(flag),
            "unaccompanied_minor": draw(flag),
            "protection_status": draw(st.none() | st.sampled_from(["refugee", "subsidiary"])),
        },
        "asylum": asylum,
        "documents": documents,
        "reception_facility": (
            [
                {
                    "from": facility_start.isoformat(),
                    "to": iso(facility_start + dt.timedelta(days=facility_end))
                    if facility_end is not None
                    else None,
                }
            ]
            if draw(flag)
            else []
        ),
        "duldung": draw(
            st.none()
            | st.fixed_dictionaries(
                {
                    "work_ban_60a6": st.none() | st.sampled_from(["1", "2"]),
                    "concrete_return_measures": flag,
                }
            )
        ),
        "employment_permitted_during_asylum_procedure": draw(flag),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_well_formed_case_gets_a_consistent_answer(case: dict[str, Any]) -> None:
    try:
        answer = evaluate(case)
    except CaseError as error:  # only the documented refusal
        assert error.field.startswith(("documents", "reception_facility", "evaluation_date"))
        return
    assert answer["decision"] in DECISIONS
    if answer["decision"] in ("free", "prohibited"):
        assert answer["ba_approval_required"] is None
    else:
        assert isinstance(answer["ba_approval_required"], bool)
    assert answer["rules"], "every answer names its rules"
    assert {rule["id"] for rule in answer["rules"]} <= rule_ids()
    change = answer["next_change"]
    if change is not None:
        assert change["date"] > case["evaluation_date"]
        assert change["decision"] in DECISIONS
        assert answer["timeline"][0]["date"] == change["date"]
        # The change is real: evaluated on that day, the case gives that decision.
        later = evaluate({**case, "evaluation_date": change["date"]})
        assert later["decision"] == change["decision"]
        before = evaluate(
            {**case, "evaluation_date": (dt.date.fromisoformat(change["date"])
                                         - dt.timedelta(days=1)).isoformat()}
        )  # fmt: skip
        assert (before["decision"], before["ba_approval_required"]) == (
            answer["decision"],
            answer["ba_approval_required"],
        )
    assert answer["explanation"] and all(answer["next_steps"])
    assert "–" not in "".join(answer["next_steps"]), "a step lacks a value"
