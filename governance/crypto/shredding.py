"""Crypto-shredding (暗号消去): destroy a record's data key so every value sealed with it is gone for good.

Copies of the ciphertext (replicas, dumps, backups) become unreadable once the data key's wrapped
bytes are gone from every copy of the key table too; rotating the tenant's KEK and retiring the
old master key afterwards makes older backups of the key table useless as well.
"""

from django.db import models, transaction
from django.utils import timezone

from audit.services import audit_record
from common.errors import Conflict, InvalidInput
from governance.crypto.fields import _tenant_id
from governance.models.keys import DataKey

SHRED_REASONS = {
    "retention_expired": "The retention period ended (保存期間満了)",
    "erasure_request": "The person asked for erasure (削除請求)",
    "collected_in_error": "Collected in error (誤収集)",
}


@transaction.atomic
def record_shred(*, record: models.Model, reason: str) -> DataKey:
    """Destroy an encrypted record's data key: its values (and those of records sharing the key) become unreadable."""
    if reason not in SHRED_REASONS:
        raise InvalidInput(f"Unknown shredding reason '{reason}'; use one of {sorted(SHRED_REASONS)}", field="reason")
    if record.data_key_id is None:
        raise InvalidInput(f"{record._meta.label} {record.pk} has no data key: it was never saved", field="record")
    key = DataKey.objects.select_for_update().get(pk=record.data_key_id)
    if key.shredded_at is not None:
        raise Conflict(f"The data key of {record._meta.label} {record.pk} was already shredded on "
                       f"{timezone.localtime(key.shredded_at):%Y-%m-%d %H:%M}", field="record")
    key.wrapped = None
    key.version = None
    key.shredded_at = timezone.now()
    key.save(update_fields=["wrapped", "version", "shredded_at"])
    record.__dict__.pop("_crypto_aead", None)
    audit_record("governance.data_key.shredded", obj=record, tenant_id=_tenant_id(record),
                 data={"data_key": str(key.pk), "reason": reason})
    return key
