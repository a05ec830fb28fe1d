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
    health = EncryptedTextField(null=True, blank=True, sensitive=True)  # 要配慮個人情報: sealed apart
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


class RetainedFile(EncryptedModel):
    """A record kept for a retention period (tests of governance.retention): plain trigger dates, sealed values."""

    municipality = models.ForeignKey("governance.Municipality", on_delete=models.PROTECT)
    business = models.ForeignKey("governance.RegisteredBusiness", on_delete=models.PROTECT)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="files")
    name = EncryptedTextField()
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Kept by anonymisation")
    last_used_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised = models.BooleanField(default=False)


def retained_file_anonymise(queryset) -> None:
    """Drop the name and the link to the person; keep the birth year for statistics."""
    for record in queryset:
        record.name = "-"
        record.person = None
        record.anonymised = True
        record.save(update_fields=["name", "person", "anonymised"])
