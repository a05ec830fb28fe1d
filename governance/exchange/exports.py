"""The handover ledger as CSV (the 管理簿 the seeds ask for: date and time, handler, content, quantity)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from common.csv import csv_bytes

COLUMNS = ["番号", "日時", "取扱者", "方向", "相手方", "経路", "版", "情報の内容", "件数", "目的", "ハッシュ(SHA-256)",
           "ファイル名", "受信結果", "問題件数", "問題の一覧"]


def ledger_csv(entries, *, tenant_id: int | None) -> bytes:
    """CSV of the given entries (UTF-8 with BOM); exporting it is audited."""
    rows = [[e.pk, timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"), e.actor.username,
             e.get_direction_display(), e.party.name, str(e.channel), e.version_number, "・".join(e.items),
             e.record_count, e.purpose, e.content_sha256, e.file_name, e.get_outcome_display(),
             e.problem_count if e.refused else "",
             reverse("exchange-ledger-entry", args=[e.pk]) if e.refused else ""] for e in entries]
    content = csv_bytes(COLUMNS, rows)
    with transaction.atomic():
        audit_record("governance.ledger.exported", tenant_id=tenant_id, data={"entries": len(rows)})
    return content
