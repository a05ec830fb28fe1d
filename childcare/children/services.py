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
from childcare.children.fields import CHILD_FIELDS, GUARDIAN_FIELDS, HOUSEHOLD_FIELDS, held_fields
from childcare.children.models import Child, ChildGuardian, Guardian, HouseholdMember
from common.errors import Conflict, Forbidden, InvalidInput, NotFound
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import Facility, Membership, Role, User

CHILD_ATTRIBUTES = tuple(f.attribute for f in CHILD_FIELDS)
GUARDIAN_ATTRIBUTES = tuple(f.attribute for f in GUARDIAN_FIELDS if f.attribute != "relationship")
HOUSEHOLD_ATTRIBUTES = tuple(f.attribute for f in HOUSEHOLD_FIELDS)
# What a guardian changes on the portal about themselves (the account is changed at the ward's counter).
GUARDIAN_SELF_ATTRIBUTES = tuple(a for a in GUARDIAN_ATTRIBUTES if a != "bank_account")
DATE_ATTRIBUTES = {"birth_date"}


def require_writer(actor: User, facility: Facility) -> None:
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
                   name: str, birth_date: datetime.date, **optional) -> Child:
    """Register a child at a facility under a registered business (``optional``: any other child attribute)."""
    require_writer(actor, facility)
    _check_business(facility, business)
    _check_dates(birth_date=birth_date, enrolled_on=enrolled_on)
    unknown = sorted(set(optional) - set(CHILD_ATTRIBUTES) - {"name", "birth_date"})
    if unknown:
        raise InvalidInput(_("Unknown child field(s): %(fields)s") % {"fields": ", ".join(unknown)}, field=unknown[0])
    _held_check("child", optional, held_fields(business), str(business))
    values = {"name": _check_text("name", name, required=True),
              **_not_null_defaults(Child, CHILD_ATTRIBUTES),
              **{a: _check_value(Child, a, v) for a, v in optional.items()}}
    child = Child.objects.create(municipality_id=facility.municipality_id, facility=facility, business=business,
                                 enrolled_on=enrolled_on, birth_date=birth_date, **values)
    audit_record("childcare.child.registered", obj=child, tenant_id=child.municipality_id, subjects=[child],
                 fields=[f"child.{a}" for a in ("birth_date", *values) if a == "birth_date" or values[a]],
                 data={"facility_id": facility.pk, "business_id": business.pk})
    return child


def _not_null_defaults(model, attributes) -> dict:
    """"" for the columns that hold a sealed value always (kana, phone …); the others stay NULL until given."""
    return {a: "" for a in attributes if a not in ("name", "birth_date") and not model._meta.get_field(a).null}


def _held_check(subject: str, values: dict, held: frozenset[str] | None, where: str) -> None:
    """Refuse a value for a field the registry does not list for the business (``held`` None: not held to it)."""
    if held is None:
        return
    foreign = [f"{subject}.{a}" for a, v in values.items() if v not in (None, "") and f"{subject}.{a}" not in held]
    if foreign:
        raise InvalidInput(_("%(fields)s: not an item the registry lists for %(business)s, so it is not held")
                           % {"fields": ", ".join(foreign), "business": where}, field=foreign[0].split(".", 1)[1])


def guardian_held(guardian: Guardian) -> frozenset[str] | None:
    """A guardian holds what every business of their children lists that is held exactly (None: no such one)."""
    held = None
    businesses = {link.child.business for link in ChildGuardian.objects.filter(guardian=guardian)
                  .select_related("child__business")}
    for business in businesses:
        fields = held_fields(business)
        if fields is not None:
            held = fields if held is None else held & fields
    return held


def _check_value(model, attribute: str, value, *, required: bool = False):
    """A checked value for an attribute: text stripped, a date as given; empty is None where the column allows."""
    if attribute in DATE_ATTRIBUTES:
        if value in (None, "") and not required:
            return None
        if not isinstance(value, datetime.date):
            raise InvalidInput(_("%(field)s must be a date (YYYY-MM-DD)") % {"field": attribute}, field=attribute)
        if value > timezone.localdate():
            raise InvalidInput(_("%(field)s is in the future") % {"field": attribute}, field=attribute)
        return value
    value = _check_text(attribute, "" if value is None else value, required=required)
    if not value and model._meta.get_field(attribute).null:
        return None  # nothing sealed at all: "not held" stays visible as NULL
    return value


def _apply(record, attributes: tuple[str, ...], changes: dict, *, required: tuple[str, ...] = ("name",)) -> list[str]:
    unknown = sorted(set(changes) - set(attributes))
    if unknown:
        raise InvalidInput(_("Unknown field(s): %(fields)s") % {"fields": ", ".join(unknown)}, field=unknown[0])
    checked = {a: _check_value(type(record), a, v, required=a in required) for a, v in changes.items()}
    changed = []
    for attribute, value in checked.items():
        if getattr(record, attribute) != value and not (getattr(record, attribute) in (None, "") and value in
                                                        (None, "")):
            setattr(record, attribute, value)
            changed.append(attribute)
    return changed


@transaction.atomic
def child_update(*, actor: User, child: Child, **changes) -> Child:
    """Change personal fields of a child (any of ``CHILD_FIELDS``'s attributes)."""
    require_writer(actor, child.facility)
    _held_check("child", changes, held_fields(child.business), str(child.business))
    changed = _apply(child, CHILD_ATTRIBUTES, changes, required=("name", "birth_date"))
    if "birth_date" in changed:
        _check_dates(birth_date=child.birth_date, enrolled_on=child.enrolled_on)
    if changed:
        child.save()
        audit_record("childcare.child.updated", obj=child, tenant_id=child.municipality_id, subjects=[child],
                     fields=[f"child.{a}" for a in changed])
    return child


def _require_guardian_writer(actor: User, guardian: Guardian) -> None:
    """Staff who may change one of the guardian's children, or the guardian on their own record."""
    if guardian.user_id is not None and guardian.user_id == actor.pk:
        return
    for link in ChildGuardian.objects.filter(guardian=guardian).select_related("child__facility"):
        try:
            require_writer(actor, link.child.facility)
        except Forbidden:
            continue
        return
    raise Forbidden(_("Only the guardian themselves or staff of their children's facility or department may "
                      "change a guardian's record"))


@transaction.atomic
def guardian_update(*, actor: User, guardian: Guardian, **changes) -> Guardian:
    """Change personal fields of a guardian (staff), or a guardian's own (not the bank account: the counter's)."""
    _require_guardian_writer(actor, guardian)
    own = guardian.user_id == actor.pk
    allowed = GUARDIAN_SELF_ATTRIBUTES if own else GUARDIAN_ATTRIBUTES
    _held_check("guardian", changes, guardian_held(guardian), "this guardian's children's business")
    changed = _apply(guardian, allowed, changes)
    if changed:
        guardian.save()
        audit_record("childcare.guardian.updated", obj=guardian, tenant_id=guardian.municipality_id,
                     subjects=[guardian], fields=[f"guardian.{a}" for a in changed], data={"own_record": own})
    return guardian


@transaction.atomic
def household_member_add(*, actor: User, guardian: Guardian, **values) -> HouseholdMember:
    """Record someone living in the guardian's household (同居家族)."""
    _require_guardian_writer(actor, guardian)
    _held_check("household_member", values, guardian_held(guardian), "this guardian's children's business")
    member = HouseholdMember(municipality_id=guardian.municipality_id, guardian=guardian)
    _apply(member, HOUSEHOLD_ATTRIBUTES, {"name": values.pop("name", ""), **values})
    member.save()
    audit_record("childcare.household_member.added", obj=member, tenant_id=guardian.municipality_id,
                 subjects=[guardian, member],
                 fields=[f"household_member.{a}" for a in HOUSEHOLD_ATTRIBUTES if getattr(member, a) not in (None, "")],
                 data={"own_record": guardian.user_id == actor.pk})
    return member


def _member(guardian: Guardian, record_uid) -> HouseholdMember:
    member = HouseholdMember.objects.filter(guardian=guardian, record_uid=record_uid).first() \
        if _is_uuid(str(record_uid)) else None
    if member is None:
        raise NotFound(_("The household has no member '%(member)s'") % {"member": str(record_uid)[:36]},
                       field="member")
    return member


@transaction.atomic
def household_member_update(*, actor: User, guardian: Guardian, record_uid, **changes) -> HouseholdMember:
    _require_guardian_writer(actor, guardian)
    _held_check("household_member", changes, guardian_held(guardian), "this guardian's children's business")
    member = _member(guardian, record_uid)
    changed = _apply(member, HOUSEHOLD_ATTRIBUTES, changes)
    if changed:
        member.save()
        audit_record("childcare.household_member.updated", obj=member, tenant_id=guardian.municipality_id,
                     subjects=[guardian, member], fields=[f"household_member.{a}" for a in changed],
                     data={"own_record": guardian.user_id == actor.pk})
    return member


@transaction.atomic
def household_member_remove(*, actor: User, guardian: Guardian, record_uid) -> None:
    """Remove a member who no longer lives there: the row and its sealed values are deleted."""
    _require_guardian_writer(actor, guardian)
    member = _member(guardian, record_uid)
    audit_record("childcare.household_member.removed", obj=member, tenant_id=guardian.municipality_id,
                 subjects=[guardian, member], data={"own_record": guardian.user_id == actor.pk})
    member.delete()


@transaction.atomic
def child_leave(*, actor: User, child: Child, left_on: datetime.date) -> Child:
    """Record the day a child left the facility; retention periods count from it."""
    require_writer(actor, child.facility)
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
def guardian_add(*, actor: User, child: Child, name: str, relationship: str = "", user: User | None = None,
                 **optional) -> Guardian:
    """Register a guardian of a child (and link them), optionally with the guardian's own login."""
    require_writer(actor, child.facility)
    unknown = sorted(set(optional) - set(GUARDIAN_ATTRIBUTES))
    if unknown:
        raise InvalidInput(_("Unknown guardian field(s): %(fields)s") % {"fields": ", ".join(unknown)},
                           field=unknown[0])
    _held_check("guardian", optional, held_fields(child.business), str(child.business))
    values = {"name": _check_text("name", name, required=True),
              **_not_null_defaults(Guardian, GUARDIAN_ATTRIBUTES),
              **{a: _check_value(Guardian, a, v) for a, v in optional.items()}}
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
    require_writer(actor, child.facility)
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
    held = held_fields(child.business)
    if held is not None:  # whether a value is held is the column's NULL: nothing is opened to tell
        foreign = [a for a in GUARDIAN_ATTRIBUTES if f"guardian.{a}" not in held
                   and type(guardian)._meta.get_field(a).null
                   and Guardian.objects.filter(pk=guardian.pk, **{f"{a}__isnull": False}).exists()]
        if foreign:
            raise InvalidInput(_("The guardian holds %(fields)s, which the registry does not list for "
                                 "%(business)s: remove it before linking")
                               % {"fields": ", ".join(f"guardian.{a}" for a in foreign), "business": child.business},
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
