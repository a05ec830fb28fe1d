"""The auditor's workspace: access events, searches, prebuilt questions, CSV, findings — all tenant-scoped."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from audit.analysis import audit_log_analyse
from audit.context import bound
from audit.models import AuditEvent, AuditEventSubject, AuditFinding, AuditTenantHead
from audit.registry import register_events
from audit.selectors import EventFilter, audit_event_search
from audit.services import audit_record, record_access
from common.errors import InvalidInput
from governance.demo import DEMO_PASSWORD
from governance.tenancy.models import Municipality, User
from tests.support import audit_sealed

TOKYO = ZoneInfo("Asia/Tokyo")
register_events({"audit.test_exchange.denied": "A test denial"})


@pytest.fixture
def tenants(demo):
    return Municipality.objects.get(name="新宿区"), Municipality.objects.get(name="練馬区")


# Searched subjects have ids from 90001 up: the demo's children have events of their own, and which ids they get
# depends on the tests run before on the same database.
def read(tenant, subjects, fields=("氏名",), **extra):
    with transaction.atomic():
        return record_access(subjects=subjects, fields=fields, purpose="一時保育の利用確認", tenant_id=tenant.pk,
                             **extra)


def test_access_event_names_subjects_fields_and_purpose_not_values(tenants):
    shinjuku, _ = tenants
    event = read(shinjuku, [("childcare.child", 7), ("childcare.child", 8)], fields=("氏名", "アレルギーの有無・内容"),
                 sensitive_fields=("アレルギーの有無・内容",))

    assert event.subjects == [["childcare.child", "7"], ["childcare.child", "8"]]
    assert event.fields == ["アレルギーの有無・内容", "氏名"]
    assert event.purpose == "一時保育の利用確認" and event.data == {"sensitive_fields": ["アレルギーの有無・内容"]}
    assert not AuditEventSubject.objects.filter(event_id=event.seq).exists()  # one row; the sealer indexes subjects
    audit_sealed()
    assert AuditEventSubject.objects.filter(event_id=event.seq).count() == 2


def test_auditor_finds_access_by_subject_and_not_other_tenants(tenants):
    shinjuku, nerima = tenants
    mine = read(shinjuku, [("childcare.child", 90007)])
    read(shinjuku, [("childcare.child", 90009)])
    read(nerima, [("childcare.child", 90007)])  # same id in another tenant: not this auditor's business
    auditor = User.objects.get(username="auditor")

    found = audit_event_search(actor=auditor, filters=EventFilter(subject_type="childcare.child", subject_id="90007"))

    assert [e.seq for e in found] == [mine.seq]


def test_filters_by_actor_channel_name_and_period(tenants):
    shinjuku, _ = tenants
    auditor, hoiku = User.objects.get(username="auditor"), User.objects.get(username="hoiku")
    with bound(actor_id=hoiku.pk):
        event = read(shinjuku, [("childcare.child", 1)], channel="export")
    today = event.occurred_at.astimezone(TOKYO).date()

    def search(**kw):
        return [e.seq for e in audit_event_search(actor=auditor, filters=EventFilter(**kw))]

    assert search(actor_id=hoiku.pk, channel="export", name="audit.personal_data", start=today, end=today) == [
        event.seq]
    assert search(actor_id=hoiku.pk, channel="web") == []
    assert search(start=date(today.year + 1, 1, 1)) == []


def test_malformed_filters_are_refused_by_name():
    with pytest.raises(InvalidInput, match="「yesterday」は start として正しくありません") as exc:
        EventFilter.from_params({"start": "yesterday"})
    assert exc.value.field == "start"
    with pytest.raises(InvalidInput, match="subject_type と subject_id の両方を指定してください"):
        EventFilter.from_params({"subject_type": "childcare.child"})
    with pytest.raises(InvalidInput, match="終了が開始より前です"):
        EventFilter.from_params({"start": "2026-04-02", "end": "2026-04-01"})


def test_api_search_is_for_auditors_and_is_itself_audited(client, tenants):
    shinjuku, _ = tenants
    target = read(shinjuku, [("childcare.child", 90042)])
    client.login(username="committee", password=DEMO_PASSWORD)
    assert client.get("/api/v1/audit/events/").status_code == 403

    client.login(username="auditor", password=DEMO_PASSWORD)
    response = client.get("/api/v1/audit/questions/subject_access/",
                          {"subject_type": "childcare.child", "subject_id": "90042"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["results"][0]["seq"] == target.seq
    # The event as written, with its MAC: its place in the chain is the sealer's (seal rows), not the event's.
    assert body["results"][0]["mac"] == target.mac and "hash" not in body["results"][0]
    query = AuditEvent.objects.filter(name="audit.events.queried").latest("seq")
    assert query.actor_id == User.objects.get(username="auditor").pk
    assert query.data == {"question": "subject_access", "result_count": 1,
                          "filters": {"name": "audit.personal_data.read", "subject_type": "childcare.child",
                                      "subject_id": "90042"}}


def test_question_without_its_parameter_is_refused(client, demo):
    client.login(username="auditor", password=DEMO_PASSWORD)
    response = client.get("/api/v1/audit/questions/actor_activity/")
    assert response.status_code == 400
    assert response.json() == {"error": "InvalidInput", "message": "質問「actor_activity」には actor_id が必要です",
                               "field": "actor_id"}


def test_csv_export_lists_the_matching_events(client, tenants):
    shinjuku, _ = tenants
    event = read(shinjuku, [("childcare.child", 90005)])
    client.login(username="auditor", password=DEMO_PASSWORD)

    response = client.get("/api/v1/audit/events/export.csv", {"subject_type": "childcare.child", "subject_id": "90005"})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [int(r["seq"]) for r in rows] == [event.seq]
    assert rows[0]["subjects"] == "childcare.child:90005" and rows[0]["fields"] == "氏名"
    assert rows[0]["mac"] == event.mac and "hash" not in rows[0]
    assert AuditEvent.objects.filter(name="audit.events.exported").exists()


def test_csv_export_writes_a_formula_inert_and_numbers_as_numbers(client, tenants):
    shinjuku, _ = tenants
    with transaction.atomic():
        event = audit_record("audit.test_exchange.denied", tenant_id=shinjuku.pk, subjects=[("childcare.child", 90006)],
                             purpose='=HYPERLINK("http://evil.example","click")')
    client.login(username="auditor", password=DEMO_PASSWORD)

    response = client.get("/audit/export.csv", {"subject_type": "childcare.child", "subject_id": "90006"})

    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    assert row["purpose"] == '\'=HYPERLINK("http://evil.example","click")'
    assert (row["seq"], row["tenant_id"]) == (str(event.seq), str(shinjuku.pk))


def test_workspace_page_searches_and_verifies(client, tenants):
    shinjuku, _ = tenants
    read(shinjuku, [("childcare.child", 90003)])
    client.login(username="auditor", password=DEMO_PASSWORD)

    page = client.get("/audit/", {"subject_type": "childcare.child", "subject_id": "90003"}).content.decode()
    assert "childcare.child:90003" in page and "1 件" in page
    fragment = client.get("/audit/", {"actor_id": "x"}, headers={"HX-Request": "true"}).content.decode()
    assert "は actor_id として正しくありません" in fragment and "<html" not in fragment
    assert "件を検証しました" in client.post("/audit/verify/").content.decode()


def test_api_verification_reports_the_chain(client, demo):
    client.login(username="auditor", password=DEMO_PASSWORD)
    audit_sealed()
    body = client.post("/api/v1/audit/verify/").json()
    assert body["ok"] is True and body["first_bad_seq"] is None and body["checked"] > 0
    sizes = dict(AuditTenantHead.objects.values_list("chain", "size"))
    assert body["chains"] and all(c["ok"] and c["checked"] == sizes[c["tenant_id"]] for c in body["chains"])
    one = client.post("/api/v1/audit/verify/?tenant=131041").json()
    assert [c["tenant_id"] for c in one["chains"]] == [Municipality.objects.get(code="131041").pk]
    refused = client.post("/api/v1/audit/verify/?tenant=999999")
    assert refused.status_code == 400 and "監査する自治体のコードではありません" in refused.content.decode()


def test_periodic_analysis_finds_each_kind_once_per_actor_and_day(demo, settings, monkeypatch):
    settings.AUDIT_MANY_SUBJECTS_PER_DAY = 2
    shinjuku = Municipality.objects.get(name="新宿区")
    hoiku, piyopiyo = User.objects.get(username="hoiku"), User.objects.get(username="piyopiyo")
    saturday_night = datetime(2026, 11, 21, 23, 30, tzinfo=TOKYO)
    monkeypatch.setattr("audit.services.timezone.now", lambda: saturday_night)

    with bound(actor_id=hoiku.pk):
        read(shinjuku, [("childcare.child", 1), ("childcare.child", 2), ("childcare.child", 3)],
             sensitive_fields=("アレルギーの有無・内容",), fields=("アレルギーの有無・内容",),
             actor_facility_ids=[10], subject_facility_ids=[10, 11])
    with bound(actor_id=piyopiyo.pk), transaction.atomic():
        audit_record("audit.test_exchange.denied", tenant_id=shinjuku.pk)

    count = audit_log_analyse(day=saturday_night.date())
    AuditFinding.objects.filter(kind="denied").update(status="acknowledged")
    again = audit_log_analyse(day=saturday_night.date())

    findings = set(AuditFinding.objects.values_list("actor_id", "kind"))
    assert findings == {(hoiku.pk, "after_hours"), (hoiku.pk, "sensitive_read"), (hoiku.pk, "many_subjects"),
                        (hoiku.pk, "other_facility"), (piyopiyo.pk, "denied")}
    assert count == again == 5
    assert AuditFinding.objects.get(kind="denied").status == "acknowledged"  # a rerun does not reopen it
    assert AuditFinding.objects.get(kind="many_subjects").count == 1
    assert audit_log_analyse(day=date(2026, 11, 22)) == 0


def test_auditor_resolves_a_finding(client, demo):
    shinjuku = Municipality.objects.get(name="新宿区")
    finding = AuditFinding.objects.create(tenant_id=shinjuku.pk, kind="denied", day=date(2026, 11, 1), key="x",
                                          count=1)
    client.login(username="auditor", password=DEMO_PASSWORD)

    response = client.patch(f"/api/v1/audit/findings/{finding.pk}/", {"status": "resolved", "note": "確認済"},
                            content_type="application/json")

    assert response.status_code == 200 and response.json()["status"] == "resolved"
    assert AuditEvent.objects.filter(name="audit.finding.updated", object_id=str(finding.pk)).exists()
    bad = client.patch(f"/api/v1/audit/findings/{finding.pk}/", {"status": "gone"}, content_type="application/json")
    assert bad.status_code == 400
    finding.refresh_from_db()
    assert finding.status == "resolved"
