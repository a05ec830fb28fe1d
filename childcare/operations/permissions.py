"""Who acts for which facility and class in operations support (answered from memberships, in SQL).

- department staff: every facility their department runs, every class there;
- facility staff: their own facility; where the facility says staff see only their own class
  (``OperationsFacility.own_class_only``), childcare workers and clerks see the classes granted to them
  (django-guardian's ``view_childclass`` on the class), the head and the nurse the whole facility;
- guardians: their own children (childcare.children.selectors).
"""

import datetime

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from childcare.operations.models import ChildClass, OperationsFacility
from governance.tenancy.models import Facility, Membership, Position, Role, User

CLASS_PERMISSION = "childcare.view_childclass"
WHOLE_FACILITY_POSITIONS = (Position.FACILITY_HEAD, Position.NURSE)
MANAGER_POSITIONS = (Position.FACILITY_HEAD,)


def fiscal_year(day: datetime.date) -> int:
    """年度: April to March, named by the year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def _staff(actor: User) -> list[Membership]:
    if actor is None or not actor.is_authenticated:
        return []
    return [m for m in actor.memberships.all() if m.role in (Role.DEPARTMENT_STAFF, Role.FACILITY_STAFF)]


def granted_classes(actor: User) -> QuerySet[ChildClass]:
    """The classes granted to the actor one by one (django-guardian's direct-FK table, one subquery)."""
    return get_objects_for_user(actor, CLASS_PERMISSION, klass=ChildClass, use_groups=False, with_superuser=False,
                                accept_global_perms=False)


def restricted_facility_ids(actor: User) -> set[int]:
    """Facilities where the actor sees only their own classes."""
    candidates = {m.facility_id for m in _staff(actor)
                  if m.role == Role.FACILITY_STAFF and m.position not in WHOLE_FACILITY_POSITIONS}
    whole = {m.facility_id for m in _staff(actor)
             if m.role == Role.FACILITY_STAFF and m.position in WHOLE_FACILITY_POSITIONS}
    departments = {m.department_id for m in _staff(actor) if m.role == Role.DEPARTMENT_STAFF}
    if not candidates:
        return set()
    restricted = set(OperationsFacility.objects.filter(facility_id__in=candidates, own_class_only=True)
                     .exclude(facility__department_id__in=departments).values_list("facility_id", flat=True))
    return restricted - whole


def facility_scope(actor: User) -> Q:
    """The facilities the actor works for, as a filter on Facility."""
    scope = Q(pk__in=[])
    for m in _staff(actor):
        if m.role == Role.DEPARTMENT_STAFF:
            scope |= Q(municipality_id=m.municipality_id, department_id=m.department_id)
        else:
            scope |= Q(municipality_id=m.municipality_id, pk=m.facility_id)
    return scope


def staff_facilities(actor: User) -> QuerySet[Facility]:
    return Facility.objects.filter(facility_scope(actor)).order_by("municipality", "name")


def class_scope(actor: User) -> Q:
    """The classes the actor sees, as a filter on ChildClass."""
    restricted = restricted_facility_ids(actor)
    facilities = Facility.objects.filter(facility_scope(actor)).values("pk")
    scope = Q(facility_id__in=facilities) & ~Q(facility_id__in=restricted)
    if restricted:
        scope |= Q(facility_id__in=restricted, pk__in=granted_classes(actor).values("pk"))
    return scope


def is_staff_for(actor: User, facility: Facility) -> bool:
    return Facility.objects.filter(facility_scope(actor), pk=facility.pk).exists()


def is_manager_for(actor: User, facility: Facility) -> bool:
    """The department that runs the facility, or its head: they set up classes and assign staff."""
    memberships = Membership.objects.filter(user=actor, municipality_id=facility.municipality_id)
    return (memberships.filter(role=Role.DEPARTMENT_STAFF, department_id=facility.department_id).exists()
            or memberships.filter(role=Role.FACILITY_STAFF, facility_id=facility.pk,
                                  position__in=MANAGER_POSITIONS).exists())
