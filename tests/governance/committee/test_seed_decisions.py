# ruff: noqa: E501 — Japanese expectations from the seed documents; wide characters count double.
"""The demo's committee decisions on the five seeds, seed 004's amendment, and out-of-purpose use."""

import pytest
from django.test.utils import override_settings

from audit.context import Channel, bound
from audit.models import AuditEvent
from governance.committee import transitions
from governance.committee.checklists import template_get
from governance.committee.diffs import amendment_diff
from governance.committee.models import CriterionApplication, Submission
from governance.committee.out_of_purpose import out_of_purpose_request
from governance.committee.selectors import approval_for_part, review_queue
from governance.demo import demo_load
from governance.registry.models import (
    ExternalConnection,
    OutOfPurposeUse,
    OutsourcingContract,
    PreApprovalCriterion,
    RegisteredBusiness,
)
from governance.registry.versioning import out_of_purpose_use_create, version_latest
from tests.governance.committee.conftest import user

# These tests review seed 004's LoGo amendment: the demo leaves it waiting for the committee.
DEMO_AMENDMENT_WAITING = True

SEED_PARTS = {
    "一時保育システムの外部結合（ASP事業者）": ("令和6年度第2回", 1, 32),
    "保育料収納データの外部結合（納付サービス提供事業者）": ("令和6年度第2回", 1, 32),
    "延長保育料等のコンビニ収納等に伴う収納サービス提供事業者との外部結合": ("令和8年度第1回", 1, 32),
    "保育業務支援システムの外部結合": ("令和6年度第2回", 1, 32),
    "子育て支援に関する業務に係る電子計算組織の結合（乳幼児一時預かり予約管理システム）": ("令和元年9月2日 審議会", 1, 6),
    "一時保育システム及び保育料収納データ作成等の業務の委託": ("令和6年度第2回", 1, 48),
    "延長保育料等のコンビニ収納等に伴う収納データ作成等業務の委託": ("令和8年度第1回", 1, 48),
    "保育業務支援システム業務の委託": ("令和6年度第2回", 1, 48),
    "ベビーシッター利用支援事業（一時預かり利用支援）に係る業務の委託": ("令和5年度第1回", 1, 44),
}


def test_every_seed_connection_and_contract_has_an_approval_of_a_frozen_version(seeded):
    parts = list(ExternalConnection.objects.all()) + list(OutsourcingContract.objects.all())
    found = {}
    for part in parts:
        approval = approval_for_part(part)
        assert approval.status == "approved"
        assert approval.version.is_frozen and approval.version.part == part
        assert all(row["answer"] == "○" for row in approval.checklist_answers)
        found[part.title] = (approval.meeting, approval.version.number, len(approval.checklist_answers))
    assert found == SEED_PARTS


def test_seed_decisions_bind_the_content_hash_and_meeting_dates(seeded):
    contract = OutsourcingContract.objects.get(title__startswith="延長保育料等")
    approval = approval_for_part(contract)
    assert approval.decided_at.isoformat() == "2026-04-23"
    submission = Submission.objects.get(title="延長保育料等におけるコンビニ収納等の導入について")
    assert (submission.meeting.label, submission.agenda_number, submission.state) == ("令和8年度第1回", 7, "approved")
    bound_hashes = {p.content_hash for p in submission.decision.bound_parts.all()}
    assert bound_hashes == {approval.version.content_hash,
                            approval_for_part(ExternalConnection.objects.get(title__startswith="延長保育料等"))
                            .version.content_hash}
    assert sorted(d.name for d in submission.departments.all()) == ["保育課", "学校運営課"]


def test_seed_001_checklists_list_every_item_of_both_templates(seeded):
    submission = Submission.objects.get(title="延長保育料等におけるコンビニ収納等の導入について")
    templates = sorted(c.template for c in submission.checklists.all())
    assert templates == ["external_connection", "outsourcing"]
    assert {c.template: c.answers.count() for c in submission.checklists.all()} == {
        "external_connection": 32, "outsourcing": 48}


def test_seed_004_amendment_waits_for_review_and_its_diff_is_exactly_the_logo_form(seeded):
    amendment = Submission.objects.get(amends__isnull=False)
    assert amendment.title == "ベビーシッター利用支援事業（一時預かり利用支援）に係る業務の委託について（委託内容の追加）"
    assert (amendment.state, amendment.meeting.label, amendment.agenda_number) == ("submitted", "令和6年度第4回", 25)
    assert amendment.amends.meeting.label == "令和5年度第1回"
    assert list(review_queue(actor=user("committee"))) == [amendment]
    [part] = amendment_diff(submission=amendment)
    assert (part["approved"].number, part["amended"].number) == (1, 2)
    assert part["changes"] == [
        {"path": "contractors.株式会社バックスグループ.media", "change": "added", "value": "電磁的媒体（LoGoフォーム）"},
        {"path": "contractors.株式会社バックスグループ.work", "change": "added",
         "value": "(5) Logo フォームへの電子申請内容の確認及び集計管理"},
    ]


def test_approving_seed_004_amendment_freezes_its_version(seeded):
    amendment = Submission.objects.get(amends__isnull=False)
    contract = OutsourcingContract.objects.get(title__startswith="ベビーシッター")
    with bound(channel=Channel.CLI):
        transitions.submission_review_start(submission=amendment, actor=user("committee"))
        transitions.submission_decide(submission=amendment, outcome="approve", actor=user("committee"))
    approval = approval_for_part(contract)
    version = version_latest(part=contract)
    assert (approval.status, approval.meeting, approval.version) == ("approved", "令和6年度第4回", version)
    assert (version.number, version.state, version.frozen_reason) == (2, "frozen", "令和6年度第4回 承認")
    assert "電磁的媒体（LoGoフォーム）" in version.contractors.get().media
    assert len(approval.checklist_answers) == 44
    assert [r["code"] for r in approval.checklist_answers][:3] == ["ward.op.1", "ward.op.2", "ward.op.3"]


def test_loading_the_demo_again_adds_nothing(seeded, settings):
    submissions, events = Submission.objects.count(), AuditEvent.objects.count()
    with override_settings(DEBUG=True), bound(channel=Channel.CLI):
        added = demo_load()
    assert added["committee"] == 0
    assert (Submission.objects.count(), AuditEvent.objects.count()) == (submissions, events)


def test_seed_003_uses_were_approved_under_criterion_type_1(seeded):
    applications = CriterionApplication.objects.order_by("pk")
    assert [(a.use.providing_business.number, a.criterion.type_number, a.applied_on.isoformat())
            for a in applications] == [("0403-01", 1, "2019-05-31"), ("0608-06", 1, "2019-05-31")]
    assert all(a.content_hash == a.version.content_hash for a in applications)


def test_a_matching_request_is_approved_under_the_criterion_and_its_example_added(seeded):
    nerima = RegisteredBusiness.objects.get(number="0804-01").municipality
    using = RegisteredBusiness.objects.get(number="0804-01")
    tax = RegisteredBusiness.objects.get(number="0403-01")
    criterion = PreApprovalCriterion.objects.get(municipality=nerima, type_number=1)
    examples = criterion.examples.count()
    with bound(channel=Channel.CLI):
        use = out_of_purpose_use_create(municipality=nerima, using_business=using, providing_business=tax,
                                        content={"purpose": "減免の要件を確認するため"})
        application = out_of_purpose_request(use=use, type_number=1, actor=None)
    assert (application.criterion, application.version.state) == (criterion, "frozen")
    assert criterion.examples.count() == examples + 1
    assert criterion.examples.filter(providing_business=tax, using_business=using).exists()


def test_a_request_without_a_matching_criterion_goes_to_the_committee(seeded):
    using = RegisteredBusiness.objects.get(number="1309-04")
    booking = RegisteredBusiness.objects.get(number="0804-01")
    with bound(channel=Channel.CLI):
        use = out_of_purpose_use_create(municipality=using.municipality, using_business=using,
                                        providing_business=booking, content={"purpose": "対象者の確認"})
        result = out_of_purpose_request(use=use, type_number=1, actor=None)
    assert isinstance(result, Submission)
    assert (result.state, result.parts.get().kind) == ("draft", "out_of_purpose_use")
    assert not CriterionApplication.objects.filter(use=use).exists()
    assert version_latest(part=use).state == "draft"
    assert OutOfPurposeUse.objects.filter(pk=use.pk).exists()


@pytest.mark.parametrize("code, counts", [
    ("external_connection", {"ward.op": 5, "ward.sys": 11, "party.op": 5, "party.sys": 11}),
    ("outsourcing", {"ward.op": 13, "ward.sys": 11, "party.op": 13, "party.sys": 11}),
    ("outsourcing_004", {"ward.op": 11, "ward.sys": 11, "party.op": 11, "party.sys": 11}),
])
def test_checklist_templates_have_the_seeds_item_counts(code, counts):
    assert template_get(code).counts() == counts


def test_checklist_texts_are_verbatim():
    connection, outsourcing, variant = (template_get(c) for c in ("external_connection", "outsourcing",
                                                                  "outsourcing_004"))
    assert connection.item("ward.sys.10").text == "入退室管理等により情報資産の危殆化を防止する。"
    assert connection.item("ward.sys.11").text == "システムを提供するサーバは日本国内の法が適用される安全性が確保された環境にする。"
    assert connection.item("party.sys.1").text == "接続するネットワークについては、特定相手以外との通信を不可とさせる。"
    assert outsourcing.item("ward.op.3").text.startswith("再委託先がある場合には、委託先との間に立入り調査等ができる契約内容を付す")
    assert outsourcing.item("ward.sys.5").text.startswith("コンピュータウイルス感染等")
    assert variant.item("ward.sys.5").text.startswith("コンピューターウイルス感染等")
    assert outsourcing.item("party.sys.1").text == "接続するネットワークについては、特定相手以外との通信を不可とする。"
    omitted = {outsourcing.item("ward.op.3").text, outsourcing.item("ward.op.6").text}
    assert [i.text for i in variant.section_items("ward", "op")] == [
        i.text for i in outsourcing.section_items("ward", "op") if i.text not in omitted]
    assert (connection.sections[2][2], variant.sections[0][2]) == (
        "結合先に行わせる 情報保護対策 【運用上の対策】", "委託にあたり区が行う 情報保護対策 【運用上の対策】")
