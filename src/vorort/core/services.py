"""Shared helpers for service functions: optimistic locking and audit attribution."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .errors import ConcurrentEditError, DomainError

M = TypeVar("M", bound=models.Model)


def lock_for_update(model: type[M], pk: Any, *, expected_version: int | None) -> M:
    """Fetch ``model`` row ``pk`` with a row lock; refuse if its version moved on.

    Call inside ``transaction.atomic``. ``expected_version`` is the version the user's form
    was rendered with; ``None`` skips the check (for changes that cannot conflict).
    """
    obj = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is not None and obj.version != expected_version:  # type: ignore[attr-defined]
        raise ConcurrentEditError(
            _(
                "Someone else changed this record while you were editing it. Your changes "
                "were not saved: please reload the page and enter them again."
            )
        )
    return obj


def save_audited(
    obj: models.Model, *, actor: Any, update_fields: Iterable[str] | None = None
) -> None:
    """Validate and save ``obj``, attributing the history entry to ``actor``.

    Raises DomainError (with the first message and its field) if model validation fails.
    """
    try:
        obj.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(str(messages[0]), field=None if field == "__all__" else field) from error
    obj._history_user = actor  # type: ignore[attr-defined]
    if update_fields is not None:
        fields = {*update_fields}
        if hasattr(obj, "version"):
            obj.version += 1
            fields.add("version")
        if hasattr(obj, "updated_at"):
            fields.add("updated_at")
        obj.save(update_fields=sorted(fields))
    else:
        obj.save()
