"""The pages that change seed 002's items: staff on a child's record, a guardian on their own and their household."""

import pytest

from audit.models import AuditEvent
from childcare.children.models import Child, ChildGuardian, Guardian, HouseholdMember
from tests.childcare.conftest import child_named, login
from tests.childcare.operations.conftest import user

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages._queued_messages]


def test_the_form_offers_only_the_items_held_and_readable(client, demo):
    okada = child_named("岡田 葵")
    login(client, "hoikushi")
    page = client.get(f"/children/{okada.record_uid}/edit/").content.decode()
    assert 'name="family_doctor"' in page and 'name="care_status"' in page
    # Not held for this business (no e-mail, no bank account, no child's disability), nor sensitive for a worker.
    for absent in ('name="email"', 'name="bank_account"', 'name="disability_notes"', 'name="development_notes"',
                   'name="family_situation"', "3歳児健診"):
        assert absent not in page, absent
    login(client, "hoken")
    page = client.get(f"/children/{okada.record_uid}/edit/").content.decode()
    assert 'name="development_notes"' in page and "3歳児健診" in page and 'name="family_situation"' in page


def test_a_worker_may_not_write_a_sensitive_item_and_nothing_changes(client, demo):
    okada = child_named("岡田 葵")
    login(client, "hoikushi")
    response = client.post(f"/children/{okada.record_uid}/edit/", {"section": "child", "development_notes": "x",
                                                                   "care_status": "短時間認定"})
    assert response.status_code == 302 and any("発育状況" in m for m in _messages(response))
    okada = Child.objects.get(pk=okada.pk)
    assert okada.development_notes == "3歳児健診: 所見なし" and okada.care_status.startswith("標準時間")


def test_the_nurse_changes_the_development_and_the_event_names_the_field_only(client, demo):
    okada = child_named("岡田 葵")
    login(client, "hoken")
    response = client.post(f"/children/{okada.record_uid}/edit/", {"section": "child", "development_notes": "所見なし",
                                                                   "name": "岡田 葵"})
    assert response.status_code == 302 and _messages(response) == ["保存しました。"]
    assert Child.objects.get(pk=okada.pk).development_notes == "所見なし"
    event = AuditEvent.objects.filter(name="childcare.child.updated").latest("seq")
    assert event.fields == ["child.development_notes"] and "所見" not in str(event.data)


def test_a_guardian_edits_their_own_record_and_household_on_the_portal(client, demo):
    login(client, "guardian")
    page = client.get("/children/mine/edit/").content.decode()
    assert "株式会社新宿設計" in page and 'name="bank_account"' not in page and 'name="email"' not in page
    response = client.post("/children/mine/edit/", {"section": "guardian", "name": "岡田 健一", "fax": "03-3360-4472"})
    assert _messages(response) == ["保存しました。"]
    parent = Guardian.objects.get(user=user("guardian"))
    assert parent.fax == "03-3360-4472"
    client.post("/children/mine/edit/", {"section": "member_add", "name": "岡田 トメ", "relationship": "祖母"})
    assert HouseholdMember.objects.filter(guardian=parent).count() == 2
    refused = client.post("/children/mine/edit/", {"section": "guardian", "bank_account": "ゆうちょ 1"})
    assert _messages(refused) and Guardian.objects.get(pk=parent.pk).bank_account is None
    # Another family's guardian is no part of this page.
    kato = ChildGuardian.objects.filter(child=child_named("加藤 悠真")).get().guardian
    assert kato.name not in client.get("/children/mine/edit/").content.decode()


def test_a_birth_date_that_is_no_date_is_refused_by_name_without_echoing_it(client, demo):
    login(client, "guardian")
    parent = Guardian.objects.get(user=user("guardian"))
    before = parent.birth_date
    refused = client.post("/children/mine/edit/", {"section": "guardian", "name": "岡田 健一",
                                                    "birth_date": "1985-02-30"})
    assert _messages(refused) == ["生年月日が日付（YYYY-MM-DD）ではありません"]
    assert Guardian.objects.get(pk=parent.pk).birth_date == before
