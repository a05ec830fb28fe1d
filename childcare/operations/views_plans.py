"""A class's guidance plans and daily log."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from childcare.operations import plans, selectors
from childcare.operations.models import GuidancePlan, PlanPeriod
from common.errors import ApplicationError
from common.web import page_view


def _date(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:  # a mistyped date shows today, like an empty one
        return timezone.localdate()


@page_view
@require_http_methods(["GET", "POST"])
def class_plans(request, class_id: int):
    child_class = selectors.class_get(actor=request.user, class_id=class_id)
    if request.method == "POST":
        try:
            plans.plan_save(actor=request.user, child_class=child_class, period=request.POST.get("period", ""),
                            starts_on=_date(request.POST.get("starts_on")), aims=request.POST.get("aims", ""),
                            content=request.POST.get("content", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The plan has been saved."))
        return redirect("operations-plans", class_id=child_class.pk)
    return render(request, "operations/plans.html", {
        "child_class": child_class, "plans": GuidancePlan.objects.filter(child_class=child_class),
        "periods": PlanPeriod.choices, "today": timezone.localdate()})


@page_view
@require_http_methods(["GET", "POST"])
def class_log(request, class_id: int):
    """The day's log (?date=), pre-filled from attendance, notices and plans until it is saved."""
    child_class = selectors.class_get(actor=request.user, class_id=class_id)
    day = _date(request.GET.get("date") or request.POST.get("date"))
    if request.method == "POST":
        try:
            plans.daily_log_save(actor=request.user, child_class=child_class, day=day,
                                 body=request.POST.get("body", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The daily log has been saved."))
        return redirect(f"{request.path}?date={day.isoformat()}")
    return render(request, "operations/daily_log.html", {
        "child_class": child_class, "day": day,
        "body": plans.daily_log_draft(actor=request.user, child_class=child_class, day=day)})
