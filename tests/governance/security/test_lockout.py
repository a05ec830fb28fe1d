"""Failed logins slow whoever makes them, not the account's owner; clients behind a trusted proxy count apart."""

import pytest
from django.test import RequestFactory

from audit.models import AuditEvent
from governance.demo import DEMO_PASSWORD
from governance.security.lockout import client_address
from governance.security.models import LoginFailure

PROXY = "10.0.0.2"


def _password(client, username, password=DEMO_PASSWORD, *, address, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def _locked(response) -> bool:
    return "ログインを停止しています" in response.content.decode()


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out(client, people, settings):
    settings.LOGIN_LOCKOUT_ACCOUNT_FAILURES = 5
    for _ in range(5):
        _password(client, "admin", "wrong-password", address="198.51.100.66")

    attacker = _password(client, "admin", address="198.51.100.66")   # even the right password, from there
    owner = _password(client, "admin", address="203.0.113.10")

    assert _locked(attacker)
    assert owner.status_code == 302 and owner.headers["Location"] == "/login/verify/"
    assert AuditEvent.objects.get(name="governance.login.locked").data["scope"] == "account"


def test_a_complete_login_forgets_only_the_failures_from_its_own_address(client, people):
    _password(client, "guardian", "wrong-password", address="198.51.100.66")
    _password(client, "guardian", "wrong-password", address="203.0.113.10")

    assert _password(client, "guardian", address="203.0.113.10").headers["Location"] == "/"

    assert list(LoginFailure.objects.values_list("ip_address", flat=True)) == ["198.51.100.66"]


def test_one_address_is_still_capped_across_usernames(client, people, settings):
    settings.LOGIN_LOCKOUT_ADDRESS_FAILURES = 3
    for name in ("committee", "hoiku", "auditor"):
        _password(client, name, "wrong-password", address="198.51.100.66")

    assert _locked(_password(client, "guardian", address="198.51.100.66"))
    assert _password(client, "guardian", address="203.0.113.10").headers["Location"] == "/"


def test_clients_behind_a_trusted_proxy_are_counted_apart(client, people, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.LOGIN_LOCKOUT_ADDRESS_FAILURES = 3
    for name in ("committee", "hoiku", "auditor"):
        # The client wrote the left entry itself; the proxy appended the address it saw.
        _password(client, name, "wrong-password", address=PROXY, forwarded=f"192.0.2.1, 198.51.100.66, {PROXY}")

    assert _locked(_password(client, "guardian", address=PROXY, forwarded="198.51.100.66"))
    other = _password(client, "guardian", address=PROXY, forwarded="203.0.113.10")

    assert other.headers["Location"] == "/"
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}


@pytest.mark.parametrize(("remote", "forwarded", "client"), [
    ("198.51.100.66", "192.0.2.1", "198.51.100.66"),         # not from a proxy: the header is the client's own
    (PROXY, "192.0.2.1, 198.51.100.66", "198.51.100.66"),     # the nearest address the proxy vouches for
    (PROXY, "198.51.100.66, 10.0.0.3", "198.51.100.66"),      # through two trusted proxies
    (PROXY, "", PROXY),
    (PROXY, "not-an-address", PROXY),
])
def test_client_address_trusts_x_forwarded_for_only_from_trusted_proxies(settings, remote, forwarded, client):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert client_address(request) == PROXY
