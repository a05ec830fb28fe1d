"""Seed 002's items held exactly: the registry's list of 保育業務支援システム is the reference, both ways."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from audit.context import bound
from audit.models import AuditEvent
from childcare.children import access, selectors
from childcare.children.checks import business_check, declared_fields_check
from childcare.children.fields import DETAIL_FIELDS, FIELDS, held_fields
from childcare.children.models import Child, ChildGuardian, Guardian, HouseholdMember
from childcare.children.services import (
    child_update,
    guardian_add,
    guardian_update,
    household_member_add,
    household_member_remove,
)
from childcare.operations.demo import OKADA_CHILD, OKADA_GUARDIAN, OKADA_HOUSEHOLD
from common.errors import Forbidden, InvalidInput
from governance.registry.models import DataItem, RegisteredBusiness
from tests.childcare.children.test_at_rest import dump_database
from tests.childcare.operations.conftest import user

SEED_002 = {
    "child": ["氏名", "性別", "生年月日", "国籍", "健康状態", "発育状況", "保育状況", "かかりつけ医療機関"],
    "guardian": ["氏名", "住所", "生年月日", "国籍", "続柄", "自宅電話番号", "携帯電話番号", "Fax番号", "勤務先名称",
                 "勤務先住所", "勤務先電話番号", "家庭状況", "疾病内容", "障害内容", "居住状況"],
    "household_member": ["氏名", "続柄", "性別", "生年月日"],
}


def nursery_business() -> RegisteredBusiness:
    return RegisteredBusiness.objects.get(municipality__name="新宿区", name="保育業務支援システム")


def okada() -> Child:
    return selectors.child_get(actor=user("himawari"), record_uid=Child.objects.matching(
        tenant=nursery_business().municipality, name="岡田 葵").get().record_uid)


def okada_parent() -> Guardian:
    return ChildGuardian.objects.filter(child=okada()).order_by("order").first().guardian


def test_every_encrypted_column_of_the_childrens_models_is_a_declared_field(demo):
    assert declared_fields_check() == []


def test_the_registry_lists_exactly_seed_002s_items_and_every_one_is_held(demo):
    business = nursery_business()
    listed = {}
    for subject, name in business.items.values_list("subject", "name"):
        listed.setdefault(subject, []).append(name)
    assert {s: sorted(n) for s, n in listed.items()} == {s: sorted(n) for s, n in SEED_002.items()}
    result = business_check(business)
    assert result.unheld_items == [] and result.ok
    # The fields the registry does not list for this business: they stay empty (NULL) for its records.
    assert result.foreign_fields == ["child.disability_notes", "guardian.bank_account", "guardian.email"]
    assert set(result.records_holding_foreign.values()) == {0}
    held = held_fields(business)
    assert {"child.development_notes", "guardian.family_situation", "household_member.birth_date"} <= held
    assert held.isdisjoint(result.foreign_fields)


def test_the_command_passes_on_the_demo_and_fails_on_an_item_no_field_holds(demo):
    out = io.StringIO()
    call_command("registry_items_check", stdout=out)
    assert "新宿区 保育業務支援システム: OK" in out.getvalue()
    business = nursery_business()
    DataItem.objects.create(municipality=business.municipality, business=business, subject="child", name="血液型")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("registry_items_check", stdout=out)
    assert "held by no field: child:血液型" in out.getvalue()


def test_the_command_fails_when_a_record_holds_a_field_the_registry_does_not_list(demo):
    parent = okada_parent()
    parent.email = "kenichi.okada@example.jp"  # past the services, as a careless import would
    parent.save()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("registry_items_check", stdout=out)
    assert "not listed, held by 1 record(s): guardian.email" in out.getvalue()
    assert "kenichi" not in out.getvalue()
    (checked,) = AuditEvent.objects.filter(name="childcare.registry_items.checked")  # opened, so audited
    assert checked.data["records_holding"] == 1 and "guardian.email" in checked.fields


def test_a_field_the_registry_does_not_list_is_never_written(demo):
    head = user("himawari")
    with pytest.raises(InvalidInput) as refused:
        child_update(actor=head, child=okada(), disability_notes="軽度難聴")
    assert refused.value.field == "disability_notes" and "保育業務支援システム" in refused.value.message
    with pytest.raises(InvalidInput):
        guardian_update(actor=head, guardian=okada_parent(), email="a@example.jp")
    with pytest.raises(InvalidInput):
        guardian_add(actor=head, child=okada(), name="岡田 花", bank_account="みずほ銀行 1")
    assert Guardian.objects.get(pk=okada_parent().pk).email is None
    # The other businesses list their items by reference only and are not held to it.
    nerima_child = Child.objects.filter(business__name="子育て支援に関する業務").first()
    assert held_fields(nerima_child.business) is None


def test_the_demo_holds_seed_002s_items_encrypted_and_the_dump_has_none_of_them(demo):
    child = okada()
    assert child.sex == OKADA_CHILD["sex"] and child.family_doctor == OKADA_CHILD["family_doctor"]
    parent = okada_parent()
    assert parent.employer_name == OKADA_GUARDIAN["employer_name"] and parent.email is None
    assert [m.name for m in parent.household_members.all()] == [OKADA_HOUSEHOLD[0]["name"]]
    dump = dump_database()
    for value in (*OKADA_CHILD.values(), *(v for v in OKADA_GUARDIAN.values() if isinstance(v, str)),
                  OKADA_HOUSEHOLD[0]["name"]):
        assert value not in dump, value


def _detail(username: str) -> access.ChildView:
    actor = user(username)
    child = selectors.child_get(actor=actor, record_uid=okada().record_uid)
    with bound(actor_id=actor.pk):
        (view,) = access.children_read(actor=actor, children=[child], fields=DETAIL_FIELDS,
                                       purpose=access.PURPOSE_DETAIL)
    return view


@pytest.mark.parametrize(("username", "reads_sensitive"), [("hoikushi", False), ("hoken", True), ("himawari", True)])
def test_sensitive_items_only_for_the_nurse_and_the_head_and_every_read_audited(demo, username, reads_sensitive):
    view = _detail(username)
    sensitive = {n for n, f in FIELDS.items() if f.sensitive}
    assert {"child.development_notes", "guardian.family_situation", "guardian.illness_notes"} <= sensitive
    assert bool(sensitive & set(view.fields)) is reads_sensitive
    assert ("development_notes" in view.values) is reads_sensitive
    assert view.household and view.household[0].values["name"] == OKADA_HOUSEHOLD[0]["name"]
    event = AuditEvent.objects.filter(name="audit.personal_data.read", actor_id=user(username).pk).latest("pk")
    assert "household_member.name" in event.fields and "guardian.employer_name" in event.fields
    assert bool(event.data["sensitive_fields"]) is reads_sensitive
    member = view.household[0]
    assert ["childcare.householdmember", str(HouseholdMember.objects.get(record_uid=member.record_uid).pk)] in \
        event.subjects


def test_a_guardian_edits_their_own_record_and_household_but_not_the_account_nor_anothers(demo):
    parent = okada_parent()
    login = user("guardian")
    assert parent.user == login
    with bound(actor_id=login.pk):
        _edit_own(parent, login)
    events = list(AuditEvent.objects.filter(actor_id=login.pk, name__startswith="childcare.").values_list("name",
                                                                                                       "fields"))
    assert ("childcare.guardian.updated", ["guardian.home_phone", "guardian.housing"]) in events
    assert [n for n, _ in events].count("childcare.household_member.added") == 1


def _edit_own(parent, login):
    guardian_update(actor=login, guardian=parent, home_phone="03-3360-9999", housing="持ち家")
    assert Guardian.objects.get(pk=parent.pk).housing == "持ち家"
    with pytest.raises(InvalidInput):
        guardian_update(actor=login, guardian=parent, bank_account="x")
    member = household_member_add(actor=login, guardian=parent, name="岡田 さち", relationship="祖母",
                                  birth_date=datetime.date(1955, 1, 2))
    household_member_remove(actor=login, guardian=parent, record_uid=member.record_uid)
    assert not HouseholdMember.objects.filter(pk=member.pk).exists()
    other = Guardian.objects.matching(tenant=parent.municipality, name="加藤 恵").get()
    with pytest.raises(Forbidden):
        guardian_update(actor=login, guardian=other, housing="x")
