"""The home page greets a guardian by the name childcare holds for them, and the read is in the audit log."""

from audit.models import AuditEvent
from governance.tenancy.models import User
from tests.childcare.conftest import READ, head, login, reads_after


def test_a_guardian_is_greeted_by_name_and_shown_what_a_guardian_can_do_not_a_staff_table(client, okada):
    guardian = okada.guardian_links.get(guardian__user__username="guardian").guardian  # 岡田 健一
    start = head()
    login(client, "guardian")

    page = client.get("/").content.decode()

    assert "<h1>ようこそ、岡田 健一 さん</h1>" in page and "ようこそ、guardian さん" not in page
    assert 'class="membership"' not in page and "所管課" not in page
    assert '<p class="muted guardian-of">新宿区 · 保護者</p>' in page
    assert '<a href="/children/mine/">' in page
    (read,) = reads_after(start)
    assert (read.purpose, read.fields, read.tenant_id) == ("childcare.guardian.greeting", ["guardian.name"],
                                                          guardian.municipality_id)
    assert read.subjects == [["childcare.guardian", str(guardian.pk)]]
    assert "岡田" not in str(read.data)


def test_staff_are_greeted_by_login_with_their_memberships_and_no_personal_read(client, demo):
    start = head()
    login(client, "hoiku")

    page = client.get("/").content.decode()

    assert "<h1>ようこそ、hoiku さん</h1>" in page
    assert '<tr class="membership"><td>新宿区</td><td>所管課職員</td><td>子ども家庭部保育課</td></tr>' in page
    assert not AuditEvent.objects.filter(name=READ, seq__gt=start).exists()


def test_a_committee_member_acting_for_no_department_sees_a_dash_not_an_empty_cell(client, demo):
    login(client, "committee")
    page = client.get("/").content.decode()
    assert '<tr class="membership"><td>新宿区</td><td>委員</td><td>—</td></tr>' in page
    assert User.objects.get(username="committee").memberships.get().department is None
