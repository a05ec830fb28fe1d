"""Reads about tenants and people."""

from django.db.models import QuerySet

from audit.scope import AuditScope
from governance.tenancy.models import Membership, Municipality, Role, User
from governance.tenancy.roles import ROLE_CAPABILITIES, Capability


def membership_list(*, user: User) -> QuerySet[Membership]:
    """The user's memberships with their tenant, department, facility and vendor."""
    return user.memberships.select_related("municipality", "department", "facility", "party")


def audit_scope_for(user: User) -> AuditScope:
    """What the user may audit: their tenants' events (auditors and administrators), and the
    tenant-less events (logins) of the people of those tenants."""
    tenant_ids = frozenset(
        user.memberships.filter(role__in=[Role.AUDITOR, Role.ADMINISTRATOR]).values_list("municipality_id", flat=True)
    )
    members = Membership.objects.filter(municipality_id__in=tenant_ids).values("user_id")
    return AuditScope(tenant_ids=tenant_ids, actor_ids=members)


def tenant_id_for_code(code: str) -> int | None:
    """The municipality a 全国地方公共団体コード names, as a tenant id; None when none does."""
    return Municipality.objects.filter(code=code).values_list("id", flat=True).first()


def capabilities_for(user: User) -> list[Capability]:
    """What the user's roles can do, each page once, in the order the roles list them."""
    seen: dict[str, Capability] = {}
    for role in membership_list(user=user).values_list("role", flat=True):
        for capability in ROLE_CAPABILITIES[role]:
            seen.setdefault(capability.url_name, capability)
    return list(seen.values())
