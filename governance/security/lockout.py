"""Lockout after repeated failed logins, per account and client address, and per address, in a sliding window.

Failures are counted under a keyed digest of the typed username (names that do not exist count
too, and no username is stored) together with the client address. Failures slow the one who makes
them, not the account's owner: an account is refused only to the address its failures came from,
while one address is refused for every account once it has failed on many (guessing across names).
Refusals happen before any password is checked — on the web login, the second-factor step and the
API token endpoint alike (:class:`LockoutBackend` runs first among the authentication backends).

Behind a reverse proxy every request comes from the proxy's address; the client is then the nearest
address in X-Forwarded-For that is not a proxy listed in ``settings.TRUSTED_PROXIES``.
"""

import ipaddress
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from audit.services import audit_record
from governance.security.models import LoginFailure
from governance.tenancy.models import User

ACCOUNT, ADDRESS = "account", "address"


@dataclass(frozen=True)
class Lockout:
    scope: str  # "account" (this account from this address) or "address" (any account from this address)
    retry_after_seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after_seconds / 60))


def account_digest(username: str) -> str:
    """A keyed digest of a typed username: equal names match, the name itself is not kept."""
    return salted_hmac("mimamori.login-lockout", username.strip().casefold(), algorithm="sha256").hexdigest()


def _user_reference(username: str) -> dict:
    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
    return {"object_type": "governance.user", "object_id": user_id} if user_id else {}


def lockout_status(*, username: str, ip_address: str | None) -> Lockout | None:
    """The lockout in force for this account from this address, or for this address, if any."""
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)
    since = timezone.now() - window
    pair = {"account_digest": account_digest(username), "ip_address": ip_address}
    checks = [(ACCOUNT, pair, settings.LOGIN_LOCKOUT_ACCOUNT_FAILURES)]
    if ip_address:
        checks.append((ADDRESS, {"ip_address": ip_address}, settings.LOGIN_LOCKOUT_ADDRESS_FAILURES))
    for scope, match, limit in checks:
        times = list(LoginFailure.objects.filter(occurred_at__gte=since, **match)
                     .order_by("-occurred_at").values_list("occurred_at", flat=True)[:limit])
        if len(times) >= limit:
            # Locked until the limit-th newest failure leaves the window.
            retry = (times[-1] + window - timezone.now()).total_seconds()
            return Lockout(scope, max(1, int(retry)))
    return None


@transaction.atomic
def login_failure_record(*, username: str, ip_address: str | None) -> Lockout | None:
    """Count one failed login; when it reaches a limit, record that the account (from this address) or the
    address is locked."""
    now = timezone.now()
    LoginFailure.objects.filter(occurred_at__lt=now - timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)).delete()
    LoginFailure.objects.create(account_digest=account_digest(username), ip_address=ip_address, occurred_at=now)
    lockout = lockout_status(username=username, ip_address=ip_address)
    if lockout is not None:
        limit = (settings.LOGIN_LOCKOUT_ACCOUNT_FAILURES if lockout.scope == ACCOUNT
                 else settings.LOGIN_LOCKOUT_ADDRESS_FAILURES)
        audit_record("governance.login.locked", **_user_reference(username),
                     data={"scope": lockout.scope, "failures": limit,
                           "window_seconds": settings.LOGIN_LOCKOUT_WINDOW_SECONDS,
                           "retry_after_seconds": lockout.retry_after_seconds})
    return lockout


@transaction.atomic
def login_refusal_record(*, username: str, lockout: Lockout) -> None:
    """Record a login refused because of a lockout (the attempt is not counted as a new failure)."""
    audit_record("governance.login.refused", **_user_reference(username),
                 data={"scope": lockout.scope, "retry_after_seconds": lockout.retry_after_seconds})


@transaction.atomic
def login_failures_clear(*, username: str, ip_address: str | None) -> int:
    """Forget the failures of an account from an address after it logged in completely from there."""
    return LoginFailure.objects.filter(account_digest=account_digest(username), ip_address=ip_address).delete()[0]


def _trusted_proxy(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES)


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy (see the module's docstring).

    X-Forwarded-For is read from the right: each trusted proxy appends the address it was called
    from, and everything left of the first address that is not a proxy was written by the client.
    """
    remote = request.META.get("REMOTE_ADDR") or None if request is not None else None
    if remote is None or not settings.TRUSTED_PROXIES or not _trusted_proxy(remote):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        try:
            if not _trusted_proxy(hop.strip()):
                return hop.strip()
        except ValueError:
            break  # not an address: the proxy's own address is the best that is known
    return remote


class LockoutBackend(BaseBackend):
    """Refuses authentication for a locked account or address before the password backends run."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            return None
        lockout = lockout_status(username=username, ip_address=client_address(request))
        if lockout is None:
            return None
        if request is not None:
            request.login_lockout = lockout
        login_refusal_record(username=username, lockout=lockout)
        raise PermissionDenied  # stops authenticate(): no later backend checks the password


def on_login_failed(sender, credentials, request=None, **_):
    """user_login_failed receiver: count the failure unless the attempt was refused by a lockout."""
    if request is not None and getattr(request, "login_lockout", None) is not None:
        return
    login_failure_record(username=credentials.get("username") or "", ip_address=client_address(request))
