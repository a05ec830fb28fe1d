# ruff: noqa: E501 — exact Japanese values from the seeds; wide characters count double.
"""The seed loader represents all five seeds completely, adds nothing the second time, and is all-or-nothing."""

import copy

import pytest

from audit.context import Channel, bound
from audit.models import AuditEvent
from governance.registry import loader
from governance.registry.loader import seed_registry_load
from governance.registry.models import (
    ConnectionItem,
    DataItem,
    ExternalConnection,
    FacilityUse,
    OutOfPurposeUse,
    OutsourcingContract,
    PreApprovalCriterion,
    ProcessingActivity,
    RegisteredBusiness,
)
from governance.registry.versioning import version_latest
from governance.tenancy.models import Department, Facility, Party

PAYMENT_ITEMS = ["レコード区分", "ファイル作成日", "代行会社コード", "収納機関コード", "利用区分", "データ識別コード", "収納日付",
                 "収納時間", "バーコード情報(識別コード)", "バーコード情報(メーカーコード)", "バーコード情報(年度)",
                 "バーコード情報(納付書番号)", "バーコード情報(再発行区分)", "バーコード情報(支払い期限日)",
                 "バーコード情報(印紙フラグ)", "バーコード情報(支払い金額)", "収納店舗コード", "支払い予定日", "経理処理日",
                 "小売業企業コード", "速報件数合計", "速報金額合計", "確報件数合計", "確報金額合計", "速報取消件数合計",
                 "速報取消金額合計", "レコード総件数"]
EMONEY_CONNECTION = PAYMENT_ITEMS[6:20] + PAYMENT_ITEMS[22:26]
EMONEY_CONTRACT = PAYMENT_ITEMS[6:26]
NERIMA_ITEMS = ["児童ID", "児童氏名", "児童性別", "児童生年月日", "住所", "世帯ID", "電話番号", "電話番号(携帯)", "保護者氏名",
                "更新日始期", "更新日終期", "初回登録日", "登録施設名", "登録有効期限", "アレルギーの有無・内容",
                "疾病・ケガの有無・内容", "障害の有無・内容", "申送事項", "予約状況", "料金支払状況", "利用実績", "メールアドレス",
                "パスワード"]


def _labels(lines):
    return [line.item.label for line in lines]


def test_both_wards_every_department_and_business_with_numbers(seeded):
    assert sorted(RegisteredBusiness.objects.filter(municipality__name="練馬区").values_list("number", "name")) == [
        ("0403-01", "特別区民税・都民税に関する業務"), ("0608-06", "生活保護に関する業務"),
        ("0804-01", "子育て支援に関する業務"), ("1309-04", "消費者への経済対策に関する業務")]
    assert sorted(RegisteredBusiness.objects.filter(municipality__name="新宿区").values_list("name", flat=True)) == sorted([
        "一時保育", "保育料収納", "延長保育料等の収納", "保育業務支援システム", "ベビーシッター利用支援事業（一時預かり利用支援）"])
    joint = RegisteredBusiness.objects.get(name="延長保育料等の収納")
    assert joint.department.name == "保育課"
    assert [d.name for d in joint.other_departments.all()] == ["学校運営課"]
    assert RegisteredBusiness.objects.get(number="0804-01").privacy_officer_title == "練馬子ども家庭支援センター所長"
    assert set(Department.objects.filter(municipality__name="練馬区").values_list("name", flat=True)) >= {
        "練馬子ども家庭支援センター", "商品券事業担当課", "税務課", "総合福祉事務所"}


def test_the_emoney_operator_gets_exactly_the_underlined_items_in_each_section(seeded):
    connection = version_latest(part=ExternalConnection.objects.get(title__contains="収納サービス提供事業者との外部結合"))
    emoney = Party.objects.get(name="電子マネー事業者")
    assert _labels(connection.item_lines.filter(party=emoney).order_by("order")) == EMONEY_CONNECTION
    assert _labels(connection.item_lines.filter(party__name="株式会社NTTデータ", direction="received")
                   .order_by("order")) == PAYMENT_ITEMS
    contract = version_latest(part=OutsourcingContract.objects.get(title__contains="収納データ作成等業務の委託"))
    emoney_line = contract.contractors.get(party=emoney)
    granted = _labels(emoney_line.item_lines.order_by("order"))
    assert granted == EMONEY_CONTRACT
    assert not {"氏名", "住所"} & set(granted)
    assert [c.party.name for c in emoney_line.delivers_to.all().order_by("order")] == ["ビリングシステム株式会社",
                                                                                       "株式会社NTTデータ"]
    for name in ("コンビニ事業者", "ビリングシステム株式会社", "株式会社NTTデータ"):
        assert _labels(contract.contractors.get(party__name=name).item_lines.order_by("order")) == PAYMENT_ITEMS
    assert contract.contractors.get(party__name="株式会社NTTデータ").media == ["電磁的媒体(委託先のサーバ)"]
    assert (contract.period_start.isoformat(), contract.period_end.isoformat()) == ("2026-05-01", "2027-03-31")


def test_the_nerima_connection_carries_the_same_23_items_both_ways(seeded):
    version = version_latest(part=ExternalConnection.objects.get(municipality__name="練馬区"))
    assert version.counterparty.name == "株式会社内田洋行"
    assert version.counterparty.address == "東京都江東区東陽二丁目3番25号"
    assert version.line == "dedicated" and version.is_frozen
    assert _labels(version.item_lines.filter(direction="sent").order_by("order")) == NERIMA_ITEMS
    assert _labels(version.item_lines.filter(direction="received").order_by("order")) == NERIMA_ITEMS
    assert version.party_measures[-1] == "(3) データのバックアップは、1日2回以上実施する。"


def test_seed_004_contractor_processes_the_applicant_items_and_the_amendment_is_a_new_draft(seeded):
    contract = OutsourcingContract.objects.get(title__startswith="ベビーシッター")
    approved, amended = contract.versions.order_by("number")
    assert (approved.state, amended.state) == ("frozen", "draft")
    backs = amended.contractors.get(party__name="株式会社バックスグループ")
    expected = ["氏名", "住所", "生年月日", "電話番号", "メールアドレス", "銀行口座情報", "相談内容"]
    assert _labels(backs.item_lines.filter(direction="provided").order_by("order")) == expected
    assert _labels(backs.item_lines.filter(direction="collected").order_by("order")) == expected
    assert backs.media == ["紙", "電磁的媒体（委託先のパソコン）", "電磁的媒体（LoGoフォーム）"]
    assert approved.contractors.get().media == ["紙", "電磁的媒体（委託先のパソコン）"]
    assert (amended.period_start.isoformat(), amended.period_end.isoformat()) == ("2024-07-26", "2025-03-31")
    assert backs.party.certifications.get().kind == "privacy_mark"


def test_parties_including_those_to_be_selected(seeded):
    shinjuku = set(Party.objects.filter(municipality__name="新宿区").values_list("name", "selection"))
    assert shinjuku == {
        ("ASP事業者（一時保育システム）", "to_be_selected"), ("ASP事業者（保育業務支援システム）", "to_be_selected"),
        ("コンビニ事業者", "unnamed"), ("電子マネー事業者", "unnamed"), ("データ連携事業者（一時保育料）", "unnamed"),
        ("納付サービス提供事業者（一時保育料）", "unnamed"), ("株式会社NTTデータ", "named"),
        ("ビリングシステム株式会社", "named"), ("株式会社バックスグループ", "named")}
    asp = Party.objects.get(name="ASP事業者（一時保育システム）")
    assert asp.selection_note == "令和6年度公募型プロポーザルにより選定予定"


def test_seed_000_and_002_parts_lines_periods_and_media(seeded):
    asp = version_latest(part=ExternalConnection.objects.get(title="一時保育システムの外部結合（ASP事業者）"))
    collector = version_latest(part=ExternalConnection.objects.get(title__startswith="保育料収納データの外部結合"))
    assert (asp.line, collector.line) == ("internet", "lgwan")
    assert asp.items_reference == "資料74-2のとおり" and asp.renews_yearly
    assert (asp.period_start.isoformat(), asp.period_end.isoformat()) == ("2025-01-01", "2025-03-31")
    chain = version_latest(part=OutsourcingContract.objects.get(title__startswith="一時保育システム及び"))
    assert [c.party.name for c in chain.contractors.order_by("order")] == [
        "ASP事業者（一時保育システム）", "コンビニ事業者", "電子マネー事業者", "データ連携事業者（一時保育料）",
        "納付サービス提供事業者（一時保育料）"]
    assert chain.contractors.get(party__name="電子マネー事業者").delivers_to.get().party.name == "データ連携事業者（一時保育料）"
    nursery = version_latest(part=OutsourcingContract.objects.get(title="保育業務支援システム業務の委託"))
    assert nursery.contractors.get().item_lines.count() == 27
    processing = version_latest(part=ProcessingActivity.objects.get(title="保育業務支援システムの開発"))
    assert processing.schedule[-1] == "令和7年1月 本稼働" and processing.items.count() == 27
    sensitive = set(DataItem.objects.filter(business__name="保育業務支援システム", sensitive=True)
                    .values_list("subject", "name"))
    assert sensitive == {("child", "健康状態"), ("child", "発育状況"), ("guardian", "疾病内容"), ("guardian", "障害内容")}


def test_nerima_facilities_capacities_and_out_of_purpose_uses(seeded):
    uses = FacilityUse.objects.filter(business__number="0804-01").order_by("order")
    assert [(u.facility.name, u.capacity) for u in uses] == [
        ("練馬子ども家庭支援センター", None), ("練馬ぴよぴよ", 15), ("貫井ぴよぴよ", 6), ("関ぴよぴよ", 15), ("大泉ぴよぴよ", 15),
        ("光が丘ぴよぴよ", 15)]
    assert uses[2].operator.name == "特定非営利活動法人 手をつなご"
    criterion = PreApprovalCriterion.objects.get(type_number=1)
    assert [(e.providing_business.number, e.using_business.number) for e in criterion.examples.all()] == [
        ("0403-01", "1309-04"), ("0608-06", "1309-04")]
    tax = version_latest(part=OutOfPurposeUse.objects.get(providing_business__number="0403-01"))
    assert [i.name for i in tax.items.order_by("order")] == ["個人番号", "氏名", "住所", "課税区分", "所得金額", "扶養関連情報"]
    assert tax.criterion == criterion and tax.legal_basis == "pre_approval" and tax.is_frozen
    welfare = version_latest(part=OutOfPurposeUse.objects.get(providing_business__number="0608-06"))
    assert [i.name for i in welfare.items.order_by("order")] == ["個人番号", "氏名", "住所"]


def test_second_run_adds_nothing(seeded):
    before = (ConnectionItem.objects.count(), AuditEvent.objects.count(), Facility.objects.count())
    with bound(channel=Channel.CLI):
        added = seed_registry_load()
    assert set(added.values()) == {0}
    assert (ConnectionItem.objects.count(), AuditEvent.objects.count(), Facility.objects.count()) == before


def test_a_broken_transcription_loads_nothing(db, monkeypatch):
    wards = copy.deepcopy(loader.WARDS)
    wards[1]["connections"][0]["versions"][0]["content"]["items"][0]["items"].append("child:存在しない項目")
    monkeypatch.setattr(loader, "WARDS", wards)
    with bound(channel=Channel.CLI), pytest.raises(ValueError, match="存在しない項目"):
        seed_registry_load()
    assert not RegisteredBusiness.objects.exists() and not Party.objects.exists()
    assert not AuditEvent.objects.filter(name__startswith="governance.").exists()


def test_demo_load_reuses_the_demo_party_and_facilities(demo):
    assert Party.objects.filter(name="株式会社内田洋行").count() == 1
    assert Facility.objects.filter(name="練馬ぴよぴよ").count() == 1
    assert RegisteredBusiness.objects.count() == 9
