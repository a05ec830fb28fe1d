"""The auditors' subject trail, the deletion pages and the API."""

from datetime import date

import pytest
from django.utils import timezone

from audit.models import AuditEvent, AuditEventSubject
from common.errors import Forbidden, InvalidInput
from governance.deletion.models import DeletionCertificate, DeletionRequest
from governance.deletion.services import (
    deletion_certificate_confirm,
    deletion_certificate_upload,
    deletion_requests_open_for_subjects,
)
from governance.deletion.trail import subject_trail
from governance.tenancy.models import User
from tests.governance.deletion.conftest import pdf_bytes, send
from tests.support import audit_sealed

PDF = pdf_bytes()


def login(client, username):
    client.force_login(User.objects.get(username=username), backend="governance.tenancy.auth.RoleBackend")
    return client


@pytest.fixture
def erased(nerima):
    """Child 801's data went to the vendor twice; the vendor certified erasure and the ward confirmed."""
    channel, items, staff, vendor, ward = nerima
    first = send(channel, staff, items[:2], ["801", "802"]).entry
    second = send(channel, staff, items[:1], ["801"]).entry
    (request,) = deletion_requests_open_for_subjects(tenant_id=ward.pk, subjects=[("childcare.child", "801")],
                                                     reason="rule:1", as_of=timezone.localdate())
    certificate = deletion_certificate_upload(
        actor=vendor, request_id=request.pk, method="crypto_erase", media_identifiers=["KMS-KEY-3"],
        erased_on=timezone.localdate(first.occurred_at), witness="立会 花子", content=PDF,
        content_type="application/pdf")
    deletion_certificate_confirm(actor=staff, certificate=certificate)
    return first, second, request, certificate


def test_the_trail_shows_exchanges_the_request_and_the_confirmed_certificate(erased, nerima_auditor):
    first, second, request, certificate = erased
    trail = subject_trail(actor=nerima_auditor, subject_type="childcare.child", subject_id="801")

    assert [e.pk for e in trail.entries] == [first.pk, second.pk]
    assert [r.pk for r in trail.requests] == [request.pk]
    assert [s.kind for s in trail.steps] == ["exchange", "exchange", "deletion_requested", "certificate_submitted",
                                             "certificate_confirmed"]
    assert trail.steps[3].reference["sha256"] == certificate.sha256
    assert trail.unerased_entries == []
    assert "立会" not in str([s.reference for s in trail.steps])  # references and metadata only
    event = AuditEvent.objects.filter(name="governance.subject_trail.queried").latest("seq")
    assert (event.actor_id, event.subjects, event.data["entries"]) == (
        nerima_auditor.pk, [["childcare.child", "801"]], 2)
    audit_sealed()  # the sealer writes the subject index
    assert AuditEventSubject.objects.filter(event=event, subject_id="801").exists()


def test_local_erasure_events_for_the_subject_are_on_the_trail(nerima, nerima_auditor):
    from audit.services import audit_record

    ward = nerima[4]
    event = audit_record("governance.retention_batch.erased", object_type="governance.retentionrule", object_id="1",
                         tenant_id=ward.pk, subjects=[("childcare.child", "803")], data={"action": "crypto_shred"})
    trail = subject_trail(actor=nerima_auditor, subject_type="childcare.child", subject_id="803")
    assert [(s.kind, s.reference["audit_seq"], s.reference["action"]) for s in trail.steps] == [
        ("local_erasure", event.seq, "crypto_shred")]


def test_an_unconfirmed_exchange_is_flagged_and_other_roles_are_refused(nerima, nerima_auditor):
    channel, items, staff, vendor, _ = nerima
    entry = send(channel, staff, items[:1], ["804"]).entry
    assert [e.pk for e in subject_trail(actor=nerima_auditor, subject_type="childcare.child",
                                        subject_id="804").unerased_entries] == [entry.pk]
    for user in (staff, vendor):
        with pytest.raises(Forbidden, match="照会できるのは監査人"):
            subject_trail(actor=user, subject_type="childcare.child", subject_id="804")
    with pytest.raises(InvalidInput, match="は本人の種類"):
        subject_trail(actor=nerima_auditor, subject_type="child; drop", subject_id="804")
    # The 新宿区 auditor sees nothing of 練馬区's ledger.
    assert subject_trail(actor=User.objects.get(username="auditor"), subject_type="childcare.child",
                         subject_id="804").entries == []


def test_the_trail_page_and_api(client, erased, nerima_auditor):
    first, _, request, _ = erased
    client.force_login(nerima_auditor, backend="governance.tenancy.auth.RoleBackend")
    page = client.get("/deletion/trail/", {"subject_type": "childcare.child", "subject_id": "801"}).content.decode()
    assert "株式会社内田洋行" in page and f"request_id: {request.pk}" in page
    body = client.get("/api/v1/governance/subject-trail/",
                      {"subject_type": "childcare.child", "subject_id": "801"}).json()
    assert [s["kind"] for s in body["steps"]][:2] == ["exchange", "exchange"] and body["unerased_entry_ids"] == []
    assert body["steps"][0]["entry_id"] == first.pk
    login(client, "nerima")
    assert client.get("/deletion/trail/", {"subject_type": "childcare.child", "subject_id": "801"}).status_code == 403
    assert client.get("/api/v1/governance/subject-trail/",
                      {"subject_type": "childcare.child", "subject_id": "801"}).status_code == 403


def test_the_demo_vendor_sees_its_open_request_and_another_vendor_does_not(client, demo, other_vendor):
    request = DeletionRequest.objects.get(party__name="株式会社内田洋行")
    page = login(client, "uchida").get("/deletion/").content.decode()
    assert f'href="/deletion/{request.pk}/"' in page
    detail = client.get(f"/deletion/{request.pk}/").content.decode()
    assert "Upload the deletion certificate" in detail or "消去証明書をアップロード" in detail
    client.force_login(other_vendor, backend="governance.tenancy.auth.RoleBackend")
    assert f'href="/deletion/{request.pk}/"' not in client.get("/deletion/").content.decode()
    assert client.get(f"/deletion/{request.pk}/").status_code == 404
    assert client.get("/api/v1/governance/deletion-requests/").json() == []


def test_the_api_upload_refuses_another_vendor_and_a_non_pdf_then_accepts_and_the_ward_confirms(client, demo,
                                                                                                 other_vendor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = DeletionRequest.objects.get(party__name="株式会社内田洋行")
    url = f"/api/v1/governance/deletion-requests/{request.pk}/certificates/"
    form = {"method": "overwrite", "media_identifiers": "SRV-1\nSRV-2", "erased_on": timezone.localdate().isoformat(),
            "witness": "立会 次郎"}

    client.force_login(other_vendor, backend="governance.tenancy.auth.RoleBackend")
    response = client.post(url, {**form, "pdf": SimpleUploadedFile("c.pdf", PDF, "application/pdf")})
    assert response.status_code == 404 and "貴社宛ての削除依頼" in response.json()["message"]

    login(client, "uchida")
    response = client.post(url, {**form, "pdf": SimpleUploadedFile("c.pdf", b"hello", "application/pdf")})
    assert response.status_code == 400 and "内容から見て text です" in response.json()["message"]
    assert DeletionCertificate.objects.count() == 0

    response = client.post(url, {**form, "pdf": SimpleUploadedFile("c.pdf", PDF, "application/pdf")})
    assert response.status_code == 201, response.content
    certificate = response.json()
    assert certificate["media_identifiers"] == ["SRV-1", "SRV-2"] and certificate["status"] == "submitted"
    assert client.get(f"/api/v1/governance/deletion-certificates/{certificate['id']}/pdf/").content == PDF

    login(client, "nerima")
    decided = client.post(f"/api/v1/governance/deletion-certificates/{certificate['id']}/decision/",
                          {"decision": "confirm"}, content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "confirmed"
    assert client.get(f"/api/v1/governance/deletion-requests/{request.pk}/").json()["status"] == "confirmed"
    assert AuditEvent.objects.filter(name="governance.deletion_certificate.downloaded").count() == 1


def test_the_ward_rejects_on_the_page_with_a_reason(client, demo):
    request = DeletionRequest.objects.get(party__name="株式会社内田洋行")
    certificate = deletion_certificate_upload(
        actor=User.objects.get(username="uchida"), request_id=request.pk, method="degaussing",
        media_identifiers=["HDD-9"], erased_on=timezone.localdate(), witness="立会 三郎", content=PDF,
        content_type="application/pdf")
    login(client, "nerima")
    detail = client.get(f"/deletion/{request.pk}/").content.decode()
    assert "立会 三郎" in detail  # shown to the deciding ward …
    assert AuditEvent.objects.filter(name="audit.personal_data.read", fields=["立会者"]).exists()  # … as an access
    response = client.post(f"/deletion/certificates/{certificate.pk}/decide/",
                           {"decision": "reject", "reason": "署名がない"}, follow=True)
    certificate.refresh_from_db()
    request.refresh_from_db()
    assert (certificate.status, certificate.rejection_reason, request.status) == ("rejected", "署名がない", "open")
    assert "署名がない" in response.content.decode()


def test_the_due_date_is_the_configured_number_of_days_after_opening(demo, settings):
    request = DeletionRequest.objects.get(party__name="株式会社内田洋行")
    assert (request.due - request.opened_on).days == settings.DELETION_REQUEST_DUE_DAYS == 30
    assert request.opened_on <= date.today()


def test_the_portal_shows_a_refused_upload_with_its_reason_and_stores_nothing(client, demo, other_vendor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = DeletionRequest.objects.get(party__name="株式会社内田洋行")
    form = {"method": "overwrite", "media_identifiers": "SRV-1", "erased_on": timezone.localdate().isoformat(),
            "witness": "立会 四郎"}
    login(client, "uchida")
    response = client.post(f"/deletion/{request.pk}/certificate/",
                           {**form, "pdf": SimpleUploadedFile("memo.txt", b"just text", "text/plain")}, follow=True)
    assert "内容から見て text です。受け付けるのは PDF です" in response.content.decode()
    client.force_login(other_vendor, backend="governance.tenancy.auth.RoleBackend")
    response = client.post(f"/deletion/{request.pk}/certificate/",
                           {**form, "pdf": SimpleUploadedFile("c.pdf", PDF, "application/pdf")})
    assert response.status_code == 404
    assert DeletionCertificate.objects.count() == 0
    request.refresh_from_db()
    assert request.status == "open"
