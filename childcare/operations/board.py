"""The class board (クラスボード): who is here, who went home, who is expected, read for staff.

Names are read through ``childcare.children.access.children_read`` (one access event per response). The
board's version is a digest of the day's attendance rows, so a board polling every few seconds is answered
"unchanged" (204, nothing read, nothing recorded) until something happens.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max

from childcare.children.access import children_read
from childcare.children.models import Child
from childcare.operations.models import Attendance
from governance.tenancy.models import User

BOARD_FIELDS = ("child.name", "child.kana")


@dataclass(frozen=True)
class BoardLine:
    record_uid: str
    name: str
    kana: str
    status: str  # "expected" | "present" | "left"
    arrived_at: datetime.datetime | None
    left_at: datetime.datetime | None


def board_version(*, children: list[Child], day: datetime.date) -> str:
    """A digest that changes whenever the day's attendance of these children changes."""
    summary = Attendance.objects.filter(child__in=[c.pk for c in children], date=day).aggregate(
        latest=Max("updated_at"), rows=Count("pk"))
    text = f"{day}|{sorted(c.pk for c in children)}|{summary['latest']}|{summary['rows']}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def board_read(*, actor: User, children: list[Child], day: datetime.date, purpose: str) -> list[BoardLine]:
    """The board's lines, sorted by kana, with names only where the access policy lets ``actor`` read them."""
    if not children:
        return []
    views = {v.pk: v for v in children_read(actor=actor, children=children, fields=BOARD_FIELDS, purpose=purpose)}
    records = {a.child_id: a for a in Attendance.objects.filter(child__in=[c.pk for c in children], date=day)}
    lines = []
    for child in children:
        record, view = records.get(child.pk), views.get(child.pk)
        status = "expected" if record is None else ("left" if record.left_at else "present")
        lines.append(BoardLine(record_uid=str(child.record_uid), name=view.values.get("name", "") if view else "",
                               kana=view.values.get("kana", "") if view else "", status=status,
                               arrived_at=record.arrived_at if record else None,
                               left_at=record.left_at if record else None))
    return sorted(lines, key=lambda line: (line.kana or "\uffff", line.record_uid))
