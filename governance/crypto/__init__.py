"""Field encryption for personal data (個人情報の暗号化): envelope encryption, blind indexes, rotation, shredding.

Declaring encrypted fields on a model (payments' payers, childcare's children and guardians …)::

    from django.db import models
    from governance.crypto import (BlindIndexField, EncryptedDateField, EncryptedJSONField,
                                   EncryptedModel, EncryptedTextField)

    class Guardian(EncryptedModel):
        municipality = models.ForeignKey("governance.Municipality", on_delete=models.PROTECT)
        name = EncryptedTextField("氏名")
        kana = EncryptedTextField("フリガナ", blank=True)
        phone = EncryptedTextField("電話番号", blank=True)
        birth_date = EncryptedDateField("生年月日", null=True)
        name_index = BlindIndexField(source="name", kind="name")
        kana_index = BlindIndexField(source="kana", kind="kana")
        phone_index = BlindIndexField(source="phone", kind="phone")

        encryption_tenant = "municipality"   # whose key ring wraps this record's data key (the default)

    class Allergy(EncryptedModel):
        municipality = models.ForeignKey("governance.Municipality", on_delete=models.PROTECT)
        child = models.ForeignKey(Child, on_delete=models.PROTECT)
        details = EncryptedJSONField("アレルギー")

        encryption_key_from = "child"        # share the child's data key: shredding the child shreds this

Using it::

    guardian = Guardian(municipality=ward, name="山田 太郎", phone="03-1234-5678")
    guardian.save()                              # data key issued, values sealed, indexes computed
    Guardian.objects.matching(tenant=ward, name="山田　太郎", phone="０３１２３４５６７８")  # exact match
    guardian.name                                # "山田 太郎" (opened on first read)
    record_shred(record=guardian, reason="erasure_request")   # every value of the record is gone

``EncryptedBinaryField`` holds bytes (an uploaded PDF certificate …) the same way.
Encrypted fields cannot be filtered, ordered, updated with ``QuerySet.update`` or serialised
(:class:`PlaintextRefused`); search them through a :class:`BlindIndexField`. For many new
records at once call :func:`data_keys_provision` before ``bulk_create``. ``DecryptionFailed``
means the ciphertext was altered or belongs to another row, field, tenant or relation (or the
data key to another tenant's ring); ``RecordShredded`` that the data key was destroyed (and the
record's blind indexes with it). Keys come from the provider named by ``FIELD_KEY_PROVIDER``
(:mod:`governance.crypto.providers`); see docs/decisions/0009-field-encryption.md and 0017.
"""

from governance.crypto.errors import (
    CryptoError,
    DecryptionFailed,
    KeyStillInUse,
    KeyUnavailable,
    PlaintextRefused,
    RecordShredded,
)
from governance.crypto.fields import (
    BlindIndexField,
    EncryptedBinaryField,
    EncryptedDateField,
    EncryptedIntegerField,
    EncryptedJSONField,
    EncryptedModel,
    EncryptedQuerySet,
    EncryptedTextField,
    data_keys_provision,
)

__all__ = [
    "BlindIndexField",
    "CryptoError",
    "DecryptionFailed",
    "EncryptedBinaryField",
    "EncryptedDateField",
    "EncryptedIntegerField",
    "EncryptedJSONField",
    "EncryptedModel",
    "EncryptedQuerySet",
    "EncryptedTextField",
    "KeyStillInUse",
    "KeyUnavailable",
    "PlaintextRefused",
    "RecordShredded",
    "data_keys_provision",
]
