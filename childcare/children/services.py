"""Changes to children and guardians. Each writes its rows and one audit event (field names, never values)
in the same transaction.

Who may change a child: staff of the department that runs the child's facility, and staff of that
facility (registration happens at the facility). Vendors, guardians, auditors and the committee may not.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from childcare.children.fields import CHILD_FIELDS, GUARDIAN_FIELDS
from childcare.children.models import Child, ChildGuardian, Guardian
from common.errors import Conflict, Forbidden, InvalidInput
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import Facility, Membership, Role, User

CHILD_ATTRIBUTES = tuple(f.attribute for f in CHILD_FIELDS)
GUARDIAN_ATTRIBUTES = tuple(f.attribute for f in GUARDIAN_FIELDS if f.attribute != "relationship")


def _require_writer(actor: User, facility: Facility) -> None:
    allowed = Membership.objects.filter(user=actor, municipality_id=facility.municipality_id).filter(
        role__in=[Role.DEPARTMENT_STAFF, Role.FACILITY_STAFF])
    if not (allowed.filter(role=Role.DEPARTMENT_STAFF, department_id=facility.department_id).exists()
            or allowed.filter(role=Role.FACILITY_STAFF, facility_id=facility.pk).exists()):
        raise Forbidden(
            _(
                "Only staff of %(facility)s or of the department that runs it may change its children's records"
            )
            % {
                "facility": facility,
            })


def _check_business(facility: Facility, business: RegisteredBusiness) -> None:
    if business.municipality_id != facility.municipality_id:
        raise InvalidInput(
            _(
                "The business '%(business)s' belongs to another municipality than %(facility)s"
            )
            % {
                "business": business,
                "facility": facility,
            },
                           field="business")
    runs_it = facility.department_id == business.department_id or business.other_departments.filter(
        pk=facility.department_id).exists()
    if not (runs_it or business.facility_uses.filter(facility=facility).exists()):
        raise InvalidInput(
            _(
                "%(facility)s neither uses the business '%(business)s' nor belongs to its department"
            )
            % {
                "facility": facility,
                "business": business,
            },
                           field="business")


def _check_text(field: str, value: str, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s must be text") % {"field": field}, field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("%(field)s is required") % {"field": field}, field=field)
    return value


def _check_dates(*, birth_date: datetime.date, enrolled_on: datetime.date) -> None:
    today = timezone.localdate()
    if birth_date > today:
        raise InvalidInput(_("The date of birth is in the future"), field="birth_date")
    if enrolled_on < birth_date:
        raise InvalidInput(_("The enrolment date is before the date of birth"), field="enrolled_on")


@transaction.atomic
def child_register(*, actor: User, facility: Facility, business: RegisteredBusiness, enrolled_on: datetime.date,
                   name: str, birth_date: datetime.date, kana: str = "", address: str = "", allergy_notes: str = "",
                   health_notes: str = "", disability_notes: str = "") -> Child:
    """Register a child at a facility under a registered business."""
    _require_writer(actor, facility)
    _check_business(facility, business)
    _check_dates(birth_date=birth_date, enrolled_on=enrolled_on)
    values = {"name": _check_text("name", name, required=True), "kana": _check_text("kana", kana),
              "address": _check_text("address", address), "allergy_notes": _check_text("allergy_notes", allergy_notes),
              "health_notes": _check_text("health_notes", health_notes),
              "disability_notes": _check_text("disability_notes", disability_notes)}
    child = Child.objects.create(municipality_id=facility.municipality_id, facility=facility, business=business,
                                 enrolled_on=enrolled_on, birth_date=birth_date, **values)
    audit_record("childcare.child.registered", obj=child, tenant_id=child.municipality_id, subjects=[child],
                 fields=[f"child.{a}" for a in ("birth_date", *values) if a == "birth_date" or values[a]],
                 data={"facility_id": facility.pk, "business_id": business.pk})
    return child


@transaction.atomic
def child_update(*, actor: User, child: Child, **changes) -> Child:
    """Change personal fields of a child (any of name, kana, birth_date, address and the three notes)."""
    _require_writer(actor, child.facility)
    unknown = sorted(set(changes) - set(CHILD_ATTRIBUTES))
    if unknown:
        raise InvalidInput(_("Unknown child field(s): %(items)s") % {"items": ', '.join(unknown)}, field=unknown[0])
    changed = []
    for attribute, value in changes.items():
        if attribute != "birth_date":
            value = _check_text(attribute, value, required=attribute == "name")
        if getattr(child, attribute) != value:
            setattr(child, attribute, value)
            changed.append(attribute)
    if "birth_date" in changed:
        _check_dates(birth_date=child.birth_date, enrolled_on=child.enrolled_on)
    if changed:
        child.save()
        audit_record("childcare.child.updated", obj=child, tenant_id=child.municipality_id, subjects=[child],
                     fields=[f"child.{a}" for a in changed])
    return child


@transaction.atomic
def child_leave(*, actor: User, child: Child, left_on: datetime.date) -> Child:
    """Record the day a child left the facility; retention periods count from it."""
    _require_writer(actor, child.facility)
    if child.left_on is not None:
        raise Conflict(
            _(
                "Child %(record_uid)s already left on %(left_on)s"
            )
            % {
                "record_uid": child.record_uid,
                "left_on": f"{child.left_on:%Y-%m-%d}",
            }, field="left_on")
    if left_on < child.enrolled_on:
        raise InvalidInput(
            _(
                "The leaving date %(left_on)s is before the enrolment date %(enrolled_on)s"
            )
            % {
                "left_on": f"{left_on:%Y-%m-%d}",
                "enrolled_on": f"{child.enrolled_on:%Y-%m-%d}",
            }, field="left_on")
    child.left_on = left_on
    child.save(update_fields=["left_on", "updated_at"])
    _guardians_left_refresh(child.guardian_links.values_list("guardian_id", flat=True))
    audit_record("childcare.child.left", obj=child, tenant_id=child.municipality_id, subjects=[child],
                 data={"left_on": left_on.isoformat()})
    return child


def _guardians_left_refresh(guardian_ids) -> None:
    """A guardian's retention counts from the day the last of their children left; none while one is enrolled."""
    for guardian_id in list(guardian_ids):
        left = list(ChildGuardian.objects.filter(guardian_id=guardian_id).values_list("child__left_on", flat=True))
        Guardian._base_manager.filter(pk=guardian_id).update(
            children_left_on=None if not left or None in left else max(left))


def _guardian_login(user: User | None, municipality_id: int) -> User | None:
    if user is not None and not Membership.objects.filter(user=user, municipality_id=municipality_id,
                                                          role=Role.GUARDIAN).exists():
        raise InvalidInput(
            _(
                "The login '%(user)s' is not a guardian of this municipality"
            )
            % {
                "user": user,
            }, field="user")
    return user


@transaction.atomic
def guardian_add(*, actor: User, child: Child, name: str, relationship: str = "", kana: str = "", phone: str = "",
                 email: str = "", address: str = "", bank_account: str = "", user: User | None = None) -> Guardian:
    """Register a guardian of a child (and link them), optionally with the guardian's own login."""
    _require_writer(actor, child.facility)
    values = {"name": _check_text("name", name, required=True)}
    for attribute, value in (("kana", kana), ("phone", phone), ("email", email), ("address", address),
                             ("bank_account", bank_account)):
        values[attribute] = _check_text(attribute, value)
    user = _guardian_login(user, child.municipality_id)
    if user is not None and Guardian.objects.filter(municipality_id=child.municipality_id, user=user).exists():
        raise Conflict(
            _(
                "The login '%(user)s' is already linked to a guardian record"
            )
            % {
                "user": user,
            }, field="user")
    guardian = Guardian.objects.create(municipality_id=child.municipality_id, user=user, **values)
    audit_record("childcare.guardian.added", obj=guardian, tenant_id=child.municipality_id, subjects=[guardian],
                 fields=[f"guardian.{a}" for a, v in values.items() if v],
                 data={"linked_login": user is not None})
    guardian_link(actor=actor, child=child, guardian=guardian, relationship=relationship)
    return guardian


@transaction.atomic
def guardian_link(*, actor: User, child: Child, guardian: Guardian, relationship: str = "") -> ChildGuardian:
    """Make an existing guardian (e.g. of a sibling) a guardian of this child too."""
    _require_writer(actor, child.facility)
    if guardian.municipality_id != child.municipality_id:
        raise InvalidInput(_("The guardian belongs to another municipality than the child"), field="guardian")
    if ChildGuardian.objects.filter(child=child, guardian=guardian).exists():
        raise Conflict(
            _(
                "Guardian %(record_uid)s is already a guardian of child %(record_uid2)s"
            )
            % {
                "record_uid": guardian.record_uid,
                "record_uid2": child.record_uid,
            },
                       field="guardian")
    order = ChildGuardian.objects.filter(child=child).count() + 1
    link = ChildGuardian.objects.create(municipality_id=child.municipality_id, child=child, guardian=guardian,
                                        relationship=_check_text("relationship", relationship), order=order)
    _guardians_left_refresh([guardian.pk])
    audit_record("childcare.guardian.linked", obj=link, tenant_id=child.municipality_id, subjects=[child, guardian],
                 fields=["guardian.relationship"] if link.relationship else [], data={"order": order})
    return link


@transaction.atomic
def child_read_denied(*, record_uid: str) -> None:
    """Record that the actor asked for a child they may not see (or that does not exist), answered "not found".

    The audit log names the child when it exists, so "who tried to open this child" finds the attempt;
    the person asking learns nothing either way.
    """
    found = Child.objects.filter(record_uid=record_uid).values_list("pk", "municipality_id").first() \
        if _is_uuid(record_uid) else None
    audit_record("childcare.child_read.denied", object_type="childcare.child", object_id=found[0] if found else "",
                 tenant_id=found[1] if found else None, subjects=[("childcare.child", found[0])] if found else [],
                 data={"record_uid": record_uid[:36]})


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
