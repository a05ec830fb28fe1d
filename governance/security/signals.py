"""Login, logout and failed logins become audit events (recording, not business rules)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction

from audit.services import audit_record
from governance.security.lockout import on_login_failed
from governance.tenancy.models import User


def _logged_in(sender, request, user, **_):
    with transaction.atomic():
        audit_record("governance.user.logged_in", obj=user, actor_id=user.pk)


def _logged_out(sender, request, user, **_):
    if user is not None:
        with transaction.atomic():
            audit_record("governance.user.logged_out", obj=user, actor_id=user.pk)


def _login_failed(sender, credentials, request=None, **_):
    # The typed username is never stored: only which existing login it named, if any.
    user = User.objects.filter(username=credentials.get("username", "")).first()
    with transaction.atomic():
        audit_record("governance.user.login_failed",
                     object_type="governance.user" if user else "", object_id=user.pk if user else "")


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="governance.audit.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="governance.audit.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="governance.audit.login_failed")
    user_login_failed.connect(on_login_failed, dispatch_uid="governance.security.lockout")
