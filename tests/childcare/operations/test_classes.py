"""Classes: staff see only their own class where the nursery says so (a django-guardian grant, narrowed in SQL);
the head and the nurse see the whole nursery; only managers set up classes, and a refusal changes nothing."""

import pytest
from guardian.shortcuts import get_perms

from audit.models import AuditEvent
from childcare.operations import selectors, services
from childcare.operations.errors import OperationsInvalid, OperationsNotFound, OperationsRefused
from childcare.operations.models import ChildClass, ChildClassUserObjectPermission, ClassPlacement, OperationsFacility
from tests.childcare.conftest import child_named, head, login, reads_after
from tests.childcare.operations.conftest import user

pytestmark = pytest.mark.django_db


def _names(qs):
    return sorted(c.name for c in qs)


def test_a_childcare_worker_sees_only_the_class_granted_to_them(zou, kirin):
    worker = user("hoikushi")
    assert get_perms(worker, zou) == ["view_childclass"] and get_perms(worker, kirin) == []
    assert _names(selectors.class_list(actor=worker)) == ["ぞう組"]
    assert [c.name for c in selectors.class_children(actor=worker, child_class=zou)] == ["岡田 葵"]
    with pytest.raises(OperationsNotFound):
        selectors.class_get(actor=worker, class_id=kirin.pk)


def test_the_narrowing_is_one_sql_query_on_the_grant_table(zou, django_assert_num_queries):
    worker = user("hoikushi")
    qs = selectors.class_list(actor=worker)
    assert ChildClassUserObjectPermission._meta.db_table in str(qs.query)
    with django_assert_num_queries(1):
        assert [c.name for c in qs] == ["ぞう組"]


@pytest.mark.parametrize("username", ["himawari", "hoken", "hoiku"])
def test_the_head_the_nurse_and_the_department_see_every_class(zou, kirin, username):
    assert _names(selectors.class_list(actor=user(username))) == ["きりん組", "ぞう組"]
    assert [c.name for c in selectors.class_children(actor=user(username), child_class=kirin)] == ["加藤 悠真"]


def test_without_the_facility_setting_a_worker_sees_the_whole_nursery(zou, kirin):
    OperationsFacility.objects.filter(facility=zou.facility).update(own_class_only=False)
    assert _names(selectors.class_list(actor=user("hoikushi"))) == ["きりん組", "ぞう組"]


def test_staff_of_another_facility_and_guardians_see_no_class(zou):
    for username in ("piyopiyo", "kango"):
        assert list(selectors.class_list(actor=user(username))) == []
    with pytest.raises(OperationsRefused):
        selectors.class_list(actor=user("guardian"))


def test_a_granted_class_follows_the_grant(zou, kirin):
    worker, headmaster, seq = user("hoikushi"), user("himawari"), head()
    services.staff_assign(actor=headmaster, child_class=kirin, staff=worker)
    assert _names(selectors.class_list(actor=worker)) == ["きりん組", "ぞう組"]
    services.staff_unassign(actor=headmaster, child_class=zou, staff=worker)
    assert _names(selectors.class_list(actor=worker)) == ["きりん組"]
    assert [(e.name, e.object_id, e.data) for e in AuditEvent.objects.filter(seq__gt=seq).order_by("seq")] == [
        ("childcare.class_staff.granted", str(kirin.pk), {"staff_id": worker.pk}),
        ("childcare.class_staff.withdrawn", str(zou.pk), {"staff_id": worker.pk})]


def test_a_worker_may_not_set_up_classes_and_nothing_changes(zou, kirin):
    worker, seq, classes = user("hoikushi"), head(), ChildClass.objects.count()
    with pytest.raises(OperationsRefused) as refused:
        services.class_create(actor=worker, facility=zou.facility, fiscal_year=zou.fiscal_year, name="ぱんだ組")
    assert refused.value.code == "operations.manager_only"
    with pytest.raises(OperationsRefused):
        services.staff_assign(actor=worker, child_class=kirin, staff=worker)
    assert ChildClass.objects.count() == classes
    assert get_perms(worker, kirin) == []
    assert AuditEvent.objects.filter(seq__gt=seq).count() == 0


def test_a_child_of_another_facility_cannot_be_placed(zou):
    aoki, placements = child_named("青木 陽向"), ClassPlacement.objects.count()
    with pytest.raises(OperationsInvalid) as invalid:
        services.child_place(actor=user("hoiku"), child=aoki, child_class=zou)
    assert invalid.value.code == "operations.other_facility"
    assert ClassPlacement.objects.count() == placements


def test_the_class_page_reads_names_through_the_policy_and_records_it(zou, client):
    okada, seq = child_named("岡田 葵"), head()
    login(client, "hoikushi")
    page = client.get("/operations/classes/")
    assert "ぞう組" in page.content.decode() and "きりん組" not in page.content.decode()
    page = client.get(f"/operations/classes/{zou.pk}/")
    assert "岡田 葵" in page.content.decode()
    (read,) = reads_after(seq)
    assert (read.purpose, read.fields, read.actor_id) == ("childcare.operations.class", ["child.kana", "child.name"],
                                                          user("hoikushi").pk)
    assert read.subjects == [["childcare.child", str(okada.pk)]]
    assert client.get(f"/operations/classes/{zou.pk + 1}/").status_code == 404
