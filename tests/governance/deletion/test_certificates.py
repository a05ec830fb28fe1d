"""The vendor uploads a deletion certificate; the ward confirms (the request closes) or rejects it.
Every refusal names what is wrong, is audited, and changes nothing."""

import hashlib
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from common.errors import Conflict, Forbidden, InvalidInput, NotFound
from governance.deletion.models import DeletionCertificate, DeletionRequest
from governance.deletion.services import (
    deletion_certificate_confirm,
    deletion_certificate_reject,
    deletion_certificate_upload,
    deletion_requests_open_for_subjects,
)
from governance.tenancy.models import User
from tests.governance.deletion.conftest import pdf_bytes, send

PDF = pdf_bytes()


@pytest.fixture
def open_request(nerima):
    channel, items, staff, vendor, ward = nerima
    send(channel, staff, items[:3], ["601", "602"])
    (request,) = deletion_requests_open_for_subjects(tenant_id=ward.pk, subjects=[("childcare.child", "601")],
                                                     reason="rule:1", as_of=date(2026, 6, 1))
    return request, vendor, staff


def sent_on(request) -> date:
    """The day the request's data was sent (the gate writes entries now; erasure dates are checked against it)."""
    return timezone.localdate(request.entries.get().entry.occurred_at)


def upload(request, vendor, **overrides):
    values = {"actor": vendor, "request_id": request.pk, "method": "overwrite",
              "media_identifiers": ["SRV-DISK-0012", " ", "BACKUP-LTO-7"], "erased_on": sent_on(request),
              "witness": "立会 太郎", "content": PDF, "content_type": "application/pdf"}
    return deletion_certificate_upload(**{**values, **overrides})


def refused(call, error, *, contains: str, code: str):
    counts = (DeletionCertificate.objects.count(), list(DeletionRequest.objects.values_list("pk", "status")))
    refusals = AuditEvent.objects.filter(name="governance.deletion_certificate.refused").count()
    with pytest.raises(error) as exc:
        call()
    assert contains in exc.value.message, exc.value.message
    assert (DeletionCertificate.objects.count(), list(DeletionRequest.objects.values_list("pk", "status"))) == counts
    event = AuditEvent.objects.filter(name="governance.deletion_certificate.refused").order_by("-seq").first()
    assert AuditEvent.objects.filter(name="governance.deletion_certificate.refused").count() == refusals + 1
    assert event.data == {"code": code}
    return exc.value


def test_an_uploaded_certificate_is_stored_encrypted_with_its_hash(open_request):
    request, vendor, _ = open_request
    certificate = upload(request, vendor)

    request.refresh_from_db()
    assert request.status == "submitted"
    day = sent_on(request)
    stored = DeletionCertificate.objects.get(pk=certificate.pk)
    assert (stored.method, stored.media_identifiers, stored.erased_on, stored.size, stored.sha256) == (
        "overwrite", ["SRV-DISK-0012", "BACKUP-LTO-7"], day, len(PDF), hashlib.sha256(PDF).hexdigest())
    assert stored.pdf == PDF and stored.witness == "立会 太郎"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pdf, sealed_personal FROM governance_deletioncertificate WHERE id = %s",
                       [certificate.pk])
        raw_pdf, raw_witness = (bytes(v) for v in cursor.fetchone())
    assert b"%PDF" not in raw_pdf and "立会".encode() not in raw_witness
    event = AuditEvent.objects.get(name="governance.deletion_certificate.uploaded")
    assert event.data["sha256"] == stored.sha256 and "立会" not in str(event.data)


def test_a_file_that_is_not_a_pdf_is_refused(open_request):
    request, vendor, _ = open_request
    refused(lambda: upload(request, vendor, content=b"PK\x03\x04 a zip renamed to .pdf"), InvalidInput,
            contains="内容から見て ZIP / Office (docx, xlsx, pptx) です。受け付けるのは PDF です", code="pdf")


def test_a_truncated_pdf_is_refused(open_request):
    request, vendor, _ = open_request
    refused(lambda: upload(request, vendor, content=PDF[: len(PDF) // 2]), InvalidInput,
            contains="PDF ではありません: 末尾に startxref と %%EOF がありません", code="pdf")


def test_a_pdf_declared_as_another_type_is_refused(open_request):
    request, vendor, _ = open_request
    refused(lambda: upload(request, vendor, content_type="text/plain"), InvalidInput,
            contains="「text/plain」として送られました。受け付けるのは PDF（application/pdf）だけです", code="pdf")


def test_a_pdf_over_the_size_limit_is_refused(open_request, settings):
    request, vendor, _ = open_request
    settings.DELETION_CERTIFICATE_MAX_BYTES = len(PDF) - 1
    refused(lambda: upload(request, vendor), InvalidInput,
            contains=f"上限 {len(PDF) - 1:,} bytes を超えています", code="pdf")


def test_another_vendors_request_is_not_found(open_request, other_vendor):
    request, _, _ = open_request
    refused(lambda: upload(request, other_vendor), NotFound,
            contains=f"貴社宛ての削除依頼 {request.pk} はありません", code="not_found")


def test_missing_details_are_refused_by_name(open_request):
    request, vendor, _ = open_request
    refused(lambda: upload(request, vendor, witness="  "), InvalidInput, contains="消去の立会人を入力", code="witness")
    refused(lambda: upload(request, vendor, method="shredder"), InvalidInput, contains="消去方法を",
            code="method")
    refused(lambda: upload(request, vendor, media_identifiers=[""]), InvalidInput, contains="消去した媒体",
            code="media")
    day = sent_on(request)
    refused(lambda: upload(request, vendor, erased_on=day + timedelta(days=1), today=day), InvalidInput,
            contains="が未来の日付です", code="date")
    refused(lambda: upload(request, vendor, erased_on=day - timedelta(days=1)), InvalidInput,
            contains=f"がデータの送付日 ({day.isoformat()}) より前です", code="date")


def test_the_ward_confirms_and_the_request_closes(open_request):
    request, vendor, staff = open_request
    certificate = upload(request, vendor)

    deletion_certificate_confirm(actor=staff, certificate=certificate)

    request.refresh_from_db()
    certificate.refresh_from_db()
    assert (request.status, request.is_closed, certificate.status, certificate.decided_by) == (
        "confirmed", True, "confirmed", staff)
    assert AuditEvent.objects.filter(name="governance.deletion_certificate.confirmed",
                                     object_id=str(certificate.pk)).count() == 1
    with pytest.raises(Conflict, match="は既に"):
        deletion_certificate_confirm(actor=staff, certificate=certificate)


def test_only_the_owning_department_or_an_administrator_decides(open_request):
    request, vendor, _ = open_request
    certificate = upload(request, vendor)
    for username in ("hoiku", "uchida", "iin-nerima"):  # another ward's staff, the vendor, a committee member
        with pytest.raises(Forbidden, match="判断できるのは管理者と、授受したデータを保有する課の職員だけです"):
            deletion_certificate_confirm(actor=User.objects.get(username=username), certificate=certificate)
    certificate.refresh_from_db()
    assert certificate.status == "submitted"
    deletion_certificate_confirm(actor=User.objects.get(username="admin"), certificate=certificate)


def test_a_rejection_needs_a_reason_and_reopens_the_request_for_a_new_certificate(open_request):
    request, vendor, staff = open_request
    certificate = upload(request, vendor)
    with pytest.raises(InvalidInput, match="差し戻す理由を入力してください"):
        deletion_certificate_reject(actor=staff, certificate=certificate, reason=" ")
    certificate.refresh_from_db()
    assert certificate.status == "submitted"

    deletion_certificate_reject(actor=staff, certificate=certificate, reason="媒体番号が契約書と一致しない")

    request.refresh_from_db()
    certificate.refresh_from_db()
    assert (request.status, certificate.status, certificate.rejection_reason) == (
        "open", "rejected", "媒体番号が契約書と一致しない")
    second = upload(request, vendor, media_identifiers=["SRV-DISK-0013"])
    assert second.status == "submitted"


def test_a_second_upload_while_one_waits_is_refused(open_request):
    request, vendor, _ = open_request
    upload(request, vendor)
    refused(lambda: upload(request, vendor), Conflict, contains="には既に証明書があります", code="status")
