"""The registry's pages per role: readers read, the owning department's staff edit, vendors see only their own."""

import pytest

from audit.models import AuditEvent
from governance.registry.models import (
    ConnectionVersion,
    DataItem,
    ExternalConnection,
    OutsourcingContract,
    RegisteredBusiness,
)
from governance.registry.snapshots import snapshot_of
from governance.registry.versioning import registry_version_freeze, version_latest

pytestmark = pytest.mark.django_db


def _business(name: str) -> RegisteredBusiness:
    return RegisteredBusiness.objects.get(name=name)


def test_committee_member_finds_the_businesses_of_its_tenant_by_department_number_and_name(as_user):
    client = as_user("committee")
    page = client.get("/registry/").content.decode()
    assert "延長保育料等の収納" in page and "保育業務支援システム" in page and "ベビーシッター利用支援事業" in page
    assert "子育て支援に関する業務" not in page  # Nerima's registry is not Shinjuku's committee's business
    found = client.get("/registry/", {"q": "延長"}).content.decode()
    business = _business("延長保育料等の収納")
    assert found.count('class="business"') == 1
    assert f'<a href="/registry/businesses/{business.pk}/">延長保育料等の収納</a>' in found
    shingikai = as_user("shingikai")
    assert shingikai.get("/registry/", {"number": "0804-01"}).content.decode().count('class="business"') == 1
    department = _business("ベビーシッター利用支援事業（一時預かり利用支援）").department
    by_department = as_user("committee").get("/registry/", {"department": department.pk}).content.decode()
    assert by_department.count('class="business"') == 1


def test_business_page_shows_items_parties_connections_contracts_diagram_and_findings(as_user):
    business = _business("延長保育料等の収納")
    response = as_user("auditor").get(f"/registry/businesses/{business.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<tr class="item') == 27
    assert page.count('<tr class="party"') == 4 and "ビリングシステム株式会社" in page
    assert page.count('class="card part connection"') == 1 and page.count('class="card part contract"') == 1
    assert page.count('<tr class="contractor"') == 4
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="flow-diagram"' in page
    assert 'data-code="items_disagree_between_sections"' in page and "速報件数合計" in page
    assert "Edit the business" not in page and "事業の編集" not in page  # auditors read only


def test_nerima_council_member_sees_seed_003_with_23_items_each_way(as_user):
    business = RegisteredBusiness.objects.get(number="0804-01")
    page = as_user("shingikai").get(f"/registry/businesses/{business.pk}/").content.decode()
    assert page.count('<tr class="item') == 23 and page.count('<tr class="item sensitive"') == 3
    assert page.count('<td class="count brief" data-label="件数">23</td>') == 2  # two directions in the legend
    assert page.count('<td class="count">23</td>') == 2  # and in the connection
    assert "株式会社内田洋行" in page and "光が丘ぴよぴよ" in page
    assert "令和2年1月 〜" in page and "令和2年1月1日" not in page  # a month, as the document gives it
    assert "申送事項" in page


def test_a_business_of_another_tenant_is_not_found(as_user):
    business = RegisteredBusiness.objects.get(number="0804-01")
    client = as_user("committee")
    assert client.get(f"/registry/businesses/{business.pk}/").status_code == 404
    assert client.get(f"/registry/businesses/{business.pk}/diagram.svg").status_code == 404


def test_the_diagram_has_its_own_svg_url(as_user):
    business = _business("保育業務支援システム")
    response = as_user("committee").get(f"/registry/businesses/{business.pk}/diagram.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg ')


def test_vendor_sees_only_its_own_connection(as_user):
    client = as_user("uchida")
    page = client.get("/registry/").content.decode()
    assert "乳幼児一時預かり予約管理システム" in page and 'class="business"' not in page
    connection = ExternalConnection.objects.get(title__contains="乳幼児一時預かり予約管理システム")
    assert client.get(f"/registry/connections/{connection.pk}/").status_code == 200
    other = OutsourcingContract.objects.get(title__contains="収納データ作成等業務の委託")
    assert client.get(f"/registry/contracts/{other.pk}/").status_code == 404
    business = RegisteredBusiness.objects.get(number="0804-01")
    assert client.get(f"/registry/businesses/{business.pk}/").status_code == 403
    assert client.get(f"/registry/connections/{connection.pk}/edit/").status_code == 403


def test_guardian_and_facility_staff_are_refused(as_user):
    assert as_user("guardian").get("/registry/").status_code == 403
    assert as_user("piyopiyo").get("/registry/").status_code == 403


def test_department_staff_edit_their_business_and_the_change_is_audited(as_user):
    business = _business("保育業務支援システム")
    client = as_user("hoiku")
    assert "/edit/" in client.get(f"/registry/businesses/{business.pk}/").content.decode()
    before = AuditEvent.objects.filter(name="governance.business.updated").count()
    response = client.post(f"/registry/businesses/{business.pk}/edit/", {
        "number": "0101-01", "name": business.name, "purpose": "保育施設の事務の効率化",
        "subject_scope": business.subject_scope, "subject_count": "7524",
        "subject_count_note": business.subject_count_note})
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.number, business.purpose) == ("0101-01", "保育施設の事務の効率化")
    assert AuditEvent.objects.filter(name="governance.business.updated").count() == before + 1


def test_a_duplicate_item_is_refused_next_to_its_field_and_nothing_is_saved(as_user):
    business = _business("保育業務支援システム")
    count = business.items.count()
    response = as_user("hoiku").post(f"/registry/businesses/{business.pk}/items/new/",
                                     {"subject": "child", "name": "氏名", "category": "identity"})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<div class="field has-error" id="field-name">' in page and "の項目です" in page
    assert business.items.count() == count


def test_department_staff_add_and_edit_an_item(as_user):
    business = _business("保育業務支援システム")
    client = as_user("hoiku")
    assert client.post(f"/registry/businesses/{business.pk}/items/new/", {
        "subject": "child", "name": "午睡チェック", "category": "health", "sensitive": "on",
        "sensitive_reason": "健康状態の記録であるため"}).status_code == 302
    item = DataItem.objects.get(business=business, name="午睡チェック")
    assert (item.subject, item.sensitive, item.order) == ("child", True, 27)
    assert client.post(f"/registry/businesses/{business.pk}/items/{item.pk}/edit/", {
        "subject": "child", "name": "午睡チェック記録", "category": "health"}).status_code == 302
    item.refresh_from_db()
    assert (item.name, item.sensitive) == ("午睡チェック記録", False)


def test_staff_of_another_department_and_readers_may_not_edit(as_user):
    babysitter = _business("ベビーシッター利用支援事業（一時預かり利用支援）")  # 子ども家庭支援課's
    client = as_user("hoiku")
    purpose = babysitter.purpose
    assert client.get(f"/registry/businesses/{babysitter.pk}/edit/").status_code == 403
    assert client.post(f"/registry/businesses/{babysitter.pk}/edit/", {"name": "x", "purpose": "x"}).status_code == 403
    babysitter.refresh_from_db()
    assert babysitter.purpose == purpose
    nursery = _business("保育業務支援システム")
    assert as_user("committee").get(f"/registry/businesses/{nursery.pk}/items/new/").status_code == 403


def _connection_form(version: ConnectionVersion, **changes) -> dict:
    own = version.item_lines.filter(party=version.counterparty)
    form = {"reason": version.reason, "line": version.line, "line_note": version.line_note,
            "ward_endpoints": "\n".join(version.ward_endpoints), "party_endpoints": "\n".join(version.party_endpoints),
            "period_start": version.period_start.isoformat() if version.period_start else "",
            "period_end": version.period_end.isoformat() if version.period_end else "",
            "period_note": version.period_note, "renews_yearly": "on" if version.renews_yearly else "",
            "sent_items": [str(i) for i in own.filter(direction="sent").values_list("item_id", flat=True)],
            "received_items": [str(i) for i in own.filter(direction="received").values_list("item_id", flat=True)]}
    return {**form, **changes}


def test_editing_a_frozen_connection_creates_a_new_draft_and_leaves_the_frozen_one(as_user):
    connection = ExternalConnection.objects.get(title="保育業務支援システムの外部結合")
    latest = version_latest(part=connection)
    frozen = latest if latest.is_frozen else registry_version_freeze(version=latest, reason="令和6年度第3回 承認")
    new = frozen.number + 1
    snapshot = snapshot_of(frozen)
    client = as_user("hoiku")
    edit = client.get(f"/registry/connections/{connection.pk}/edit/").content.decode()
    assert "new draft" in edit or "新しい下書き" in edit
    sent = _connection_form(frozen)["sent_items"]
    response = client.post(f"/registry/connections/{connection.pk}/edit/",
                           _connection_form(frozen, sent_items=sent[:-1], period_note="令和7年4月から"))
    assert response.status_code == 302
    assert response["Location"] == f"/registry/connections/{connection.pk}/versions/{new}/"
    frozen.refresh_from_db()
    assert snapshot_of(frozen) == snapshot and frozen.is_frozen
    draft = version_latest(part=connection)
    assert (draft.number, draft.state, draft.period_note) == (new, "draft", "令和7年4月から")
    assert draft.item_lines.filter(direction="sent").count() == len(sent) - 1
    diff = client.get(f"/registry/connections/{connection.pk}/diff/",
                      {"old": frozen.number, "new": new}).content.decode()
    assert diff.count('class="change change-removed"') == 1 and "period.note" in diff


def test_an_invalid_period_is_refused_next_to_the_field_and_nothing_is_saved(as_user):
    connection = ExternalConnection.objects.get(title="保育業務支援システムの外部結合")
    version = version_latest(part=connection)
    snapshot, versions = snapshot_of(version), connection.versions.count()
    response = as_user("hoiku").post(f"/registry/connections/{connection.pk}/edit/", _connection_form(
        version, period_start="2026-04-01", period_end="2026-03-31"))
    assert response.status_code == 400
    page = response.content.decode()
    assert '<div class="field has-error" id="field-period_end">' in page and "が period_start (開始日)" in page
    version.refresh_from_db()
    assert snapshot_of(version) == snapshot and connection.versions.count() == versions


def test_contract_version_page_shows_the_chain_media_and_the_amendment_diff(as_user):
    contract = OutsourcingContract.objects.get(title__startswith="ベビーシッター利用支援事業")
    client = as_user("committee")
    page = client.get(f"/registry/contracts/{contract.pk}/versions/1/").content.decode()
    assert "株式会社バックスグループ" in page and 'class="media"' in page
    diff = client.get(f"/registry/contracts/{contract.pk}/diff/").content.decode()
    assert "v1" in diff and "v2" in diff and 'class="change change-' in diff


def test_department_staff_edit_a_contractors_media_and_items_through_the_contract_form(as_user):
    contract = OutsourcingContract.objects.get(title="保育業務支援システム業務の委託")
    before = version_latest(part=contract)
    [contractor] = before.contractors.all()
    prefix = f"c{contractor.party_id}"
    processed = [str(i) for i in contractor.item_lines.filter(direction="processed").values_list("item_id", flat=True)]
    client = as_user("hoiku")
    form = client.get(f"/registry/contracts/{contract.pk}/edit/").content.decode()
    assert f'name="{prefix}_media"' in form and f'name="{prefix}_processed"' in form
    response = client.post(f"/registry/contracts/{contract.pk}/edit/", {
        "summary": before.summary, "period_start": "", "period_end": "", "period_note": before.period_note,
        f"{prefix}_work": "\n".join(contractor.work), f"{prefix}_media": "電磁的媒体(委託先のクラウドサーバ)\n紙",
        f"{prefix}_processed": processed[:-1]})
    assert response.status_code == 302
    after = version_latest(part=contract)
    assert after.number == before.number + (1 if before.is_frozen else 0)
    [edited] = after.contractors.all()
    assert list(edited.media) == ["電磁的媒体(委託先のクラウドサーバ)", "紙"]
    assert edited.item_lines.filter(direction="processed").count() == len(processed) - 1


def test_a_contract_period_ending_before_it_starts_is_refused_and_nothing_changes(as_user):
    contract = OutsourcingContract.objects.get(title="保育業務支援システム業務の委託")
    version = version_latest(part=contract)
    snapshot, versions = snapshot_of(version), contract.versions.count()
    response = as_user("hoiku").post(f"/registry/contracts/{contract.pk}/edit/", {
        "summary": version.summary, "period_start": "2026-04-01", "period_end": "2025-03-31"})
    assert response.status_code == 400
    assert '<div class="field has-error" id="field-period_end">' in response.content.decode()
    version.refresh_from_db()
    assert snapshot_of(version) == snapshot and contract.versions.count() == versions


def _as_posted(initial: dict) -> dict:
    """The edit form's values as a browser posts them back: dates as ISO, ticked boxes "on", unticked absent."""
    posted = {}
    for name, value in initial.items():
        if value is True:
            posted[name] = "on"
        elif value is False or value is None:
            continue
        else:
            posted[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return posted


def test_an_edit_through_the_contract_page_keeps_groups_roles_and_the_period_precision(as_user):
    """Seed 000's contract groups its parties (【納付サービス提供事業者】 …) and names their roles: the page shows
    those fields, and an edit of one contractor's media keeps every group, role, reason and list as it was."""
    from governance.registry.page_edits import contract_edit_initial
    from governance.registry.parts import kind_of

    contract = OutsourcingContract.objects.get(title="一時保育システム及び保育料収納データ作成等の業務の委託")
    before = version_latest(part=contract)
    content = kind_of(contract).content_of(before)
    initial, contractors = contract_edit_initial(part=contract)
    client = as_user("hoiku")
    page = client.get(f"/registry/contracts/{contract.pk}/edit/").content.decode()
    first = f"c{contractors[0].party_id}"
    assert 'name="period_precision"' in page and f'name="{first}_group"' in page
    assert 'value="クラウドサーバ管理(稼働・保守)事業者"' in page and f'name="{first}_role_label"' in page

    posted = _as_posted(initial)
    posted[f"{first}_media"] = "電磁的媒体(クラウドサーバ)\n紙媒体"
    response = client.post(f"/registry/contracts/{contract.pk}/edit/", posted)
    assert response.status_code == 302, response.content.decode()[:2000]

    after = kind_of(contract).content_of(version_latest(part=contract))
    assert after["contractors"][0]["media"] == ["電磁的媒体(クラウドサーバ)", "紙媒体"]
    for old, new in zip(content["contractors"], after["contractors"], strict=True):
        assert {k: new[k] for k in ("group", "role_label", "reason", "work")} == {
            k: old[k] for k in ("group", "role_label", "reason", "work")}
        assert isinstance(new["work"], list)
    assert after["period_precision"] == content["period_precision"]
    assert {k: after[k] for k in ("items_reference", "items_note", "approval_reference")} == {
        k: content[k] for k in ("items_reference", "items_note", "approval_reference")}


def test_an_edit_through_the_connection_page_keeps_the_month_and_the_measures_as_lists(as_user):
    """練馬区's connection is given to the month and states numbered measures per side: the page shows them one a
    line; adding a measure keeps the others and the month, and the list stays a list."""
    from governance.registry.page_edits import connection_edit_initial

    connection = ExternalConnection.objects.get(title__contains="乳幼児一時預かり予約管理システム")
    before = version_latest(part=connection)
    initial = connection_edit_initial(part=connection)
    client = as_user("nerima")
    page = client.get(f"/registry/connections/{connection.pk}/edit/").content.decode()
    assert '<option value="month" selected>' in page and 'name="party_measures"' in page
    assert "(3) データのバックアップは、1日2回以上実施する。" in page

    posted = _as_posted(initial)
    posted["party_measures"] += "\n(4) 保守作業は、区が承認した作業者に限る。"
    response = client.post(f"/registry/connections/{connection.pk}/edit/", posted)
    assert response.status_code == 302, response.content.decode()[:2000]

    after = version_latest(part=connection)
    assert after.number == before.number + 1 and after.period_precision == "month"
    assert list(after.party_measures) == [*before.party_measures, "(4) 保守作業は、区が承認した作業者に限る。"]
    assert list(after.ward_measures) == list(before.ward_measures)
    assert after.record_form_items == before.record_form_items
    assert (after.items_reference, after.approval_reference) == (before.items_reference, before.approval_reference)
