"""Tenants, roles and memberships."""

import pytest

from audit.models import AuditEvent
from common.errors import Conflict, Forbidden, InvalidInput
from governance.demo import DEMO_USERS, demo_load
from governance.tenancy.models import Department, Facility, Membership, Municipality, Party, Role, User
from governance.tenancy.selectors import capabilities_for
from governance.tenancy.services import membership_create, user_create


def test_demo_load_is_idempotent(demo):
    counts = (Municipality.objects.count(), User.objects.count(), Membership.objects.count())
    events = AuditEvent.objects.count()

    added = demo_load()
    # Every step (this app's and the higher apps' registered ones) reports that it added nothing.
    assert {"municipalities", "departments", "facilities", "parties", "users", "memberships"} <= set(added)
    assert set(added.values()) == {0}
    assert (Municipality.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert AuditEvent.objects.count() == events
    assert counts[0] == 2 and {u[0] for u in DEMO_USERS} <= set(User.objects.values_list("username", flat=True))


def test_demo_has_a_user_for_every_role(demo):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)


def test_demo_load_is_refused_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(Forbidden, match="DEBUG が有効なときだけ"):
        demo_load()
    assert not User.objects.exists()


def test_membership_needs_the_scope_its_role_acts_for(demo):
    user = user_create(username="new-staff", password="a-long-enough-passphrase", validate=False)
    shinjuku = Municipality.objects.get(name="新宿区")
    with pytest.raises(InvalidInput, match="には department が必要です") as exc:
        membership_create(user=user, municipality=shinjuku, role=Role.DEPARTMENT_STAFF)
    assert exc.value.field == "department"
    assert not user.memberships.exists()


def test_membership_scope_must_belong_to_the_same_tenant(demo):
    user = user_create(username="crosser", password="a-long-enough-passphrase", validate=False)
    shinjuku = Municipality.objects.get(name="新宿区")
    nerima_facility = Facility.objects.get(name="練馬ぴよぴよ")
    nerima_party = Party.objects.get(name="株式会社内田洋行")
    with pytest.raises(InvalidInput, match="は別の自治体のものです"):
        membership_create(user=user, municipality=shinjuku, role=Role.FACILITY_STAFF, facility=nerima_facility)
    with pytest.raises(InvalidInput, match="は別の自治体のものです"):
        membership_create(user=user, municipality=shinjuku, role=Role.VENDOR_USER, party=nerima_party)
    assert not user.memberships.exists()


def test_duplicate_membership_and_user_are_refused(demo):
    hoiku = User.objects.get(username="hoiku")
    department = Department.objects.get(name="保育課")
    with pytest.raises(Conflict, match="には既にこの所属があります"):
        membership_create(user=hoiku, municipality=department.municipality, role=Role.DEPARTMENT_STAFF,
                          department=department)
    with pytest.raises(Conflict, match="は既に存在します"):
        user_create(username="hoiku", password="x")


def test_weak_password_is_refused_with_the_reason(db):
    with pytest.raises(InvalidInput) as exc:
        user_create(username="weak", password="123")
    assert exc.value.field == "password" and "短すぎます" in exc.value.message
    assert not User.objects.filter(username="weak").exists()


def test_creating_people_is_audited_without_personal_values(demo):
    event = AuditEvent.objects.filter(name="governance.membership.created").first()
    assert event.tenant_id is not None and event.channel == "cli"
    assert set(event.data) == {"user_id", "role", "position"}


def test_capabilities_follow_roles(demo):
    assert [c.url_name for c in capabilities_for(User.objects.get(username="auditor"))] == [
        "committee-index", "audit-log", "registry-index", "api-docs", "deletion-subject-trail", "deletion-requests",
        "exchange-ledger", "exchange-check", "retention-index"]
    assert [c.url_name for c in capabilities_for(User.objects.get(username="guardian"))] == [
        "childcare-mine", "care-family", "operations-family"]
    assert User.objects.get(username="auditor").has_perm("audit.view_auditevent")
    assert not User.objects.get(username="committee").has_perm("audit.view_auditevent")
