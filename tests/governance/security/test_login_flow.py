"""Logging in through the web: the second factor for staff, enrolment, recovery codes, lockout."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from governance.demo import DEMO_PASSWORD
from governance.security import totp
from governance.security.enrolment import enrolment_code_issue
from governance.security.models import LoginFailure, RecoveryCode, TotpDevice
from governance.security.second_factor import recovery_codes_issue
from governance.security.totp import DEMO_TOTP_SECRET
from governance.tenancy.models import Membership, Municipality, Role, User
from governance.tenancy.services import membership_create, user_create


def _password(client, username, password=DEMO_PASSWORD, next_url=None, address="127.0.0.1"):
    data = {"username": username, "password": password, **({"next": next_url} if next_url else {})}
    return client.post("/login/", data, REMOTE_ADDR=address)


def _logged_in_as(client) -> str | None:
    response = client.get("/")
    return None if response.status_code == 302 else response.wsgi_request.user.username


def _events(name):
    return AuditEvent.objects.filter(name=name)


def test_staff_need_the_second_factor_before_any_page(client, people):
    response = _password(client, "auditor")

    assert response.status_code == 302 and response.headers["Location"] == "/login/verify/"
    assert _logged_in_as(client) is None
    assert not _events("governance.user.logged_in").exists()

    response = client.post("/login/verify/", {"code": totp.code_at(DEMO_TOTP_SECRET)})

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _logged_in_as(client) == "auditor"
    event = _events("governance.user.logged_in").get()
    assert event.actor_id == User.objects.get(username="auditor").pk and event.channel == "web"


def test_next_is_kept_through_the_second_factor(client, people):
    _password(client, "auditor", next_url="/audit/")
    response = client.post("/login/verify/", {"code": totp.code_at(DEMO_TOTP_SECRET)})
    assert response.headers["Location"] == "/audit/"


def test_a_code_is_accepted_only_once(client, people):
    code = totp.code_at(DEMO_TOTP_SECRET)
    _password(client, "hoiku")
    client.post("/login/verify/", {"code": code})
    client.post("/logout/")

    _password(client, "hoiku")
    response = client.post("/login/verify/", {"code": code})

    assert response.status_code == 400
    assert "コードが正しくありません" in response.content.decode()
    assert _logged_in_as(client) is None
    assert _events("governance.login.second_factor_failed").count() == 1


def test_guardians_log_in_with_the_password_alone(client, people):
    response = _password(client, "guardian")
    assert response.headers["Location"] == "/"
    assert _logged_in_as(client) == "guardian"


def test_first_login_enrols_an_authenticator_and_shows_recovery_codes_once(client, people):
    ward = Municipality.objects.get(code="131041")
    user = user_create(username="newstaff", password="a-long-enough-password", validate=False)
    membership_create(user=user, municipality=ward, role=Role.COMMITTEE_MEMBER)
    enrolment_code, _ = enrolment_code_issue(user=user)

    response = _password(client, "newstaff", "a-long-enough-password")
    assert response.headers["Location"] == "/login/enrol/"
    page = client.get("/login/enrol/").content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    assert f"otpauth://totp/Mimamori%3Anewstaff?secret={secret}&amp;issuer=Mimamori" in page

    wrong = client.post("/login/enrol/", {"enrolment_code": enrolment_code,
                                          "code": "000000" if totp.code_at(secret) != "000000" else "111111"})
    assert wrong.status_code == 400 and TotpDevice.objects.get(user=user).confirmed_at is None
    response = client.post("/login/enrol/", {"enrolment_code": enrolment_code, "code": totp.code_at(secret)})

    assert response.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert _logged_in_as(client) == "newstaff"
    assert TotpDevice.objects.get(user=user).confirmed_at is not None
    stored = set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    assert _events("governance.totp.enrolled").filter(object_id=str(user.pk)).count() == 1
    # The secret is stored sealed, never as typed into the app.
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed_personal FROM governance_totpdevice WHERE user_id = %s", [user.pk])
        raw = bytes(cursor.fetchone()[0])
    assert secret.encode() not in raw and raw[:1] == b"\x03"


def test_recovery_codes_work_once(client, people):
    user = User.objects.get(username="committee")
    codes = recovery_codes_issue(user=user)

    _password(client, "committee")
    response = client.post("/login/verify/", {"code": codes[3].upper()})
    assert response.headers["Location"] == "/"
    assert "残り 9 個" in client.get("/").content.decode()
    client.post("/logout/")

    _password(client, "committee")
    again = client.post("/login/verify/", {"code": codes[3]})

    assert again.status_code == 400 and _logged_in_as(client) is None
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1
    assert _events("governance.recovery_code.used").get().data == {"remaining": 9}


def test_account_is_locked_after_repeated_failures(client, people, settings):
    settings.LOGIN_LOCKOUT_ACCOUNT_FAILURES = 5
    for _ in range(5):
        assert _password(client, "hoiku", "wrong-password").status_code == 200

    response = _password(client, "hoiku")   # the right password, too late

    page = response.content.decode()
    assert response.status_code == 200 and "ログインを停止しています" in page and "15 分後" in page
    assert not client.session.get("mimamori.pending_second_factor")
    locked = _events("governance.login.locked").get()
    assert (locked.object_type, locked.object_id) == ("governance.user", str(User.objects.get(username="hoiku").pk))
    assert locked.data["scope"] == "account" and locked.data["failures"] == 5
    assert _events("governance.login.refused").count() == 1
    assert LoginFailure.objects.count() == 5      # the refused attempt is not counted again
    for event in AuditEvent.objects.filter(name__startswith="governance.login"):
        assert "hoiku" not in str(event.data) and "hoiku" not in event.object_id
    assert not LoginFailure.objects.filter(account_digest__contains="hoiku").exists()
    # The API token endpoint honours the same lockout.
    token = client.post("/api/v1/auth/token/", {"username": "hoiku", "password": DEMO_PASSWORD})
    assert token.status_code == 400 and not _events("governance.token.issued").exists()
    # Another account from another address is unaffected.
    assert _password(client, "guardian", address="10.0.0.9").headers["Location"] == "/"


def test_lockout_ends_when_the_failures_leave_the_window(client, people, settings):
    settings.LOGIN_LOCKOUT_ACCOUNT_FAILURES = 3
    for _ in range(3):
        _password(client, "guardian", "wrong-password")
    assert _password(client, "guardian").status_code == 200

    window = timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)
    LoginFailure.objects.update(occurred_at=timezone.now() - window - timedelta(seconds=1))

    assert _password(client, "guardian").headers["Location"] == "/"
    assert not LoginFailure.objects.exists()


def test_address_is_locked_after_failures_on_many_names(client, people, settings):
    settings.LOGIN_LOCKOUT_ADDRESS_FAILURES = 3
    for name in ("no-such-1", "no-such-2", "no-such-3"):
        _password(client, name, "guess")

    response = _password(client, "guardian")

    assert "ログインを停止しています" in response.content.decode() and _logged_in_as(client) is None
    locked = _events("governance.login.locked").get()
    assert locked.data["scope"] == "address" and locked.object_id == "" and locked.ip_address == "127.0.0.1"
    assert "no-such" not in str(list(AuditEvent.objects.values_list("data", flat=True)))
    assert _password(client, "guardian", address="10.0.0.9").headers["Location"] == "/"


def test_wrong_second_factor_codes_lock_the_account(client, people, settings):
    settings.LOGIN_LOCKOUT_ACCOUNT_FAILURES = 3
    good = totp.code_at(DEMO_TOTP_SECRET)
    wrong = "000000" if good != "000000" else "111111"
    _password(client, "uchida")
    for _ in range(3):
        client.post("/login/verify/", {"code": wrong})

    response = client.post("/login/verify/", {"code": good})

    assert response.status_code == 400 and "ログインを停止しています" in response.content.decode()
    assert _logged_in_as(client) is None
    assert TotpDevice.objects.get(user__username="uchida").last_step == 0   # the good code was not spent


def test_the_second_step_expires(client, people):
    _password(client, "auditor")
    session = client.session
    session["mimamori.pending_second_factor"]["since"] -= 301
    session.save()

    response = client.post("/login/verify/", {"code": totp.code_at(DEMO_TOTP_SECRET)})

    assert response.headers["Location"] == "/login/"
    assert _logged_in_as(client) is None


def test_second_step_without_a_password_goes_back_to_login(client, db):
    assert client.get("/login/verify/").headers["Location"] == "/login/"
    assert client.get("/login/enrol/").headers["Location"] == "/login/"


def test_admin_site_logs_in_through_the_same_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.headers["Location"] == "/login/?next=/admin/"


@pytest.mark.parametrize(("username", "required"), [
    ("committee", True), ("hoiku", True), ("piyopiyo", True), ("uchida", True), ("auditor", True),
    ("admin", True), ("guardian", False),
])
def test_which_roles_need_the_second_factor(people, username, required):
    from governance.security.second_factor import second_factor_required

    assert second_factor_required(User.objects.get(username=username)) is required
    assert TotpDevice.objects.filter(user__username=username, confirmed_at__isnull=False).exists() is required


def test_a_guardian_who_is_also_staff_needs_the_second_factor(people):
    from governance.security.second_factor import second_factor_required

    guardian = User.objects.get(username="guardian")
    Membership.objects.create(user=guardian, municipality=Municipality.objects.get(code="131041"),
                              role=Role.COMMITTEE_MEMBER)
    assert second_factor_required(guardian) is True
