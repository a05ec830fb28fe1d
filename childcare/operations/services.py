"""Changes in operations support. Each checks who acts, validates, writes its rows and one audit event in the
same transaction; a refusal raises a coded error and changes nothing."""

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit.services import audit_record
from childcare.children.models import Child
from childcare.operations.errors import OperationsConflict, OperationsInvalid, OperationsRefused
from childcare.operations.models import ChildClass, ClassPlacement
from childcare.operations.permissions import CLASS_PERMISSION, is_manager_for
from governance.tenancy.models import Facility, Membership, Role, User


def _require_manager(actor: User, facility: Facility) -> None:
    if not is_manager_for(actor, facility):
        raise OperationsRefused("operations.manager_only",
                                _("Only the facility head or the department that runs the facility may set up its "
                                  "classes and staff"))


@transaction.atomic
def class_create(*, actor: User, facility: Facility, fiscal_year: int, name: str, order: int = 0) -> ChildClass:
    """Set up a class (クラス) of a facility for a fiscal year."""
    _require_manager(actor, facility)
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise OperationsInvalid("operations.class_name", _("Give the class a name of at most 50 characters"),
                                field="name")
    if not 2000 <= fiscal_year <= 2100:
        raise OperationsInvalid("operations.fiscal_year", _("The fiscal year is out of range"), field="fiscal_year")
    if ChildClass.objects.filter(facility=facility, fiscal_year=fiscal_year, name=name).exists():
        raise OperationsConflict("operations.class_exists",
                                 _("The facility already has a class of this name in this fiscal year"), field="name")
    child_class = ChildClass.objects.create(municipality_id=facility.municipality_id, facility=facility,
                                            fiscal_year=fiscal_year, name=name, order=order)
    audit_record("childcare.class.created", obj=child_class, tenant_id=facility.municipality_id,
                 data={"facility_id": facility.pk, "fiscal_year": fiscal_year})
    return child_class


@transaction.atomic
def child_place(*, actor: User, child: Child, child_class: ChildClass) -> ClassPlacement:
    """Place a child in a class of their own facility; a child already placed that year moves to this class."""
    _require_manager(actor, child_class.facility)
    if child.facility_id != child_class.facility_id:
        raise OperationsInvalid("operations.other_facility",
                                _("The child attends another facility than the class's"), field="child_class")
    placement, created = ClassPlacement.objects.select_for_update().get_or_create(
        child=child, fiscal_year=child_class.fiscal_year,
        defaults={"municipality_id": child.municipality_id, "child_class": child_class})
    if not created and placement.child_class_id != child_class.pk:
        placement.child_class = child_class
        placement.save(update_fields=["child_class"])
    audit_record("childcare.class_placement.saved", obj=placement, tenant_id=child.municipality_id,
                 subjects=[child], data={"class_id": child_class.pk, "fiscal_year": child_class.fiscal_year})
    return placement


@transaction.atomic
def staff_assign(*, actor: User, child_class: ChildClass, staff: User) -> None:
    """Grant a staff member of the facility the class (a per-object permission)."""
    _require_manager(actor, child_class.facility)
    if not Membership.objects.filter(user=staff, role=Role.FACILITY_STAFF, facility=child_class.facility).exists():
        raise OperationsInvalid("operations.not_facility_staff",
                                _("Only staff of the class's facility can be assigned to it"), field="staff")
    assign_perm(CLASS_PERMISSION, staff, child_class)
    audit_record("childcare.class_staff.granted", obj=child_class, tenant_id=child_class.municipality_id,
                 data={"staff_id": staff.pk})


@transaction.atomic
def staff_unassign(*, actor: User, child_class: ChildClass, staff: User) -> None:
    """Withdraw a staff member's grant on a class."""
    _require_manager(actor, child_class.facility)
    remove_perm(CLASS_PERMISSION, staff, child_class)
    audit_record("childcare.class_staff.withdrawn", obj=child_class, tenant_id=child_class.municipality_id,
                 data={"staff_id": staff.pk})
