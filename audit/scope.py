"""Which tenants' events a user may query. Governance (which knows memberships) registers the answer,
so the audit core stays free of domain code."""

from collections.abc import Callable

_resolver: Callable[[object], set[int]] | None = None


def register_tenant_scope(resolver: Callable[[object], set[int]]) -> None:
    global _resolver
    _resolver = resolver


def audit_tenant_ids(user) -> set[int]:
    """Tenant ids whose audit events this user may read; none when nothing is registered."""
    return _resolver(user) if _resolver is not None and user.is_authenticated else set()
