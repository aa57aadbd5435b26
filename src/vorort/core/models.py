"""Tenancy (Kommune), users, memberships with roles, partner organisations, access log."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .ags import State, validate_ags
from .roles import Role, has_perm


class Kommune(models.Model):
    """A municipality: the tenant. Every tenant-owned record points at exactly one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short name"), unique=True, max_length=60)
    name = models.CharField(_("name"), max_length=200)
    ags = models.CharField(
        _("official municipality key (AGS)"),
        max_length=8,
        unique=True,
        help_text=_("8 digits, e.g. 05774032 for Paderborn"),
    )
    kreis = models.CharField(_("Kreis"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            validate_ags(self.ags, self.state or None)
        except ValidationError as error:
            raise ValidationError({"ags": error}) from error


class User(AbstractUser):
    """A person who logs in. What they may do depends on their memberships."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class PartnerOrganisation(models.Model):
    """An agency outside the integration centre that may receive shared data by consent."""

    class Kind(models.TextChoices):
        AUSLAENDERBEHOERDE = "auslaenderbehoerde", _("Ausländerbehörde (immigration office)")
        JOBCENTER = "jobcenter", _("Jobcenter")
        AGENTUR_FUER_ARBEIT = "agentur_fuer_arbeit", _("Agentur für Arbeit")
        SOZIALAMT = "sozialamt", _("Sozialamt (social office)")
        BERATUNG = "beratung", _("Advice centre")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)

    objects = ScopedManager(kommune="kommune")

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(fields=["kommune", "name"], name="partner_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one Kommune. A district (Kreis) user has several memberships."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    kommune = models.ForeignKey(Kommune, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Required for the role Partner: the agency the user works for."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "kommune"], name="one_role_per_kommune")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.kommune} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.role == Role.PARTNER and not self.organisation_id:
            raise ValidationError({"organisation": _("A partner user needs an organisation.")})
        if self.organisation_id and self.organisation.kommune_id != self.kommune_id:  # type: ignore[union-attr]
            raise ValidationError(
                {"organisation": _("The organisation belongs to another Kommune.")}
            )

    def can(self, permission: str) -> bool:
        return has_perm(self.role, permission)


class TenantModel(models.Model):
    """Base of every record that belongs to a Kommune.

    The scoped manager raises ``ScopeError`` on any query outside ``scope(kommune=…)``, so a
    forgotten filter fails loudly instead of leaking another Kommune's data. ``version`` is
    the optimistic lock: a form carries it, and a save against a changed version is refused.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[Any] = ScopedManager(kommune="kommune")

    class Meta:
        abstract = True


class AccessLog(models.Model):
    """Who opened special-category data (GDPR Art. 9), when, of whom and which category."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject_type = models.CharField(max_length=50)
    subject_uuid = models.UUIDField()
    subject_label = models.CharField(max_length=200)
    category = models.CharField(max_length=50)
    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    path = models.CharField(max_length=500)

    objects = ScopedManager(kommune="kommune")

    class Meta:
        ordering = ["-accessed_at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.user} → {self.subject_label} ({self.category})"
