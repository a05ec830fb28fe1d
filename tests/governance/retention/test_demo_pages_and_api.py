"""The demo's rules, the retention pages and API per role, and the demo scenario: move the clock, sweep."""

from datetime import date

import pytest

from audit.models import AuditEvent
from governance.demo import DEMO_PASSWORD, demo_load
from governance.retention.models import RetentionErasure, RetentionRule
from governance.retention.sweeper import sweep

API = "/api/v1/governance/retention"


@pytest.fixture
def as_user(client, demo):
    def login(username):
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client
    return login


def shinjuku_rules():
    return RetentionRule.objects.filter(municipality__name="新宿区").order_by("business__name")


def test_the_demo_sets_the_childcare_and_payer_rules_once(demo, settings):
    rules = RetentionRule.objects.order_by("municipality__code", "business__name", "source")
    assert [(r.municipality.name, r.business.name, r.source, r.trigger, r.period_years, r.action) for r in rules] == [
        ("新宿区", "一時保育", "childcare.child", "child_left", 5, "crypto_shred"),
        # operations support's own records, each by its own rule
        ("新宿区", "保育業務支援システム", "childcare.absence_notice", "last_use", 1, "crypto_shred"),
        ("新宿区", "保育業務支援システム", "childcare.attendance", "last_use", 5, "delete"),
        ("新宿区", "保育業務支援システム", "childcare.child", "child_left", 5, "crypto_shred"),
        ("新宿区", "保育業務支援システム", "childcare.contact_entry", "child_left", 1, "crypto_shred"),
        ("新宿区", "保育業務支援システム", "childcare.daily_log", "last_use", 5, "crypto_shred"),
        ("新宿区", "保育業務支援システム", "childcare.guardian", "child_left", 5, "crypto_shred"),
        ("新宿区", "保育業務支援システム", "childcare.health_record", "child_left", 5, "crypto_shred"),
        ("新宿区", "延長保育料等の収納", "payments.payer", "last_use", 5, "crypto_shred"),  # one rule per tenant
        ("練馬区", "子育て支援に関する業務", "childcare.child", "child_left", 5, "crypto_shred"),
        ("練馬区", "子育て支援に関する業務", "childcare.guardian", "child_left", 5, "crypto_shred"),
    ]
    # the seeds list no payer items
    assert {i.subject for r in rules for i in r.items.all()} == {"child", "guardian"}
    assert demo_load()["retention_rules"] == 0


def test_staff_list_their_tenants_rules_and_guardians_are_refused(as_user):
    body = as_user("hoiku").get(f"{API}/rules/").json()
    assert sorted(r["id"] for r in body) == sorted(shinjuku_rules().values_list("pk", flat=True))
    businesses = [RetentionRule.objects.get(pk=r["id"]).business.name for r in body]
    assert businesses == sorted(businesses)
    assert as_user("guardian").get(f"{API}/rules/").status_code == 403
    page = as_user("nerima").get("/retention/")
    assert page.status_code == 200
    assert "子育て支援に関する業務" in page.content.decode() and "保育業務支援システム" not in page.content.decode()


def test_the_owning_department_changes_a_rule_and_another_department_may_not(as_user):
    rule = shinjuku_rules().get(business__name="保育業務支援システム", source="childcare.child")
    refused = as_user("gakko").patch(f"{API}/rules/{rule.pk}/", {"period_years": 1}, content_type="application/json")
    assert refused.status_code == 403
    assert "変更できるのは管理者と保有課の職員だけです" in refused.json()["message"]
    assert RetentionRule.objects.get(pk=rule.pk).period_years == 5

    changed = as_user("hoiku").patch(f"{API}/rules/{rule.pk}/", {"period_years": 6, "note": "延長"},
                                     content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["period_years"], changed.json()["note"]) == (6, "延長")
    event = AuditEvent.objects.filter(name="governance.retention_rule.updated").latest("seq")
    assert (event.object_id, event.data["changed"], event.data["period"]) == (str(rule.pk), ["period"], [6, 0, 0])


def test_a_rule_with_a_trigger_its_source_lacks_is_refused_with_the_reason(as_user):
    rule = shinjuku_rules().get(business__name="一時保育")
    response = as_user("hoiku").patch(f"{API}/rules/{rule.pk}/", {"trigger": "decision"},
                                      content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "児童の保存期間の起算は次のいずれかです: 退所後。"
    assert RetentionRule.objects.get(pk=rule.pk).trigger == "child_left"


def test_the_rule_page_saves_and_shows_errors(as_user):
    rule = shinjuku_rules().get(business__name="一時保育")
    client = as_user("hoiku")
    form = {"municipality": rule.municipality_id, "business": rule.business_id, "trigger": "child_left",
            "action": "crypto_shred", "period_years": "0", "period_months": "", "period_days": "", "active": "on"}
    bad = client.post(f"/retention/rules/{rule.pk}/edit/", form)
    assert bad.status_code == 400 and "保存期間を年・月・日のいずれかで入力してください。" in bad.content.decode()
    good = client.post(f"/retention/rules/{rule.pk}/edit/", {**form, "period_years": "7"})
    assert good.status_code == 302
    assert RetentionRule.objects.get(pk=rule.pk).period_years == 7


@pytest.mark.django_db(transaction=True)
def test_moving_the_clock_the_dry_run_lists_what_the_sweep_then_removes(as_user):
    from childcare.children.models import Child
    from childcare.children.services import child_leave
    from governance.tenancy.models import User

    nerima = User.objects.get(username="nerima")
    children = Child.objects.filter(municipality__name="練馬区").order_by("pk")
    left = children.get(left_on__isnull=False)  # the demo's child who left on 2026-03-31
    assert left.left_on == date(2026, 3, 31)
    later = child_leave(actor=nerima, child=children.filter(left_on__isnull=True).first(), left_on=date(2026, 4, 30))
    leaving = [left, later]
    tenant = leaving[0].municipality_id
    father = str(left.guardian_links.get().guardian_id)  # 中村 直樹: his only child has left too

    preview = as_user("nerima").get(f"{API}/preview/", {"municipality": tenant, "as_of": "2031-04-15"}).json()
    assert [r["subject"] for r in preview["records"]] == [["childcare.child", str(leaving[0].pk)],
                                                         ["childcare.guardian", father]]
    assert as_user("guardian").get(f"{API}/preview/", {"municipality": tenant, "as_of": "2031-04-15"}
                                   ).status_code == 403

    result = sweep(as_of=date(2031, 4, 15), tenant_id=tenant)

    assert result.erased == 2
    assert sorted(RetentionErasure.objects.values_list("source", "object_id")) == [
        ("childcare.child", str(leaving[0].pk)), ("childcare.guardian", father)]
    # The demo ledger shows the child's data went to 株式会社内田洋行: the sweep asked for it back.
    from governance.deletion.models import DeletionRequest
    from governance.exchange.models import LedgerSubject

    carried = LedgerSubject.objects.get(subject_type="childcare.child", subject_id=str(leaving[0].pk)).entry
    opened = DeletionRequest.objects.get(entries__entry=carried)
    assert (opened.party.name, opened.reason_note, opened.status) == (
        "株式会社内田洋行", f"retention_rule:{RetentionErasure.objects.get(source='childcare.child').rule_id}", "open")
    page = as_user("nerima").get("/retention/", {"municipality": tenant, "as_of": "2031-05-01"},
                                 HTTP_ACCEPT_LANGUAGE="en")
    preview_section = page.content.decode().split('id="preview"')[1]
    assert (f'<td data-label="Source">childcare.child</td><td class="brief" data-label="Record">{leaving[1].pk}</td>'
            in preview_section)
    assert f'data-label="Record">{leaving[0].pk}</td>' not in preview_section
