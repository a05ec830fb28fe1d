"""A background job and the uploaded file it works on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.crypto.fields import EncryptedModel, EncryptedTextField


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    REFUSED = "refused", _("Refused; nothing was applied")
    FAILED = "failed", _("Stopped by an error")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.REFUSED, JobStatus.FAILED)


class StagedFile(EncryptedModel):
    """受付ファイル — an uploaded file kept, encrypted, until the job reading it has finished.

    The content lives under ``MIMAMORI_VAR_DIR/staged/`` sealed chunk by chunk with this record's data key; the
    name (which may well be a person's) is sealed in the row. Task arguments name the job, never the file."""

    municipality = models.ForeignKey("governance.Municipality", on_delete=models.PROTECT, related_name="+")
    name = EncryptedTextField(_("file name"))
    size_bytes = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staged file")

    def __str__(self):
        return f"staged file {self.pk}"


class BackgroundJob(models.Model):
    """バックグラウンド処理 — one run of a long piece of work: who started it, its state, and what it did."""

    municipality = models.ForeignKey(
        "governance.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="None for platform-wide work (e.g. every key ring)",
    )
    kind = models.CharField(max_length=40, help_text="A kind registered by the app that owns the work")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=10, default="ja", help_text="Messages and problems are written in it")
    task_id = models.CharField(max_length=64, unique=True)
    parameters = models.JSONField(default=dict, blank=True, help_text="Ids, dates and flags only, never values")
    staged_file = models.ForeignKey(StagedFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    output_file = models.ForeignKey(
        StagedFile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="What the job made (a PDF …), sealed, for its starter to download",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True, help_text="Counts, by name")
    problems = models.JSONField(default=list, blank=True, help_text="[{line, reason}], the first ones")
    problem_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result_url = models.CharField(max_length=300, blank=True, help_text="Where to see or fetch what the job made")

    class Meta:
        verbose_name = _("background job")
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self):
        return f"{self.kind} job {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
