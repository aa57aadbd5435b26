"""The change history of one Kommune, read from django-simple-history for the audit view.

Every audited model has its own history table. The page is found with one UNION query over
those tables (filtered by Kommune, newest first, 50 rows), then the rows of the page are
loaded per model with their user and their previous version: a bounded number of queries
(two per model that appears on the page), whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import CharField, OuterRef, Subquery, Value
from django.utils import formats
from django.utils.translation import gettext as _
from simple_history.models import registered_models

from .models import Kommune

PER_PAGE = 50

# Bookkeeping columns that change with every save and tell a reader nothing.
NOISE_FIELDS = frozenset({"version", "updated_at", "created_at", "search_name"})


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class AuditRow:
    when: dt.datetime
    who: Any
    what: str
    action: str
    object_ref: str
    changes: list[FieldChange] = field(default_factory=list)


def audited_history_models() -> dict[str, type[models.Model]]:
    """History models of every audited model that belongs to a Kommune, by model label."""
    found = {}
    for model in registered_models.values():
        history_model = getattr(model, "history", None)
        if history_model is None:
            continue
        history_model = history_model.model
        if "kommune" in {f.name for f in history_model._meta.get_fields()}:
            found[model._meta.label] = history_model
    return dict(sorted(found.items()))


def _entries(kommune: Kommune) -> Any:
    """(history_id, history_date, label) of every history row of ``kommune``, newest first."""
    queries = [
        history_model._default_manager.filter(kommune=kommune)
        .annotate(model_label=Value(label, output_field=CharField()))
        .values_list("history_id", "history_date", "model_label")
        .order_by()
        for label, history_model in audited_history_models().items()
    ]
    if not queries:
        return []
    first, *rest = queries
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def _display(model_field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if model_field is not None and model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime | dt.date):
        return str(formats.localize(value))
    return str(value)


def _changes(record: Any, previous: Any) -> list[FieldChange]:
    history_model = type(record)
    delta = record.diff_against(previous)
    changes = []
    for change in delta.changes:
        if change.field in NOISE_FIELDS:
            continue
        try:
            model_field = history_model._meta.get_field(change.field)
        except Exception:  # a field of an older schema
            model_field = None
        label = str(getattr(model_field, "verbose_name", change.field))
        changes.append(
            FieldChange(
                label=label,
                old=_display(model_field, change.old),
                new=_display(model_field, change.new),
            )
        )
    return changes


def _load(label: str, history_ids: list[int]) -> dict[int, tuple[Any, Any]]:
    """History rows ``history_ids`` of model ``label`` with their previous version each."""
    history_model = audited_history_models()[label]
    pk_name = history_model.instance_type._meta.pk.attname  # type: ignore[attr-defined]
    previous = (
        history_model._default_manager.filter(
            **{pk_name: OuterRef(pk_name)}, history_date__lt=OuterRef("history_date")
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = list(
        history_model._default_manager.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(previous_id=Subquery(previous))
    )
    wanted = [r.previous_id for r in records if r.previous_id and r.history_type == "~"]
    previous_rows = history_model._default_manager.in_bulk(wanted, field_name="history_id")
    return {r.history_id: (r, previous_rows.get(r.previous_id)) for r in records}


def audit_page(kommune: Kommune, page_number: Any) -> tuple[Page[Any], list[AuditRow]]:
    """Page ``page_number`` of ``kommune``'s change history and its rows, newest first."""
    page = Paginator(_entries(kommune), PER_PAGE).get_page(page_number)
    by_label: dict[str, list[int]] = {}
    for history_id, _when, label in page.object_list:
        by_label.setdefault(label, []).append(history_id)
    loaded = {label: _load(label, ids) for label, ids in by_label.items()}
    rows = []
    for history_id, _when, label in page.object_list:
        record, previous = loaded[label][history_id]
        model = record.instance_type
        rows.append(
            AuditRow(
                when=record.history_date,
                who=record.history_user,
                what=str(model._meta.verbose_name),
                action=str(record.get_history_type_display()),
                object_ref=str(getattr(record, "uuid", "") or "")[:8],
                changes=_changes(record, previous) if previous is not None else [],
            )
        )
    return page, rows
