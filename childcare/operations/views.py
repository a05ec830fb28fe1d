"""Pages of operations support for staff: classes, a class's page with its children and staff.

Each handler parses, makes its selector or service calls and renders; children's names are read through
``childcare.children.access.children_read`` (the access policy, one access event per page).
"""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from childcare.children.access import children_read
from childcare.children.models import Child
from childcare.operations import selectors, services
from childcare.operations.access import readable
from childcare.operations.errors import OperationsInvalid
from childcare.operations.health import HEALTH_FIELDS
from childcare.operations.models import ChildClassUserObjectPermission
from childcare.operations.permissions import fiscal_year, is_manager_for, staff_facilities
from common.errors import ApplicationError
from common.web import page_view
from governance.tenancy.models import Membership, Role, User

PURPOSE_CLASS = "childcare.operations.class"
NAME_FIELDS = ("child.name", "child.kana")


def _by_kana(views):
    return sorted(views, key=lambda v: (v.values.get("kana") or "\uffff", v.pk))


@page_view
@require_GET
def classes(request):
    """The classes the actor sees this fiscal year; the head and the department set up new ones here."""
    year = fiscal_year(timezone.localdate())
    class_list = list(selectors.class_list(actor=request.user, year=year))
    managed = [f for f in staff_facilities(request.user) if is_manager_for(request.user, f)]
    return render(request, "operations/classes.html", {"classes": class_list, "year": year, "managed": managed})


@page_view
@require_POST
def class_create(request):
    facility = next((f for f in staff_facilities(request.user) if str(f.pk) == request.POST.get("facility")), None)
    try:
        if facility is None:
            raise OperationsInvalid("operations.facility", _("No such facility"), field="facility")
        services.class_create(actor=request.user, facility=facility, name=request.POST.get("name", ""),
                              fiscal_year=fiscal_year(timezone.localdate()))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("operations-classes")


@page_view
@require_GET
def class_detail(request, class_id: int):
    """A class: its children (names through the access policy), its staff, and for managers the forms."""
    child_class = selectors.class_get(actor=request.user, class_id=class_id)
    children = list(selectors.class_children(actor=request.user, child_class=child_class))
    views = _by_kana(children_read(actor=request.user, children=children, fields=NAME_FIELDS,
                                   purpose=PURPOSE_CLASS)) if children else []
    manager = is_manager_for(request.user, child_class.facility)
    health = len(readable(actor=request.user, facility=child_class.facility, fields=HEALTH_FIELDS)) == len(
        HEALTH_FIELDS)
    context = {"child_class": child_class, "children": views, "manager": manager, "health": health,
               "staff": User.objects.filter(pk__in=ChildClassUserObjectPermission.objects.filter(
                   content_object=child_class).values("user_id")).order_by("username")}
    if manager:
        unplaced = list(selectors.unplaced_children(actor=request.user, facility=child_class.facility,
                                                    year=child_class.fiscal_year))
        context["unplaced"] = _by_kana(children_read(actor=request.user, children=unplaced, fields=NAME_FIELDS,
                                                     purpose=PURPOSE_CLASS)) if unplaced else []
        context["facility_staff"] = User.objects.filter(pk__in=Membership.objects.filter(
            role=Role.FACILITY_STAFF, facility=child_class.facility).values("user_id")).order_by("username")
    return render(request, "operations/class.html", context)


@page_view
@require_POST
def class_place(request, class_id: int):
    child_class = selectors.class_get(actor=request.user, class_id=class_id)
    child = Child.objects.filter(selectors.operations_children_scope(request.user),
                                 record_uid=request.POST.get("child") or None).first() \
        if _is_uuid(request.POST.get("child")) else None
    try:
        if child is None:
            raise OperationsInvalid("operations.child", _("No such child"), field="child")
        services.child_place(actor=request.user, child=child, child_class=child_class)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("operations-class", class_id=child_class.pk)


@page_view
@require_POST
def class_staff(request, class_id: int):
    child_class = selectors.class_get(actor=request.user, class_id=class_id)
    staff = User.objects.filter(pk=request.POST.get("staff") if (request.POST.get("staff") or "").isdigit()
                                else None).first()
    try:
        if staff is None:
            raise OperationsInvalid("operations.staff", _("No such staff member"), field="staff")
        if request.POST.get("action") == "remove":
            services.staff_unassign(actor=request.user, child_class=child_class, staff=staff)
        else:
            services.staff_assign(actor=request.user, child_class=child_class, staff=staff)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("operations-class", class_id=child_class.pk)


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
