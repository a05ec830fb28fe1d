"""Overdue deletion certificates: reminders, notices, a finding for auditors, a mail to the ward, and — with
EXCHANGE_DENY_ON_OVERDUE_DELETION on — the gate refuses new exchanges with that party (through the real policy)."""

import time
import uuid
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from kombu import Connection

from audit.models import AuditEvent, AuditFinding
from audit.selectors import audit_finding_list
from governance.deletion import tasks
from governance.deletion.models import DeletionNotice
from governance.deletion.services import deletion_requests_escalate, deletion_requests_open_for_subjects
from governance.exchange.gate import ExchangeDenied
from governance.exchange.models import HandoverLedgerEntry, LedgerSubject
from governance.tenancy.models import User
from tests.governance.deletion.conftest import send
from tests.test_celery_worker import broker, worker  # noqa: F401 — the real-worker fixtures

OPENED = date(2026, 1, 5)


@pytest.fixture
def due_request(nerima, settings):
    channel, items, staff, _, ward = nerima
    settings.DELETION_REQUEST_DUE_DAYS = 30
    send(channel, staff, items[:2], ["701"])
    (request,) = deletion_requests_open_for_subjects(tenant_id=ward.pk, subjects=[("childcare.child", "701")],
                                                     reason="rule:1", as_of=OPENED)
    assert request.due == date(2026, 2, 4)
    return request


def test_a_request_due_soon_is_reminded_once(due_request):
    assert deletion_requests_escalate(today=date(2026, 2, 1)) == {"reminded": 1, "escalated": 0}
    assert deletion_requests_escalate(today=date(2026, 2, 2)) == {"reminded": 0, "escalated": 0}
    notice = DeletionNotice.objects.get(request=due_request)
    assert (notice.kind, notice.day, notice.party.name) == ("deletion_reminder", date(2026, 2, 4), "株式会社内田洋行")
    assert AuditEvent.objects.filter(name="governance.deletion_request.reminded").count() == 1


def test_an_overdue_request_raises_notices_a_finding_for_auditors_and_a_mail(due_request, nerima_auditor, settings):
    settings.DELETION_NOTICE_EMAILS = ["kojin-joho@city.example.jp"]
    assert deletion_requests_escalate(today=date(2026, 2, 5)) == {"reminded": 0, "escalated": 1}

    notice = DeletionNotice.objects.get(request=due_request, kind="deletion_overdue")
    assert notice.day == date(2026, 2, 4)
    due_request.refresh_from_db()
    assert due_request.escalated_on == date(2026, 2, 5)
    finding = audit_finding_list(actor=nerima_auditor, status="open").get(kind="overdue_deletion")
    assert (finding.day, finding.count, finding.actor_id) == (date(2026, 2, 4), 1, None)
    assert f"Deletion request {due_request.pk} to 株式会社内田洋行 was due on 2026-02-04" in finding.note
    event = AuditEvent.objects.get(seq=finding.event_seqs[0])
    assert event.name == "governance.deletion_request.escalated" and event.data["days_overdue"] == 1
    assert [m.to for m in mail.outbox] == [["kojin-joho@city.example.jp"]]
    assert f"deletion request {due_request.pk} was due on 2026-02-04" in mail.outbox[0].body
    # The next days add nothing but the days overdue on the same finding.
    assert deletion_requests_escalate(today=date(2026, 2, 11)) == {"reminded": 0, "escalated": 0}
    finding.refresh_from_db()
    assert (finding.count, AuditFinding.objects.filter(kind="overdue_deletion").count(), len(mail.outbox)) == (7, 1, 1)
    # The demo's 新宿区 auditor sees nothing of 練馬区.
    assert not audit_finding_list(actor=User.objects.get(username="auditor")).filter(kind="overdue_deletion").exists()


def test_the_overdue_finding_is_on_the_auditors_findings_page(client, due_request, nerima_auditor):
    deletion_requests_escalate(today=date(2026, 2, 5))
    client.force_login(nerima_auditor, backend="governance.tenancy.auth.RoleBackend")
    page = client.get("/audit/findings/").content.decode()
    assert "委託先等の消去証明書の提出遅延" in page and "2026-02-04" in page  # the kind, in the ward's language


@pytest.mark.django_db(transaction=True)
def test_the_escalation_and_watch_tasks_run_on_a_real_worker(worker, due_request):  # noqa: F811
    """The beat's jobs on a real Celery worker: escalation once (a second run adds nothing), then the watch."""
    url, transport_options, queue, log = worker

    def run(task, day: str) -> None:
        task_id = uuid.uuid4().hex
        with Connection(url, transport_options=transport_options) as conn:
            task.apply_async(kwargs={"day": day}, task_id=task_id, queue=queue, connection=conn)
        deadline = time.monotonic() + 90
        while not AuditEvent.objects.filter(request_id=task_id).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert AuditEvent.objects.filter(request_id=task_id).exists(), log.read_text()

    run(tasks.escalate_overdue, "2026-02-05")
    (event,) = AuditEvent.objects.filter(name="governance.deletion_request.escalated")
    assert (event.channel, event.data["days_overdue"]) == ("task", 1)
    assert DeletionNotice.objects.filter(request=due_request, kind="deletion_overdue").count() == 1
    run(tasks.watch_certifications, "2099-01-01")  # every certificate has expired by then
    assert AuditEvent.objects.filter(name="governance.deletion_request.escalated").count() == 1
    assert DeletionNotice.objects.filter(kind="certification_expired").exists()


def test_the_beat_schedule_names_registered_tasks():
    from config.celery import app

    for name in ("deletion-contract-end", "deletion-escalation", "certification-expiry-watch"):
        assert django_settings.CELERY_BEAT_SCHEDULE[name]["task"] in app.tasks


def test_with_the_policy_on_the_gate_denies_the_vendor_and_nothing_moves(due_request, nerima, settings):
    channel, items, staff, _, _ = nerima
    settings.EXCHANGE_DENY_ON_OVERDUE_DELETION = True
    counts = (HandoverLedgerEntry.objects.count(), LedgerSubject.objects.count())
    denials = AuditEvent.objects.filter(name="governance.exchange.denied").count()
    with pytest.raises(ExchangeDenied) as exc:
        send(channel, staff, items[:1], ["702"], today=date(2026, 2, 5))

    (reason,) = [r for r in exc.value.reasons if r["code"] == "deletion_certificate_overdue"]
    assert reason == {
        "code": "deletion_certificate_overdue", "deletion_request": due_request.pk, "due": "2026-02-04",
        "message": f"削除依頼 {due_request.pk} について 株式会社内田洋行 が提出すべき削除証明書の期限は 2026-02-04 で、"
                   "期限を過ぎています。"}
    assert len(exc.value.reasons) == 1
    assert (HandoverLedgerEntry.objects.count(), LedgerSubject.objects.count()) == counts
    assert AuditEvent.objects.filter(name="governance.exchange.denied").count() == denials + 1
    # On the due date itself the request is not overdue yet.
    assert send(channel, staff, items[:1], ["702"], today=date(2026, 2, 4)).entry.record_count == 1


def test_with_the_policy_off_the_overdue_request_does_not_deny(due_request, nerima, settings):
    channel, items, staff, _, _ = nerima
    settings.EXCHANGE_DENY_ON_OVERDUE_DELETION = False
    assert send(channel, staff, items[:1], ["703"], today=date(2026, 2, 5) + timedelta(days=30)).entry


def test_a_confirmed_request_no_longer_denies(due_request, nerima, settings):
    channel, items, staff, _, _ = nerima
    settings.EXCHANGE_DENY_ON_OVERDUE_DELETION = True
    due_request.status = "confirmed"
    due_request.save(update_fields=["status"])
    assert send(channel, staff, items[:1], ["704"], today=date(2026, 3, 1)).entry
