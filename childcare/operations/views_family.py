"""The guardian's nursery page (mobile first): their children, the check-in code, absence and lateness notices.

Names and the family's own notices are read through the access layer and recorded (the portal's purpose).
"""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_access
from childcare.children.access import PURPOSE_PORTAL, children_read
from childcare.children.selectors import my_children
from childcare.operations import absence, attendance
from childcare.operations.errors import OperationsInvalid
from childcare.operations.models import AbsenceNotice, AbsenceReason, NoticeKind
from childcare.operations.qr import qr_svg
from common.errors import ApplicationError
from common.web import is_htmx, page_view


def _children(request):
    children = list(my_children(actor=request.user))
    views = children_read(actor=request.user, children=children, fields=["child.name"],
                          purpose=PURPOSE_PORTAL) if children else []
    return children, views


def _notices(children) -> list[dict]:
    """The family's open notices from today on, with their reasons (the family's own; the read is recorded)."""
    notices = list(AbsenceNotice.objects.filter(child__in=children, withdrawn_at__isnull=True,
                                                date__gte=timezone.localdate()).order_by("date", "pk"))
    for municipality_id in dict.fromkeys(n.municipality_id for n in notices):
        ward = [n for n in notices if n.municipality_id == municipality_id]
        record_access(subjects=[n.child for n in ward], fields=["absence_notice.reason_kind", "absence_notice.reason"],
                      purpose=PURPOSE_PORTAL, tenant_id=municipality_id,
                      sensitive_fields=["absence_notice.reason_kind", "absence_notice.reason"],
                      subject_facility_ids=[n.facility_id for n in ward])
    return [{"notice": n, "reason": AbsenceReason(n.reason_kind).label, "details": n.reason} for n in notices]


def _pass_context(request) -> dict:
    issued = attendance.checkin_pass_issue(actor=request.user)
    # The SVG is built from numbers and an escaped label only.
    return {"token": issued.token, "expires_at": issued.expires_at,
            "svg": mark_safe(qr_svg(issued.token, label=_("Check-in code")))}


@page_view
@require_GET
def family(request):
    """The guardian's page: their children, the check-in code (renewed every minute), absence notices."""
    children, views = _children(request)
    names = {v.pk: v.values.get("name", "") for v in views}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    notices = [{**n, "name": names.get(n["notice"].child_id, "")} for n in _notices(children)]
    return render(request, "operations/family.html", {
        "children": views, "pass": _pass_context(request), "notices": notices,
        "kinds": NoticeKind.choices, "reasons": AbsenceReason.choices, "tomorrow": tomorrow})


@page_view
@require_GET
def family_pass(request):
    """A fresh check-in code (the guardian's page polls it every minute); opened directly, the page itself."""
    if not is_htmx(request):
        return redirect("operations-family")
    return render(request, "operations/_pass.html", {"pass": _pass_context(request)})


def _time(value: str) -> datetime.time | None:
    try:
        return datetime.time.fromisoformat(value) if value else None
    except ValueError:
        return None


@page_view
@require_POST
def absence_send(request):
    """Send an absence or lateness notice for one of one's children."""
    children, _views = _children(request)
    child = next((c for c in children if str(c.record_uid) == request.POST.get("child")), None)
    try:
        if child is None:
            raise OperationsInvalid("operations.child", _("No such child"), field="child")
        try:
            day = datetime.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            raise OperationsInvalid("operations.notice_date", _("Give the date of the absence"),
                                            field="date") from None
        absence.absence_notify(actor=request.user, child=child, date=day, kind=request.POST.get("kind", ""),
                               reason_kind=request.POST.get("reason_kind", ""), reason=request.POST.get("reason", ""),
                               arrives_at=_time(request.POST.get("arrives_at", "")))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your notice has been sent to the nursery."))
    return redirect("operations-family")


@page_view
@require_POST
def absence_withdraw(request, notice_id: int):
    try:
        absence.absence_withdraw(actor=request.user, notice_id=notice_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The notice has been withdrawn."))
    return redirect("operations-family")
