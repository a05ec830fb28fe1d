"""Uploading a deletion certificate over the API: any body (or none) gets a specific answer, never a 500; large
certificates up to the limit are accepted; a name in Shift_JIS does not lose the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from governance.deletion.models import DeletionCertificate, DeletionRequest
from governance.tenancy.models import User

MIB = 1024 * 1024


def padded_pdf(size: int) -> bytes:
    """A well-formed PDF of exactly ``size`` bytes (a scanned certificate is mostly one large image stream)."""
    head = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")

    def build(padding: int) -> bytes:
        stream = b"3 0 obj << /Length %d >> stream\n" % padding + b"0" * padding + b"\nendstream endobj\n"
        body = head + stream
        return body + b"xref\n0 4\ntrailer << /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % len(body)

    padding = size - len(build(0))
    pdf = build(padding)
    return build(padding - (len(pdf) - size))


@pytest.fixture
def vendor_client(client, demo):
    client.force_login(User.objects.get(username="uchida"), backend="governance.tenancy.auth.RoleBackend")
    return client


@pytest.fixture
def url(demo):
    request = DeletionRequest.objects.get(party__name="株式会社内田洋行")
    return f"/api/v1/governance/deletion-requests/{request.pk}/certificates/"


FORM = {"method": "overwrite", "media_identifiers": "SRV-1\nSRV-2", "witness": "立会 次郎"}


def _form():
    return {**FORM, "erased_on": timezone.localdate().isoformat()}


@pytest.mark.parametrize("pk", ["own", 999999])
def test_no_body_at_all_is_a_400_naming_what_is_missing(vendor_client, url, pk):
    target = url if pk == "own" else f"/api/v1/governance/deletion-requests/{pk}/certificates/"
    response = vendor_client.generic("POST", target)  # no body and no content type at all
    assert response.status_code == (400 if pk == "own" else 404)
    assert response["Content-Type"] == "application/json"
    if pk == "own":
        assert response.json()["field"] == "method"
    assert not DeletionCertificate.objects.exists()


def test_a_form_without_the_pdf_is_refused_naming_the_field(vendor_client, url):
    response = vendor_client.post(url, _form())
    body = response.json()
    assert (response.status_code, body["field"], body["code"]) == (400, "pdf", "upload_missing")
    assert "「pdf」" in body["message"]


@pytest.mark.parametrize("size", [3 * 1000 * 1000, int(9.9 * MIB)])
def test_a_large_scanned_certificate_within_the_limit_is_accepted(vendor_client, url, size):
    pdf = padded_pdf(size)
    assert len(pdf) == size
    response = vendor_client.post(url, {**_form(), "pdf": SimpleUploadedFile("scan.pdf", pdf, "application/pdf")})
    assert response.status_code == 201, response.content[:500]
    assert response.json()["size"] == size
    assert DeletionCertificate.objects.get().pdf == pdf


def test_a_certificate_over_the_limit_is_refused_with_the_limit_named(vendor_client, url, settings):
    response = vendor_client.post(url, {**_form(), "pdf": SimpleUploadedFile(
        "scan.pdf", padded_pdf(int(10.1 * MIB)), "application/pdf")})
    body = response.json()
    assert (response.status_code, body["field"], body["code"]) == (400, "pdf", "upload_too_large")
    assert "10.0 MiB (10,485,760 bytes)" in body["message"] and settings.DELETION_CERTIFICATE_MAX_BYTES == 10 * MIB
    assert not DeletionCertificate.objects.exists()


def test_a_certificate_named_in_shift_jis_arrives(vendor_client, url):
    pdf = padded_pdf(4000)
    boundary = "mimamoriBoundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in _form().items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="'.encode()
                 + "消去証明書.pdf".encode("cp932") + b'"\r\nContent-Type: application/pdf\r\n\r\n' + pdf + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    response = vendor_client.generic("POST", url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 201, response.content
    assert DeletionCertificate.objects.get().pdf == pdf
