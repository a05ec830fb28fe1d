"""Who may work payments: department staff (所管課職員) of the department that owns the fee type."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from common.errors import Forbidden
from governance.tenancy.models import Department, Membership, Role


def staff_department_ids(actor) -> set[int]:
    """Departments the actor works for as department staff (every tenant's)."""
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=actor, role=Role.DEPARTMENT_STAFF)
               .values_list("department_id", flat=True))


def department_scope(actor, prefix: str = "") -> Q:
    """A filter for rows whose ``<prefix>department`` the actor works for (tenant follows the department)."""
    return Q(**{f"{prefix}department_id__in": staff_department_ids(actor)})


def require_department(actor, department: Department, what: str) -> None:
    """Refuse unless the actor is department staff of ``department``."""
    if department.pk not in staff_department_ids(actor):
        raise Forbidden(_("Only staff of %(department)s may %(what)s") % {"department": department, "what": what})


def department_staff_required(view):
    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not staff_department_ids(request.user):
            raise PermissionDenied(_("Payments are for department staff"))
        return view(request, *args, **kwargs)
    return wrapped


class IsDepartmentStaff(BasePermission):
    message = gettext_lazy("Payments are for department staff")

    def has_permission(self, request, view):
        return bool(staff_department_ids(request.user))
