"""Who may read and write the registry of a tenant.

Readers: committee members, auditors, administrators and department staff of the tenant. Writers:
administrators, and department staff for the businesses their department owns (and for parties).
Vendor users read only the parties, connections and contracts they belong to; everyone else is refused.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from common.errors import Forbidden
from governance.tenancy.models import Membership, Role, User

READER_ROLES = frozenset({Role.COMMITTEE_MEMBER, Role.AUDITOR, Role.ADMINISTRATOR, Role.DEPARTMENT_STAFF})


def _memberships(actor: User) -> list[Membership]:
    cached = getattr(actor, "_registry_memberships", None)
    if cached is None:
        cached = list(actor.memberships.all())
        actor._registry_memberships = cached
    return cached


def reader_tenant_ids(actor: User) -> set[int]:
    """Tenants whose whole registry the actor may read."""
    return {m.municipality_id for m in _memberships(actor) if m.role in READER_ROLES}


def vendor_party_ids(actor: User) -> set[int]:
    """Parties the actor acts for as a vendor user."""
    return {m.party_id for m in _memberships(actor) if m.role == Role.VENDOR_USER and m.party_id}


def ensure_registry_reader(actor: User) -> None:
    """Refuse callers who may read no part of any registry (guardians, facility staff, strangers)."""
    if not reader_tenant_ids(actor) and not vendor_party_ids(actor):
        raise Forbidden(_("Your role gives no access to the registry"))


def ensure_full_reader(actor: User) -> None:
    """Refuse callers who may not read businesses, items, findings or flows (vendor users among them)."""
    if not reader_tenant_ids(actor):
        raise Forbidden(_("Your role gives no access to registered businesses, items, findings or flows"))


def ensure_writer(actor: User | None, *, municipality_id: int, department_ids: Iterable[int] = (),
                  what: str) -> None:
    """Refuse a write unless the actor administers the tenant or staffs one of the owning departments.

    `actor=None` is the system itself (the seed loader, a management command): always allowed.
    """
    if actor is None:
        return
    department_ids = set(department_ids)
    for m in _memberships(actor):
        if m.municipality_id != municipality_id:
            continue
        if m.role == Role.ADMINISTRATOR:
            return
        if m.role == Role.DEPARTMENT_STAFF and (not department_ids or m.department_id in department_ids):
            return
    raise Forbidden(
        _(
            "You may not change %(what)s: only administrators and staff of the owning department may"
        )
        % {
            "what": what,
        })
