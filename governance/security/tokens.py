"""API tokens (APIトークン): one per log-in, kept only as a digest, and ending.

django-rest-knox stores a SHA-512 digest of each token (never the token) with an expiry (ten hours,
knox's default), and authenticates `Authorization: Token …` against it. A new log-in gets a new token,
so ending one client's token leaves the user's other clients alone. Whatever should end a user's API
access — log-out everywhere, a new password, a reset second factor, deactivation — revokes every token.
"""

from enum import StrEnum

from django.db import transaction
from knox.models import AuthToken

from audit.services import audit_record
from governance.tenancy.models import User


class Revocation(StrEnum):
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    SECOND_FACTOR_RESET = "second_factor_reset"
    DEACTIVATED = "deactivated"


@transaction.atomic
def api_token_issue(*, user: User) -> tuple[AuthToken, str]:
    """Issue a new token to a user who has just proven who they are; the token is returned once, never stored."""
    token, key = AuthToken.objects.create(user=user)
    audit_record("governance.token.issued", obj=user, actor_id=user.pk,
                 data={"expires_at": token.expiry.isoformat()})
    return token, key


@transaction.atomic
def api_token_revoke(*, token: AuthToken) -> None:
    """End one token: the client that holds it logs out."""
    user = token.user
    token.delete()
    audit_record("governance.token.revoked", obj=user, data={"count": 1, "reason": Revocation.LOGOUT.value})


@transaction.atomic
def api_tokens_revoke(*, user: User, reason: Revocation) -> int:
    """End every token of a user; return how many there were."""
    count = AuthToken.objects.filter(user=user).delete()[0]
    if count:
        audit_record("governance.token.revoked", obj=user, data={"count": count, "reason": reason.value})
    return count
