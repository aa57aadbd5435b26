"""Where to enter a missing fact: the engine names it in German, the file has a form for it.

The engine's ``missing_facts`` are sentences for people ("Registrierungsdatum fehlt"), taken
from its ``messages.toml`` (``missing_<key>``). To link each to the form where it is recorded,
the sentence is looked up there to find its key; a sentence not found (an engine of another
version) is matched by the contract path it names or by key words; one that matches nothing is
shown without a link.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .answers import FACT_SOURCES
from .engine import load_rules

#: The engine's missing-fact keys -> the contract path (``FACT_SOURCES``) where it is entered.
ENGINE_KEYS = {
    "current_document": "documents",
    "permit_section": "documents",
    "fiction_title": "documents",
    "stay_start": "documents",
    "duldung_start": "documents",
    "nationality": "person.nationality",
    "entry_date": "person.entry_date",
    "asylum": "asylum.request_date",
    "request_date": "asylum.request_date",
    "registration_date": "asylum.registration_date",
    "application_date": "asylum.application_date",
    "duldung_facts": "duldung.work_ban_60a6",
    "internship_kind": "internship_kind",
}

#: Key words (lower case, German and English) -> contract path, most specific first.
KEYWORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("12b", "rechtsberatung", "legal advice"), "asylum.withdrawal_after_legal_advice"),
    (
        ("während des asylverfahrens", "during the asylum procedure"),
        "employment_permitted_during_asylum_procedure",
    ),
    (("registrier", "registration"), "asylum.registration_date"),
    (("asylgesuch", "asylum request", "request_date"), "asylum.request_date"),
    (
        ("förmlich", "stellung des asylantrags", "formal application", "application_date"),
        "asylum.application_date",
    ),
    (("einreise", "entry"), "person.entry_date"),
    (
        (
            "nachweis der identität",
            "identitätsnachweis",
            "pass",
            "identity proof",
            "identity_proof",
        ),
        "person.identity_proof",
    ),
    (("identität", "identity"), "person.identity_clarified_on"),
    (("dublin", "überstellung"), "asylum.dublin_procedure"),
    (("anderen eu", "other eu", "mitgliedstaat"), "asylum.protection_in_other_eu_state"),
    (("beschleunigt", "accelerated"), "asylum.accelerated_procedure"),
    (("bestandskr", "rechtskr", "unanfechtbar", "final"), "asylum.decision_final_on"),
    (("aufschiebend", "suspensive"), "asylum.suspensive_effect_ordered"),
    (("rücknahme", "zurückgenommen", "withdraw"), "asylum.withdrawn_on"),
    (("mitwirkung", "cooperat"), "asylum.cooperation_breach"),
    (
        ("60a abs. 6", "60a(6)", "work_ban", "versagungsgrund", "beschäftigungsverbot"),
        "duldung.work_ban_60a6",
    ),
    (
        (
            "konkrete maßnahmen",
            "aufenthaltsbeendigung",
            "rückführung",
            "return measures",
            "concrete_return",
        ),
        "duldung.concrete_return_measures",
    ),
    (("staatsangehörigkeit", "herkunftsland", "nationality"), "person.nationality"),
    (("unbegleitet", "unaccompanied"), "person.unaccompanied_minor"),
    (("kinder", "children"), "person.minor_children_in_household"),
    (
        ("schutzstatus", "anerkennung", "protection_status", "protection status"),
        "person.protection_status",
    ),
    (("aufnahmeeinrichtung", "reception"), "reception_facility"),
    (("entscheidung", "bescheid", "decision"), "asylum.decision"),
    (
        (
            "aufenthaltstitel",
            "aufenthaltserlaubnis",
            "dokument",
            "duldung",
            "gestattung",
            "document",
            "section",
            "paragraph",
        ),
        "documents",
    ),
)


@dataclass(frozen=True)
class Missing:
    text: str
    path: str | None
    url_name: str | None


@functools.cache
def engine_keys_by_text() -> dict[str, str]:
    """The engine's missing-fact sentences -> their keys (``missing_<key>`` in messages.toml)."""
    return {
        str(text): key.removeprefix("missing_")
        for key, text in load_rules().messages.items()
        if key.startswith("missing_")
    }


def locate(text: str) -> str | None:
    """The contract path a missing-fact sentence names, or None."""
    key = engine_keys_by_text().get(text)
    if key in ENGINE_KEYS:
        return ENGINE_KEYS[key]
    lowered = text.lower()
    for path in FACT_SOURCES:
        if path in lowered:
            return path
    for words, path in KEYWORDS:
        if any(word in lowered for word in words):
            return path
    return None


def missing_with_links(missing_facts: list[str]) -> list[Missing]:
    found = []
    for text in missing_facts:
        path = locate(text)
        found.append(Missing(text, path, FACT_SOURCES[path][1] if path else None))
    return found
