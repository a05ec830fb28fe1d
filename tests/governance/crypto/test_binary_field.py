"""EncryptedBinaryField: bytes sealed like the other encrypted fields, never mistaken for their ciphertext."""

import pytest
from django.db import connection, models, transaction

from governance.crypto import (
    DecryptionFailed,
    EncryptedBinaryField,
    EncryptedModel,
    PlaintextRefused,
    RecordShredded,
    keyring,
)
from governance.crypto.fields import Sealed
from governance.crypto.shredding import record_shred

PDF = b"%PDF-1.7\n\x00\x01\x02\xff certificate of deletion \xe5\x89\x8a\xe9\x99\xa4\n%%EOF"


class Certificate(EncryptedModel):
    """A model as a product app would declare one; its table exists only inside each test's transaction."""

    municipality = models.ForeignKey("governance.Municipality", on_delete=models.PROTECT, related_name="+")
    pdf = EncryptedBinaryField()
    scan = EncryptedBinaryField(null=True, blank=True)

    class Meta:
        app_label = "crypto_binary_test"
        db_table = "crypto_binary_test_certificate"


@pytest.fixture
def table(db):
    with connection.schema_editor() as editor:
        editor.create_model(Certificate)
    return Certificate


def _raw(pk: int, column: str = "pdf") -> bytes | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM crypto_binary_test_certificate WHERE id = %s", [pk])
        value = cursor.fetchone()[0]
    return None if value is None else bytes(value)


def _fresh(pk: int) -> Certificate:
    keyring.clear_caches()
    return Certificate.objects.get(pk=pk)


def test_bytes_round_trip_and_only_the_ciphertext_is_stored(table, ward):
    certificate = Certificate.objects.create(municipality=ward, pdf=PDF)

    stored = _raw(certificate.pk)
    assert stored[:1] == b"\x02" and len(stored) == 1 + 12 + len(PDF) + 16
    assert b"certificate of deletion" not in stored and b"%PDF" not in stored
    loaded = _fresh(certificate.pk)
    assert loaded.__dict__["pdf"].__class__ is Sealed  # still sealed until read
    assert loaded.pdf == PDF and loaded.pdf.__class__ is bytes
    assert loaded.scan is None and _raw(certificate.pk, "scan") is None


def test_plaintext_that_looks_like_a_ciphertext_is_sealed_not_stored_as_is(table, ward):
    # A plaintext starting with the format byte: with "bytes means sealed" it would have been written raw.
    lookalike = b"\x02" + bytes(range(40))
    certificate = Certificate.objects.create(municipality=ward, pdf=lookalike)

    assert _raw(certificate.pk) != lookalike
    assert certificate.pdf == lookalike
    assert _fresh(certificate.pk).pdf == lookalike


def test_unchanged_value_is_not_re_encrypted_and_a_new_one_is(table, ward):
    certificate = Certificate.objects.create(municipality=ward, pdf=PDF)
    before = _raw(certificate.pk)

    loaded = _fresh(certificate.pk)
    loaded.scan = bytearray(b"scan")
    loaded.save()
    assert _raw(certificate.pk) == before
    assert _fresh(certificate.pk).scan == b"scan"

    loaded = _fresh(certificate.pk)
    loaded.pdf = b"replaced"
    loaded.save()
    assert _raw(certificate.pk) != before
    assert _fresh(certificate.pk).pdf == b"replaced"


def test_ciphertext_moved_to_another_field_does_not_decrypt(table, ward):
    certificate = Certificate.objects.create(municipality=ward, pdf=PDF, scan=b"scan")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_binary_test_certificate SET scan = pdf WHERE id = %s", [certificate.pk])

    loaded = _fresh(certificate.pk)
    assert loaded.pdf == PDF
    with pytest.raises(DecryptionFailed) as failure:
        _ = loaded.scan
    assert str(failure.value) == (
        f"The value of crypto_binary_test.Certificate.scan of record {certificate.record_uid} does not decrypt: "
        "it was altered, or it was sealed for another row, field, tenant, relation or key")


def test_plaintext_bytes_are_refused_in_filters_and_updates(table, ward):
    Certificate.objects.create(municipality=ward, pdf=PDF)
    with pytest.raises(PlaintextRefused):
        list(Certificate.objects.filter(pdf=PDF))
    with pytest.raises(PlaintextRefused), transaction.atomic():
        Certificate.objects.update(pdf=b"overwritten")
    assert _fresh(Certificate.objects.get().pk).pdf == PDF


def test_shredding_makes_the_bytes_unreadable(table, ward):
    certificate = Certificate.objects.create(municipality=ward, pdf=PDF)
    record_shred(record=certificate, reason="erasure_request")
    with pytest.raises(RecordShredded):
        _ = _fresh(certificate.pk).pdf
    assert Certificate.objects.get(pk=certificate.pk).__dict__["pdf"].__class__ is Sealed


def test_anything_but_bytes_is_refused_on_save(table, ward):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="pdf: bytes are expected"), transaction.atomic():
        Certificate.objects.create(municipality=ward, pdf="not bytes")
    assert Certificate.objects.count() == 0
