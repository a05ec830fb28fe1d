"""Writes about tenants and people. Each saves its rows and its audit event in one transaction."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, InvalidInput
from governance.tenancy.models import Department, Facility, Membership, Municipality, Party, Position, Role, User


@transaction.atomic
def user_create(*, username: str, password: str, is_staff: bool = False, is_superuser: bool = False,
                validate: bool = True) -> User:
    """Create a login; the password is checked against the validators unless the caller opts out."""
    if User.objects.filter(username=username).exists():
        raise Conflict(_("A user named '%(username)s' already exists") % {"username": username}, field="username")
    if validate:
        try:
            validate_password(password, User(username=username))
        except ValidationError as exc:
            raise InvalidInput("; ".join(exc.messages), field="password") from exc
    user = User.objects.create_user(username, password, is_staff=is_staff, is_superuser=is_superuser)
    audit_record("governance.user.created", obj=user)
    return user


MEMBERSHIP_FIELDS = ("municipality", "role", "department", "facility", "party", "position")


def membership_check(*, municipality: Municipality, role: str, department: Department | None = None,
                     facility: Facility | None = None, party: Party | None = None, position: str = "") -> None:
    """Refuse a membership whose role, position and scope do not fit together (checked before any write)."""
    if role not in Role.values:
        raise InvalidInput(_("Unknown role '%(role)s'") % {"role": role}, field="role")
    if position and (role != Role.FACILITY_STAFF or position not in Position.values):
        raise InvalidInput(
            _(
                "A position (%(items)s) is given to facility staff only, not '%(position)s' for the role '%(role)s'"
            )
            % {
                "items": ', '.join(Position.values),
                "position": position,
                "role": role,
            }, field="position")
    required = {Role.DEPARTMENT_STAFF: ("department", department), Role.FACILITY_STAFF: ("facility", facility),
                Role.VENDOR_USER: ("party", party)}.get(role)
    if required and required[1] is None:
        raise InvalidInput(
            _(
                "The role '%(role)s' needs a %(required)s"
            )
            % {
                "role": role,
                "required": required[0],
            }, field=required[0])
    for field, scoped in (("department", department), ("facility", facility), ("party", party)):
        if scoped is not None and scoped.municipality_id != municipality.pk:
            raise InvalidInput(
                _(
                    "The %(field)s '%(scoped)s' belongs to another municipality"
                )
                % {
                    "field": field,
                    "scoped": scoped,
                }, field=field)


@transaction.atomic
def membership_create(*, user: User, municipality: Municipality, role: str,
                      department: Department | None = None, facility: Facility | None = None,
                      party: Party | None = None, position: str = "") -> Membership:
    """Let a user act for a tenant in a role, for the department, facility or vendor the role needs."""
    membership_check(municipality=municipality, role=role, department=department, facility=facility, party=party,
                     position=position)
    if Membership.objects.filter(user=user, municipality=municipality, role=role, department=department,
                                 facility=facility, party=party).exists():
        raise Conflict(_("'%(user)s' already has this membership") % {"user": user}, field="role")
    membership = Membership.objects.create(user=user, municipality=municipality, role=role,
                                           department=department, facility=facility, party=party,
                                           position=position)
    audit_record("governance.membership.created", obj=membership, tenant_id=municipality.pk,
                 data={"user_id": user.pk, "role": role, "position": position})
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, municipality: Municipality, role: str,
                      department: Department | None = None, facility: Facility | None = None,
                      party: Party | None = None, position: str = "") -> list[str]:
    """Change what a membership lets its user do; return the names of the fields that changed."""
    membership_check(municipality=municipality, role=role, department=department, facility=facility, party=party,
                     position=position)
    stored = Membership.objects.select_for_update().get(pk=membership.pk)
    values = {"municipality": municipality, "role": role, "department": department, "facility": facility,
              "party": party, "position": position}
    changed = [field for field in MEMBERSHIP_FIELDS if getattr(stored, field) != values[field]]
    if changed:
        for field in changed:
            setattr(stored, field, values[field])
        stored.save(update_fields=changed)
        # The old tenant learns that its member left it as well as the new one that it gained one.
        for tenant_id in dict.fromkeys([membership.municipality_id, municipality.pk]):
            audit_record("governance.membership.changed", obj=stored, tenant_id=tenant_id,
                         data={"user_id": stored.user_id, "role": role, "position": position, "changed": changed})
    return changed


@transaction.atomic
def membership_delete(*, membership: Membership) -> None:
    """Take a role away from a user."""
    audit_record("governance.membership.deleted", obj=membership, tenant_id=membership.municipality_id,
                 data={"user_id": membership.user_id, "role": membership.role})
    membership.delete()


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete a login with its memberships (each recorded as taken away)."""
    for membership in user.memberships.all():
        membership_delete(membership=membership)
    audit_record("governance.user.deleted", obj=user)
    user.delete()
