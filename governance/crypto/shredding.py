"""Crypto-shredding (暗号消去): destroy a record's data key so every value sealed with it is gone for good.

Copies of the ciphertext (replicas, dumps, backups) become unreadable once the data key's wrapped
bytes are gone from every copy of the key table too; rotating the tenant's KEK and retiring the
old master key afterwards makes older backups of the key table useless as well.

What was derived from the values goes in the same transaction: the blind indexes of every record
sealed with the key are cleared, so an erased person is neither found by a search (the tenant's
index key stays, and would still match the old digest) nor linked to another record by an equal
index.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, InvalidInput
from governance.crypto import keyring
from governance.crypto.fields import BATCH, RECORD_CRYPTO, BlindIndexField, EncryptedModel, _tenant_id
from governance.crypto.models import DataKey

SHRED_REASONS = {
    "retention_expired": "The retention period ended (保存期間満了)",
    "erasure_request": "The person asked for erasure (削除請求)",
    "collected_in_error": "Collected in error (誤収集)",
}


@transaction.atomic
def record_shred(*, record: models.Model, reason: str) -> DataKey:
    """Destroy an encrypted record's data key: its values (and those of records sharing the key) become unreadable."""
    if reason not in SHRED_REASONS:
        raise InvalidInput(
            _(
                "Unknown shredding reason '%(reason)s'; use one of %(sorted)s"
            )
            % {
                "reason": reason,
                "sorted": sorted(SHRED_REASONS),
            }, field="reason")
    if record.data_key_id is None:
        raise InvalidInput(
            _(
                "%(label)s %(pk)s has no data key: it was never saved"
            )
            % {
                "label": record._meta.label,
                "pk": record.pk,
            }, field="record")
    key = DataKey.objects.select_for_update().get(pk=record.data_key_id)
    if key.shredded_at is not None:
        raise Conflict(
            _(
                "The data key of %(label)s %(pk)s was already shredded on %(localtime)s"
            )
            % {
                "label": record._meta.label,
                "pk": record.pk,
                "localtime": f"{timezone.localtime(key.shredded_at):%Y-%m-%d %H:%M}",
            }, field="record")
    key.wrapped = None
    key.version = None
    key.shredded_at = timezone.now()
    key.save(update_fields=["wrapped", "version", "shredded_at"])
    _derived_values_clear([key.pk])
    keyring.data_keys_forget([key.pk])  # this process's cache; every other process sees the key's row
    record.__dict__.pop(RECORD_CRYPTO, None)
    for attname in _index_attnames(type(record)):  # the instance shows what its row now holds
        record.__dict__[attname] = None
    audit_record("governance.data_key.shredded", obj=record, tenant_id=_tenant_id(record),
                 data={"data_key": str(key.pk), "reason": reason})
    return key


@dataclass(frozen=True)
class ShredBatch:
    data_keys: int  # data keys destroyed by this call (a key shared by several records counts once)
    audit_seq: int | None


def records_shred(*, model: type[models.Model], tenant_id: int, pks: list, reason: str,
                  data_key_ids: list | None = None) -> ShredBatch:
    """Destroy the data keys of many records of one model and tenant at once; keys already shredded are skipped.

    The batch form of :func:`record_shred` for the retention sweep (100,000 records): one UPDATE and one
    audit event listing the references, inside the caller's transaction. ``data_key_ids`` saves a
    query when the caller already read the records' keys.
    """
    if reason not in SHRED_REASONS:
        raise InvalidInput(
            _(
                "Unknown shredding reason '%(reason)s'; use one of %(sorted)s"
            )
            % {
                "reason": reason,
                "sorted": sorted(SHRED_REASONS),
            }, field="reason")
    if not any(f.name == "data_key" for f in model._meta.fields):
        raise InvalidInput(
            _(
                "%(label)s has no encrypted fields, so it cannot be crypto-shredded"
            )
            % {
                "label": model._meta.label,
            },
                           field="model")
    if data_key_ids is None:
        data_key_ids = list(model._base_manager.filter(pk__in=pks, data_key__isnull=False)
                            .values_list("data_key_id", flat=True))
    live = list(DataKey.objects.select_for_update()
                .filter(pk__in={k for k in data_key_ids if k is not None}, shredded_at__isnull=True)
                .order_by("pk").values_list("pk", flat=True))
    if not live:
        return ShredBatch(0, None)
    DataKey.objects.filter(pk__in=live).update(wrapped=None, version=None, shredded_at=timezone.now())
    _derived_values_clear(live)
    keyring.data_keys_forget(live)
    event = audit_record("governance.data_keys.shredded", object_type=model._meta.label_lower, tenant_id=tenant_id,
                         data={"reason": reason, "records": [str(pk) for pk in pks],
                               "data_keys": [str(k) for k in live]})
    return ShredBatch(len(live), event.seq)


def _index_attnames(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def _derived_values_clear(data_key_ids: list) -> None:
    """Clear the blind indexes of every record sealed with these data keys, whatever its model.

    Every model is looked at, not only the one shredded: a record sharing the key
    (``encryption_key_from``) is erased with its owner and may carry indexes of its own.
    """
    for model in apps.get_models():
        if issubclass(model, EncryptedModel) and (attnames := _index_attnames(model)):
            model._base_manager.filter(data_key_id__in=data_key_ids).update(**dict.fromkeys(attnames))


def record_shredded(record: models.Model) -> bool:
    """Whether the record's data key was destroyed, so its values are gone (a page shows it as erased).

    No query when its key is open on the instance or in the process's cache under the shredding mark its
    list was read with; else the keys of its whole list are looked at at once (one query).
    """
    state = record.__dict__
    if record.data_key_id is None or state.get(RECORD_CRYPTO) is not None:
        return False
    batch = state.get(BATCH)
    if batch is not None and not batch.keys_done:
        batch.keys_find()
        if state.get(RECORD_CRYPTO) is not None:
            return False
    if "_dek_wrapped" in state:
        return state["_dek_wrapped"] is None
    return DataKey.objects.filter(pk=record.data_key_id, shredded_at__isnull=False).exists()
