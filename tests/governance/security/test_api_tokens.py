"""API tokens: a new one per log-in, stored only as a digest, expiring, and revoked on log-out."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from knox.models import AuthToken

from audit.models import AuditEvent
from governance.demo import DEMO_PASSWORD
from governance.security.tokens import api_token_issue
from governance.tenancy.models import User

ME = "/api/v1/me/"


def _token(client) -> dict:
    response = client.post("/api/v1/auth/token/", {"username": "guardian", "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()


def _auth(token: str) -> dict:
    return {"Authorization": f"Token {token}"}


def test_each_login_gets_its_own_token_stored_only_as_a_digest_with_an_expiry(client, people):
    before = timezone.now()
    first, second = _token(client), _token(client)

    assert first["token"] != second["token"]
    expiry = parse_datetime(first["expiry"])
    assert before + timedelta(hours=10) <= expiry <= timezone.now() + timedelta(hours=10)
    assert client.get(ME, headers=_auth(first["token"])).json()["username"] == "guardian"
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key, expiry FROM knox_authtoken")
        rows = cursor.fetchall()
    assert len(rows) == 2
    assert not {first["token"], second["token"]} & {digest for digest, _, _ in rows}
    assert all(len(key) == 15 for _, key, _ in rows)   # only a lookup prefix of each token
    assert {e.data["expires_at"] for e in AuditEvent.objects.filter(name="governance.token.issued")} == \
        {t.expiry.isoformat() for t in AuthToken.objects.all()}


def test_an_expired_token_is_refused_and_removed(client, people):
    token = _token(client)["token"]
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))

    assert client.get(ME, headers=_auth(token)).status_code == 403
    assert not AuthToken.objects.exists()


def test_logout_revokes_the_token_it_is_sent_with(client, people):
    one, other = _token(client)["token"], _token(client)["token"]

    response = client.post("/api/v1/auth/logout/", headers=_auth(one))

    assert response.status_code == 204
    assert client.get(ME, headers=_auth(one)).status_code == 403
    assert client.get(ME, headers=_auth(other)).status_code == 200
    revoked = AuditEvent.objects.get(name="governance.token.revoked")
    guardian = User.objects.get(username="guardian")
    assert revoked.data == {"count": 1, "reason": "logout"} and revoked.actor_id == guardian.pk
    assert (revoked.object_type, revoked.object_id) == ("governance.user", str(guardian.pk))


def test_logout_everywhere_revokes_every_token_of_the_user(client, people):
    one, other = _token(client)["token"], _token(client)["token"]
    _, someone_else = api_token_issue(user=User.objects.get(username="auditor"))

    response = client.post("/api/v1/auth/logout/", {"all": True}, content_type="application/json",
                           headers=_auth(one))

    assert response.status_code == 204
    assert client.get(ME, headers=_auth(one)).status_code == 403
    assert client.get(ME, headers=_auth(other)).status_code == 403
    assert client.get(ME, headers=_auth(someone_else)).status_code == 200
    assert AuditEvent.objects.get(name="governance.token.revoked").data == {"count": 2, "reason": "logout"}


def test_logout_needs_a_token(client, people):
    client.login(username="guardian", password=DEMO_PASSWORD)
    assert client.post("/api/v1/auth/logout/").status_code == 401
