"""The ASP vendor of seed 002 through the gate: approved items only, its own purpose, ledger entries, and nothing
once the approval's period is over."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from childcare.children.models import Child
from childcare.operations import vendor
from governance.exchange.files import read_encrypted_zip
from governance.exchange.gate import ExchangeDenied
from governance.exchange.models import HandoverLedgerEntry, LedgerSubject
from governance.registry.models import Certification, ConnectionItem
from governance.tenancy.models import Municipality, User

pytestmark = pytest.mark.django_db


def _period(connection, end: datetime.date) -> None:
    version = connection.versions.order_by("number").first()
    type(version).objects.filter(pk=version.pk).update(period_end=end)


@pytest.fixture
def shinjuku(demo):
    """The ward with its ASP connection's approval in force (this fiscal year's renewal) and the vendor selected,
    certified as the approval requires (the seed's vendor is still to be chosen, so the demo's sync is denied)."""
    ward = Municipality.objects.get(name="新宿区")
    connection = vendor.vendor_connection(ward)
    _period(connection, timezone.localdate() + datetime.timedelta(days=30))
    party = connection.versions.order_by("number").first().counterparty
    for kind in ("privacy_mark", "isms"):
        Certification.objects.create(municipality=ward, party=party, kind=kind, number=f"{kind}-0001",
                                     valid_until=timezone.localdate() + datetime.timedelta(days=365))
    return ward, User.objects.get(username="hoiku")


def _rows(result) -> list[dict]:
    (content,) = read_encrypted_zip(result.file, result.password).values()
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_nurseries_records_leave_as_three_files_of_the_approved_items(shinjuku):
    ward, actor = shinjuku
    sent = vendor.vendor_send(actor=actor, municipality=ward)
    assert set(sent.results) == {"child", "guardian", "household_member"}
    entries = {s: HandoverLedgerEntry.objects.get(pk=r.entry.pk) for s, r in sent.results.items()}
    assert {e.purpose_code for e in entries.values()} == {vendor.PURPOSE_CODE}
    assert {e.party.name for e in entries.values()} == {"ASP事業者（保育業務支援システム）"}
    assert entries["child"].items == list(vendor.CHILD_ITEMS)
    assert entries["guardian"].items == list(vendor.GUARDIAN_ITEMS)
    children = _rows(sent.results["child"])
    okada = next(r for r in children if r["氏名"] == "岡田 葵")
    assert (okada["性別"], okada["かかりつけ医療機関"]) == ("女", "北新宿こどもクリニック 03-3360-2211")
    assert "そば・落花生" in okada["健康状態"]
    guardians = _rows(sent.results["guardian"])
    assert {"岡田 健一", "岡田 由美", "加藤 恵"} <= {r["氏名"] for r in guardians}
    assert next(r for r in guardians if r["氏名"] == "岡田 健一")["続柄"] == "父"
    # Nothing the registry does not list leaves: no e-mail, no bank account, no kana, whatever the columns.
    assert not any("メールアドレス" in r or "銀行口座情報" in r for r in guardians)
    assert [r["氏名"] for r in _rows(sent.results["household_member"])] == ["岡田 翔"]
    subjects = set(LedgerSubject.objects.filter(entry=entries["child"]).values_list("subject_type", "subject_id"))
    assert ("childcare.child", str(Child.objects.matching(tenant=ward, name="岡田 葵").get().pk)) in subjects


def test_an_item_the_approval_no_longer_lists_stays_home(shinjuku):
    ward, actor = shinjuku
    connection = vendor.vendor_connection(ward)
    ConnectionItem.objects.filter(version__part=connection, item__name="疾病内容").delete()
    sent = vendor.vendor_send(actor=actor, municipality=ward)
    assert "疾病内容" not in sent.results["guardian"].entry.items
    assert all("疾病内容" not in row for row in _rows(sent.results["guardian"]))


def test_the_demo_sync_is_denied_while_the_vendor_holds_no_certification(demo):
    ward = Municipality.objects.get(name="新宿区")
    with pytest.raises(ExchangeDenied):
        vendor.vendor_send(actor=User.objects.get(username="hoiku"), municipality=ward)
    assert HandoverLedgerEntry.objects.filter(purpose_code=vendor.PURPOSE_CODE).count() == 0


def test_after_the_approvals_period_the_sync_is_denied_and_nothing_moves(shinjuku):
    ward, actor = shinjuku
    _period(vendor.vendor_connection(ward), timezone.localdate() - datetime.timedelta(days=1))
    ledger = HandoverLedgerEntry.objects.count()
    with pytest.raises(ExchangeDenied) as denied:
        vendor.vendor_send(actor=actor, municipality=ward)
    assert "after_period" in [r["code"] for r in denied.value.reasons]
    assert HandoverLedgerEntry.objects.count() == ledger
    assert AuditEvent.objects.filter(name="governance.exchange.denied", purpose=vendor.PURPOSE_CODE).count() == 1


def test_the_command_sends_and_shows_each_password_once(shinjuku):
    ward, _ = shinjuku
    out = io.StringIO()
    call_command("operations_vendor_sync", municipality=ward.code, user="hoiku", stdout=out)
    assert HandoverLedgerEntry.objects.filter(purpose_code=vendor.PURPOSE_CODE).count() == 3
    assert out.getvalue().count("password (shown once)") == 3
