"""A child's health records for the nurse and the facility head: the records, a growth chart, a form to add."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from childcare.children.access import children_read
from childcare.operations import health
from childcare.operations.errors import OperationsInvalid
from childcare.operations.models import HealthKind
from common.errors import ApplicationError
from common.web import page_view

PURPOSE_CLASS = "childcare.operations.class"


@page_view
@require_http_methods(["GET", "POST"])
def health_page(request, record_uid: str):
    """Not found for anyone the access policy does not let read health records of this child."""
    child = health.health_child(actor=request.user, record_uid=record_uid)
    if request.method == "POST":
        try:
            try:
                day = datetime.date.fromisoformat(request.POST.get("date", ""))
            except ValueError:
                raise OperationsInvalid("operations.health_date", _("Give the date"), field="date") from None
            health.health_record_add(actor=request.user, child=child, kind=request.POST.get("kind", ""), date=day,
                                     values=request.POST, notes=request.POST.get("notes", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The health record has been added."))
        return redirect("operations-health", record_uid=child.record_uid)
    (view,) = children_read(actor=request.user, children=[child], fields=["child.name", "child.birth_date"],
                            purpose=PURPOSE_CLASS)
    records = health.health_read(actor=request.user, child=child)
    birth = view.values.get("birth_date")
    chart = health.growth_chart_svg(birth_date=birth, views=records) if birth else ""
    return render(request, "operations/health.html", {
        "child": child, "name": view.values.get("name", ""), "records": records, "kinds": HealthKind.choices,
        "today": timezone.localdate(), "chart": mark_safe(chart)})
