"""An overdue deletion certificate and an expiring certification are notified to the party's users and the ward's
administrators, once per occasion, each notification audited."""

from datetime import date, timedelta

from django.urls import reverse

from audit.models import AuditEvent
from governance.deletion.services import certifications_watch, deletion_requests_escalate
from governance.notifications.models import Notification
from governance.registry.models import Certification
from governance.tenancy.models import Municipality, Party
from tests.governance.deletion.test_escalation import due_request  # noqa: F401 — the fixture


def test_an_overdue_certificate_is_in_the_vendors_and_the_administrators_inbox_once(due_request):  # noqa: F811
    deletion_requests_escalate(today=date(2026, 2, 5))
    deletion_requests_escalate(today=date(2026, 2, 6))
    sent = Notification.objects.filter(kind="deletion_overdue").order_by("recipient__username")
    assert [n.recipient.username for n in sent] == ["admin", "uchida"]
    assert sent[0].params == {"request": due_request.pk, "party": "株式会社内田洋行", "due": "2026-02-04"}
    assert sent[0].link == reverse("deletion-requests")
    assert AuditEvent.objects.filter(name="governance.notification.sent").count() == 2


def test_an_expiring_certification_is_notified_with_its_date(demo, settings):
    vendor = Party.objects.get(name="株式会社内田洋行")
    Certification.objects.filter(valid_until__isnull=False).update(valid_until=date(2099, 1, 1))
    certification, _ = Certification.objects.update_or_create(
        party=vendor,
        kind="privacy_mark",
        defaults={"municipality": Municipality.objects.get(name="練馬区"), "valid_until": date(2026, 3, 1)},
    )
    certifications_watch(today=date(2026, 3, 1) - timedelta(days=10))
    sent = Notification.objects.filter(kind="certification_expiring")
    assert {n.recipient.username for n in sent} >= {"uchida"}
    notification = sent.get(recipient__username="uchida")
    assert notification.params == {
        "party": "株式会社内田洋行",
        "certification": certification.kind,
        "valid_until": "2026-03-01",
    }
    from governance.notifications.texts import notification_subject

    assert notification_subject(notification) == "株式会社内田洋行 のプライバシーマークの有効期限は 2026年3月1日 です"
