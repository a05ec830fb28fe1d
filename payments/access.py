"""Who may work payments: department staff (所管課職員) of the department that owns the fee type."""

from django.db.models import Q

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
        raise Forbidden(f"Only staff of {department} may {what}")
