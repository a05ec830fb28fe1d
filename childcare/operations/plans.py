"""Guidance plans (指導計画) and daily logs (保育日誌) per class, written by the staff who see the class.

A day's log starts pre-filled from that day's attendance and absence notices (names read through the access
policy, never a reason) and from the aims of the plans in force, so the plan feeds the log and attendance
feeds the log; the staff member edits and saves it, sealed.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, record_access
from childcare.children.access import children_read
from childcare.operations.access import actor_facility_ids
from childcare.operations.errors import OperationsInvalid
from childcare.operations.models import (
    AbsenceNotice,
    Attendance,
    ChildClass,
    DailyLog,
    GuidancePlan,
    NoticeKind,
    PlanPeriod,
)
from childcare.operations.selectors import class_children
from governance.tenancy.models import User

PURPOSE_LOG = "childcare.operations.daily_log"
TEXT_MAX = 4000


def _text(value: str, field: str, *, required: bool) -> str:
    value = (value or "").strip()
    if (required and not value) or len(value) > TEXT_MAX:
        raise OperationsInvalid("operations.text", _("Write at most 4,000 characters (and not nothing)"),
                                field=field)
    return value


@transaction.atomic
def plan_save(*, actor: User, child_class: ChildClass, period: str, starts_on: datetime.date, aims: str,
              content: str = "") -> GuidancePlan:
    """Write (or rewrite) a class's plan for a period; ``child_class`` comes from ``selectors.class_get``."""
    if period not in PlanPeriod.values:
        raise OperationsInvalid("operations.plan_period", _("Choose annual, monthly or weekly"), field="period")
    if period == PlanPeriod.MONTHLY:
        starts_on = starts_on.replace(day=1)
    elif period == PlanPeriod.WEEKLY:
        starts_on -= datetime.timedelta(days=starts_on.weekday())
    elif period == PlanPeriod.ANNUAL:
        starts_on = datetime.date(child_class.fiscal_year, 4, 1)
    plan, created = GuidancePlan.objects.update_or_create(
        child_class=child_class, period=period, starts_on=starts_on,
        defaults={"municipality_id": child_class.municipality_id, "aims": _text(aims, "aims", required=True),
                  "content": _text(content, "content", required=False), "written_by": actor})
    audit_record("childcare.guidance_plan.saved", obj=plan, tenant_id=child_class.municipality_id,
                 data={"class_id": child_class.pk, "period": period, "created": created})
    return plan


def plans_in_force(*, child_class: ChildClass, day: datetime.date) -> list[GuidancePlan]:
    """The annual, monthly and weekly plans covering ``day`` (the latest start on or before it, per period)."""
    plans = []
    for period in PlanPeriod.values:
        plan = GuidancePlan.objects.filter(child_class=child_class, period=period, starts_on__lte=day) \
            .order_by("-starts_on").first()
        if plan is not None:
            plans.append(plan)
    return plans


def daily_log_draft(*, actor: User, child_class: ChildClass, day: datetime.date) -> str:
    """The day's log as saved, or a first draft from the day's attendance, notices and plans (read recorded)."""
    saved = DailyLog.objects.filter(child_class=child_class, date=day).first()
    children = list(class_children(actor=actor, child_class=child_class, day=day))
    if saved is not None:
        # A log names the class's children: its read concerns each of them.
        record_access(subjects=children, fields=["daily_log.body"], purpose=PURPOSE_LOG,
                      tenant_id=child_class.municipality_id,
                      subject_facility_ids=[child_class.facility_id] * max(len(children), 1),
                      actor_facility_ids=actor_facility_ids(actor, child_class.municipality_id))
        return saved.body
    names = {v.pk: v.values.get("name", "") for v in children_read(
        actor=actor, children=children, fields=["child.name"], purpose=PURPOSE_LOG)} if children else {}
    came = {a.child_id: a for a in Attendance.objects.filter(child__in=children, date=day)}
    notices = {n.child_id: n for n in AbsenceNotice.objects.filter(child__in=children, date=day,
                                                                  withdrawn_at__isnull=True)}
    present = [names[c.pk] for c in children if c.pk in came]
    absent = [names[c.pk] for c in children if c.pk not in came and c.pk in notices
              and notices[c.pk].kind == NoticeKind.ABSENT]
    late = [f"{names[c.pk]} ({timezone.localtime(came[c.pk].arrived_at).strftime('%H:%M') if c.pk in came else '—'})"
            for c in children if c.pk in notices and notices[c.pk].kind == NoticeKind.LATE]
    unknown = [names[c.pk] for c in children if c.pk not in came and c.pk not in notices]
    lines = [_("Attendance: %(n)s of %(total)s") % {"n": len(present), "total": len(children)},
             _("Absent (notice): %(names)s") % {"names": "、".join(absent) or "—"},
             _("Late (arrival): %(names)s") % {"names": "、".join(late) or "—"},
             _("Absent without notice: %(names)s") % {"names": "、".join(unknown) or "—"}]
    for plan in plans_in_force(child_class=child_class, day=day):
        lines.append(_("Aims (%(period)s): %(aims)s") % {"period": plan.get_period_display(), "aims": plan.aims})
    lines += ["", _("Today's activities:"), "", _("Children's health and notes:"), ""]
    return "\n".join(lines)


@transaction.atomic
def daily_log_save(*, actor: User, child_class: ChildClass, day: datetime.date, body: str) -> DailyLog:
    """Save a class's log of a day (sealed); ``child_class`` comes from ``selectors.class_get``."""
    body = _text(body, "body", required=True)
    log = DailyLog.objects.filter(child_class=child_class, date=day).first()
    if log is None:
        log = DailyLog(municipality_id=child_class.municipality_id, child_class=child_class, date=day)
    log.body, log.written_by = body, actor
    log.save()
    audit_record("childcare.daily_log.saved", obj=log, tenant_id=child_class.municipality_id,
                 fields=["daily_log.body"], data={"class_id": child_class.pk})
    return log
