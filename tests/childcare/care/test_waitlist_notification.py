"""A waiting-list offer tells the family, in its inbox and by mail: the nursery, the day and the deadline, never
the child."""

import pytest

from audit.models import AuditEvent
from childcare.care.models import CareSlotBand, CareWaitlistEntry
from childcare.care.services import booking_cancel, booking_create, waitlist_join
from governance.notifications.models import Notification
from governance.notifications.services import mail_address_set
from tests.childcare.care.conftest import approve, nerima_child, next_open_day

pytestmark = pytest.mark.django_db


def test_an_offer_is_notified_with_its_deadline_and_no_childs_name(
    nerima_piyo, staff, mailoutbox, django_capture_on_commit_callbacks
):
    CareSlotBand.objects.filter(slot__care_facility=nerima_piyo, slot__code="am", band="1-2").update(capacity=1)
    aoki, ueda = nerima_child("青木 陽向"), nerima_child("上田 結衣")
    approve(aoki), approve(ueda)
    fid, date = nerima_piyo.facility_id, next_open_day()
    first = booking_create(actor=staff, child=aoki, facility_id=fid, date=date, slot_code="am")
    waitlist_join(actor=staff, child=ueda, facility_id=fid, date=date, slot_code="am")
    mail_address_set(actor=staff, address="piyo@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(actor=staff, booking=first)
    entry = CareWaitlistEntry.objects.get()
    (notification,) = Notification.objects.filter(kind="waitlist_offer")
    assert notification.recipient == entry.joined_by and notification.link == "/care/"
    assert notification.params == {
        "facility": nerima_piyo.facility.name,
        "day": date.isoformat(),
        "deadline": entry.offer_expires_at.isoformat(),
    }
    (message,) = mailoutbox
    assert message.subject.startswith("[見守り] 一時保育の空きのご案内") and nerima_piyo.facility.name in message.body
    assert "上田" not in message.subject + message.body and "結衣" not in message.body
    assert AuditEvent.objects.filter(name="governance.notification.sent", object_id=str(notification.pk)).exists()
    assert AuditEvent.objects.get(name="governance.notification.mailed").data["status"] == "sent"
