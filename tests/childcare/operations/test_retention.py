"""Retention of operations records: each kind has its own rule; a sealed record is crypto-shredded with its own
data key, so the child (and every other record) still reads."""

import datetime

import pytest
from django.utils import timezone

from childcare.operations.absence import absence_notify
from childcare.operations.contact import contact_write
from childcare.operations.models import AbsenceNotice, Attendance, ContactEntry
from governance.crypto.shredding import record_shredded
from governance.retention.models import RetentionErasure, RetentionRule
from governance.retention.sweeper import sweep
from tests.childcare.conftest import child_named
from tests.childcare.operations.conftest import user


@pytest.mark.django_db(transaction=True)
def test_an_absence_notice_is_shredded_a_year_after_its_day_and_the_child_still_reads(demo):
    okada = child_named("岡田 葵")
    assert set(RetentionRule.objects.filter(municipality_id=okada.municipality_id, source__startswith="childcare.")
               .values_list("source", "action")) >= {
        ("childcare.attendance", "delete"), ("childcare.absence_notice", "crypto_shred"),
        ("childcare.contact_entry", "crypto_shred"), ("childcare.health_record", "crypto_shred"),
        ("childcare.daily_log", "crypto_shred")}
    day = timezone.localdate() + datetime.timedelta(days=1)
    notice = absence_notify(actor=user("guardian"), child=okada, date=day, kind="absent", reason_kind="illness",
                            reason="発熱")
    Attendance.objects.create(municipality_id=okada.municipality_id, child=okada, facility_id=okada.facility_id,
                              date=timezone.localdate(), arrived_at=timezone.now(), arrived_via="staff")
    contact_write(actor=user("guardian"), child=okada, body="元気です")
    year_later = day.replace(year=day.year + 1) + datetime.timedelta(days=1)
    result = sweep(as_of=year_later, tenant_id=okada.municipality_id)
    assert result.erased == 1
    assert record_shredded(AbsenceNotice.objects.get(pk=notice.pk))
    assert RetentionErasure.objects.get().source == "childcare.absence_notice"
    okada.refresh_from_db()
    assert child_named("岡田 葵").name == "岡田 葵" and not record_shredded(okada)
    assert ContactEntry.objects.get().body == "元気です" and Attendance.objects.count() == 1
    sweep(as_of=timezone.localdate().replace(year=timezone.localdate().year + 6), tenant_id=okada.municipality_id)
    assert not Attendance.objects.exists()  # deleted five years on
