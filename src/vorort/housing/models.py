"""Housing: landlords, apartments, facilities and occupancy, KdU tables, needs, placements.

Money is stored as Decimal euros with cents. The rent the matcher compares with a household's
limit is the apartment's ``gross_cold_rent`` (net cold rent plus cold service costs, the
Bruttokaltmiete of § 22 SGB II), or the warm rent when the Kommune's KdU table caps that.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vorort.core.models import TenantModel
from vorort.people.models import Household, Period, Person

from .choices import (
    HOLDING_STATUSES,
    ApartmentStatus,
    FacilityKind,
    LandlordKind,
    OfferStatus,
    PlaceKind,
    PlacementStatus,
    PriorityLevel,
    RentBasis,
)

MONEY = {"max_digits": 9, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class District(TenantModel):
    """A part of the Kommune (Stadtteil) with an approximate centre for distances."""

    name = models.CharField(_("name"), max_length=120)
    municipality = models.CharField(
        _("municipality"),
        max_length=120,
        help_text=_("The town the district belongs to (for a Kreis with several towns)."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "municipality", "name"], name="housing_district_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name if self.name == self.municipality else f"{self.municipality}-{self.name}"


class Landlord(TenantModel):
    kind = models.CharField(_("kind"), max_length=20, choices=LandlordKind.choices)
    name = models.CharField(_("name"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    preferences = models.TextField(
        _("preferences"),
        blank=True,
        help_text=_("What the landlord wishes for (e.g. a family, a contact person nearby)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("landlord")
        verbose_name_plural = _("landlords")

    def __str__(self) -> str:
        return self.name


class Apartment(TenantModel):
    landlord = models.ForeignKey(
        Landlord,
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        related_name="apartments",
    )
    reference = models.CharField(
        _("apartment number"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("The Kommune's own number (Wohnungs-Nr.), the key of the spreadsheet import."),
    )
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5)
    municipality = models.CharField(
        _("municipality"), max_length=120, help_text=_("Town, as a Wohnsitzauflage names it.")
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="apartments",
    )
    rooms = models.DecimalField(
        _("rooms"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("Without kitchen and bathroom; half rooms as .5"),
    )
    area_m2 = models.DecimalField(
        _("living space (m²)"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("5"))],
    )
    floor = models.SmallIntegerField(
        _("floor"), default=0, help_text=_("0 = ground floor, -1 = basement")
    )
    has_lift = models.BooleanField(_("lift"), default=False)
    accessible = models.BooleanField(_("barrier-free (accessible)"), default=False)
    rent_net_cold = models.DecimalField(_("net cold rent (€)"), **MONEY)  # type: ignore[arg-type]
    service_costs_cold = models.DecimalField(
        _("cold service costs (€)"),
        default=Decimal("0"),
        **MONEY,  # type: ignore[arg-type]
    )
    heating_costs = models.DecimalField(
        _("heating costs (€)"),
        default=Decimal("0"),
        **MONEY,  # type: ignore[arg-type]
    )
    available_from = models.DateField(_("available from"))
    min_persons = models.PositiveSmallIntegerField(
        _("min. occupants"), default=1, validators=[MinValueValidator(1)]
    )
    max_persons = models.PositiveSmallIntegerField(
        _("max. occupants"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    smokers_allowed = models.BooleanField(_("smokers allowed"), default=False)
    benefit_recipients_welcome = models.BooleanField(_("benefit recipients welcome"), default=True)
    wbs_required = models.BooleanField(_("WBS required"), default=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApartmentStatus.choices,
        default=ApartmentStatus.OFFERED,
        db_index=True,
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality", "street"]
        verbose_name = _("apartment")
        verbose_name_plural = _("apartments")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_persons__lte=models.F("max_persons")),
                name="housing_apartment_min_le_max",
                violation_error_message=_(
                    "The minimum number of occupants must not exceed the maximum."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.street}, {self.postcode} {self.municipality}"

    @property
    def gross_cold_rent(self) -> Decimal:
        return self.rent_net_cold + self.service_costs_cold

    @property
    def gross_warm_rent(self) -> Decimal:
        return self.gross_cold_rent + self.heating_costs

    def rent_for(self, basis: str) -> Decimal:
        """The rent a KdU limit of ``basis`` is compared with."""
        return self.gross_warm_rent if basis == RentBasis.BRUTTOWARM else self.gross_cold_rent

    def clean(self) -> None:
        super().clean()
        if (
            self.min_persons is not None
            and self.max_persons is not None
            and self.min_persons > self.max_persons
        ):
            raise ValidationError(
                {
                    "min_persons": _(
                        "The minimum number of occupants (%(min)s) is larger than the "
                        "maximum (%(max)s)."
                    )
                    % {"min": self.min_persons, "max": self.max_persons}
                }
            )


class Facility(TenantModel):
    """A collective accommodation of the Kommune with a number of places."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            models.UniqueConstraint(fields=["kommune", "name"], name="housing_facility_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Occupancy(TenantModel, Period):
    """Who lived where from when to when: in a facility or in an apartment (exactly one).

    The basis of the cost reports (FlüAG): a person's days in a facility are counted from
    these periods. ``valid_to`` is the last night there; empty = still living there.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="occupancies")
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="occupancies",
    )
    apartment = models.ForeignKey(
        Apartment,
        verbose_name=_("apartment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="occupancies",
    )
    end_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")
        constraints = [
            models.CheckConstraint(
                condition=(Q(facility__isnull=False) & Q(apartment__isnull=True))
                | (Q(facility__isnull=True) & Q(apartment__isnull=False)),
                name="housing_occupancy_one_place",
                violation_error_message=_(
                    "An occupancy is either in a facility or in an apartment."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="housing_occupancy_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.facility or self.apartment}"

    @property
    def place(self) -> Facility | Apartment | None:
        return self.facility or self.apartment


class KduTable(TenantModel):
    """Appropriate costs of accommodation (KdU) by household size, as a Kommune publishes them.

    Limits change by the Kommune's concept (schlüssiges Konzept, § 22 SGB II); a table is dated
    and names its source. ``valid_from`` may be empty when the published page is undated: such a
    table applies until a dated one supersedes it, and ``verified`` stays false.
    """

    name = models.CharField(_("name"), max_length=200)
    area = models.CharField(
        _("area"),
        max_length=200,
        help_text=_("Vergleichsraum or towns the table applies to, e.g. “Paderborn”."),
    )
    rent_basis = models.CharField(
        _("rent basis"), max_length=12, choices=RentBasis.choices, default=RentBasis.BRUTTOKALT
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    extra_person_amount = models.DecimalField(
        _("per further person (€)"),
        help_text=_("Added for each person beyond the largest size in the table."),
        **MONEY,  # type: ignore[arg-type]
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, default="§ 22 Abs. 1 SGB II; § 35 SGB XII"
    )
    source = models.CharField(_("source"), max_length=500)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked against the Kommune's current publication."),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "-valid_from"]
        verbose_name = _("KdU table")
        verbose_name_plural = _("KdU tables")

    def __str__(self) -> str:
        return self.name

    def limit_for(self, persons: int) -> Decimal | None:
        """The limit for a household of ``persons``; beyond the table, per-person increments."""
        limits = {row.persons: row.max_rent for row in self.limits.all()}
        if not limits or persons < 1:
            return None
        if persons in limits:
            return limits[persons]
        largest = max(limits)
        if persons > largest:
            return limits[largest] + self.extra_person_amount * (persons - largest)
        return None

    def applies_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class KduLimit(TenantModel):
    table = models.ForeignKey(KduTable, on_delete=models.CASCADE, related_name="limits")
    persons = models.PositiveSmallIntegerField(_("persons"), validators=[MinValueValidator(1)])
    max_rent = models.DecimalField(_("limit (€)"), **MONEY)  # type: ignore[arg-type]
    max_area_m2 = models.DecimalField(
        _("max. living space (m²)"), max_digits=6, decimal_places=1, null=True, blank=True
    )

    class Meta:
        ordering = ["persons"]
        verbose_name = _("KdU limit")
        verbose_name_plural = _("KdU limits")
        constraints = [
            models.UniqueConstraint(fields=["table", "persons"], name="housing_kdu_limit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.persons}: {self.max_rent} €"


class HousingNeed(TenantModel):
    """What a household needs from an apartment. The household size is counted from its members.

    Nationality, religion and ethnic origin are not here and never reach the matcher.
    """

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="housing_need"
    )
    active = models.BooleanField(
        _("looking for an apartment"), default=True, help_text=_("Included in matchings.")
    )
    seeking_since = models.DateField(_("looking since"))
    move_in_by = models.DateField(
        _("wanted move-in by"),
        null=True,
        blank=True,
        help_text=_("Apartments available later are not proposed."),
    )
    rent_limit_override = models.DecimalField(
        _("rent limit (deviating)"),
        null=True,
        blank=True,
        help_text=_("Only with a reason; otherwise the Kommune's KdU table applies."),
        **MONEY,  # type: ignore[arg-type]
    )
    rent_limit_reason = models.CharField(
        _("reason for the deviating limit"), max_length=300, blank=True
    )
    needs_accessible = models.BooleanField(_("needs a barrier-free apartment"), default=False)
    required_municipality = models.CharField(
        _("Wohnsitzauflage (town)"),
        max_length=120,
        blank=True,
        help_text=_("Only apartments in this town are proposed."),
    )
    pets = models.BooleanField(_("has pets"), default=False)
    smokers = models.BooleanField(_("smokers in the household"), default=False)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=PriorityLevel.choices, default=PriorityLevel.NORMAL
    )
    priority_reason = models.CharField(_("reason for the priority"), max_length=300, blank=True)
    preferred_districts = models.ManyToManyField(
        District, verbose_name=_("preferred districts"), blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[preferred_districts])

    class Meta:
        verbose_name = _("housing need")
        verbose_name_plural = _("housing needs")

    def __str__(self) -> str:
        return f"{self.household}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.rent_limit_override is not None and not self.rent_limit_reason.strip():
            errors["rent_limit_reason"] = _(
                "A deviating rent limit needs a reason (e.g. a decision of the Jobcenter)."
            )
        if self.priority and not self.priority_reason.strip():
            errors["priority_reason"] = _("A raised priority needs a reason.")
        if errors:
            raise ValidationError(errors)


class ImportantPlace(TenantModel):
    """A place that matters to a household (school, workplace) located by its district."""

    need = models.ForeignKey(HousingNeed, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    label = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("important place")
        verbose_name_plural = _("important places")

    def __str__(self) -> str:
        return self.label


class MatchingRun(TenantModel):
    """One run of the matcher, with what came out of it (proposals are Placements)."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    apartment = models.ForeignKey(
        Apartment,
        verbose_name=_("only for apartment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    households = models.PositiveIntegerField(_("households"), default=0)
    apartments = models.PositiveIntegerField(_("apartments"), default=0)
    persons_housed = models.PositiveIntegerField(_("persons housed"), default=0)
    optimal = models.BooleanField(_("proven optimal"), default=False)
    gap = models.FloatField(_("gap"), default=0.0)
    solve_seconds = models.FloatField(_("solve time (s)"), default=0.0)
    unassigned = models.JSONField(
        _("households without proposal"),
        default=list,
        help_text=_("[{household: uuid, reasons: [...]}]"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M}"


class Placement(TenantModel):
    """A household in an apartment: from the matcher's proposal to the move-in and after.

    A person decides every step; accepting reserves the apartment in one transaction, and the
    constraint below guarantees that no two placements ever hold the same apartment.
    """

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="placements")
    apartment = models.ForeignKey(Apartment, on_delete=models.PROTECT, related_name="placements")
    run = models.ForeignKey(
        MatchingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlacementStatus.choices,
        default=PlacementStatus.PROPOSED,
        db_index=True,
    )
    reasons = models.JSONField(_("reasons"), default=list)
    score = models.FloatField(_("score"), default=0.0)
    persons = models.PositiveSmallIntegerField(_("persons"), default=1)
    rent_limit = models.DecimalField(_("rent limit (€)"), null=True, blank=True, **MONEY)  # type: ignore[arg-type]
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    viewing_at = models.DateTimeField(_("viewing appointment"), null=True, blank=True)
    viewing_place = models.CharField(_("meeting point"), max_length=200, blank=True)
    landlord_decided_on = models.DateField(_("landlord decided on"), null=True, blank=True)
    certificate_on = models.DateField(
        _("rent assumption certificate on"),
        null=True,
        blank=True,
        help_text=_("Mietübernahmebescheinigung of the paying office (Jobcenter, Sozialamt)."),
    )
    certificate_office = models.CharField(_("paying office"), max_length=200, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    lease_starts_on = models.DateField(_("lease starts on"), null=True, blank=True)
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager (tandem)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tandem_placements_managed",
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer (tandem)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tandem_placements",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["apartment"],
                condition=Q(status__in=[s.value for s in HOLDING_STATUSES]),
                name="housing_one_holding_placement_per_apartment",
                violation_error_message=_("This apartment is already reserved for a household."),
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status__in=[s.value for s in HOLDING_STATUSES]),
                name="housing_one_holding_placement_per_household",
                violation_error_message=_("This household already has a reserved apartment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} → {self.apartment}"


class FollowUpVisit(TenantModel):
    """A visit after the move-in (tandem): how the tenancy is going."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"))
    landlord_contacted = models.BooleanField(_("landlord contacted"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-visited_on"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")


class OfferSubmission(TenantModel):
    """An apartment offered through the public form, waiting for review by the Kommune.

    Nothing here is trusted: staff review it and take it over as landlord and apartment.
    """

    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.NEW
    )
    landlord_kind = models.CharField(_("you are"), max_length=20, choices=LandlordKind.choices)
    landlord_name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"))
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5)
    municipality = models.CharField(_("town"), max_length=120)
    rooms = models.DecimalField(_("rooms"), max_digits=3, decimal_places=1)
    area_m2 = models.DecimalField(_("living space (m²)"), max_digits=6, decimal_places=1)
    floor = models.SmallIntegerField(_("floor"), default=0)
    has_lift = models.BooleanField(_("lift"), default=False)
    accessible = models.BooleanField(_("barrier-free (accessible)"), default=False)
    rent_net_cold = models.DecimalField(_("net cold rent (€)"), **MONEY)  # type: ignore[arg-type]
    service_costs_cold = models.DecimalField(
        _("cold service costs (€)"),
        **MONEY,  # type: ignore[arg-type]
    )
    heating_costs = models.DecimalField(_("heating costs (€)"), **MONEY)  # type: ignore[arg-type]
    available_from = models.DateField(_("available from"))
    max_persons = models.PositiveSmallIntegerField(_("max. occupants"))
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    smokers_allowed = models.BooleanField(_("smokers allowed"), default=False)
    message = models.TextField(_("message"), blank=True)
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    apartment = models.ForeignKey(
        Apartment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("apartment offer")
        verbose_name_plural = _("apartment offers")

    def __str__(self) -> str:
        return f"{self.street}, {self.municipality}"
