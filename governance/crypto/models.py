"""Keys for personal fields (個人情報の暗号鍵): key rings, their key-encryption keys, per-record data keys.

Three levels (envelope encryption, see docs/decisions/0009-field-encryption.md):

- a *master key* lives outside the database, in a key provider (settings, a file, a KMS);
  only its id is stored here;
- each tenant has a :class:`KeyRing` whose :class:`KeyVersion` rows hold the tenant's
  key-encryption key (KEK) and blind-index key, both wrapped by a master key;
- each record has a :class:`DataKey`, wrapped by one version of its tenant's KEK.

Nothing in these tables is usable without the master key. Destroying a data key's wrapped bytes
makes every value sealed with it unreadable (crypto-shredding).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

PLATFORM_SCOPE = "platform"


class KeyRing(models.Model):
    """鍵束 — one tenant's key-encryption keys (or the platform's, for secrets that belong to no tenant)."""

    scope = models.CharField(max_length=40, unique=True,
                             help_text="'tenant:<municipality id>' or 'platform' (login secrets)")
    municipality = models.OneToOneField("governance.Municipality", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="key_ring")
    current_version = models.ForeignKey("governance.KeyVersion", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        help_text="Wraps new data keys; older versions remain until rotated away")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("key ring")

    def __str__(self):
        return self.scope


class KeyVersion(models.Model):
    """One generation of a ring's key-encryption key, wrapped by a master key named by its id."""

    ring = models.ForeignKey(KeyRing, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    master_key_id = models.CharField(max_length=64, db_index=True)
    wrapped_kek = models.BinaryField()
    # The blind-index key never changes for a ring (indexes would have to be recomputed); every
    # version carries its own wrapped copy so retiring an old master key loses nothing.
    wrapped_index_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("key version")
        constraints = [
            models.UniqueConstraint(fields=["ring", "number"], name="keyversion_unique_number_per_ring"),
        ]

    def __str__(self):
        return f"{self.ring.scope} v{self.number} ({self.master_key_id})"


class DataKey(models.Model):
    """A record's data key (データ鍵), wrapped by a version of its ring's KEK; empty once shredded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ring = models.ForeignKey(KeyRing, on_delete=models.PROTECT, related_name="data_keys")
    version = models.ForeignKey(KeyVersion, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="data_keys")
    wrapped = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    shredded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data key")
        indexes = [models.Index(fields=["ring", "version"], name="datakey_ring_version")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shredded_at__isnull=True, wrapped__isnull=False, version__isnull=False)
                | models.Q(shredded_at__isnull=False, wrapped__isnull=True, version__isnull=True),
                name="datakey_wrapped_unless_shredded",
            ),
        ]

    def __str__(self):
        return str(self.id)


class ShreddingMark(models.Model):
    """One row whose value changes in the same transaction as any data key is shredded (a database trigger).

    Read with every list of encrypted records (one scalar subquery, the same snapshot as the rows), it
    tells a process whether its cache of unwrapped data keys may still be trusted without looking at
    each key's row: an entry is used only under the mark its key's row was last seen whole with. The
    value is random rather than counted, so a database restored from a backup never returns to a
    mark that meant something else; no row reads as 0 (the trigger writes it). See
    governance.crypto.keyring, governance.crypto.database and docs/decisions/0009.
    """

    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("shredding mark")

    def __str__(self):
        return str(self.value)


class KeyRotation(models.Model):
    """Progress of re-wrapping a ring's data keys under one KEK version; an unfinished one is resumed."""

    ring = models.ForeignKey(KeyRing, on_delete=models.PROTECT, related_name="rotations")
    to_version = models.ForeignKey(KeyVersion, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rewrapped = models.PositiveIntegerField(default=0)
    batches = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("key rotation")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.ring.scope} → v{self.to_version.number}"


class RetiredMasterKey(models.Model):
    """A master key id that no stored key depends on any more; it may be removed from the provider."""

    key_id = models.CharField(max_length=64, unique=True)
    retired_at = models.DateTimeField(auto_now_add=True)
    versions_destroyed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("retired master key")

    def __str__(self):
        return self.key_id
