"""Apartments offered through the public form: store the submission, take it over, reject it.

Nothing a submission says is trusted: staff review it. Taking it over creates (or finds, by
e-mail) the landlord and creates the apartment as offered, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.core.models import Kommune
from vorort.core.services import lock_for_update

from ..choices import ApartmentStatus, OfferStatus
from ..models import Apartment, Landlord, OfferSubmission
from .records import apartment_create, landlord_create, save_named


@transaction.atomic
def offer_submit(
    *, kommune: Kommune, actor: Any, privacy_accepted_at: dt.datetime, **data: Any
) -> OfferSubmission:
    """Store a public offer as new (``actor`` is None: nobody is logged in)."""
    offer = OfferSubmission(
        kommune=kommune,
        status=OfferStatus.NEW,
        privacy_accepted_at=privacy_accepted_at,
        **{k: v.strip() if isinstance(v, str) else v for k, v in data.items()},
    )
    save_named(offer, actor=actor)
    return offer


def _open(offer: OfferSubmission, expected_version: int | None) -> OfferSubmission:
    locked = lock_for_update(OfferSubmission, offer.pk, expected_version=expected_version)
    if locked.status != OfferStatus.NEW:
        raise DomainError(
            _("This offer was reviewed already (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def offer_take_over(
    *, offer: OfferSubmission, actor: Any, expected_version: int | None = None
) -> Apartment:
    """Create the landlord (or link the one with the same e-mail) and the offered apartment."""
    locked = _open(offer, expected_version)
    landlord = (
        Landlord.objects.filter(kommune_id=locked.kommune_id, email__iexact=locked.email)
        .order_by("created_at", "id")
        .first()
    )
    if landlord is None:
        landlord = landlord_create(
            kommune=locked.kommune,
            actor=actor,
            kind=locked.landlord_kind,
            name=locked.landlord_name,
            phone=locked.phone,
            email=locked.email,
            notes=_("From the public offer form, %(date)s.")
            % {"date": timezone.localdate(locked.created_at).strftime("%d.%m.%Y")},
        )
    apartment = apartment_create(
        kommune=locked.kommune,
        actor=actor,
        status=ApartmentStatus.OFFERED,
        landlord=landlord,
        street=locked.street,
        postcode=locked.postcode,
        municipality=locked.municipality,
        rooms=locked.rooms,
        area_m2=locked.area_m2,
        floor=locked.floor,
        has_lift=locked.has_lift,
        accessible=locked.accessible,
        rent_net_cold=locked.rent_net_cold,
        service_costs_cold=locked.service_costs_cold,
        heating_costs=locked.heating_costs,
        available_from=locked.available_from,
        min_persons=1,
        max_persons=locked.max_persons,
        pets_allowed=locked.pets_allowed,
        smokers_allowed=locked.smokers_allowed,
        notes=locked.message,
    )
    locked.status = OfferStatus.ACCEPTED
    locked.apartment = apartment
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    save_named(
        locked, actor=actor, update_fields=["status", "apartment", "reviewed_by", "reviewed_at"]
    )
    return apartment


@transaction.atomic
def offer_reject(
    *, offer: OfferSubmission, actor: Any, note: str, expected_version: int | None = None
) -> OfferSubmission:
    note = note.strip()
    if not note:
        raise DomainError(_("Note: please say why the offer is rejected."), field="note")
    locked = _open(offer, expected_version)
    locked.status = OfferStatus.REJECTED
    locked.review_note = note[:500]
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    save_named(
        locked,
        actor=actor,
        update_fields=["status", "review_note", "reviewed_by", "reviewed_at"],
    )
    return locked
