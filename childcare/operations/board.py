"""The class board (クラスボード): who is here, who went home, who is absent or late, read for staff.

Names are read through ``childcare.children.access.children_read`` (one access event per response); the
reasons of absence notices only where the access policy lets the reader see them, recorded in a second
access event. The board's version is a digest of the day's attendance and notices, so a board polling every
few seconds is answered "unchanged" (204, nothing read, nothing recorded) until something happens.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max

from audit.services import record_access
from childcare.children.access import children_read
from childcare.children.models import Child
from childcare.operations.absence import consecutive_absences
from childcare.operations.access import ABSENCE_REASON, actor_facility_ids, readable
from childcare.operations.models import AbsenceNotice, AbsenceReason, Attendance, OperationsFacility
from governance.tenancy.models import Facility, User

BOARD_FIELDS = ("child.name", "child.kana")
DEFAULT_FLAG_DAYS = 3


@dataclass(frozen=True)
class BoardLine:
    record_uid: str
    name: str
    kana: str
    status: str  # "expected" | "present" | "left" | "absent" | "late"
    arrived_at: datetime.datetime | None
    left_at: datetime.datetime | None
    arrives_at: datetime.time | None  # a late notice's expected time
    reason: str | None  # None: no notice, or a reason the reader may not see
    absent_days: int  # absent this many open days in a row
    flagged: bool


def _notices(children: list[Child], day: datetime.date):
    return AbsenceNotice.objects.filter(child__in=[c.pk for c in children], date=day, withdrawn_at__isnull=True)


def board_version(*, children: list[Child], day: datetime.date) -> str:
    """A digest that changes whenever the day's attendance or notices of these children change."""
    attendance = Attendance.objects.filter(child__in=[c.pk for c in children], date=day).aggregate(
        latest=Max("updated_at"), rows=Count("pk"))
    notices = AbsenceNotice.objects.filter(child__in=[c.pk for c in children], date=day).aggregate(
        latest=Max("created_at"), withdrawn=Max("withdrawn_at"), rows=Count("pk"))
    text = f"{day}|{sorted(c.pk for c in children)}|{attendance}|{notices}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _reason_text(notice: AbsenceNotice) -> str:
    label = str(AbsenceReason(notice.reason_kind).label)
    return f"{label}: {notice.reason}" if notice.reason else label


def board_read(*, actor: User, children: list[Child], day: datetime.date, purpose: str) -> list[BoardLine]:
    """The board's lines, sorted by kana, with names and reasons only where the access policy lets ``actor``."""
    if not children:
        return []
    views = {v.pk: v for v in children_read(actor=actor, children=children, fields=BOARD_FIELDS, purpose=purpose)}
    records = {a.child_id: a for a in Attendance.objects.filter(child__in=[c.pk for c in children], date=day)}
    notices = {n.child_id: n for n in _notices(children, day)}
    reasons_for: set[int] = set()
    runs: dict[int, int] = {}
    flag_days: dict[int, int] = {}
    for facility_id in {c.facility_id for c in children}:
        facility_children = [c for c in children if c.facility_id == facility_id]
        runs.update(consecutive_absences(children=facility_children, day=day, facility_id=facility_id))
        settings = OperationsFacility.objects.filter(facility_id=facility_id).first()
        flag_days[facility_id] = settings.absence_flag_days if settings else DEFAULT_FLAG_DAYS
        if ABSENCE_REASON.name in readable(actor=actor, facility=Facility.objects.get(pk=facility_id),
                                           fields=[ABSENCE_REASON]):
            reasons_for.add(facility_id)
    lines, reasons_shown = [], []
    for child in children:
        record, view, notice = records.get(child.pk), views.get(child.pk), notices.get(child.pk)
        if record is not None:
            status = "left" if record.left_at else "present"
        else:
            status = notice.kind if notice else "expected"
        reason = None
        if notice is not None and child.facility_id in reasons_for:
            reason = _reason_text(notice)
            reasons_shown.append(child)
        lines.append(BoardLine(
            record_uid=str(child.record_uid), name=view.values.get("name", "") if view else "",
            kana=view.values.get("kana", "") if view else "", status=status,
            arrived_at=record.arrived_at if record else None, left_at=record.left_at if record else None,
            arrives_at=notice.arrives_at if notice else None, reason=reason, absent_days=runs.get(child.pk, 0),
            flagged=runs.get(child.pk, 0) >= flag_days[child.facility_id]))
    if reasons_shown:
        municipality_id = reasons_shown[0].municipality_id
        record_access(subjects=reasons_shown, fields=["absence_notice.reason_kind", "absence_notice.reason"],
                      purpose=purpose, tenant_id=municipality_id,
                      sensitive_fields=["absence_notice.reason_kind", "absence_notice.reason"],
                      subject_facility_ids=[c.facility_id for c in reasons_shown],
                      actor_facility_ids=actor_facility_ids(actor, municipality_id))
    return sorted(lines, key=lambda line: (line.kana or "\uffff", line.record_uid))
