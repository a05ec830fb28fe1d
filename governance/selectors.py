"""Reads about tenants and people."""

from django.db.models import QuerySet

from governance.models import Membership, User
from governance.roles import ROLE_CAPABILITIES, Capability


def membership_list(*, user: User) -> QuerySet[Membership]:
    """The user's memberships with their tenant, department, facility and vendor."""
    return user.memberships.select_related("municipality", "department", "facility", "party")


def tenant_ids_for(user: User) -> set[int]:
    """Every tenant the user acts for, in any role."""
    return set(user.memberships.values_list("municipality_id", flat=True))


def audited_tenant_ids(user: User) -> set[int]:
    """Tenants whose audit log the user may read (auditors and administrators)."""
    return set(
        user.memberships.filter(role__in=["auditor", "administrator"]).values_list("municipality_id", flat=True)
    )


def capabilities_for(user: User) -> list[Capability]:
    """What the user's roles can do, each page once, in the order the roles list them."""
    seen: dict[str, Capability] = {}
    for role in membership_list(user=user).values_list("role", flat=True):
        for capability in ROLE_CAPABILITIES[role]:
            seen.setdefault(capability.url_name, capability)
    return list(seen.values())
