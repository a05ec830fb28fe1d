"""A vendor user logs in with the second factor, finds the ward's deletion request in the portal and uploads
the signed deletion certificate (Debian's Chromium driven by Playwright)."""

import hashlib

import pytest
from django.utils import timezone

from governance.deletion.models import DeletionCertificate, DeletionRequest
from tests.browser.conftest import log_in, screenshot
from tests.governance.deletion.conftest import pdf_bytes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_vendor_uploads_a_deletion_certificate(page, live_server, demo):
    request = DeletionRequest.objects.get(party__name="株式会社内田洋行")
    pdf = pdf_bytes("certificate of erasure")
    page.goto(f"{live_server.url}/")
    log_in(page, "uchida")

    page.click(".capabilities a:has-text('消去依頼')")
    page.click(f"table.deletion-requests a[href='/deletion/{request.pk}/']")
    page.select_option("#id_method", "crypto_erase")
    page.fill("#id_media_identifiers", "SRV-DISK-0012\nBACKUP-LTO-7")
    page.fill("#id_erased_on", timezone.localdate().isoformat())
    page.fill("#id_witness", "立会 太郎")
    page.set_input_files("#id_pdf", {"name": "shomei.pdf", "mimeType": "application/pdf", "buffer": pdf})
    page.click("form.certificate-upload button[type=submit]")

    page.wait_for_selector("p.message.success")
    screenshot(page, "deletion-certificate-uploaded.png")
    assert "区の確認待ち" in page.locator("td.status").inner_text()
    assert page.locator("form.certificate-upload").count() == 0
    certificate = DeletionCertificate.objects.get(request=request)
    assert (certificate.method, certificate.media_identifiers, certificate.sha256) == (
        "crypto_erase", ["SRV-DISK-0012", "BACKUP-LTO-7"], hashlib.sha256(pdf).hexdigest())
