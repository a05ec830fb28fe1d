"""The audit log: one chain of events, each keyed-hashed to the one before it."""

from django.db import models


class AuditEventQuerySet(models.QuerySet):
    """Append-only: bulk updates and deletes are refused (the database refuses them too)."""

    def update(self, **kwargs):
        raise TypeError("Audit events are append-only: they are never updated")

    def delete(self):
        raise TypeError("Audit events are append-only: they are never deleted")


class AuditEvent(models.Model):
    """監査ログ — one event: who did what to which object, through which channel.

    Holds references (object type and id) and field names, never personal values.
    """

    seq = models.BigIntegerField(primary_key=True, help_text="Position in the chain, gapless from 1")
    occurred_at = models.DateTimeField()
    name = models.CharField(max_length=100, help_text="Registered name, '<app>.<entity>.<past_verb>'")
    tenant_id = models.BigIntegerField(null=True, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=10)
    request_id = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list, blank=True, help_text="Names of the personal fields concerned")
    data = models.JSONField(default=dict, blank=True, help_text="References and codes, never values")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["tenant_id", "occurred_at"]),
            models.Index(fields=["object_type", "object_id", "occurred_at"]),
            models.Index(fields=["actor_id", "occurred_at"]),
            models.Index(fields=["name", "occurred_at"]),
        ]

    def __str__(self):
        return f"#{self.seq} {self.name}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Audit events are append-only: they are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only: they are never deleted")


class AuditChainHead(models.Model):
    """The newest event's position and hash, kept outside the event table.

    Updated in the same transaction as each append, so deleting the newest events leaves the
    head pointing past the end of the chain.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self):
        return f"head at #{self.seq}"
