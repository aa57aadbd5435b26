"""The person and case file: persons, households, residence history, cases, consent.

Periods (addresses, residence statuses, reception stays, household membership) are history:
they are added and closed, never overwritten, so rules and reports can read them as of a date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from vorort.core.models import PartnerOrganisation, TenantModel

from .choices import (
    AsylumDecision,
    CaseStatus,
    CEFRLevel,
    ConsentPurpose,
    DocumentType,
    Gender,
    GoalStatus,
    Language,
    ReceptionKind,
    Relation,
)
from .search import fold


class Period(models.Model):
    """A span of days; ``valid_to`` empty means open-ended."""

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_current(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class Person(TenantModel):
    first_name = models.CharField(_("first name"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    search_name = models.CharField(max_length=260, db_index=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    nationality = CountryField(
        _("nationality"),
        blank=True,
        help_text=_("For statistics only; never a criterion for matching or decisions."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    file_reference = models.CharField(
        _("file reference"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("Aktenzeichen of the immigration office or the municipality"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["kommune", "search_name"])]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold(f"{self.first_name} {self.last_name}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)


class HealthRecord(TenantModel):
    """Special-category data (Art. 9 GDPR). Every opening is written to the access log."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="health")
    needs_accessible_housing = models.BooleanField(_("needs accessible housing"), default=False)
    severe_disability = models.BooleanField(_("severely disabled (GdB ≥ 50)"), default=False)
    notes = models.TextField(_("health notes"), blank=True)

    # The audit keeps who changed the record and when, not the health notes themselves.
    history = HistoricalRecords(excluded_fields=["notes"])

    class Meta:
        verbose_name = _("health record")
        verbose_name_plural = _("health records")


class PersonLanguage(TenantModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    level = models.CharField(_("level"), max_length=2, choices=CEFRLevel.choices, blank=True)
    certified = models.BooleanField(
        _("certified"), default=False, help_text=_("Level proven by a certificate")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="one_level_per_language")
        ]


class Address(TenantModel, Period):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5)
    city = models.CharField(_("city"), max_length=120)
    care_of = models.CharField(_("c/o or facility"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


class Household(TenantModel):
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. “Familie Haddad”"))
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class HouseholdMember(TenantModel):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    joined_on = models.DateField(_("member since"))
    left_on = models.DateField(_("member until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["joined_on"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")


class ResidenceStatus(TenantModel, Period):
    """One residence document as issued: the history is the list of these periods."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="statuses")
    document_type = models.CharField(_("document"), max_length=40, choices=DocumentType.choices)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=120,
        blank=True,
        help_text=_("Section of the residence permit, e.g. “§ 25 Abs. 2 S. 1 Alt. 1 AufenthG”"),
    )
    work_entry = models.CharField(
        _("work-related entry as printed"),
        max_length=300,
        blank=True,
        help_text=_("e.g. “Beschäftigung nur mit Erlaubnis der Ausländerbehörde gestattet”"),
    )
    wohnsitzauflage = models.BooleanField(
        _("Wohnsitzauflage"),
        default=False,
        help_text=_("Obligation to live in a given place (§ 12a AufenthG, § 60 AsylG)"),
    )
    wohnsitzauflage_place = models.CharField(_("Wohnsitzauflage place"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("residence status")
        verbose_name_plural = _("residence statuses")
        indexes = [models.Index(fields=["kommune", "valid_to"])]

    def __str__(self) -> str:
        return str(self.get_document_type_display())


class AsylumProcedure(TenantModel):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="asylum")
    request_date = models.DateField(_("asylum request (Asylgesuch)"), null=True, blank=True)
    registration_date = models.DateField(
        _("registration (Ankunftsnachweis)"), null=True, blank=True
    )
    application_date = models.DateField(_("formal application at the BAMF"), null=True, blank=True)
    decision_date = models.DateField(_("decision"), null=True, blank=True)
    decision = models.CharField(
        _("outcome"), max_length=30, choices=AsylumDecision.choices, blank=True
    )
    bamf_reference = models.CharField(_("BAMF file reference"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("asylum procedure")
        verbose_name_plural = _("asylum procedures")


class ReceptionStay(TenantModel, Period):
    """A period in a reception facility (Aufnahmeeinrichtung) or shared accommodation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reception_stays")
    facility = models.CharField(_("facility"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ReceptionKind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("reception stay")
        verbose_name_plural = _("reception stays")

    def __str__(self) -> str:
        return self.facility


class PersonAssignment(TenantModel, Period):
    """A volunteer accompanies a person: the volunteer then sees the person's basic data."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    purpose = models.CharField(_("purpose"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer assignment")
        verbose_name_plural = _("volunteer assignments")

    def __str__(self) -> str:
        return f"{self.volunteer} → {self.person}"


class Consent(TenantModel):
    """Einwilligung: per purpose, data categories and recipient, given and withdrawn dates."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    data_categories = models.JSONField(_("data categories"), default=list)
    recipient = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    document = models.FileField(
        _("signed document"), upload_to="consents/%Y/", blank=True, max_length=300
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.recipient}"

    def is_active(self, on: dt.date) -> bool:
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)


class Case(TenantModel):
    """Fall: the work with one person (and their household) over time."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    reference = models.CharField(_("case number"), max_length=40, db_index=True)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_cases",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["kommune", "reference"], name="case_reference_unique")
        ]

    def __str__(self) -> str:
        return self.reference


class Goal(TenantModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["target_date", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")


class Task(TenantModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    due_date = models.DateField(_("due date"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")


class Note(TenantModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")


class Appointment(TenantModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")


class TimelineEntry(TenantModel):
    """One line of a person's timeline, written by the service that made the change."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="timeline")
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="timeline"
    )
    kind = models.CharField(max_length=50)
    summary = models.CharField(max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    occurred_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
