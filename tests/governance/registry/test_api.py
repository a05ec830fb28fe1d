"""The registry API per role: readers read, owning department staff write, vendors see only their own."""

import pytest

from governance.demo import DEMO_PASSWORD
from governance.registry.models import (
    ConnectionItem,
    DataItem,
    ExternalConnection,
    OutsourcingContract,
    RegisteredBusiness,
)
from governance.registry.versioning import version_latest
from governance.tenancy.models import Party

API = "/api/v1/governance"


@pytest.fixture
def as_user(client, demo):
    def login(username):
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client
    return login


def test_committee_member_lists_and_filters_businesses_of_its_tenant_only(as_user):
    client = as_user("committee")
    names = [b["name"] for b in client.get(f"{API}/businesses/").json()]
    assert "延長保育料等の収納" in names and "子育て支援に関する業務" not in names
    [found] = client.get(f"{API}/businesses/", {"q": "延長"}).json()
    assert found["other_departments"] == ["学校運営課"]
    nerima_business = RegisteredBusiness.objects.get(number="0804-01")
    assert client.get(f"{API}/businesses/{nerima_business.pk}/").status_code == 404


def test_business_detail_lists_items_parties_connections_contracts(as_user):
    business = RegisteredBusiness.objects.get(name="延長保育料等の収納")
    body = as_user("auditor").get(f"{API}/businesses/{business.pk}/").json()
    assert len(body["items"]) == 27
    assert {p["name"] for p in body["parties"]} == {"株式会社NTTデータ", "電子マネー事業者", "コンビニ事業者",
                                                   "ビリングシステム株式会社"}
    assert [c["version"]["number"] for c in body["connections"] + body["contracts"]] == [1, 1]


def test_api_gives_the_emoney_operator_exactly_its_subset(as_user):
    client = as_user("committee")
    contract = OutsourcingContract.objects.get(title__contains="収納データ作成等業務の委託")
    snapshot = client.get(f"{API}/contracts/{contract.pk}/").json()["latest"]["snapshot"]
    granted = snapshot["contractors"]["電子マネー事業者"]["items"]["processed"]
    assert len(granted) == 20 and granted[0] == "payment_record:収納日付"
    assert not [g for g in granted if g.endswith(":氏名") or g.endswith(":住所")]


def test_findings_and_flow_graph(as_user):
    business = RegisteredBusiness.objects.get(name="延長保育料等の収納")
    client = as_user("committee")
    codes = [f["code"] for f in client.get(f"{API}/businesses/{business.pk}/findings/").json()]
    assert "items_disagree_between_sections" in codes
    graph = client.get(f"{API}/businesses/{business.pk}/flow/").json()
    labels = {n["id"]: n["label"] for n in graph["nodes"]}
    hops = {(labels[e["source"]], labels[e["target"]], e["via"]["kind"]) for e in graph["edges"]}
    assert ("電子マネー事業者", "ビリングシステム株式会社", "contract") in hops
    assert ("株式会社NTTデータ", "新宿区 子ども家庭部保育課", "connection") in hops


def test_department_staff_creates_an_item_and_edits_a_frozen_version_only_through_a_new_draft(as_user):
    client = as_user("hoiku")
    business = RegisteredBusiness.objects.get(name="保育業務支援システム")
    created = client.post(f"{API}/items/", {"business": business.pk, "subject": "child", "name": "児童ID",
                                            "category": "identity"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["label"] == "児童ID"
    connection = ExternalConnection.objects.get(title="保育業務支援システムの外部結合")
    assert version_latest(part=connection).is_frozen  # the demo's committee decision approved version 1
    refused = client.patch(f"{API}/connections/{connection.pk}/versions/1/", {"content": {"line": "lgwan"}},
                           content_type="application/json")
    assert refused.status_code == 409 and refused.json()["field"] == "version"
    assert version_latest(part=connection).line == "internet"
    drafted = client.patch(f"{API}/connections/{connection.pk}/", {"content": {"line": "lgwan"}},
                           content_type="application/json")
    assert drafted.status_code == 200 and drafted.json()["number"] == 2 and drafted.json()["state"] == "draft"
    diff = client.get(f"{API}/connections/{connection.pk}/versions/1/diff/2/").json()
    assert diff == [{"path": "line", "change": "changed", "old": "internet", "new": "lgwan"}]


def test_invalid_api_input_names_the_field_and_saves_nothing(as_user):
    client = as_user("hoiku")
    connection = ExternalConnection.objects.get(title="保育業務支援システムの外部結合")
    before = ConnectionItem.objects.count()
    for content, field in (({"items": [{"item": 999999, "direction": "sent"}]}, "items[0].item"),
                           ({"period_start": "2025-04-01", "period_end": "2024-04-01"}, "period_end"),
                           ({"counterparty": Party.objects.get(name="株式会社内田洋行").pk}, "counterparty")):
        response = client.patch(f"{API}/connections/{connection.pk}/", {"content": content},
                                content_type="application/json")
        assert response.status_code == 400 and response.json()["field"] == field
    assert ConnectionItem.objects.count() == before and connection.versions.count() == 1


def test_committee_member_may_not_write(as_user):
    business = RegisteredBusiness.objects.get(name="保育業務支援システム")
    response = as_user("committee").post(f"{API}/items/", {"business": business.pk, "subject": "child", "name": "X"},
                                         content_type="application/json")
    assert response.status_code == 403 and not DataItem.objects.filter(name="X").exists()


def test_vendor_sees_only_its_own_party_and_connection(as_user):
    client = as_user("uchida")
    assert [p["name"] for p in client.get(f"{API}/parties/").json()] == ["株式会社内田洋行"]
    [connection] = client.get(f"{API}/connections/").json()
    assert connection["latest"]["snapshot"]["counterparty"] == "株式会社内田洋行"
    assert client.get(f"{API}/contracts/").json() == []
    other = ExternalConnection.objects.get(title="保育業務支援システムの外部結合")
    assert client.get(f"{API}/connections/{other.pk}/").status_code == 404
    for url in ("businesses/", "items/", "out-of-purpose-uses/", "criteria/"):
        assert client.get(f"{API}/{url}").status_code == 403
    business = RegisteredBusiness.objects.get(number="0804-01")
    assert client.get(f"{API}/businesses/{business.pk}/flow/").status_code == 403


def test_vendor_may_not_change_its_connection(as_user):
    client = as_user("uchida")
    connection = ExternalConnection.objects.get(municipality__name="練馬区")
    response = client.patch(f"{API}/connections/{connection.pk}/", {"content": {"line": "internet"}},
                            content_type="application/json")
    assert response.status_code == 403 and connection.versions.count() == 1


def test_guardian_is_refused(as_user):
    assert as_user("guardian").get(f"{API}/parties/").status_code == 403
