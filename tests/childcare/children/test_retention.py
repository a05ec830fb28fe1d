"""Retention of children and guardians: a child goes the period after leaving, a guardian the period after
the last of their children left; what stays readable never trips over what was erased."""

import json
from datetime import date

import pytest

from childcare.children.models import Guardian
from childcare.children.services import guardian_link
from governance.crypto.shredding import record_shred, record_shredded
from governance.retention.models import RetentionErasure
from governance.retention.sweeper import sweep
from governance.tenancy.models import User
from tests.childcare.conftest import api_headers, child_named


def guardian_named(name: str) -> Guardian:
    (guardian,) = [g for g in Guardian.objects.all() if g.name == name]
    return guardian


@pytest.mark.django_db(transaction=True)
def test_a_guardian_is_erased_the_period_after_their_last_child_left(demo):
    nakamura = guardian_named("中村 直樹")  # father of the demo's child who left on 2026-03-31
    assert nakamura.children_left_on == date(2026, 3, 31)
    assert guardian_named("石川 大輔").children_left_on is None  # 石川 蓮 is enrolled
    tenant = nakamura.municipality_id

    assert sweep(as_of=date(2031, 3, 31), tenant_id=tenant).erased == 0  # the last day of the period: kept
    result = sweep(as_of=date(2031, 4, 1), tenant_id=tenant)

    assert result.erased == 2
    assert sorted(RetentionErasure.objects.values_list("source", "subject_type")) == [
        ("childcare.child", "childcare.child"), ("childcare.guardian", "childcare.guardian")]
    assert record_shredded(Guardian.objects.get(pk=nakamura.pk))
    assert [g.name for g in Guardian.objects.exclude(pk=nakamura.pk)]  # every other guardian still reads


@pytest.mark.django_db(transaction=True)
def test_a_guardian_with_a_child_still_enrolled_is_kept(demo):
    nakamura = guardian_named("中村 直樹")
    guardian_link(actor=User.objects.get(username="nerima"), child=child_named("青木 陽向"), guardian=nakamura)
    assert Guardian.objects.get(pk=nakamura.pk).children_left_on is None

    result = sweep(as_of=date(2031, 4, 1), tenant_id=nakamura.municipality_id)

    assert result.erased == 1 and not record_shredded(Guardian.objects.get(pk=nakamura.pk))


def test_a_child_whose_guardian_was_erased_still_opens_without_that_guardian(client, demo):
    aoki = child_named("青木 陽向")
    (link,) = aoki.guardian_links.all()
    record_shred(record=link.guardian, reason="erasure_request")

    response = client.get(f"/api/v1/childcare/children/{aoki.record_uid}/", headers=api_headers(client, "nerima"))

    assert response.status_code == 200
    assert response.json()["name"] == "青木 陽向" and response.json()["guardians"] == []


def test_an_erased_guardian_is_found_by_nothing_and_their_child_not_through_them(client, demo):
    aoki = child_named("青木 陽向")
    (link,) = aoki.guardian_links.all()
    tenant = aoki.municipality_id
    record_shred(record=link.guardian, reason="erasure_request")

    for term in ({"name": "青木 美咲"}, {"kana": "アオキ ミサキ"}, {"phone": "090-4821-3357"},
                 {"email": "misaki.aoki@example.jp"}):
        assert not Guardian.objects.matching(tenant=tenant, **term).exists(), term
    assert Guardian.objects.filter(pk=link.guardian_id, name_index__isnull=True, kana_index__isnull=True,
                                   phone_index__isnull=True, email_index__isnull=True).exists()
    headers = api_headers(client, "nerima")
    for terms in ({"guardian_phone": "090-4821-3357"}, {"guardian_email": "misaki.aoki@example.jp"}):
        response = client.post("/api/v1/childcare/children/search/", json.dumps(terms),
                               content_type="application/json", headers=headers)
        assert (response.status_code, response.json()) == (200, []), terms
    # The child is still found by its own name.
    response = client.post("/api/v1/childcare/children/search/", json.dumps({"name": "青木 陽向"}),
                           content_type="application/json", headers=headers)
    assert [c["record_uid"] for c in response.json()] == [str(aoki.record_uid)]
