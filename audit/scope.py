"""Which events a user may query. Governance (which knows memberships) registers the answer, so the
audit core stays free of domain code."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditScope:
    """Events of these tenants, plus tenant-less events (logins) of these actors."""

    tenant_ids: frozenset[int]
    actor_ids: Iterable[int]  # may be a lazy queryset of user ids, used as a subquery


EMPTY = AuditScope(frozenset(), ())
_resolver: Callable[[object], AuditScope] | None = None


def register_audit_scope(resolver: Callable[[object], AuditScope]) -> None:
    global _resolver
    _resolver = resolver


def audit_scope(user) -> AuditScope:
    """What this user may audit; nothing when no resolver is registered or the user is anonymous."""
    if _resolver is None or not user.is_authenticated:
        return EMPTY
    return _resolver(user)


_tenant_codes: Callable[[str], int | None] | None = None


def register_tenant_codes(resolver: Callable[[str], int | None]) -> None:
    """Governance tells the audit core which tenant id a municipality code names (``verify_audit_chain --tenant``)."""
    global _tenant_codes
    _tenant_codes = resolver


def tenant_for_code(code: str) -> int | None:
    """The tenant id of a municipality code, or None when it names none; a number is taken as the id itself."""
    found = _tenant_codes(code) if _tenant_codes is not None else None
    if found is None and code.isdigit() and len(code) < 6:
        return int(code)
    return found
