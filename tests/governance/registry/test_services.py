# ruff: noqa: E501 — exact Japanese values from the seeds; wide characters count double.
"""Services refuse invalid input with a message naming the field, and save nothing."""

import pytest

from audit.context import Channel, bound
from audit.models import AuditEvent
from common.errors import Conflict, Forbidden, InvalidInput
from governance.registry.models import DataItem, ExternalConnection, RegisteredBusiness
from governance.registry.services import business_create, data_item_create, party_create, party_update
from governance.registry.snapshots import snapshot_of
from governance.registry.versioning import connection_create, registry_part_update, version_latest
from governance.tenancy.models import Party, User


def _counts():
    return (ExternalConnection.objects.count(), DataItem.objects.count(), Party.objects.count(),
            AuditEvent.objects.count())


@pytest.fixture
def nursery(shinjuku):
    return RegisteredBusiness.objects.get(name="保育業務支援システム")


def _create(shinjuku, nursery, **content):
    asp = Party.objects.get(name="ASP事業者（保育業務支援システム）")
    base = {"counterparty": asp.pk, "line": "internet", "items": [
        {"item": nursery.items.get(subject="child", name="氏名").pk, "direction": "sent"}]}
    with bound(channel=Channel.CLI):
        return connection_create(municipality=shinjuku, businesses=[nursery.pk], title="新しい結合",
                                 content={**base, **content})


def test_connection_create_writes_version_one(shinjuku, nursery):
    connection = _create(shinjuku, nursery, period_start="2025-04-01", period_end="2026-03-31")
    version = version_latest(part=connection)
    assert (version.number, version.state, version.period_end.isoformat()) == (1, "draft", "2026-03-31")
    assert AuditEvent.objects.filter(name="governance.connection.created", object_id=str(connection.pk)).exists()


@pytest.mark.parametrize(("content", "field", "message"), [
    ({"items": [{"item": 999999, "direction": "sent"}]}, "items[0].item", "情報項目 999999 は見つかりません"),
    ({"period_start": "2025-04-01", "period_end": "2025-03-31"}, "period_end", "が period_start \\(開始日\\)"),
    ({"line": "carrier pigeon"}, "line", "line は"),
    ({"colour": "blue"}, "colour", "不明な項目"),
])
def test_invalid_connection_input_saves_nothing(shinjuku, nursery, content, field, message):
    before = _counts()
    with pytest.raises(InvalidInput, match=message) as error:
        _create(shinjuku, nursery, **content)
    assert error.value.field == field and _counts() == before


def test_a_party_of_another_tenant_is_refused(shinjuku, nursery):
    uchida = Party.objects.get(name="株式会社内田洋行")
    before = _counts()
    with pytest.raises(InvalidInput, match="相手方「株式会社内田洋行」は別の自治体のものです") as error:
        _create(shinjuku, nursery, counterparty=uchida.pk)
    assert error.value.field == "counterparty" and _counts() == before


def test_an_item_of_another_business_is_refused(shinjuku, nursery):
    foreign = DataItem.objects.get(business__name="ベビーシッター利用支援事業（一時預かり利用支援）", name="銀行口座情報")
    with pytest.raises(InvalidInput, match="情報項目「銀行口座情報」: 保育業務支援システム の項目ではありません") as error:
        _create(shinjuku, nursery, items=[{"item": foreign.pk, "direction": "sent"}])
    assert error.value.field == "items[0].item"


def test_update_of_a_draft_with_bad_input_leaves_it_unchanged(shinjuku, nursery):
    connection = ExternalConnection.objects.get(title="保育業務支援システムの外部結合")
    before = snapshot_of(version_latest(part=connection))
    with bound(channel=Channel.CLI), pytest.raises(InvalidInput):
        registry_part_update(part=connection, content={"items": [{"item": "x", "direction": "sent"}]})
    assert snapshot_of(version_latest(part=connection)) == before


def test_duplicates_conflict(shinjuku, nursery):
    with bound(channel=Channel.CLI):
        with pytest.raises(Conflict, match="は既に「"):
            data_item_create(business=nursery, data={"subject": "child", "name": "氏名"})
        with pytest.raises(Conflict, match="「一時保育」という名称の登録業務は既に存在します"):
            business_create(municipality=shinjuku, data={"name": "一時保育", "department": nursery.department})
        with pytest.raises(Conflict, match="は既に存在します"):
            party_create(municipality=shinjuku, data={"name": "株式会社NTTデータ"})


def test_naming_a_selected_party(shinjuku):
    asp = Party.objects.get(name="ASP事業者（一時保育システム）")
    with bound(channel=Channel.CLI):
        party_update(party=asp, data={"name": "株式会社サンプル", "selection": "named", "hosting_country": "JP",
                                      "japanese_law_applies": True})
    asp.refresh_from_db()
    assert (asp.name, asp.selection, asp.japanese_law_applies) == ("株式会社サンプル", "named", True)


def test_department_staff_of_another_department_may_not_write(demo):
    hoiku = User.objects.get(username="hoiku")
    baby = RegisteredBusiness.objects.get(name="ベビーシッター利用支援事業（一時預かり利用支援）")
    before = _counts()
    with pytest.raises(Forbidden):
        data_item_create(business=baby, data={"subject": "applicant", "name": "性別"}, actor=hoiku)
    assert _counts() == before
