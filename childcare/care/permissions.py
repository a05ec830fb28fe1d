"""Who may act for a child in temporary care: the child's guardians, and staff of the facility or its department."""

from childcare.children.models import Child, ChildGuardian
from governance.tenancy.models import Facility, Membership, Role, User


def is_staff_for(actor: User, facility: Facility) -> bool:
    """Staff of the facility, or of the department that runs it."""
    memberships = Membership.objects.filter(user=actor, municipality_id=facility.municipality_id)
    return (memberships.filter(role=Role.FACILITY_STAFF, facility_id=facility.pk).exists()
            or memberships.filter(role=Role.DEPARTMENT_STAFF, department_id=facility.department_id).exists())


def is_guardian_of(actor: User, child: Child) -> bool:
    return (Membership.objects.filter(user=actor, municipality_id=child.municipality_id, role=Role.GUARDIAN).exists()
            and ChildGuardian.objects.filter(child=child, guardian__user=actor).exists())


def may_act_for(actor: User, child: Child, facility: Facility) -> bool:
    """A guardian books for their own child; staff book on a guardian's behalf at their facility."""
    return is_guardian_of(actor, child) or is_staff_for(actor, facility)
