"""Changes to logins and roles made in the admin site go through the services: validated, audited, tokens ended."""

import re

import pytest
from django.test import Client
from knox.models import AuthToken

from audit.models import AuditEvent
from governance.security.models import EnrolmentCode, TotpDevice
from governance.security.second_factor import enrolment_code_hash
from governance.security.tokens import api_token_issue
from governance.tenancy.models import Department, Membership, Municipality, Role, User

FIELDS = ("municipality", "role", "department", "facility", "party", "position")


@pytest.fixture
def admin_client(client, people):
    client.force_login(User.objects.get(username="admin"), backend="governance.tenancy.auth.RoleBackend")
    return client


def _change(client, user: User, *, memberships: list[dict], **fields):
    """POST the user's change form: the flags given (else as stored) and the membership rows given."""
    data = {name: "on" for name in ("is_active", "is_staff", "is_superuser")
            if fields.get(name, getattr(user, name))}
    data["new_password"] = fields.get("new_password", "")
    existing = [m for m in memberships if "id" in m]
    data |= {"memberships-TOTAL_FORMS": len(memberships), "memberships-INITIAL_FORMS": len(existing),
             "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(memberships):
        data |= {f"memberships-{i}-{key}": "" if value is None else value for key, value in row.items()}
        data[f"memberships-{i}-user"] = user.pk
    return client.post(f"/admin/governance/user/{user.pk}/change/", data)


def _row(membership: Membership, **changes) -> dict:
    row = {"id": membership.pk, **{f: getattr(membership, f"{f}_id", None) if f not in ("role", "position")
                                   else getattr(membership, f) for f in FIELDS}}
    return row | changes


def test_role_and_access_changes_in_the_admin_are_audited_and_deactivation_ends_tokens(admin_client, people):
    admin, hoiku = User.objects.get(username="admin"), User.objects.get(username="hoiku")
    _, token = api_token_issue(user=hoiku)
    membership = hoiku.memberships.get()
    seq = AuditEvent.objects.order_by("-seq").first().seq

    response = _change(admin_client, hoiku, is_active=False, is_staff=True, memberships=[
        _row(membership, role=Role.COMMITTEE_MEMBER, department=None),
        {"municipality": people.pk, "role": Role.AUDITOR, "position": ""},
    ])

    assert response.status_code == 302, response.content.decode()[:2000]
    hoiku.refresh_from_db()
    assert (hoiku.is_active, hoiku.is_staff) == (False, True)
    assert sorted(hoiku.memberships.values_list("role", flat=True)) == [Role.AUDITOR, Role.COMMITTEE_MEMBER]
    assert not AuthToken.objects.filter(user=hoiku).exists()
    assert Client().get("/api/v1/me/", headers={"Authorization": f"Token {token}"}).status_code == 403
    events = {e.name: e for e in AuditEvent.objects.filter(seq__gt=seq)}
    assert set(events) == {"governance.user.access_changed", "governance.token.revoked",
                           "governance.membership.changed", "governance.membership.created"}
    assert events["governance.user.access_changed"].data == {"changes": {"is_active": False, "is_staff": True}}
    assert events["governance.token.revoked"].data == {"count": 1, "reason": "deactivated"}
    assert events["governance.membership.changed"].data == {
        "user_id": hoiku.pk, "role": Role.COMMITTEE_MEMBER, "position": "", "changed": ["role", "department"]}
    assert events["governance.membership.created"].data["role"] == Role.AUDITOR
    for event in events.values():
        assert event.actor_id == admin.pk and event.channel == "web"
        assert "hoiku" not in str(event.data) and "保育課" not in str(event.data)


def test_the_admin_refuses_a_membership_the_services_refuse(admin_client, people):
    hoiku = User.objects.get(username="hoiku")
    other_ward = Municipality.objects.create(code="131202", name="練馬区")
    elsewhere = Department.objects.create(municipality=other_ward, name="練馬子ども家庭支援センター")
    membership = hoiku.memberships.get()
    seq = AuditEvent.objects.order_by("-seq").first().seq

    response = _change(admin_client, hoiku, memberships=[_row(membership, department=elsewhere.pk)])

    assert response.status_code == 200 and "は別の自治体のものです" in response.content.decode()
    membership.refresh_from_db()
    assert membership.department.municipality_id == people.pk
    assert not AuditEvent.objects.filter(seq__gt=seq).exists()


def test_a_new_password_from_the_admin_ends_the_users_tokens(admin_client, people):
    guardian = User.objects.get(username="guardian")
    api_token_issue(user=guardian)

    response = _change(admin_client, guardian, new_password="another-long-password",
                       memberships=[_row(guardian.memberships.get())])

    assert response.status_code == 302
    guardian.refresh_from_db()
    assert guardian.check_password("another-long-password")
    assert not AuthToken.objects.filter(user=guardian).exists()
    assert AuditEvent.objects.get(name="governance.user.password_changed").object_id == str(guardian.pk)
    assert AuditEvent.objects.get(name="governance.token.revoked").data["reason"] == "password_changed"


def test_users_added_and_deleted_in_the_admin_are_audited(admin_client, people):
    response = admin_client.post("/admin/governance/user/add/", {
        "username": "newstaff", "new_password": "a-long-enough-password", "is_active": "on",
        "memberships-TOTAL_FORMS": 1, "memberships-INITIAL_FORMS": 0, "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000, "memberships-0-municipality": people.pk,
        "memberships-0-role": Role.COMMITTEE_MEMBER, "memberships-0-position": ""})

    assert response.status_code == 302
    user = User.objects.get(username="newstaff")
    assert user.check_password("a-long-enough-password") and user.memberships.get().role == Role.COMMITTEE_MEMBER
    assert AuditEvent.objects.filter(name="governance.user.created", object_id=str(user.pk)).exists()
    membership_id = str(user.memberships.get().pk)
    assert AuditEvent.objects.filter(name="governance.membership.created", object_id=membership_id).exists()

    response = admin_client.post(f"/admin/governance/user/{user.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302 and not User.objects.filter(pk=user.pk).exists()
    assert AuditEvent.objects.get(name="governance.membership.deleted").object_id == membership_id
    assert AuditEvent.objects.get(name="governance.user.deleted").object_id == str(user.pk)


def test_enrolment_codes_and_resets_from_the_admin(admin_client, people):
    hoiku = User.objects.get(username="hoiku")
    action = {"_selected_action": [hoiku.pk], "index": 0}

    admin_client.post("/admin/governance/user/", {**action, "action": "reset_second_factor"})
    page = admin_client.post("/admin/governance/user/", {**action, "action": "issue_enrolment_codes"})

    assert not TotpDevice.objects.filter(user=hoiku).exists()
    code = re.search(r'<code class="enrolment-code">([0-9A-Z-]+)</code>', page.content.decode()).group(1)
    assert EnrolmentCode.objects.get(user=hoiku).code_hash == enrolment_code_hash(code)
    admin = User.objects.get(username="admin")
    assert AuditEvent.objects.get(name="governance.second_factor.reset").actor_id == admin.pk
    assert AuditEvent.objects.get(name="governance.enrolment_code.issued").actor_id == admin.pk


def test_tokens_cannot_be_made_in_the_admin(admin_client):
    assert admin_client.get("/admin/knox/authtoken/add/").status_code == 404
