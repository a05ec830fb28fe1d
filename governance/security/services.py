"""Changes to what a login may do that end its API tokens: deactivation and a new password."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_record
from common.errors import InvalidInput
from governance.security.tokens import Revocation, api_tokens_revoke
from governance.tenancy.models import User

USER_ACCESS_FIELDS = ("is_active", "is_staff", "is_superuser")


@transaction.atomic
def user_access_change(*, user: User, is_active: bool, is_staff: bool, is_superuser: bool) -> dict[str, bool]:
    """Activate or deactivate a login, or give or take away the admin site and superuser rights; return the
    changes. Deactivation ends the user's API tokens."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    values = {"is_active": is_active, "is_staff": is_staff, "is_superuser": is_superuser}
    changes = {field: values[field] for field in USER_ACCESS_FIELDS if getattr(stored, field) != values[field]}
    if changes:
        for field, value in changes.items():
            setattr(stored, field, value)
        stored.save(update_fields=list(changes))
        audit_record("governance.user.access_changed", obj=stored, data={"changes": changes})
        if changes.get("is_active") is False:
            api_tokens_revoke(user=stored, reason=Revocation.DEACTIVATED)
    return changes


@transaction.atomic
def user_password_set(*, user: User, password: str) -> None:
    """Give a login a new password (checked against the validators); its API tokens end."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput("; ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record("governance.user.password_changed", obj=user)
    api_tokens_revoke(user=user, reason=Revocation.PASSWORD_CHANGED)
