"""Work access in the case file: the facts the engine needs and the process steps per person.

``WorkAccessFacts`` holds what the rules engine reads but the rest of the case file does not
record (entry date, identity, Dublin, finality, § 60a Abs. 6 grounds…). A yes/no fact has a
third value, "unknown" (``None``): the mapper passes it on as ``null`` and the engine names it
as missing when it matters, instead of anyone guessing "no".

``WorkProcessStep`` is one step of the structured process from the waiting period to work
(Beschäftigungserlaubnis, Ausbildungsduldung § 60c, Beschäftigungsduldung § 60d AufenthG).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vorort.core.models import TenantModel
from vorort.people.models import Person


class IdentityProof(models.TextChoices):
    PASSPORT = "passport", _("valid passport or passport substitute")
    OTHER = "other", _("other documents")


class ProtectionStatus(models.TextChoices):
    REFUGEE = "refugee", _("refugee status (§ 3 AsylG)")
    ASYLUM = "asylum", _("entitlement to asylum (Art. 16a GG)")
    SUBSIDIARY = "subsidiary", _("subsidiary protection (§ 4 AsylG)")


class WorkBan(models.TextChoices):
    """Grounds of § 60a Abs. 6 S. 1 AufenthG found by the Ausländerbehörde."""

    BENEFITS = "1", _("Nr. 1: came to obtain benefits under the AsylbLG")
    SELF_CAUSED = "2", _("Nr. 2: deportation blocked for self-caused reasons (e.g. identity)")
    SAFE_COUNTRY = "3", _("Nr. 3: safe country of origin, application rejected or withdrawn")


class WorkAccessFacts(TenantModel):
    """Facts for the work-access engine that the rest of the person's file lacks."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="work_facts")
    entry_date = models.DateField(_("entry into Germany"), null=True, blank=True)
    identity_clarified_on = models.DateField(_("identity clarified on"), null=True, blank=True)
    identity_proof = models.CharField(
        _("identity proven by"), max_length=10, choices=IdentityProof.choices, blank=True
    )
    unaccompanied_minor = models.BooleanField(
        _("unaccompanied minor"), null=True, blank=True, default=None
    )
    protection_status = models.CharField(
        _("recognised protection status"),
        max_length=12,
        choices=ProtectionStatus.choices,
        blank=True,
        help_text=_(
            "Only if it is not recorded as the outcome of the asylum procedure, e.g. a "
            "recognised person who still holds only a Duldung."
        ),
    )
    dublin_procedure = models.BooleanField(
        _("Dublin procedure (take-charge request or take-back notification sent)"),
        null=True,
        blank=True,
        default=None,
    )
    protection_in_other_eu_state = models.BooleanField(
        _("protection granted in another EU state"), null=True, blank=True, default=None
    )
    accelerated_procedure = models.BooleanField(
        _("accelerated procedure (Art. 42 Abs. 1 Reg. (EU) 2024/1348)"),
        null=True,
        blank=True,
        default=None,
    )
    decision_final_on = models.DateField(
        _("asylum decision final (bestandskräftig) on"), null=True, blank=True
    )
    suspensive_effect_ordered = models.BooleanField(
        _("court ordered suspensive effect"), null=True, blank=True, default=None
    )
    withdrawn_on = models.DateField(_("asylum application withdrawn on"), null=True, blank=True)
    withdrawal_after_legal_advice = models.BooleanField(
        _("withdrawal after legal advice (§ 12b AsylG)"), null=True, blank=True, default=None
    )
    cooperation_breach = models.BooleanField(
        _("breach of duties to cooperate found (§ 15 AsylG)"), null=True, blank=True, default=None
    )
    work_ban_60a6 = models.CharField(
        _("work ban under § 60a Abs. 6 AufenthG"),
        max_length=1,
        choices=WorkBan.choices,
        blank=True,
        help_text=_("Only a ground the Ausländerbehörde has found; leave empty otherwise."),
    )
    concrete_return_measures = models.BooleanField(
        _("concrete return measures (§ 60a Abs. 5b S. 2 AufenthG)"),
        null=True,
        blank=True,
        default=None,
    )
    employment_permitted_during_asylum_procedure = models.BooleanField(
        _("employment was permitted during the asylum procedure"),
        null=True,
        blank=True,
        default=None,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work-access facts")
        verbose_name_plural = _("work-access facts")

    def __str__(self) -> str:
        return str(_("Work-access facts of %(person)s") % {"person": self.person})


class ProcessPath(models.TextChoices):
    EMPLOYMENT_PERMIT = "employment_permit", _("Beschäftigungserlaubnis (employment permit)")
    AUSBILDUNGSDULDUNG = "ausbildungsduldung", _("Ausbildungsduldung (§ 60c AufenthG)")
    BESCHAEFTIGUNGSDULDUNG = "beschaeftigungsduldung", _("Beschäftigungsduldung (§ 60d AufenthG)")


class StepKind(models.TextChoices):
    # Beschäftigungserlaubnis (§ 61 AsylG, § 4a Abs. 4 AufenthG, §§ 32, 36 BeschV)
    JOB_OFFER = "job_offer", _("Job offer: employer and job found")
    EMPLOYER_DECLARATION = (
        "employer_declaration",
        _("Employer's “Erklärung zum Beschäftigungsverhältnis” received"),
    )
    PERMIT_APPLICATION = (
        "permit_application",
        _("Application for a Beschäftigungserlaubnis submitted to the Ausländerbehörde"),
    )
    BA_REQUESTED = "ba_requested", _("BA approval requested by the Ausländerbehörde")
    BA_GIVEN = "ba_given", _("BA approval given or deemed given (§ 36 Abs. 2 BeschV)")
    ABH_DECISION = "abh_decision", _("Decision of the Ausländerbehörde received")
    JOB_START = "job_start", _("Job start")
    # Ausbildungsduldung (§ 60c AufenthG)
    TRAINING_CONTRACT = "training_contract", _("Training contract signed")
    CHAMBER_REGISTRATION = (
        "chamber_registration",
        _("Entry in the chamber's register of training contracts applied for"),
    )
    APPLICATION_60C = (
        "application_60c",
        _("Application for an Ausbildungsduldung (§ 60c AufenthG) submitted"),
    )
    TRAINING_START = "training_start", _("Training start")
    # Beschäftigungsduldung (§ 60d AufenthG)
    EVIDENCE_60D = (
        "evidence_60d",
        _("Evidence collected: 12 months of employment, livelihood, German A2, identity"),
    )
    APPLICATION_60D = (
        "application_60d",
        _("Application for a Beschäftigungsduldung (§ 60d AufenthG) submitted"),
    )
    OTHER = "other", _("Other step")


class WorkProcessStep(TenantModel):
    """One step of a person's way to work, with its due date and who is responsible."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="work_steps")
    path = models.CharField(_("path"), max_length=30, choices=ProcessPath.choices)
    kind = models.CharField(_("step"), max_length=30, choices=StepKind.choices)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_steps",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("work process step")
        verbose_name_plural = _("work process steps")

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def is_overdue(self, on: dt.date) -> bool:
        return self.done_on is None and self.due_date is not None and self.due_date < on
