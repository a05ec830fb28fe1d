"""保存期間 — retention rules, sweep runs with their progress, and the record of what each sweep erased.

A rule says how long one registered source's records (a model an app registered with
``governance.retention.register_source``) are kept for one business: a period counted from a
trigger date, and what happens when it ends. A sweep run walks every active rule in batches; its
progress rows hold a keyset cursor so a killed sweep resumes where the last committed batch ended.
Each erased record leaves a :class:`RetentionErasure` row (references only, never values): it is
the local half of a subject's erasure trail and what makes an anonymised record never go twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from governance.registry.models import DataItem, RegisteredBusiness
from governance.tenancy.models import Municipality, User


class RetentionTrigger(models.TextChoices):
    LAST_USE = "last_use", _("after the last use")
    DECISION = "decision", _("after the decision")
    CONTRACT_END = "contract_end", _("after the contract ends")
    CHILD_LEFT = "child_left", _("after the child leaves")


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("delete")
    CRYPTO_SHRED = "crypto_shred", _("crypto-shred")
    ANONYMISE = "anonymise", _("anonymise, keeping statistics")


class RetentionRule(models.Model):
    """How long a registered source's records are kept for a business, from which trigger, and what then."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="retention_rules")
    business = models.ForeignKey(RegisteredBusiness, on_delete=models.PROTECT, related_name="retention_rules")
    items = models.ManyToManyField(DataItem, blank=True, related_name="retention_rules",
                                   help_text="The business's data items the source's records hold")
    source = models.CharField(max_length=100, help_text="A registered retention source, e.g. childcare.child")
    trigger = models.CharField(max_length=20, choices=RetentionTrigger.choices)
    period_years = models.PositiveSmallIntegerField(default=0)
    period_months = models.PositiveSmallIntegerField(default=0)
    period_days = models.PositiveSmallIntegerField(default=0)
    action = models.CharField(max_length=20, choices=RetentionAction.choices)
    active = models.BooleanField(default=True, help_text="Inactive rules are kept but the sweep skips them")
    note = models.CharField(max_length=300, blank=True, help_text="Where the period comes from, e.g. 文書管理規程")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("retention rule")
        ordering = ["municipality", "business", "source"]
        constraints = [
            models.UniqueConstraint(fields=["business", "source"], name="retention_rule_one_per_business_source"),
            models.CheckConstraint(
                condition=models.Q(period_years__gt=0) | models.Q(period_months__gt=0) | models.Q(period_days__gt=0),
                name="retention_rule_period_positive",
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.period_label} {self.get_trigger_display()} → {self.get_action_display()}"

    @property
    def period_label(self) -> str:
        """The period in the reader's language: 5年, 1年 6か月."""
        parts = [ngettext("%(n)s year", "%(n)s years", self.period_years) % {"n": self.period_years}
                 if self.period_years else "",
                 ngettext("%(n)s month", "%(n)s months", self.period_months) % {"n": self.period_months}
                 if self.period_months else "",
                 ngettext("%(n)s day", "%(n)s days", self.period_days) % {"n": self.period_days}
                 if self.period_days else ""]
        return " ".join(p for p in parts if p)

    @property
    def source_label(self) -> str:
        """The source's name in the reader's language (児童), or its registered name if it is gone."""
        from governance.retention.sources import source_get  # the sources module imports this one

        source = source_get(self.source)
        return str(source.label) if source else self.source


class RetentionRun(models.Model):
    """One sweep over every active rule (of one tenant, or all); unfinished ones are resumed."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        SUPERSEDED = "superseded", _("superseded by a run with another date")

    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", help_text="Blank: every tenant")
    as_of = models.DateField(help_text="The day the sweep counts periods up to (a moved clock in the demo)")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    batch_size = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    erased = models.PositiveIntegerField(default=0)
    batches = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=1, help_text="1 + how many times a killed run was resumed")

    class Meta:
        verbose_name = _("retention sweep run")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["status", "as_of"], name="retention_run_status")]

    def __str__(self):
        return f"#{self.pk} as of {self.as_of} ({self.status})"


class RetentionProgress(models.Model):
    """How far a run got through one rule: the last primary key of the last committed batch."""

    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="progress")
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+")
    cursor = models.CharField(max_length=64, blank=True, help_text="Primary key of the last record looked at")
    erased = models.PositiveIntegerField(default=0)
    batches = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("retention sweep progress")
        constraints = [models.UniqueConstraint(fields=["run", "rule"], name="retention_progress_one_per_rule")]

    def __str__(self):
        return f"run {self.run_id} rule {self.rule_id} after {self.cursor or '-'}"


class RetentionErasure(models.Model):
    """One record a sweep erased: which source and record, whose data it was, how — never any value."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="erasures")
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="erasures")
    source = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    subject_type = models.CharField(max_length=30)
    subject_ref = models.CharField(max_length=64)
    action = models.CharField(max_length=20, choices=RetentionAction.choices)
    erased_at = models.DateTimeField()
    audit_seq = models.BigIntegerField(help_text="The audit event that records the batch this record went in")

    class Meta:
        verbose_name = _("retention erasure")
        ordering = ["-erased_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "source", "object_id"], name="retention_erasure_once"),
        ]
        indexes = [
            models.Index(fields=["municipality", "subject_type", "subject_ref"], name="retention_erasure_subject"),
        ]

    def __str__(self):
        return f"{self.source} {self.object_id} ({self.action})"
