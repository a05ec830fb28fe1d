"""The sync with the booking system's vendor goes through the gate: approved items only, never a password."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from childcare.care import vendor
from childcare.care.services import booking_create
from governance.exchange.files import read_encrypted_zip
from governance.exchange.gate import ExchangeDenied
from governance.exchange.models import HandoverLedgerEntry, LedgerSubject
from governance.tenancy.models import Municipality, User
from tests.childcare.care.conftest import approve, nerima_child, next_open_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def nerima(nerima_piyo):
    aoki, ishikawa = nerima_child("青木 陽向"), nerima_child("石川 蓮")
    registrations = [approve(aoki), approve(ishikawa)]
    registrations[0].allergy_notes = "鶏卵"
    registrations[0].save()
    booking_create(actor=User.objects.get(username="piyopiyo"), child=aoki, facility_id=nerima_piyo.facility_id,
                   date=next_open_day(), slot_code="am")
    return Municipality.objects.get(name="練馬区"), User.objects.get(username="nerima"), registrations


def _rows(result) -> list[dict]:
    files = read_encrypted_zip(result.file, result.password)
    (content,) = files.values()
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_registrations_leave_with_the_approved_items_and_never_a_password(nerima):
    ward, actor, registrations = nerima
    result = vendor.vendor_send(actor=actor, municipality=ward)
    entry = HandoverLedgerEntry.objects.get(pk=result.entry.pk)
    assert (entry.party.name, entry.direction, entry.record_count) == ("株式会社内田洋行", "send", 2)
    assert entry.purpose_code == vendor.PURPOSE_CODE
    assert len(entry.items) == 22 and "パスワード" not in entry.items and "児童氏名" in entry.items
    rows = _rows(result)
    assert [set(r) for r in rows] == [set(entry.items)] * 2
    aoki = next(r for r in rows if r["児童ID"] == str(registrations[0].child.record_uid))
    assert (aoki["児童氏名"], aoki["アレルギーの有無・内容"], aoki["登録施設名"]) == (
        "青木 陽向", "鶏卵", "練馬ぴよぴよ")
    assert aoki["予約状況"].startswith(f"{next_open_day():%Y-%m-%d} am@")
    # No password nor any login's hash is in the file, whatever column.
    hashes = [u.password for u in User.objects.exclude(password="")]
    text = " ".join(v for r in rows for v in r.values())
    assert not any(h in text for h in hashes) and "pbkdf2" not in text and "argon2" not in text
    subjects = set(LedgerSubject.objects.filter(entry=entry).values_list("subject_id", flat=True))
    assert subjects == {str(r.child_id) for r in registrations}


def test_with_the_approval_expired_the_sync_is_denied_and_nothing_moves(nerima):
    ward, actor, _ = nerima
    connection = vendor.vendor_connection(ward)
    version = connection.versions.order_by("number").first()
    type(version).objects.filter(pk=version.pk).update(period_end=timezone.localdate() - datetime.timedelta(days=1))
    ledger = HandoverLedgerEntry.objects.count()
    with pytest.raises(ExchangeDenied) as denied:
        vendor.vendor_send(actor=actor, municipality=ward)
    assert "after_period" in [r["code"] for r in denied.value.reasons]
    assert HandoverLedgerEntry.objects.count() == ledger
    assert AuditEvent.objects.filter(name="governance.exchange.denied").count() == 1


def test_shinjukus_asp_connection_approves_no_item_so_its_sync_is_denied(demo):
    """Seed 000's ASP connection: its approved version names no item and its period is over."""
    ward = Municipality.objects.get(name="新宿区")
    with pytest.raises(ExchangeDenied):
        vendor.vendor_send(actor=User.objects.get(username="hoiku"), municipality=ward)
    assert HandoverLedgerEntry.objects.filter(purpose_code=vendor.PURPOSE_CODE).count() == 0


def test_the_vendors_rows_come_back_through_the_gate_and_are_reconciled(nerima, tmp_path):
    ward, actor, _ = nerima
    sent = _rows(vendor.vendor_send(actor=actor, municipality=ward))
    back = [{**row, "パスワード": "vendor-secret"} for row in sent]
    back[0]["登録有効期限"] = "2099-03-31"
    back.append({**back[1], "児童ID": "00000000-0000-0000-0000-000000000000"})
    path = tmp_path / "from-vendor.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(back[0]))
        writer.writeheader()
        writer.writerows(back)
    out = io.StringIO()
    call_command("care_vendor_sync", municipality=ward.code, user="nerima", receive=path, stdout=out)
    entry = HandoverLedgerEntry.objects.get(direction="receive", purpose_code=vendor.PURPOSE_CODE)
    assert entry.record_count == 3 and "パスワード" not in entry.items
    assert "Matched 2, unknown 1, differing {'登録有効期限': 1}" in out.getvalue()
    assert "password columns dropped unread: 3" in out.getvalue()
    assert "vendor-secret" not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_the_command_sends_and_shows_the_password_once(nerima):
    ward, _, _ = nerima
    out = io.StringIO()
    call_command("care_vendor_sync", municipality=ward.code, user="nerima", stdout=out)
    entry = HandoverLedgerEntry.objects.get(direction="send", purpose_code=vendor.PURPOSE_CODE)
    assert f"Handover ledger #{entry.pk}: send, 2 records, 22 items" in out.getvalue()
    assert "password (shown once)" in out.getvalue() and entry.file_data
