"""Guidance plans and daily logs per class: the day's log starts from its attendance, its absence notices (names,
never reasons) and the plans in force, and is sealed once saved."""

import pytest
from django.db import connection
from django.utils import timezone

from childcare.operations import attendance
from childcare.operations.absence import absence_notify
from childcare.operations.models import DailyLog, GuidancePlan
from childcare.operations.services import child_place
from tests.childcare.conftest import child_named, head, login, reads_after
from tests.childcare.operations.conftest import parent_login, user

pytestmark = pytest.mark.django_db


def test_the_log_starts_from_the_days_attendance_notices_and_plans(zou, client):
    okada, kato = child_named("岡田 葵"), child_named("加藤 悠真")
    child_place(actor=user("himawari"), child=kato, child_class=zou)  # both in ぞう組 now
    token = attendance.checkin_pass_issue(actor=user("guardian")).token
    attendance.kiosk_scan(operator=user("himawari"), facility=zou.facility, token=token)
    absence_notify(actor=parent_login(kato, "kato-parent"), child=kato, date=timezone.localdate(), kind="absent",
                   reason_kind="illness", reason="胃腸炎")
    login(client, "hoikushi")
    client.post(f"/operations/classes/{zou.pk}/plans/", {"period": "monthly", "starts_on": timezone.localdate(),
                                                         "aims": "冬の自然に親しむ"})
    assert GuidancePlan.objects.get().starts_on == timezone.localdate().replace(day=1)
    page = client.get(f"/operations/classes/{zou.pk}/log/").content.decode()
    body = page.split("<textarea")[1].split("</textarea>")[0]
    assert "出席: 1 / 2" in body and "欠席（連絡あり）: 加藤 悠真" in body
    assert "ねらい（月間）: 冬の自然に親しむ" in body and "胃腸炎" not in body
    client.post(f"/operations/classes/{zou.pk}/log/", {"date": timezone.localdate().isoformat(),
                                                       "body": body.split(">", 1)[1] + "\n園庭で雪遊び"})
    log = DailyLog.objects.get()
    assert log.body.endswith("園庭で雪遊び")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sealed_personal, body FROM {DailyLog._meta.db_table} WHERE id = %s", [log.pk])
        sealed, column = cursor.fetchone()
        assert "雪遊び".encode() not in bytes(sealed) and column is None
    seq = head()
    assert "園庭で雪遊び" in client.get(f"/operations/classes/{zou.pk}/log/").content.decode()
    (read,) = reads_after(seq)
    assert (read.fields, read.actor_id) == (["daily_log.body"], user("hoikushi").pk)
    assert sorted(read.subjects) == sorted([["childcare.child", str(okada.pk)], ["childcare.child", str(kato.pk)]])


def test_a_worker_cannot_open_another_classs_plans_or_log(kirin, client):
    login(client, "hoikushi")
    assert client.get(f"/operations/classes/{kirin.pk}/log/").status_code == 404
    assert client.post(f"/operations/classes/{kirin.pk}/plans/", {"period": "weekly", "aims": "x"}).status_code == 404
    assert not GuidancePlan.objects.exists()
