"""Models that declare encrypted fields exactly as a product app would (see governance.crypto)."""

from django.db import models

from governance.crypto import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedIntegerField,
    EncryptedJSONField,
    EncryptedModel,
    EncryptedTextField,
)


class Person(EncryptedModel):
    municipality = models.ForeignKey("governance.Municipality", on_delete=models.PROTECT)
    name = EncryptedTextField()
    kana = EncryptedTextField(blank=True, null=True)
    phone = EncryptedTextField(blank=True, null=True)
    email = EncryptedTextField(blank=True, null=True)
    birth_date = EncryptedDateField(null=True, blank=True)
    income = EncryptedIntegerField(null=True, blank=True)
    profile = EncryptedJSONField(null=True, blank=True)
    name_index = BlindIndexField(source="name", kind="name")
    kana_index = BlindIndexField(source="kana", kind="kana")
    phone_index = BlindIndexField(source="phone", kind="phone")
    email_index = BlindIndexField(source="email", kind="email")


class PersonNote(EncryptedModel):
    """Shares its person's data key: shredding the person shreds the note."""

    municipality = models.ForeignKey("governance.Municipality", on_delete=models.PROTECT)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField()

    encryption_key_from = "person"
