"""Absence and lateness notices (欠席・遅刻連絡) from the guardian's page, instead of a morning phone call.

A notice can be sent for today or any day up to ``NOTICE_DAYS_AHEAD`` ahead, so the class board and the
kiosk's list show it before the morning. One open notice per child and day; a guardian withdraws and sends
another to change it.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, record_access
from childcare.children.models import Child, ChildGuardian
from childcare.operations.errors import OperationsConflict, OperationsInvalid, OperationsNotFound, OperationsRefused
from childcare.operations.models import AbsenceNotice, AbsenceReason, Attendance, NoticeKind
from governance.tenancy.models import Membership, Role, User

NOTICE_DAYS_AHEAD = 60
REASON_MAX = 500


def _require_guardian_of(actor: User, child: Child) -> None:
    is_guardian = Membership.objects.filter(user=actor, municipality_id=child.municipality_id,
                                            role=Role.GUARDIAN).exists()
    if not is_guardian or not ChildGuardian.objects.filter(child=child, guardian__user=actor).exists():
        raise OperationsRefused("operations.guardian_of_child_only",
                                _("Only the child's guardians send absence notices"))


@transaction.atomic
def absence_notify(*, actor: User, child: Child, date: datetime.date, kind: str, reason_kind: str,
                   reason: str = "", arrives_at: datetime.time | None = None) -> AbsenceNotice:
    """Tell the nursery that a child will be absent or late on a day."""
    _require_guardian_of(actor, child)
    today = timezone.localdate()
    if not today <= date <= today + datetime.timedelta(days=NOTICE_DAYS_AHEAD):
        raise OperationsInvalid("operations.notice_date",
                                _("A notice is for today or a day in the next 60 days"), field="date")
    if kind not in NoticeKind.values:
        raise OperationsInvalid("operations.notice_kind", _("Choose absent or late"), field="kind")
    if reason_kind not in AbsenceReason.values:
        raise OperationsInvalid("operations.notice_reason", _("Choose a reason"), field="reason_kind")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise OperationsInvalid("operations.notice_reason_length", _("The details are at most 500 characters"),
                                field="reason")
    if kind == NoticeKind.LATE and arrives_at is None:
        raise OperationsInvalid("operations.notice_arrival", _("Give the time the child will arrive"),
                                field="arrives_at")
    if kind == NoticeKind.ABSENT and Attendance.objects.filter(child=child, date=date).exists():
        raise OperationsConflict("operations.already_arrived", _("The child has already arrived on this day"),
                                 field="date")
    try:
        with transaction.atomic():
            notice = AbsenceNotice.objects.create(
                municipality_id=child.municipality_id, child=child, facility_id=child.facility_id, date=date,
                kind=kind, arrives_at=arrives_at if kind == NoticeKind.LATE else None, reason_kind=reason_kind,
                reason=reason, submitted_by=actor)
    except IntegrityError:
        raise OperationsConflict("operations.notice_exists",
                                 _("There is already a notice for this child on this day: withdraw it first"),
                                 field="date") from None
    audit_record("childcare.absence_notice.sent", obj=notice, tenant_id=child.municipality_id, subjects=[child],
                 fields=["absence_notice.reason_kind", *(["absence_notice.reason"] if reason else [])],
                 data={"facility_id": child.facility_id, "kind": kind})
    return notice


@transaction.atomic
def absence_withdraw(*, actor: User, notice_id: int) -> None:
    """Withdraw one's own child's notice for today or a later day."""
    notice = AbsenceNotice.objects.select_for_update().filter(
        pk=notice_id, withdrawn_at__isnull=True, child__guardian_links__guardian__user=actor).first()
    if notice is None:
        raise OperationsNotFound("operations.notice_not_found", _("No such notice"), field="notice_id")
    if notice.date < timezone.localdate():
        raise OperationsConflict("operations.notice_past", _("A notice for a past day cannot be withdrawn"))
    notice.withdrawn_at = timezone.now()
    notice.save(update_fields=["withdrawn_at"])
    audit_record("childcare.absence_notice.withdrawn", obj=notice, tenant_id=notice.municipality_id,
                 subjects=[notice.child], data={"facility_id": notice.facility_id})


def consecutive_absences(*, children: list[Child], day: datetime.date, facility_id: int) -> dict[int, int]:
    """How many open days in a row up to ``day`` each child has been absent (by notice, or not come at all).

    A day the nursery was open is one on which any of its children came; a day before ``day`` with no
    notice and no attendance counts as absent, ``day`` itself only with a notice (the morning is not over).
    """
    window = day - datetime.timedelta(days=31)
    ids = [c.pk for c in children]
    notices = set(AbsenceNotice.objects.filter(child__in=ids, date__gte=window, date__lte=day, kind=NoticeKind.ABSENT,
                                               withdrawn_at__isnull=True).values_list("child_id", "date"))
    came = set(Attendance.objects.filter(child__in=ids, date__gte=window, date__lte=day)
               .values_list("child_id", "date"))
    open_days = sorted(set(Attendance.objects.filter(facility_id=facility_id, date__gte=window, date__lt=day)
                           .values_list("date", flat=True)), reverse=True)
    counts = {}
    for child in children:
        run = 1 if (child.pk, day) in notices else 0
        if run or (child.pk, day) not in came:
            for past in open_days:
                if (child.pk, past) in came or past < child.enrolled_on:
                    break
                run += 1
        counts[child.pk] = run
    return counts


PURPOSE_PORTAL = "childcare.guardian.portal"


def family_notices(*, children: list[Child]) -> list[AbsenceNotice]:
    """A family's open notices from today on, with their reasons (the family's own; the read is recorded)."""
    notices = list(AbsenceNotice.objects.filter(child__in=children, withdrawn_at__isnull=True,
                                                date__gte=timezone.localdate()).select_related("child")
                   .order_by("date", "pk"))
    for municipality_id in dict.fromkeys(n.municipality_id for n in notices):
        ward = [n for n in notices if n.municipality_id == municipality_id]
        record_access(subjects=[n.child for n in ward], fields=["absence_notice.reason_kind", "absence_notice.reason"],
                      purpose=PURPOSE_PORTAL, tenant_id=municipality_id,
                      sensitive_fields=["absence_notice.reason_kind", "absence_notice.reason"],
                      subject_facility_ids=[n.facility_id for n in ward])
    return notices
