"""Reads of operations support: querysets already narrowed (in SQL) to what the actor may see.

A class or child the actor may not see is "not found", exactly like an id that does not exist.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from childcare.children.models import Child
from childcare.children.selectors import children_scope
from childcare.operations.errors import OperationsNotFound, OperationsRefused
from childcare.operations.models import ChildClass, ClassPlacement
from childcare.operations.permissions import (
    class_scope,
    fiscal_year,
    granted_classes,
    restricted_facility_ids,
    staff_facilities,
)
from governance.tenancy.models import Facility, User


def _require_staff(actor: User) -> QuerySet[Facility]:
    facilities = staff_facilities(actor)
    if not facilities.exists():
        raise OperationsRefused("operations.staff_only",
                                _("Only staff of a nursery or of the department that runs it see its classes"))
    return facilities


def class_list(*, actor: User, year: int | None = None) -> QuerySet[ChildClass]:
    """The classes the actor sees in a fiscal year (this one by default)."""
    _require_staff(actor)
    year = year or fiscal_year(timezone.localdate())
    return (ChildClass.objects.filter(class_scope(actor), fiscal_year=year)
            .select_related("facility").order_by("facility__name", "order", "name"))


def class_get(*, actor: User, class_id: int) -> ChildClass:
    """One class the actor sees; not found otherwise."""
    child_class = ChildClass.objects.filter(class_scope(actor), pk=class_id).select_related("facility").first()
    if child_class is None:
        raise OperationsNotFound("operations.class_not_found", _("No such class"), field="class_id")
    return child_class


def operations_children_scope(actor: User) -> Q:
    """The children the actor sees in operations support: the children's own scope, narrowed to the actor's
    classes of this fiscal year at facilities that say staff see only their own class."""
    scope = children_scope(actor)
    restricted = restricted_facility_ids(actor)
    if restricted:
        placed = ClassPlacement.objects.filter(child_class__in=granted_classes(actor).values("pk"),
                                               fiscal_year=fiscal_year(timezone.localdate())).values("child_id")
        scope &= ~Q(facility_id__in=restricted) | Q(pk__in=placed)
    return scope


def _current(qs: QuerySet[Child], day: datetime.date) -> QuerySet[Child]:
    return qs.filter(Q(left_on__isnull=True) | Q(left_on__gt=day), enrolled_on__lte=day)


def class_children(*, actor: User, child_class: ChildClass, day: datetime.date | None = None) -> QuerySet[Child]:
    """The children placed in a class (attending on ``day``, today by default), oldest record first."""
    day = day or timezone.localdate()
    return _current(Child.objects.filter(
        operations_children_scope(actor), class_placements__child_class=child_class), day).order_by("pk")


def unplaced_children(*, actor: User, facility: Facility, year: int) -> QuerySet[Child]:
    """Children of a facility with no class in that fiscal year (for the head placing them)."""
    placed = ClassPlacement.objects.filter(fiscal_year=year).values("child_id")
    return _current(Child.objects.filter(operations_children_scope(actor), facility=facility)
                    .exclude(pk__in=placed), timezone.localdate()).order_by("pk")
