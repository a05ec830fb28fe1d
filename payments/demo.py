"""Demo data for payments (新宿区, seeds 000 and 001): the agreement, fee types, channels, payers,
charges and slips, and result files to import (速報, then 確報, then a 速報取消).

Registered as a step of ``governance.demo.demo_load`` by ``PaymentsConfig.ready``; idempotent.
"""

import datetime

from governance.registry.models import ExternalConnection
from governance.tenancy.models import Department, Municipality, Party, User
from payments.catalog.models import ChannelKind, CollectionAgreement
from payments.catalog.services import (
    channel_create,
    charge_create,
    collection_agreement_create,
    fee_type_create,
    payer_create,
)
from payments.collection.importing.writer import Group, result_file_records
from payments.collection.layouts import layout_get
from payments.slips.models import Slip
from payments.slips.services import slip_issue, slip_reissue

TENANT = "新宿区"
COMPANY_CODE = "942386"
CLIENT_CODE = "10001"
AGENCY_CODE = "00071"
COLLECTOR = "株式会社NTTデータ"
# Seed 001's connection over which the collection service sends the result files.
CONNECTION = "延長保育料等のコンビニ収納等に伴う収納サービス提供事業者との外部結合"
# code, name, owning department
FEE_TYPES = [
    ("01", "延長保育料", "保育課"),
    ("02", "年末保育料", "保育課"),
    ("03", "子ども園預かり保育料", "保育課"),
    ("04", "基本保育料", "保育課"),
    ("05", "幼稚園預かり保育料", "学校運営課"),
    ("06", "一時保育料", "保育課"),
]
# kind, name, retailer company code (小売業企業コード) for stores and apps
CHANNELS = [
    (ChannelKind.COUNTER, "保育課窓口", ""),
    (ChannelKind.COUNTER, "学校運営課窓口", ""),
    (ChannelKind.BRANCH_OFFICE, "特別出張所", ""),
    (ChannelKind.BANK, "金融機関窓口", ""),
    (ChannelKind.DIRECT_DEBIT, "口座振替", ""),
    (ChannelKind.CONVENIENCE_STORE, "セブン‐イレブン", "003711"),
    (ChannelKind.CONVENIENCE_STORE, "ローソン", "003423"),
    (ChannelKind.CONVENIENCE_STORE, "ファミリーマート", "068442"),
    (ChannelKind.EMONEY_APP, "PayPay 請求書払い", "000820"),
    (ChannelKind.EMONEY_APP, "au PAY", "000780"),
    (ChannelKind.EMONEY_APP, "d払い", "000800"),
    (ChannelKind.EMONEY_APP, "楽天銀行", "000830"),
]
FISCAL_YEAR = 2026
DUE = datetime.date(2026, 6, 30)
DEADLINE = datetime.date(2026, 7, 15)
# payer reference, fee-type code, amount
CHARGES = [
    ("P0000001", "01", 4500), ("P0000002", "01", 3000), ("P0000003", "02", 2000), ("P0000004", "03", 12800),
    ("P0000005", "04", 56000), ("P0000006", "06", 2500), ("P0000007", "05", 8800), ("P0000008", "05", 6600),
]
# Fictitious payers (no real person or address): name, kana, address, phone — stored encrypted.
PAYERS = {
    "P0000001": ("見守 花子", "ミマモリ ハナコ", "東京都新宿区架空町一丁目1番1号", "03-0000-0001"),
    "P0000002": ("試験 太郎", "シケン タロウ", "東京都新宿区架空町一丁目2番3号", "03-0000-0002"),
    "P0000003": ("仮名 次郎", "カメイ ジロウ", "東京都新宿区見本町二丁目4番5号", "090-0000-0003"),
    "P0000004": ("例示 美咲", "レイジ ミサキ", "東京都新宿区見本町三丁目6番7号", "080-0000-0004"),
    "P0000005": ("模擬 健一", "モギ ケンイチ", "東京都新宿区架空町四丁目8番9号", "03-0000-0005"),
    "P0000006": ("架空 さくら", "カクウ サクラ", "東京都新宿区見本町五丁目10番11号", "070-0000-0006"),
    "P0000007": ("見本 大輔", "ミホン ダイスケ", "東京都新宿区架空町六丁目12番13号", "03-0000-0007"),
    "P0000008": ("試作 結衣", "シサク ユイ", "東京都新宿区見本町七丁目14番15号", "090-0000-0008"),
}


def payments_demo_load() -> dict[str, int]:
    """Create the payments demo data when it is missing; return what was added."""
    tenant = Municipality.objects.get(name=TENANT)
    if CollectionAgreement.objects.filter(municipality=tenant).exists():
        return {}
    departments = {d.name: d for d in Department.objects.filter(municipality=tenant)}
    staff = {"保育課": User.objects.get(username="hoiku"), "学校運営課": User.objects.get(username="gakko")}
    collector, _ = Party.objects.get_or_create(municipality=tenant, name=COLLECTOR)
    connection = ExternalConnection.objects.get(municipality=tenant, title=CONNECTION)
    collection_agreement_create(municipality=tenant, department=departments["保育課"], company_code=COMPANY_CODE,
                                client_code=CLIENT_CODE, agency_code=AGENCY_CODE, party=collector,
                                connection=connection)
    fee_types = {code: fee_type_create(municipality=tenant, department=departments[dept], code=code, name=name)
                 for code, name, dept in FEE_TYPES}
    for kind, name, retailer in CHANNELS:
        channel_create(municipality=tenant, kind=kind, name=name, retailer_code=retailer)
    slips = 0
    for reference, code, amount in CHARGES:
        fee_type = fee_types[code]
        actor = staff[fee_type.department.name]
        name, kana, address, phone = PAYERS[reference]
        payer = payer_create(actor=actor, municipality=tenant, reference_number=reference, name=name, kana=kana,
                             address=address, phone=phone)
        charge = charge_create(actor=actor, fee_type=fee_type, payer=payer, fiscal_year=FISCAL_YEAR,
                               amount=amount, due_date=DUE)
        slip_issue(actor=actor, charge=charge, handling_deadline=DEADLINE)
        slips += 1
    first = Slip.objects.get(municipality=tenant, charge__payer__reference_number="P0000002")
    slip_reissue(actor=staff["保育課"], slip=first, due_date=datetime.date(2026, 7, 31),
                 handling_deadline=datetime.date(2026, 8, 14))
    return {"payment slips": slips + 1, "payers": len(CHARGES), "fee types": len(FEE_TYPES),
            "payment channels": len(CHANNELS)}


def _record(kind: str, slip_barcode: str, paid_on: str, time: str, retailer: str, store: str,
            transfer: str = "0", accounting: str = "0") -> dict[str, str]:
    return {"data_kind": kind, "paid_on": paid_on, "paid_time": time, "usage": "2" if store == "0000000" else "1",
            "barcode": slip_barcode, "retailer_code": retailer, "store_code": store, "transfer_date": transfer,
            "accounting_date": accounting}


def demo_result_files(municipality: Municipality) -> list[tuple[str, bytes]]:
    """Three demo files: day 1 速報 for three slips; day 2 a 速報取消 for one of them; day 8 the 確報."""
    layout = layout_get("standard_v1")
    slips = {s.charge.payer.reference_number: s.barcode for s in
             Slip.objects.filter(municipality=municipality, reissue=0).select_related("charge__payer")}
    paid = [("P0000001", "0930", "003711", "0012345"), ("P0000004", "1802", "000820", "0000000"),
            ("P0000005", "2114", "003423", "0200001")]
    header = {"agency_code": AGENCY_CODE, "institution_code": "00001"}
    flash = [_record("01", slips[ref], "20260601", t, r, s) for ref, t, r, s in paid]
    cancel = [_record("03", slips["P0000005"], "20260601", "2114", "003423", "0200001")]
    final = [_record("02", slips[ref], "20260601", t, r, s, "20260612", "20260608") for ref, t, r, s in paid[:2]]
    files = [
        ("demo-20260602-sokuho.dat", [Group({**header, "created_on": "20260602"}, flash)]),
        ("demo-20260603-torikeshi.dat", [Group({**header, "created_on": "20260603"}, cancel)]),
        ("demo-20260609-kakuho.dat", [Group({**header, "created_on": "20260609"}, final)]),
    ]
    return [(name, b"".join(result_file_records(layout, groups))) for name, groups in files]
