"""The Zengin transfer file, byte by byte against records written out from the published layout (全銀協 総合振込)."""

import datetime

import pytest

from childcare.subsidy.errors import SubsidyInvalid
from childcare.subsidy.zengin import Requester, Transfer, transfer_file

WARD = Requester(code="1310400001", name="ｼﾝｼﾞﾕｸｸ", bank_code="0001", branch_code="001", account_kind="1",
                 account_number="1234567")


def test_file_matches_the_published_layout_byte_by_byte():
    transfers = [Transfer("0005", "001", "1", "0000123", "ヤマダ　ハナコ", 6000, "0000000001"),
                 Transfer("0009", "001", "2", "7654321", "ｻﾄｳ ｹﾝｲﾁ", 12500, "0000000002")]
    content = transfer_file(requester=WARD, transfer_on=datetime.date(2026, 12, 10), transfers=transfers)
    # Header: 1 | 21 | 0 | 依頼人コード 10 | 依頼人名 40 | 取組日 MMDD | 0001 ﾐｽﾞﾎ | 001 ﾄｳｷﾖｳ | 1 | 1234567 | 17 spaces
    header = ("1" + "21" + "0" + "1310400001" + "ｼﾝｼﾞﾕｸｸ".ljust(40) + "1210" + "0001" + "ﾐｽﾞﾎ".ljust(15) + "001"
              + "ﾄｳｷﾖｳ".ljust(15) + "1" + "1234567" + " " * 17)
    # Bank and branch names in kana from the Zengin code list: 0005/001 三菱ＵＦＪ 本店, 0009/001 三井住友 神保町.
    data1 = ("2" + "0005" + "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ".ljust(15) + "001" + "ﾎﾝﾃﾝ".ljust(15) + " " * 4 + "1"
             + "0000123" + "ﾔﾏﾀﾞ ﾊﾅｺ".ljust(30) + "0000006000" + "0" + "0000000001" + " " * 10 + "7" + " " + " " * 7)
    data2 = ("2" + "0009" + "ﾐﾂｲｽﾐﾄﾓ".ljust(15) + "001" + "ｼﾞﾝﾎﾞｳﾁﾖｳ".ljust(15) + " " * 4 + "2"
             + "7654321" + "ｻﾄｳ ｹﾝｲﾁ".ljust(30) + "0000012500" + "0" + "0000000002" + " " * 10 + "7" + " " + " " * 7)
    trailer = "8" + "000002" + "000000018500" + " " * 101
    end = "9" + " " * 119
    expected = b"".join(line.encode("shift_jis") + b"\r\n" for line in (header, data1, data2, trailer, end))
    assert content == expected
    assert all(len(line) == 120 for line in content.split(b"\r\n")[:-1])


@pytest.mark.parametrize(("transfer", "code"), [
    (Transfer("0005", "001", "1", "0000123", "山田 花子", 6000, "1"), "subsidy.zengin_characters"),
    (Transfer("0005", "999", "1", "0000123", "ﾔﾏﾀﾞ", 6000, "1"), "subsidy.zengin_bank"),
    (Transfer("0005", "001", "1", "0000123", "ﾔﾏﾀﾞ", 12345678901, "1"), "subsidy.zengin_field"),
])
def test_refused_names_codes_and_amounts(transfer, code):
    with pytest.raises(SubsidyInvalid) as refused:
        transfer_file(requester=WARD, transfer_on=datetime.date(2026, 12, 10), transfers=[transfer])
    assert refused.value.code == code
