"""Absence and lateness notices from the guardian's page: a notice sent ahead reaches that day's class board;
reasons are sealed and read only by the nurse and the head; a run of absences is flagged for staff."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from childcare.operations.absence import absence_notify, absence_withdraw
from childcare.operations.errors import OperationsConflict, OperationsInvalid, OperationsNotFound, OperationsRefused
from childcare.operations.models import AbsenceNotice, Attendance
from tests.childcare.conftest import child_named, head, login, reads_after
from tests.childcare.operations.conftest import user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TOMORROW = lambda: timezone.localdate() + datetime.timedelta(days=1)  # noqa: E731


def _line(html: str, name: str) -> str:
    return next(chunk for chunk in html.split("<li ")[1:] if name in chunk)


def test_a_notice_sent_ahead_reaches_that_days_class_board(zou, client):
    """The guardian sends tomorrow's absence from their page today; tomorrow's board shows the child absent."""
    login(client, "guardian")
    okada = child_named("岡田 葵")
    response = client.post("/operations/family/absences/", {
        "child": str(okada.record_uid), "date": TOMORROW().isoformat(), "kind": "absent", "reason_kind": "illness",
        "reason": "38.5℃の発熱"}, follow=True)
    assert "送信しました" in response.content.decode()
    assert "38.5℃の発熱" in response.content.decode()  # the family sees its own notice
    login(client, "hoikushi")
    board = client.get(f"/operations/classes/{zou.pk}/board/?date={TOMORROW().isoformat()}").content.decode()
    line = _line(board, "岡田 葵")
    assert 'data-status="absent"' in line and "欠席" in line
    assert "発熱" not in board and "病気" not in board  # a childcare worker never sees a reason


def test_a_notice_for_today_appears_on_a_polling_board_without_reload(zou, client):
    login(client, "hoikushi")
    html = client.get(f"/operations/classes/{zou.pk}/board/").content.decode()
    version = html.split('data-version="')[1].split('"')[0]
    absence_notify(actor=user("guardian"), child=child_named("岡田 葵"), date=timezone.localdate(), kind="late",
                   reason_kind="family", arrives_at=datetime.time(10, 30))
    fragment = client.get(f"/operations/classes/{zou.pk}/board/?since={version}", **HTMX)
    assert fragment.status_code == 200
    assert 'data-status="late"' in _line(fragment.content.decode(), "岡田 葵")
    assert "10:30" in fragment.content.decode()


def test_the_nurse_reads_the_reason_and_the_read_is_recorded(kirin, client):
    kato = child_named("加藤 悠真")
    login(client, "hoikushi")  # not kirin's: not found
    assert client.get(f"/operations/classes/{kirin.pk}/board/").status_code == 404
    absence_notify_by_parent(kato, reason_kind="illness", reason="喘息の発作")
    seq = head()
    login(client, "hoken")
    board = client.get(f"/operations/classes/{kirin.pk}/board/").content.decode()
    assert "病気・けが: 喘息の発作" in _line(board, "加藤 悠真")
    reads = reads_after(seq)
    assert [(r.fields, r.data["sensitive_fields"], r.actor_id) for r in reads] == [
        (["child.kana", "child.name"], [], user("hoken").pk),
        (["absence_notice.reason", "absence_notice.reason_kind"],
         ["absence_notice.reason", "absence_notice.reason_kind"], user("hoken").pk)]


def absence_notify_by_parent(child, **values):
    from childcare.children.models import ChildGuardian
    from governance.tenancy.models import Membership, Role

    parent = ChildGuardian.objects.filter(child=child).first().guardian
    login_user = parent.user or user("guardian")
    if parent.user is None:  # give the parent a login for the test
        parent.user = login_user = type(user("guardian")).objects.create_user("kato-parent", "x" * 12)
        parent.save()
        Membership.objects.create(user=login_user, municipality_id=child.municipality_id, role=Role.GUARDIAN)
    return absence_notify(actor=login_user, child=child, date=timezone.localdate(),
                          kind=values.pop("kind", "absent"), **values)


def test_reasons_are_sealed_in_the_database(demo):
    okada = child_named("岡田 葵")
    notice = absence_notify(actor=user("guardian"), child=okada, date=TOMORROW(), kind="absent",
                            reason_kind="illness", reason="溶連菌感染症")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AbsenceNotice._meta.db_table} WHERE id = %s", [notice.pk])
        row = repr(cursor.fetchone())
    for text in ("溶連菌", "illness", "溶連菌".encode().hex()):
        assert text not in row


def test_refusals_change_nothing(demo):
    okada, kato = child_named("岡田 葵"), child_named("加藤 悠真")
    guardian, seq = user("guardian"), head()
    cases = [
        (OperationsRefused, dict(child=kato, date=TOMORROW(), kind="absent", reason_kind="other")),
        (OperationsInvalid, dict(child=okada, date=timezone.localdate() - datetime.timedelta(days=1), kind="absent",
                                 reason_kind="other")),
        (OperationsInvalid, dict(child=okada, date=TOMORROW(), kind="late", reason_kind="other")),  # no time
        (OperationsInvalid, dict(child=okada, date=TOMORROW(), kind="absent", reason_kind="holiday")),
    ]
    for error, values in cases:
        with pytest.raises(error):
            absence_notify(actor=guardian, **values)
    with pytest.raises(OperationsRefused):
        absence_notify(actor=user("himawari"), child=okada, date=TOMORROW(), kind="absent", reason_kind="other")
    assert not AbsenceNotice.objects.exists() and AuditEvent.objects.filter(seq__gt=seq).count() == 0
    absence_notify(actor=guardian, child=okada, date=TOMORROW(), kind="absent", reason_kind="other")
    with pytest.raises(OperationsConflict) as twice:
        absence_notify(actor=guardian, child=okada, date=TOMORROW(), kind="late", reason_kind="other",
                       arrives_at=datetime.time(10))
    assert twice.value.code == "operations.notice_exists" and AbsenceNotice.objects.count() == 1


def test_a_withdrawn_notice_leaves_the_board(zou, client):
    notice = absence_notify(actor=user("guardian"), child=child_named("岡田 葵"), date=timezone.localdate(),
                            kind="absent", reason_kind="other")
    with pytest.raises(OperationsNotFound):
        absence_withdraw(actor=user("hoikushi"), notice_id=notice.pk)
    absence_withdraw(actor=user("guardian"), notice_id=notice.pk)
    login(client, "hoikushi")
    board = client.get(f"/operations/classes/{zou.pk}/board/").content.decode()
    assert 'data-status="expected"' in _line(board, "岡田 葵")


def test_a_run_of_absences_is_flagged(zou, client):
    """The nursery was open the last three days (another child came), 岡田 葵 did not come, and is absent today."""
    okada, kato, today = child_named("岡田 葵"), child_named("加藤 悠真"), timezone.localdate()
    for days in (1, 2, 3):
        day = today - datetime.timedelta(days=days)
        Attendance.objects.create(municipality_id=kato.municipality_id, child=kato, facility_id=kato.facility_id,
                                  date=day, arrived_at=timezone.now(), arrived_via="staff")
    absence_notify(actor=user("guardian"), child=okada, date=today, kind="absent", reason_kind="family")
    login(client, "hoikushi")
    line = _line(client.get(f"/operations/classes/{zou.pk}/board/").content.decode(), "岡田 葵")
    assert 'data-flagged="4"' in line and "4日連続で欠席" in line
    zou.facility.operations.absence_flag_days = 5
    zou.facility.operations.save()
    line = _line(client.get(f"/operations/classes/{zou.pk}/board/").content.decode(), "岡田 葵")
    assert "data-flagged" not in line
