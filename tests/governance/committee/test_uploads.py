"""Attachments and evidence over the API: checked by content, size and name before anything is kept."""

import base64
import hashlib

import pytest

from audit.context import Channel, bound
from governance.committee.models import Attachment, Evidence
from tests.governance.committee.test_transitions import _draft

API = "/api/v1/governance"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture
def draft(new_connection):
    with bound(channel=Channel.CLI):
        return _draft(new_connection)


def _attach(client, submission, *, filename, content, label="資料90-1"):
    return client.post(f"{API}/submissions/{submission.pk}/attachments/", {
        "label": label, "title": "個人情報の流れ", "filename": filename,
        "content_base64": base64.b64encode(content).decode()}, content_type="application/json")


def test_a_pdf_attachment_is_kept_with_its_normalised_name(as_user, draft):
    decomposed = "ハ\u309aンフ\u3099.pdf"  # パンブ in NFD, as macOS names files
    answer = _attach(as_user("hoiku"), draft, filename=f"../../etc/{decomposed}", content=PDF)
    assert answer.status_code == 201, answer.json()
    attachment = Attachment.objects.get(submission=draft)
    assert (attachment.filename, attachment.sha256) == ("パンブ.pdf", hashlib.sha256(PDF).hexdigest())


@pytest.mark.parametrize(("filename", "content", "code", "words"), [
    ("流れ.pdf", b"", "upload_empty", "空です"),
    ("流れ.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "upload_type", "HTML"),
    ("流れ.txt", b"<html><body>x</body></html>", "upload_type", "HTML"),
    ("流れ.pdf", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "upload_type", ".pdf"),
    ("\0\x01/..", PDF, "upload_name", "名前"),
])
def test_an_attachment_that_is_not_what_it_says_is_refused_and_nothing_is_kept(as_user, draft, filename, content,
                                                                                 code, words):
    answer = _attach(as_user("hoiku"), draft, filename=filename, content=content)
    assert answer.status_code == 400
    body = answer.json()
    assert (body["code"], body["field"]) == (code, "content_base64" if code != "upload_name" else "filename")
    assert words in body["message"]
    assert not Attachment.objects.filter(submission=draft).exists()


def test_a_nul_byte_and_a_folder_in_the_name_are_removed(as_user, draft):
    answer = _attach(as_user("hoiku"), draft, filename="..\\資料\0一覧.pdf", content=PDF)
    assert answer.status_code == 201, answer.json()
    assert Attachment.objects.get(submission=draft).filename == "資料一覧.pdf"


def test_a_300_character_name_is_cut_to_the_columns_200_keeping_its_extension(as_user, draft):
    answer = _attach(as_user("hoiku"), draft, filename="流" * 300 + ".pdf", content=PDF)
    assert answer.status_code == 201, answer.json()
    assert Attachment.objects.get(submission=draft).filename == "流" * 196 + ".pdf"


def test_a_file_without_a_name_is_refused(as_user, draft):
    answer = _attach(as_user("hoiku"), draft, filename="", content=PDF)
    assert (answer.status_code, answer.json()["code"]) == (400, "upload_name")


def test_evidence_is_checked_like_an_attachment(as_user, draft):
    checklist = draft.checklists.get()
    client = as_user("hoiku")
    refused = client.post(f"{API}/submissions/{draft.pk}/checklists/{checklist.pk}/evidence/", {
        "code": "ward.op.1", "filename": "特記事項.pdf",
        "content_base64": base64.b64encode(b"<html>not a pdf</html>").decode()}, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (400, "upload_type")
    assert not Evidence.objects.exists()
    kept = client.post(f"{API}/submissions/{draft.pk}/checklists/{checklist.pk}/evidence/", {
        "code": "ward.op.1", "filename": "/tmp/特記事項.pdf", "content_base64": base64.b64encode(PDF).decode()},
        content_type="application/json")
    assert kept.status_code == 201, kept.json()
    assert kept.json()["filename"] == "特記事項.pdf"


def test_a_20_mb_json_body_is_a_413_json_answer_naming_the_limit(as_user, draft, settings):
    answer = _attach(as_user("hoiku"), draft, filename="大きい.pdf", content=PDF + b"0" * (20 * 1000 * 1000))
    assert answer.status_code == 413
    assert answer["Content-Type"] == "application/json"
    body = answer.json()
    assert (body["code"], body["details"]) == ("request_too_large",
                                                {"max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}" in body["message"]
    assert not Attachment.objects.filter(submission=draft).exists()
