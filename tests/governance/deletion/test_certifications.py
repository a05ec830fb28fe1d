"""Certificate expiry watch: notices 60 days ahead for department staff; after expiry the gate denies,
end to end through the exchange API."""

from datetime import date

import pytest

from audit.models import AuditEvent
from governance.deletion.models import DeletionNotice
from governance.deletion.services import certifications_watch
from governance.exchange.models import HandoverLedgerEntry
from governance.registry.models import Certification, ExternalConnection
from governance.tenancy.models import Party, User

PAYMENT = "延長保育料等のコンビニ収納等に伴う収納サービス提供事業者との外部結合"


@pytest.fixture
def ntt(demo):
    party = Party.objects.get(name="株式会社NTTデータ")
    Certification.objects.filter(party=party, kind="privacy_mark").update(valid_until=date(2027, 1, 31))
    return party, Certification.objects.get(party=party, kind="privacy_mark")


def test_a_certification_expiring_within_60_days_raises_one_notice(ntt):
    party, certification = ntt
    assert certifications_watch(today=date(2026, 12, 1)) == {"expiring": 0, "expired": 0}  # 61 days ahead
    assert certifications_watch(today=date(2026, 12, 2)) == {"expiring": 1, "expired": 0}  # 60 days ahead
    assert certifications_watch(today=date(2026, 12, 3)) == {"expiring": 0, "expired": 0}
    notice = DeletionNotice.objects.get(certification=certification)
    assert (notice.kind, notice.day, notice.party) == ("certification_expiring", date(2027, 1, 31), party)
    event = AuditEvent.objects.filter(name="governance.certification.expiry_noticed").latest("seq")
    assert certification.pk in event.data["certification_ids"]
    assert certifications_watch(today=date(2027, 2, 1)) == {"expiring": 0, "expired": 1}


def test_department_staff_see_the_notice_on_the_deletion_page(client, ntt):
    certifications_watch(today=date(2026, 12, 2))
    client.force_login(User.objects.get(username="hoiku"), backend="governance.tenancy.auth.RoleBackend")
    page = client.get("/deletion/").content.decode()
    assert "株式会社NTTデータ" in page and "2027-01-31" in page
    client.force_login(User.objects.get(username="uchida"), backend="governance.tenancy.auth.RoleBackend")
    assert "株式会社NTTデータ" not in client.get("/deletion/").content.decode()  # not the vendor's business


def test_after_expiry_the_exchange_api_denies_and_nothing_moves(client, ntt):
    channel = ExternalConnection.objects.get(title=PAYMENT)
    client.force_login(User.objects.get(username="hoiku"), backend="governance.tenancy.auth.RoleBackend")
    body = {"channel": "connection", "channel_id": channel.pk, "direction": "receive", "fields": ["収納日付"],
            "purpose_code": "payments.result_file_import", "purpose": "消込", "rows": [{"収納日付": "20261120"}]}
    Certification.objects.filter(party=ntt[0], kind="privacy_mark").update(valid_until=date(2026, 1, 31))
    ledger = HandoverLedgerEntry.objects.count()

    response = client.post("/api/v1/governance/exchanges/", body, content_type="application/json")

    assert response.status_code == 403
    reasons = response.json()["details"]["reasons"]
    (expired,) = [r for r in reasons if r["code"] == "certification_expired"]
    assert (expired["certification"], expired["valid_until"]) == ("privacy_mark", "2026-01-31")
    assert HandoverLedgerEntry.objects.count() == ledger
