"""Key rotation (鍵の更新) and retirement of master keys.

Rotation re-wraps a ring's data keys, batch by batch, under a KEK version wrapped by the current
master key. Values are never re-encrypted (their data keys do not change), so rotation touches
one short row per record. Each batch is its own transaction; readers keep working throughout
because a data key row always carries the version that wraps it, and old versions stay until
retired. Progress is a :class:`~governance.crypto.models.KeyRotation` row: an interrupted rotation
is continued by running it again, and running it when everything is current does nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from governance.crypto import keyring
from governance.crypto.errors import KeyStillInUse
from governance.crypto.models import DataKey, KeyRing, KeyRotation, KeyVersion, RetiredMasterKey
from governance.crypto.providers import get_provider


@dataclass(frozen=True)
class RotationResult:
    scope: str
    version: int
    master_key_id: str
    rewrapped: int
    resumed: bool
    started: bool


@transaction.atomic
def _rotation_begin(*, ring: KeyRing, new_tenant_key: bool) -> tuple[KeyRotation | None, bool]:
    ring = KeyRing.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=ring.pk)
    unfinished = ring.rotations.filter(finished_at__isnull=True).first()
    if unfinished is not None and unfinished.to_version_id == ring.current_version_id and not new_tenant_key:
        return unfinished, True
    if unfinished is not None:  # superseded by a newer version: the new rotation covers its keys too
        unfinished.finished_at = timezone.now()
        unfinished.save(update_fields=["finished_at"])
    current = ring.current_version
    master = get_provider().current_key_id()
    needs_version = new_tenant_key or current.master_key_id != master
    stale = DataKey.objects.filter(ring=ring, version__isnull=False).exclude(version=current).exists()
    if not needs_version and not stale:
        return None, False
    if needs_version:
        index_key = keyring.version_keys(current.pk).index_key
        ring.current_version = keyring.version_create(ring=ring, index_key=index_key)
        ring.save(update_fields=["current_version"])
    rotation = KeyRotation.objects.create(ring=ring, to_version=ring.current_version)
    audit_record("governance.key_rotation.started", obj=ring, tenant_id=ring.municipality_id,
                 data={"rotation": rotation.pk, "version": ring.current_version.number,
                       "master_key_id": ring.current_version.master_key_id})
    return rotation, False


@transaction.atomic
def _rotation_batch(*, rotation: KeyRotation, scope: str, batch_size: int) -> int:
    keys = list(DataKey.objects.select_for_update()
                .filter(ring_id=rotation.ring_id, version__isnull=False)
                .exclude(version_id=rotation.to_version_id)
                .order_by("pk")[:batch_size])
    for key in keys:
        dek = keyring.unwrap_data_key(key.wrapped, data_key_id=key.pk, version_id=key.version_id, scope=scope)
        key.wrapped = keyring.wrap_data_key(dek, data_key_id=key.pk, version_id=rotation.to_version_id)
        key.version_id = rotation.to_version_id
    if keys:
        DataKey.objects.bulk_update(keys, ["wrapped", "version"])
        keyring.data_keys_forget([key.pk for key in keys])  # cached under their old version
        KeyRotation.objects.filter(pk=rotation.pk).update(rewrapped=F("rewrapped") + len(keys),
                                                          batches=F("batches") + 1)
    return len(keys)


@transaction.atomic
def _rotation_finish(*, rotation: KeyRotation) -> KeyRotation:
    rotation = KeyRotation.objects.select_for_update().select_related("ring", "to_version").get(pk=rotation.pk)
    if rotation.finished_at is None:
        rotation.finished_at = timezone.now()
        rotation.save(update_fields=["finished_at"])
        audit_record("governance.key_rotation.finished", obj=rotation.ring, tenant_id=rotation.ring.municipality_id,
                     data={"rotation": rotation.pk, "version": rotation.to_version.number,
                           "rewrapped": rotation.rewrapped, "batches": rotation.batches})
    return rotation


def key_ring_rotate(*, ring: KeyRing, batch_size: int = 1000, new_tenant_key: bool = False,
                    on_batch: Callable[[int], None] | None = None) -> RotationResult:
    """Re-wrap every data key of a ring under the current master key, in batches; resumable and idempotent.

    A new KEK version is made when the ring's current one is wrapped by an older master key (or
    when ``new_tenant_key`` asks for a fresh tenant KEK); then every data key still wrapped by an
    older version is re-wrapped. ``on_batch`` is called with the running count after each batch.
    """
    rotation, resumed = _rotation_begin(ring=ring, new_tenant_key=new_tenant_key)
    if rotation is None:
        current = KeyVersion.objects.get(pk=KeyRing.objects.get(pk=ring.pk).current_version_id)
        return RotationResult(ring.scope, current.number, current.master_key_id, 0, False, False)
    done = 0
    while count := _rotation_batch(rotation=rotation, scope=ring.scope, batch_size=batch_size):
        done += count
        if on_batch is not None:
            on_batch(done)
    rotation = _rotation_finish(rotation=rotation)
    return RotationResult(ring.scope, rotation.to_version.number, rotation.to_version.master_key_id,
                          done, resumed, not resumed)


def master_key_usage(*, key_id: str) -> dict[str, int]:
    """How many rings (as current) and data keys still depend on a master key."""
    versions = KeyVersion.objects.filter(master_key_id=key_id)
    return {
        "versions": versions.count(),
        "current_in_rings": KeyRing.objects.filter(current_version__master_key_id=key_id).count(),
        "data_keys": DataKey.objects.filter(version__master_key_id=key_id).count(),
    }


@transaction.atomic
def master_key_retire(*, key_id: str) -> RetiredMasterKey:
    """Destroy the KEK versions a master key wraps, once nothing uses them; the key may then be removed."""
    if key_id == get_provider().current_key_id():
        raise KeyStillInUse(
            _(
                "The master key '%(key_id)s' is the current one; put a new key first in MIMAMORI_FIELD_KEYS and "
                "run rotate_keys before retiring it"
            )
            % {
                "key_id": key_id,
            }, field="key_id")
    if RetiredMasterKey.objects.filter(key_id=key_id).exists():
        raise KeyStillInUse(_("The master key '%(key_id)s' is already retired") % {"key_id": key_id}, field="key_id")
    # Lock the rings so no rotation or new version slips in between the check and the delete.
    list(KeyRing.objects.select_for_update().all())
    usage = master_key_usage(key_id=key_id)
    if usage["current_in_rings"] or usage["data_keys"]:
        raise KeyStillInUse(

                _(
                    "The master key '%(key_id)s' still wraps the current key of %(usage)s key ring(s) and "
                    "%(usage2)s data key(s); run rotate_keys for every tenant first"
                )
                % {
                    "key_id": key_id,
                    "usage": usage['current_in_rings'],
                    "usage2": usage['data_keys'],
                }, field="key_id",
            details=usage)
    deleted = KeyVersion.objects.filter(Q(master_key_id=key_id)).delete()[0]
    retired = RetiredMasterKey.objects.create(key_id=key_id, versions_destroyed=deleted)
    audit_record("governance.master_key.retired", obj=retired, data={"key_id": key_id, "versions_destroyed": deleted})
    return retired
