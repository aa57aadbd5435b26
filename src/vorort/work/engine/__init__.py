"""The labour-market-access rules engine (pure Python, no Django).

    from vorort.work.engine import evaluate, validate_case, CaseError, ACTIVITIES, rule_ids

``evaluate(case)`` takes a case in the contract's input format (docs/work-access.md) and
returns the answer: ``decision``, ``ba_approval_required``, ``next_change``, ``rule_set``,
``rules``, ``next_steps``, ``explanation``, ``missing_facts`` (plus ``timeline``,
``key_dates`` and ``counting``). ``validate_case(case)`` raises :class:`CaseError` with the
path of the wrong field. The rules are data in ``vorort/work/rules/*.toml``, read once.
"""

from .answer import evaluate, validate_case
from .model import ACTIVITIES, DOCUMENT_TYPES, INTERNSHIP_KINDS, CaseError
from .periods import first_day_after, period_end
from .rules import load as load_rules
from .rules import rule_ids

__all__ = [
    "ACTIVITIES",
    "DOCUMENT_TYPES",
    "INTERNSHIP_KINDS",
    "CaseError",
    "evaluate",
    "first_day_after",
    "load_rules",
    "period_end",
    "rule_ids",
    "validate_case",
]
