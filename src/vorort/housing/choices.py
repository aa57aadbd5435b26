"""Choice lists of the housing app (stored codes in English, labels translated)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LandlordKind(models.TextChoices):
    PRIVATE = "private", _("private person")
    COMPANY = "company", _("housing company")
    COOPERATIVE = "cooperative", _("housing cooperative")
    MUNICIPAL = "municipal", _("municipal housing")


class ApartmentStatus(models.TextChoices):
    OFFERED = "offered", _("offered")
    RESERVED = "reserved", _("reserved")
    LET = "let", _("let")
    WITHDRAWN = "withdrawn", _("withdrawn")


class FacilityKind(models.TextChoices):
    GEMEINSCHAFTSUNTERKUNFT = "gu", _("Gemeinschaftsunterkunft")
    UEBERGANGSWOHNHEIM = "uewh", _("Übergangswohnheim")
    NOTUNTERKUNFT = "notunterkunft", _("Notunterkunft")
    OTHER = "other", _("other facility")


class RentBasis(models.TextChoices):
    """What a KdU limit caps (§ 22 SGB II: Produkttheorie on the Bruttokaltmiete)."""

    BRUTTOKALT = "bruttokalt", _("Bruttokaltmiete (net rent plus cold service costs)")
    BRUTTOWARM = "bruttowarm", _("Bruttowarmmiete (including heating)")


class PriorityLevel(models.IntegerChoices):
    NORMAL = 0, _("normal")
    RAISED = 1, _("raised")
    HIGH = 2, _("high")
    URGENT = 3, _("urgent (e.g. emergency shelter, medical)")


class PlaceKind(models.TextChoices):
    SCHOOL = "school", _("school or daycare")
    WORK = "work", _("workplace or training")
    DOCTOR = "doctor", _("doctor or therapy")
    FAMILY = "family", _("family or community")
    OTHER = "other", _("other place")


class PlacementStatus(models.TextChoices):
    """Steps of a placement, from the matcher's proposal to the move-in."""

    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted, apartment reserved")
    VIEWING = "viewing", _("viewing arranged")
    LANDLORD_ACCEPTED = "landlord_accepted", _("landlord agreed")
    CERTIFICATE = "certificate", _("rent assumption certified")
    CONTRACT = "contract", _("contract signed")
    MOVED_IN = "moved_in", _("moved in")
    REJECTED = "rejected", _("proposal rejected")
    SUPERSEDED = "superseded", _("proposal superseded")
    CANCELLED = "cancelled", _("cancelled")


#: Statuses that hold the apartment: at most one placement per apartment may be in one of them.
HOLDING_STATUSES = (
    PlacementStatus.ACCEPTED,
    PlacementStatus.VIEWING,
    PlacementStatus.LANDLORD_ACCEPTED,
    PlacementStatus.CERTIFICATE,
    PlacementStatus.CONTRACT,
)

#: Statuses after which nothing changes any more.
FINAL_STATUSES = (
    PlacementStatus.MOVED_IN,
    PlacementStatus.REJECTED,
    PlacementStatus.SUPERSEDED,
    PlacementStatus.CANCELLED,
)


class OfferStatus(models.TextChoices):
    NEW = "new", _("new, to review")
    ACCEPTED = "accepted", _("taken over as apartment")
    REJECTED = "rejected", _("rejected")
