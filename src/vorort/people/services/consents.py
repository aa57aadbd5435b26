"""Writes of consents (Einwilligungen) and the check of their signed documents.

What a partner organisation sees follows the active consents naming it
(``selectors.persons_visible_to`` and ``visible_categories``): recording a consent opens the
person's named data categories to the recipient from ``given_on``, withdrawing closes them
from ``withdrawn_on`` (Art. 7 Abs. 3 DSGVO: withdrawal is possible at any time and works for
the future).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.core.models import PartnerOrganisation
from vorort.core.services import lock_for_update, save_audited

from ..choices import ConsentPurpose, DataCategory
from ..models import Consent, Person
from .timeline import timeline_record

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class DocumentKind:
    content_type: str
    extensions: tuple[str, ...]
    signature: bytes

    @property
    def extension(self) -> str:
        return self.extensions[0]


#: The file types a signed consent may be: recognised by their first bytes ("magic numbers").
DOCUMENT_KINDS = (
    DocumentKind("application/pdf", (".pdf",), b"%PDF-"),
    DocumentKind("image/png", (".png",), b"\x89PNG\r\n\x1a\n"),
    DocumentKind("image/jpeg", (".jpg", ".jpeg"), b"\xff\xd8\xff"),
)


def sniff_document(head: bytes) -> DocumentKind | None:
    """The kind of a file whose first bytes are ``head``, or None if not PDF, PNG or JPEG."""
    for kind in DOCUMENT_KINDS:
        if head.startswith(kind.signature):
            return kind
    return None


def read_head(handle: Any, size: int = 16) -> bytes:
    """The first ``size`` bytes of ``handle``; the position is back at the start afterwards."""
    handle.seek(0)
    head = handle.read(size)
    handle.seek(0)
    return head


def check_document(upload: UploadedFile) -> DocumentKind:
    """The kind of ``upload``; DomainError (field ``document``) if it is not acceptable.

    The content decides, not the name: the first bytes must be those of a PDF, PNG or JPEG
    file, and the name's extension must agree with them (a PNG called .pdf is refused too).
    """
    label = _("Signed document")
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise DomainError(
            _("%(field)s: the file is larger than 5 MB. Please scan it with a lower resolution.")
            % {"field": label},
            field="document",
        )
    if not upload.size:
        raise DomainError(_("%(field)s: the file is empty.") % {"field": label}, field="document")
    kind = sniff_document(read_head(upload))
    name = (upload.name or "").lower()
    if kind is None or not name.endswith(kind.extensions):
        raise DomainError(
            _(
                "%(field)s: only PDF, PNG or JPEG files are accepted, and the file's content "
                "must match its name. This file is not one of them."
            )
            % {"field": label},
            field="document",
        )
    return kind


def _check_dates(*, given_on: dt.date) -> None:
    if given_on > timezone.localdate():
        raise DomainError(_("Given on: the date cannot be in the future."), field="given_on")


@transaction.atomic
def consent_create(
    *,
    actor: Any,
    person: Person,
    purpose: str,
    data_categories: list[str],
    recipient: PartnerOrganisation,
    given_on: dt.date,
    document: UploadedFile | None = None,
) -> Consent:
    """Record a consent of ``person`` for ``recipient``; the document is stored under a new name.

    The file is stored under MEDIA_ROOT with a random name (never the uploaded name, which
    may carry personal data) and only ever served through the access-checked download view.
    """
    if purpose not in ConsentPurpose.values:
        raise DomainError(_("Purpose: please choose one of the offered values."), field="purpose")
    categories = [c for c in DataCategory.values if c in set(data_categories)]
    if not categories or len(categories) != len(set(data_categories)):
        raise DomainError(
            _("Data categories: please choose at least one of the offered categories."),
            field="data_categories",
        )
    if recipient.kommune_id != person.kommune_id:
        raise DomainError(
            _("Recipient: the organisation belongs to another Kommune."), field="recipient"
        )
    _check_dates(given_on=given_on)
    consent = Consent(
        kommune_id=person.kommune_id,
        person=person,
        purpose=purpose,
        data_categories=categories,
        recipient=recipient,
        given_on=given_on,
    )
    if document is not None:
        kind = check_document(document)
        document.name = f"{uuid.uuid4().hex}{kind.extension}"
        consent.document = document
    try:
        save_audited(consent, actor=actor)
        timeline_record(
            person=person,
            kind="consent.given",
            summary=_("Consent given to %(recipient)s (%(purpose)s)")
            % {"recipient": recipient.name, "purpose": ConsentPurpose(purpose).label},
            actor=actor,
        )
    except Exception:
        # The database rolls back; the file written to disk must go as well.
        if consent.document and consent.document.name:
            consent.document.storage.delete(consent.document.name)
        raise
    return consent


@transaction.atomic
def consent_withdraw(
    *,
    actor: Any,
    consent: Consent,
    withdrawn_on: dt.date,
    expected_version: int | None = None,
) -> Consent:
    """Withdraw ``consent`` as of ``withdrawn_on``; from that day the recipient sees nothing."""
    locked = lock_for_update(Consent, consent.pk, expected_version=expected_version)
    if locked.withdrawn_on is not None:
        raise DomainError(
            _("This consent was already withdrawn on %(date)s.")
            % {"date": locked.withdrawn_on.strftime("%d.%m.%Y")}
        )
    if withdrawn_on > timezone.localdate():
        raise DomainError(
            _("Withdrawn on: the date cannot be in the future."), field="withdrawn_on"
        )
    if withdrawn_on < locked.given_on:
        raise DomainError(
            _("Withdrawn on: the date cannot be before the consent was given (%(date)s).")
            % {"date": locked.given_on.strftime("%d.%m.%Y")},
            field="withdrawn_on",
        )
    locked.withdrawn_on = withdrawn_on
    save_audited(locked, actor=actor, update_fields=["withdrawn_on"])
    timeline_record(
        person=locked.person,
        kind="consent.withdrawn",
        summary=_("Consent for %(recipient)s withdrawn") % {"recipient": locked.recipient.name},
        actor=actor,
    )
    return locked
