# ruff: noqa: E501 — exact Japanese values from the seeds; wide characters count double.
"""The consistency review reports what the seeds themselves get wrong, and the other checks fire on cause."""

import datetime

from audit.context import Channel, bound
from governance.registry.consistency import business_findings
from governance.registry.models import OutsourcingContract, RegisteredBusiness
from governance.registry.services import certification_set, data_item_create, party_update
from governance.registry.versioning import registry_part_update
from governance.tenancy.models import Party


def _codes(business, **kw):
    return [(f.code, f.severity) for f in business_findings(business=business, **kw)]


def test_seed_001_preliminary_totals_disagree_between_connection_and_outsourcing(seeded):
    business = RegisteredBusiness.objects.get(name="延長保育料等の収納")
    [finding] = [f for f in business_findings(business=business) if f.code == "items_disagree_between_sections"]
    assert finding.severity == "error"
    assert finding.message.startswith("'電子マネー事業者': the contract lets it process 速報件数合計、速報金額合計, which the "
                                      "connection does not carry for it")
    assert [r["label"] for r in finding.references if r["type"] == "dataitem"] == ["速報件数合計", "速報金額合計"]


def test_seed_003_record_form_names_申込事項_where_the_summary_names_申送事項(seeded):
    findings = business_findings(business=RegisteredBusiness.objects.get(number="0804-01"))
    disagreements = [f for f in findings if f.code == "record_form_disagrees"]
    assert len(disagreements) == 2
    assert all("names 申込事項 where the connection's item list names 申送事項" in f.message for f in disagreements)
    assert [f.message for f in findings if f.code == "credential_in_flow"] == [
        "'子育て支援に関する業務に係る電子計算組織の結合（乳幼児一時預かり予約管理システム）' v1 carries the credential "
        "'パスワード': a password should be stored hashed and never exchanged"]


def test_seed_000_items_only_by_reference(seeded):
    codes = _codes(RegisteredBusiness.objects.get(name="一時保育"))
    assert codes.count(("items_not_listed", "warning")) == 3


def test_sensitive_item_without_reason(seeded):
    business = RegisteredBusiness.objects.get(name="保育業務支援システム")
    assert ("sensitive_without_reason", "warning") not in _codes(business)
    with bound(channel=Channel.CLI):
        data_item_create(business=business, data={"subject": "child", "name": "既往歴", "sensitive": True})
    assert _codes(business).count(("sensitive_without_reason", "warning")) == 1


def test_hosting_outside_japan_and_expired_certification(seeded):
    backs = Party.objects.get(name="株式会社バックスグループ")
    business = RegisteredBusiness.objects.get(name="ベビーシッター利用支援事業（一時預かり利用支援）")
    with bound(channel=Channel.CLI):
        party_update(party=backs, data={"hosting_country": "US"})
        certification_set(party=backs, kind="privacy_mark", number="10823xxx", valid_until="2024-12-31")
    codes = _codes(business, today=datetime.date(2025, 1, 15))
    assert ("hosting_outside_japan", "error") in codes
    assert ("certification_expired", "error") in codes


def test_period_outside_the_contract(seeded):
    business = RegisteredBusiness.objects.get(name="保育業務支援システム")
    assert "period_outside_contract" not in [c for c, _ in _codes(business)]
    contract = OutsourcingContract.objects.get(title="保育業務支援システム業務の委託")
    with bound(channel=Channel.CLI):
        registry_part_update(part=contract, content={"period_end": "2025-01-31"})
    [finding] = [f for f in business_findings(business=business) if f.code == "period_outside_contract"]
    assert finding.message == ("'保育業務支援システムの外部結合' runs 2024-12-01 – 2025-03-31, outside "
                               "'保育業務支援システム業務の委託' (2024-12-01 – 2025-01-31)")
