"""Every change staff make on the admin site is an audit event (field names, never values), and the admin's
history page of a record lists the audit log's events about it; showing that history is itself audited."""

import pytest
from django.contrib.admin.models import LogEntry

from audit.context import Channel, bound
from audit.models import AuditEvent
from governance.security.second_factor import second_factor_required, totp_device_enrol
from governance.tenancy.models import Department, Municipality, Role, User
from governance.tenancy.services import membership_create, user_create

SECRET = "MIMAMORIDEMOKEY2MIMAMORIDEMOKEY2"


@pytest.fixture
def ward(db):
    with bound(channel=Channel.CLI):
        return Municipality.objects.create(code="131041", name="新宿区")


@pytest.fixture
def admin_client(client, ward):
    with bound(channel=Channel.CLI):
        admin = user_create(
            username="admin", password="mimamori-demo-pw", validate=False, is_staff=True, is_superuser=True
        )
        membership_create(user=admin, municipality=ward, role=Role.ADMINISTRATOR)
        if second_factor_required(admin):
            totp_device_enrol(user=admin, secret=SECRET)
    client.force_login(admin, backend="governance.tenancy.auth.RoleBackend")
    client.admin = admin
    return client


def _events(after: int, *names: str):
    return list(AuditEvent.objects.filter(seq__gt=after, name__in=names).order_by("seq"))


def _last_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").first()
    return last.seq if last else 0


def test_adding_and_changing_a_department_records_audit_events_with_field_names_only(admin_client, ward):
    start = _last_seq()

    added = admin_client.post(
        "/admin/governance/department/add/", {"municipality": ward.pk, "name": "保育課", "division": "子ども家庭部"}
    )
    department = Department.objects.get(name="保育課")
    changed = admin_client.post(
        f"/admin/governance/department/{department.pk}/change/",
        {"municipality": ward.pk, "name": "保育課", "division": "子ども家庭部保育担当"},
    )

    assert (added.status_code, changed.status_code) == (302, 302)
    events = _events(start, "audit.admin_record.added", "audit.admin_record.changed")
    assert [(e.name, e.object_type, e.object_id, e.tenant_id, e.actor_id, e.channel, e.data) for e in events] == [
        (
            "audit.admin_record.added",
            "governance.department",
            str(department.pk),
            ward.pk,
            admin_client.admin.pk,
            "web",
            {"fields": ["division", "municipality", "name"], "model": "governance.department"},
        ),
        (
            "audit.admin_record.changed",
            "governance.department",
            str(department.pk),
            ward.pk,
            admin_client.admin.pk,
            "web",
            {"fields": ["division"], "model": "governance.department"},
        ),
    ]
    assert "子ども家庭部" not in str([e.data for e in events])  # names of fields, never what was written
    assert not LogEntry.objects.exists()  # one history: the audit log's


def test_the_history_page_lists_the_records_audit_events_and_its_reading_is_audited(admin_client, ward):
    with bound(channel=Channel.CLI):
        department = Department.objects.create(municipality=ward, name="保育課", division="子ども家庭部")
    admin_client.post(
        f"/admin/governance/department/{department.pk}/change/",
        {"municipality": ward.pk, "name": "保育課", "division": "こども家庭部"},
    )
    other = Department.objects.create(municipality=ward, name="学校運営課")
    admin_client.post(
        f"/admin/governance/department/{other.pk}/change/",
        {"municipality": ward.pk, "name": "学校運営課", "division": "教育委員会事務局"},
    )
    start = _last_seq()

    page = admin_client.get(f"/admin/governance/department/{department.pk}/history/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "audit.admin_record.changed" in body and "division" in body and "admin" in body
    assert body.count("audit.admin_record.changed") == 1  # the other department's change is not listed
    [read] = _events(start, "audit.admin_history.read")
    assert (read.object_type, read.object_id, read.actor_id, read.data) == (
        "governance.department",
        str(department.pk),
        admin_client.admin.pk,
        {"events_shown": 1, "page": 1},
    )


def test_deleting_on_the_admin_site_is_recorded_and_the_events_outlive_the_row(admin_client, ward):
    with bound(channel=Channel.CLI):
        department = Department.objects.create(municipality=ward, name="保育課")
    pk = department.pk
    start = _last_seq()

    response = admin_client.post(f"/admin/governance/department/{pk}/delete/", {"post": "yes"})

    assert response.status_code == 302 and not Department.objects.filter(pk=pk).exists()
    [deleted] = _events(start, "audit.admin_record.deleted")
    assert (deleted.object_type, deleted.object_id, deleted.tenant_id) == ("governance.department", str(pk), ward.pk)


def test_a_refused_change_records_nothing(admin_client, ward):
    with bound(channel=Channel.CLI):
        department = Department.objects.create(municipality=ward, name="保育課")
    start = _last_seq()

    response = admin_client.post(
        f"/admin/governance/department/{department.pk}/change/", {"municipality": ward.pk, "name": ""}
    )

    assert response.status_code == 200  # the form again, with the error
    assert _events(start, "audit.admin_record.changed") == []
    department.refresh_from_db()
    assert department.name == "保育課"


def test_the_history_of_a_user_is_shown_only_to_who_may_view_it(client, admin_client, ward):
    with bound(channel=Channel.CLI):
        clerk = user_create(username="hoiku", password="mimamori-demo-pw", validate=False)
        membership_create(user=clerk, municipality=ward, role=Role.AUDITOR)
    assert admin_client.get(f"/admin/governance/user/{clerk.pk}/history/").status_code == 200
    admin_client.logout()
    client.force_login(User.objects.get(username="hoiku"), backend="governance.tenancy.auth.RoleBackend")
    start = _last_seq()

    refused = client.get(f"/admin/governance/user/{clerk.pk}/history/")

    assert refused.status_code == 302 and "/admin/login/" in refused["Location"]
    assert _events(start, "audit.admin_history.read") == []
