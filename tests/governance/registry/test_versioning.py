# ruff: noqa: E501 — exact Japanese values from the seeds; wide characters count double.
"""Versions: freezing makes a version immutable, editing creates a new draft, snapshots hash and diff."""

import pytest

from audit.context import Channel, bound
from audit.models import AuditEvent
from common.errors import Conflict
from governance.registry.models import ExternalConnection, OutsourcingContract
from governance.registry.snapshots import registry_diff, snapshot_hash, snapshot_of
from governance.registry.versioning import (
    registry_part_update,
    registry_version_freeze,
    registry_version_update,
    version_get,
    version_is_intact,
    version_latest,
    version_latest_draft,
    version_latest_frozen,
)


@pytest.fixture
def connection(seeded):
    return ExternalConnection.objects.get(title="保育業務支援システムの外部結合")


def test_freeze_records_the_hash_and_an_event(connection):
    with bound(channel=Channel.CLI):
        version = registry_version_freeze(version=version_latest(part=connection), reason="令和6年度第3回 承認")
    assert version.state == "frozen" and version.frozen_reason == "令和6年度第3回 承認"
    assert version.content_hash == snapshot_hash(snapshot_of(version)) and version_is_intact(version)
    event = AuditEvent.objects.get(name="governance.connection.version_frozen", object_id=str(connection.pk))
    assert event.data == {"version": 1, "content_hash": version.content_hash}
    assert version_latest_draft(part=connection) is None and version_latest_frozen(part=connection) == version


def test_a_frozen_version_cannot_be_edited_in_place(connection):
    with bound(channel=Channel.CLI):
        frozen = registry_version_freeze(version=version_latest(part=connection), reason="承認")
        before = snapshot_of(frozen)
        with pytest.raises(Conflict, match="「保育業務支援システムの外部結合」の版 1 は確定済み"):
            registry_version_update(version=frozen, content={"line": "lgwan"})
    frozen.refresh_from_db()
    assert frozen.line == "internet" and snapshot_of(frozen) == before and connection.versions.count() == 1


def test_an_edit_after_freezing_writes_a_new_draft_copied_from_the_frozen_one(connection):
    with bound(channel=Channel.CLI):
        frozen = registry_version_freeze(version=version_latest(part=connection), reason="承認")
        draft = registry_part_update(part=connection, content={"line": "lgwan", "period_end": "2026-03-31"})
        again = registry_part_update(part=connection, content={"period_note": "令和8年3月31日まで"})
    assert (draft.number, draft.state, again.pk) == (2, "draft", draft.pk)
    assert draft.item_lines.count() == frozen.item_lines.count() == 54
    changes = registry_diff(snapshot_of(frozen), snapshot_of(version_get(part=connection, number=2)))
    assert changes == [
        {"path": "line", "change": "changed", "old": "internet", "new": "lgwan"},
        {"path": "period.end", "change": "changed", "old": "2025-03-31", "new": "2026-03-31"},
        {"path": "period.note", "change": "changed",
         "old": "令和6年12月1日から令和7年3月31日まで(次年度以降も、同様の外部結合を行う。)", "new": "令和8年3月31日まで"},
    ]
    assert version_is_intact(frozen)


def test_diff_reports_added_and_removed_list_entries():
    old = {"items": {"A": {"sent": ["child:氏名", "child:性別"]}}, "media": ["紙"]}
    new = {"items": {"A": {"sent": ["child:氏名", "guardian:住所"]}, "B": {"received": ["child:氏名"]}}, "media": ["紙"]}
    assert registry_diff(old, new) == [
        {"path": "items.A.sent", "change": "removed", "value": "child:性別"},
        {"path": "items.A.sent", "change": "added", "value": "guardian:住所"},
        {"path": "items.B", "change": "added", "value": {"received": ["child:氏名"]}},
    ]


def test_seed_004_amendment_diff_shows_the_logo_form(seeded):
    contract = OutsourcingContract.objects.get(title__startswith="ベビーシッター")
    changes = registry_diff(snapshot_of(version_get(part=contract, number=1)),
                            snapshot_of(version_get(part=contract, number=2)))
    added = [(c["path"], c["value"]) for c in changes if c["change"] == "added"]
    assert added == [("contractors.株式会社バックスグループ.media", "電磁的媒体（LoGoフォーム）"),
                     ("contractors.株式会社バックスグループ.work", "(5) Logo フォームへの電子申請内容の確認及び集計管理")]


def test_snapshot_names_things_and_hash_ignores_key_order(connection):
    snapshot = snapshot_of(version_latest(part=connection))
    assert snapshot["counterparty"] == "ASP事業者（保育業務支援システム）"
    assert snapshot["items"]["ASP事業者（保育業務支援システム）"]["sent"][:2] == ["child:氏名", "child:性別"]
    assert snapshot_hash(dict(reversed(list(snapshot.items())))) == snapshot_hash(snapshot)


def test_freezing_twice_is_refused(connection):
    with bound(channel=Channel.CLI):
        version = registry_version_freeze(version=version_latest(part=connection), reason="承認")
        with pytest.raises(Conflict, match="は既に確定しています"):
            registry_version_freeze(version=version, reason="again")
    assert AuditEvent.objects.filter(name="governance.connection.version_frozen",
                                     object_id=str(connection.pk)).count() == 1
