"""Operations support's API: the same roles, fields and audit as its pages."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from childcare.operations.models import AbsenceNotice, NewsletterRecipient
from tests.childcare.conftest import api_headers, child_named
from tests.childcare.operations.conftest import user

pytestmark = pytest.mark.django_db


def _tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def test_a_notice_sent_by_api_reaches_the_board_with_its_reason_for_the_nurse_only(client, zou):
    okada = child_named("岡田 葵")
    guardian = api_headers(client, "guardian")
    sent = client.post("/api/v1/operations/absences/", {
        "child": str(okada.record_uid), "date": _tomorrow(), "kind": "absent", "reason_kind": "illness",
        "reason": "38.5℃"}, content_type="application/json", headers=guardian)
    assert sent.status_code == 201, sent.content
    assert AbsenceNotice.objects.get(child=okada).reason == "38.5℃"
    mine = client.get("/api/v1/operations/absences/", headers=guardian).json()
    assert [(n["child"], n["reason"]) for n in mine] == [(str(okada.record_uid), "38.5℃")]

    board = f"/api/v1/operations/classes/{zou.pk}/board/?date={_tomorrow()}"
    worker = client.get(board, headers=api_headers(client, "hoikushi")).json()
    (line,) = [line for line in worker if line["record_uid"] == str(okada.record_uid)]
    assert (line["name"], line["status"], line["reason"]) == ("岡田 葵", "absent", None)
    nurse = client.get(board, headers=api_headers(client, "hoken")).json()
    (line,) = [line for line in nurse if line["record_uid"] == str(okada.record_uid)]
    assert line["reason"].endswith("38.5℃")
    reads = AuditEvent.objects.filter(name="audit.personal_data.read", purpose="childcare.operations.board",
                                      actor_id=user("hoken").pk)
    assert any("absence_notice.reason" in e.fields for e in reads)


def test_refusals_carry_the_pages_codes(client, zou):
    okada = child_named("岡田 葵")
    refused = client.post("/api/v1/operations/absences/", {
        "child": str(okada.record_uid), "date": _tomorrow(), "kind": "absent", "reason_kind": "family"},
        content_type="application/json", headers=api_headers(client, "hoikushi"))
    assert refused.status_code == 403  # the guardian portal is for guardians, as on the page
    bad = client.post("/api/v1/operations/absences/", {"child": str(okada.record_uid), "date": "2001-01-01",
                                                        "kind": "absent", "reason_kind": "family"},
                      content_type="application/json", headers=api_headers(client, "guardian"))
    assert bad.status_code == 400 and bad.json()["code"] == "operations.notice_date"
    assert client.get(f"/api/v1/operations/classes/{zou.pk}/board/",
                      headers=api_headers(client, "guardian")).status_code in (403, 404)
    assert not AbsenceNotice.objects.exists()


def test_a_newsletter_sent_by_api_reaches_that_class_only_and_counts_its_readers(client, zou, kirin):
    sent = client.post("/api/v1/operations/newsletters/", {"title": "ぞう組だより 12月", "body": "発表会",
                                                             "class_id": zou.pk},
                       content_type="application/json", headers=api_headers(client, "himawari"))
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert (body["class_id"], body["read"], body["recipients"]) == (zou.pk, 0, 2)
    listed = client.get("/api/v1/operations/newsletters/", headers=api_headers(client, "hoikushi")).json()
    assert [n["title"] for n in listed] == ["ぞう組だより 12月"]
    inbox = client.get("/api/v1/operations/family/newsletters/", headers=api_headers(client, "guardian")).json()
    assert [(n["title"], n["read"]) for n in inbox] == [("ぞう組だより 12月", False)]
    # ぞう組's family (岡田: two guardians) received it; きりん組's (加藤) did not.
    assert NewsletterRecipient.objects.filter(guardian__child_links__child=child_named("加藤 悠真")).count() == 0
    wrong = client.post("/api/v1/operations/newsletters/", {"title": "x", "class_id": 999999},
                        content_type="application/json", headers=api_headers(client, "hoikushi"))
    assert wrong.status_code == 400 and wrong.json()["code"] == "operations.newsletter_target"


def test_the_contact_book_by_api_for_the_family_and_the_class(client, zou):
    okada = child_named("岡田 葵")
    url = f"/api/v1/operations/contact/{okada.record_uid}/"
    written = client.post(url, {"body": "昨夜は早く寝ました"}, content_type="application/json",
                          headers=api_headers(client, "guardian"))
    assert written.status_code == 201 and written.json()["side"] == "home"
    entries = client.get(url, headers=api_headers(client, "hoikushi")).json()
    assert [e["body"] for e in entries] == ["昨夜は早く寝ました"]
    kato = child_named("加藤 悠真")
    assert client.get(f"/api/v1/operations/contact/{kato.record_uid}/",
                      headers=api_headers(client, "hoikushi")).status_code == 404  # not the worker's class
