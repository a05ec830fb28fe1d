"""Setting up an authenticator needs a one-time enrolment code from an administrator, not the password alone."""

import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEvent
from governance.security import totp
from governance.security.enrolment import enrolment_code_issue, second_factor_reset
from governance.security.models import EnrolmentCode, RecoveryCode, TotpDevice
from governance.security.second_factor import enrolment_code_hash
from governance.security.tokens import api_token_issue
from governance.tenancy.models import Municipality, Role, User
from governance.tenancy.services import membership_create, user_create

PASSWORD = "a-long-enough-password"


@pytest.fixture
def newstaff(people):
    user = user_create(username="newstaff", password=PASSWORD, validate=False)
    membership_create(user=user, municipality=Municipality.objects.get(code="131041"), role=Role.COMMITTEE_MEMBER)
    return user


def _to_enrol_page(client) -> str:
    response = client.post("/login/", {"username": "newstaff", "password": PASSWORD})
    assert response.headers["Location"] == "/login/enrol/"
    page = client.get("/login/enrol/").content.decode()
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def _logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_the_password_alone_does_not_set_up_an_authenticator(client, newstaff):
    secret = _to_enrol_page(client)

    response = client.post("/login/enrol/", {"enrolment_code": "", "code": totp.code_at(secret)})

    assert response.status_code == 400 and "登録コード" in response.content.decode()
    assert not _logged_in(client)
    assert TotpDevice.objects.get(user=newstaff).confirmed_at is None
    assert not AuditEvent.objects.filter(name="governance.totp.enrolled", object_id=str(newstaff.pk)).exists()


def test_an_enrolment_code_from_the_command_sets_up_the_authenticator_once(client, newstaff, capsys):
    call_command("issue_enrolment_code", "newstaff")
    code = capsys.readouterr().out.split()[0]
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    issued = AuditEvent.objects.get(name="governance.enrolment_code.issued")
    assert issued.channel == "cli" and issued.object_id == str(newstaff.pk) and code not in str(issued.data)
    assert EnrolmentCode.objects.get().code_hash == enrolment_code_hash(code) != code
    secret = _to_enrol_page(client)

    response = client.post("/login/enrol/", {"enrolment_code": code.lower(), "code": totp.code_at(secret)})

    assert response.status_code == 200 and _logged_in(client)
    assert TotpDevice.objects.get(user=newstaff).confirmed_at is not None
    assert RecoveryCode.objects.filter(user=newstaff).count() == 10
    enrolment = EnrolmentCode.objects.get()
    assert enrolment.used_at is not None
    enrolled = AuditEvent.objects.get(name="governance.totp.enrolled", object_id=str(newstaff.pk))
    assert enrolled.data == {"enrolment_code_id": enrolment.pk}
    # Spent: after a reset the same code sets up nothing.
    second_factor_reset(user=newstaff)
    client.post("/logout/")
    secret = _to_enrol_page(client)
    again = client.post("/login/enrol/", {"enrolment_code": code, "code": totp.code_at(secret)})
    assert again.status_code == 400 and not _logged_in(client)


def test_an_expired_or_replaced_enrolment_code_is_refused(client, newstaff):
    old, _ = enrolment_code_issue(user=newstaff)
    current, _ = enrolment_code_issue(user=newstaff)
    secret = _to_enrol_page(client)
    assert client.post("/login/enrol/", {"enrolment_code": old, "code": totp.code_at(secret)}).status_code == 400

    EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post("/login/enrol/", {"enrolment_code": current, "code": totp.code_at(secret)})

    assert response.status_code == 400 and not _logged_in(client)


def test_wrong_enrolment_codes_count_toward_the_lockout(client, newstaff, settings):
    settings.LOGIN_LOCKOUT_ACCOUNT_FAILURES = 3
    code, _ = enrolment_code_issue(user=newstaff)
    secret = _to_enrol_page(client)
    for guess in ("AAAA-AAAA-AAAA", "BBBB-BBBB-BBBB", "CCCC-CCCC-CCCC"):
        client.post("/login/enrol/", {"enrolment_code": guess, "code": totp.code_at(secret)})

    response = client.post("/login/enrol/", {"enrolment_code": code, "code": totp.code_at(secret)})

    assert "ログインを停止しています" in response.content.decode() and not _logged_in(client)
    assert EnrolmentCode.objects.get().used_at is None


@pytest.mark.parametrize(("username", "refusal"), [
    ("guardian", "二要素認証なしでログインします"), ("hoiku", "には既に認証アプリが設定されています"),
])
def test_codes_are_issued_only_to_staff_without_an_authenticator(people, username, refusal):
    with pytest.raises(CommandError, match=refusal):
        call_command("issue_enrolment_code", username)
    assert not EnrolmentCode.objects.exists()


def test_a_reset_removes_the_authenticator_and_the_api_tokens_so_a_new_code_can_be_issued(client, people):
    hoiku = User.objects.get(username="hoiku")
    _, token = api_token_issue(user=hoiku)

    second_factor_reset(user=hoiku)

    assert not TotpDevice.objects.filter(user=hoiku).exists()
    assert client.get("/api/v1/me/", headers={"Authorization": f"Token {token}"}).status_code == 403
    assert AuditEvent.objects.get(name="governance.token.revoked").data == {
        "count": 1, "reason": "second_factor_reset"}
    assert AuditEvent.objects.get(name="governance.second_factor.reset").data == {
        "authenticators": 1, "recovery_codes": 0}
    _, expires_at = enrolment_code_issue(user=hoiku)
    assert timedelta(hours=71) < expires_at - timezone.now() <= timedelta(hours=72)
