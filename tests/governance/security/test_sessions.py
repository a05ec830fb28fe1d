"""Staff sessions end when idle, after a working day, and with the browser; guardians keep the long session."""

import time

from django.conf import settings

from governance.security.sessions import SESSION_KEY
from governance.tenancy.models import User


def log_in(client, username: str):
    client.force_login(User.objects.get(username=username), backend="governance.tenancy.auth.RoleBackend")
    return client.get("/")  # the first request after login starts the clock


def shift(client, **seconds_ago: int) -> None:
    """Move the session's recorded times into the past, as if that much time had gone by."""
    session = client.session
    state = session[SESSION_KEY]
    session[SESSION_KEY] = {**state, **{k: state[k] - v for k, v in seconds_ago.items()}}
    session.save()


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_staff_session_ends_after_the_idle_timeout(client, people):
    log_in(client, "hoiku")
    shift(client, seen=settings.STAFF_SESSION_IDLE_SECONDS + 1)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not logged_in(client)


def test_staff_session_stays_while_in_use(client, people):
    log_in(client, "hoiku")
    shift(client, seen=settings.STAFF_SESSION_IDLE_SECONDS - 60, started=3600)
    assert client.get("/").status_code == 200
    seen = client.session[SESSION_KEY]["seen"]
    assert abs(seen - time.time()) < 5  # the request counted as activity
    assert logged_in(client)


def test_staff_session_ends_after_its_absolute_lifetime_however_active(client, people):
    log_in(client, "committee")
    shift(client, started=settings.STAFF_SESSION_MAX_SECONDS + 1)
    assert client.get("/").status_code == 302
    assert not logged_in(client)


def test_staff_session_cookie_ends_with_the_browser(client, people):
    response = log_in(client, "piyopiyo")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()


def test_guardian_keeps_the_long_session(client, people):
    response = log_in(client, "guardian")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    assert client.session[SESSION_KEY]["staff"] is False
    shift(client, seen=settings.STAFF_SESSION_IDLE_SECONDS + 1, started=settings.STAFF_SESSION_MAX_SECONDS + 1)
    client.get("/")
    assert logged_in(client)
