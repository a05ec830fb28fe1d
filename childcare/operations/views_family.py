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

from childcare.children.access import PURPOSE_PORTAL, children_read
from childcare.children.selectors import my_children
from childcare.operations import absence, attendance
from childcare.operations.errors import OperationsInvalid
from childcare.operations.models import AbsenceReason, NoticeKind
from childcare.operations.qr import qr_svg
from common.errors import ApplicationError
from common.web import is_htmx, page_view


def _children(request):
    children = list(my_children(actor=request.user))
    views = children_read(actor=request.user, children=children, fields=["child.name"],
                          purpose=PURPOSE_PORTAL) if children else []
    return children, views


def _notices(children) -> list[dict]:
    """The family's open notices from today on, with their reasons (the read is recorded by the service)."""
    return [{"notice": n, "reason": AbsenceReason(n.reason_kind).label, "details": n.reason}
            for n in absence.family_notices(children=children)]


def _pass_context(request) -> dict:
    issued = attendance.checkin_pass_issue(actor=request.user)
    # The SVG is built from numbers and an escaped label only.
    return {"token": issued.token, "expires_at": issued.expires_at, "code": issued.code_display,
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
