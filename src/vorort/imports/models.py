"""The audit record of every import: who, when, which file (name and checksum), what came of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vorort.core.models import TenantModel


class ImportRun(TenantModel):
    """One run of an import, stored after it ended, also when nothing was kept."""

    class Outcome(models.TextChoices):
        COMMITTED = "committed", _("imported")
        DRY_RUN = "dry_run", _("checked only (dry run)")
        REFUSED = "refused", _("refused: nothing imported")
        FAILED = "failed", _("failed: nothing imported")

    kind = models.CharField(_("kind"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(
        _("by (as text)"), max_length=150, help_text=_("“cli” for the command line")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    dry_run = models.BooleanField(_("dry run"), default=False)
    skip_invalid = models.BooleanField(_("invalid rows skipped"), default=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.get_outcome_display()})"


class ImportMapping(TenantModel):
    """The column mapping a Kommune confirmed last for a kind of import, reused next time.

    ``mapping`` is template column key -> the file's header as written (not a position), so
    it applies to the next file whenever that file has the same header names.
    """

    kind = models.CharField(_("kind"), max_length=20)
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")
        constraints = [
            models.UniqueConstraint(fields=["kommune", "kind"], name="import_mapping_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.kommune_id})"


def upload_path(instance: ImportUpload, filename: str) -> str:
    """A random name in a private folder: the original name is kept in ``file_name`` only."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{instance.uuid.hex}.{suffix}"


def errors_path(instance: ImportUpload, filename: str) -> str:
    return f"imports/{instance.uuid.hex}-fehler.xlsx"


class ImportUpload(TenantModel):
    """A spreadsheet uploaded in the web import wizard, from upload to the end of its import.

    The file lies in the default storage under ``imports/`` with a random name and is never
    served directly; it is deleted after the import and, if it is never imported, after
    ``IMPORT_UPLOAD_RETENTION_DAYS``. Counts are those of the last check or import.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("uploaded: assign the columns")
        CHECKING = "checking", _("being checked")
        VALIDATED = "validated", _("checked: ready to import")
        RUNNING = "running", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed: nothing imported")

    ACTIVE = (Status.CHECKING, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=20)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    headers = models.JSONField(_("headers of the file"), default=list)
    mapping = models.JSONField(
        _("column mapping"), default=dict, help_text=_("template column key -> column index")
    )
    skip_invalid = models.BooleanField(_("import only the valid rows"), default=False)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in total"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    errors = models.JSONField(
        _("errors"), default=list, help_text=_("[row, column, message] of the last check")
    )
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    errors_file = models.FileField(
        _("refused rows"), upload_to=errors_path, max_length=300, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_id = models.CharField(
        _("background task"), max_length=64, blank=True, help_text=_("django-tasks result id")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import upload")
        verbose_name_plural = _("import uploads")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
