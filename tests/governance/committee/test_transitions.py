"""Each transition of a submission and each refusal; refusals change nothing."""

import pytest

from audit.context import Channel, bound
from audit.models import AuditEvent
from common.errors import Conflict, Forbidden, InvalidInput
from governance.committee import services, transitions
from governance.committee.checklists import EXTERNAL_CONNECTION
from governance.committee.models import ChecklistAnswer, CommitteeMeeting, Condition, Decision, Submission
from governance.committee.selectors import approval_for_part
from governance.registry.versioning import registry_part_update, version_latest
from governance.tenancy.models import Membership, Municipality, Role, User
from governance.tenancy.services import membership_create
from tests.governance.committee.conftest import department, user


def _draft(connection, *, answer_all=True) -> Submission:
    hoiku = user("hoiku")
    submission = services.submission_create(municipality=connection.municipality, actor=hoiku, data={
        "title": "写真共有連携の外部結合について", "basis": "第3条第1項第3号（外部結合）",
        "departments": [department("保育課").pk], "programme_name": "保育業務支援システム", "subject_count": "2524"})
    row = services.submission_part_add(submission=submission, part=connection, actor=hoiku)
    if answer_all:
        services.checklist_answer(submission=submission, checklist_id=row.checklist.pk, actor=hoiku, answers=[
            {"code": item.code, "answer": "○"} for item in EXTERNAL_CONNECTION.items])
    return submission


def _meeting(municipality) -> CommitteeMeeting:
    import datetime

    return services.meeting_create(municipality=municipality, fiscal_year=2026, number=5,
                                   held_on=datetime.date(2026, 12, 17))


def _events(submission) -> list[str]:
    return list(AuditEvent.objects.filter(object_type="governance.submission", object_id=str(submission.pk))
                .order_by("seq").values_list("name", flat=True))


def _under_review(connection) -> Submission:
    submission = _draft(connection)
    transitions.submission_submit(submission=submission, actor=user("hoiku"))
    transitions.submission_review_start(submission=submission, actor=user("committee"))
    return submission


def test_meeting_label_is_in_wareki(seeded):
    with bound(channel=Channel.CLI):
        meeting = _meeting(Municipality.objects.get(name="新宿区"))
    assert meeting.label == "令和8年度第5回"


def test_draft_submit_review_approve_freezes_the_version_and_records_every_step(new_connection):
    with bound(channel=Channel.CLI):
        submission = _draft(new_connection)
        meeting = _meeting(new_connection.municipality)
        assert submission.state == "draft"
        transitions.submission_submit(submission=submission, actor=user("hoiku"))
        submission.refresh_from_db()
        assert submission.state == "submitted"
        transitions.submission_review_start(submission=submission, actor=user("committee"))
        submission.refresh_from_db()
        assert submission.state == "under_review"
        decision = transitions.submission_decide(submission=submission, outcome="approve", actor=user("committee"),
                                                 meeting=meeting)
    submission.refresh_from_db()
    version = version_latest(part=new_connection)
    assert (submission.state, decision.outcome, decision.meeting.label) == ("approved", "approved", "令和8年度第5回")
    assert (version.number, version.state, version.frozen_reason) == (1, "frozen", "令和8年度第5回 承認")
    [bound_part] = decision.bound_parts.all()
    assert (bound_part.version_number, bound_part.content_hash) == (1, version.content_hash)
    assert _events(submission) == [
        "governance.submission.created", "governance.submission.part_added", "governance.submission.submitted",
        "governance.submission.review_started", "governance.submission.approved"]
    approval = approval_for_part(new_connection)
    assert (approval.status, approval.version, approval.meeting) == ("approved", version, "令和8年度第5回")
    assert len(approval.checklist_answers) == 32
    assert approval.checklist_answers[0] == {
        "code": "ward.op.1", "side": "ward", "text": EXTERNAL_CONNECTION.items[0].text, "required": True,
        "answer": "○", "reason": ""}


def test_submitting_with_unanswered_required_items_is_refused_naming_them(new_connection):
    with bound(channel=Channel.CLI):
        submission = _draft(new_connection, answer_all=False)
        checklist = submission.checklists.get()
        services.checklist_answer(submission=submission, checklist_id=checklist.pk, actor=user("hoiku"), answers=[
            {"code": item.code, "answer": "○"} for item in EXTERNAL_CONNECTION.items[2:]])
        events = AuditEvent.objects.count()
        with pytest.raises(Conflict) as refused:
            transitions.submission_submit(submission=submission, actor=user("hoiku"))
    assert refused.value.message == (
        "付議事項に未回答の必須チェック項目が 2 件あります。付議する前に回答してください。 "
        "未回答: 保育業務支援システムの写真共有連携 ward.op.1; 保育業務支援システムの写真共有連携 ward.op.2")
    assert refused.value.details["reasons"][0]["items"] == [
        {"part": "保育業務支援システムの写真共有連携", "code": "ward.op.1"},
        {"part": "保育業務支援システムの写真共有連携", "code": "ward.op.2"}]
    submission.refresh_from_db()
    assert (submission.state, submission.submitted_at) == ("draft", None)
    assert AuditEvent.objects.count() == events


def test_approving_a_draft_is_refused_and_changes_nothing(new_connection):
    with bound(channel=Channel.CLI):
        submission = _draft(new_connection)
        meeting = _meeting(new_connection.municipality)
        events = AuditEvent.objects.count()
        with pytest.raises(Conflict) as refused:
            transitions.submission_decide(submission=submission, outcome="approve", actor=user("committee"),
                                          meeting=meeting)
    assert refused.value.message == "下書きの付議事項に「承認」はできません。"
    assert refused.value.details["reasons"][0]["code"] == "invalid_state_transition"
    submission.refresh_from_db()
    assert submission.state == "draft"
    assert not Decision.objects.filter(submission=submission).exists()
    assert version_latest(part=new_connection).state == "draft"
    assert AuditEvent.objects.count() == events
    assert approval_for_part(new_connection) is None


def test_a_member_may_not_approve_their_own_departments_submission(new_connection):
    member = user("committee")
    with bound(channel=Channel.CLI):
        membership_create(user=member, municipality=new_connection.municipality, role=Role.DEPARTMENT_STAFF,
                          department=department("保育課"))
        submission = _draft(new_connection)
        transitions.submission_submit(submission=submission, actor=user("hoiku"))
        other = Membership.objects.get(user=member, role=Role.DEPARTMENT_STAFF)
        with pytest.raises(Forbidden) as refused:
            transitions.submission_review_start(submission=submission, actor=member)
        assert refused.value.message == "委員は自分の課の付議事項の審議開始はできません。"
        other.delete()
        transitions.submission_review_start(submission=submission, actor=member)
        membership_create(user=member, municipality=new_connection.municipality, role=Role.DEPARTMENT_STAFF,
                          department=department("保育課"))
        member = user("committee")  # memberships are read afresh
        events = AuditEvent.objects.count()
        with pytest.raises(Forbidden) as refused:
            transitions.submission_decide(submission=submission, outcome="approve", actor=member,
                                          meeting=_meeting(new_connection.municipality))
    assert refused.value.message == "委員は自分の課の付議事項の承認はできません。"
    submission.refresh_from_db()
    assert submission.state == "under_review"
    assert not Decision.objects.filter(submission=submission).exists()
    assert version_latest(part=new_connection).state == "draft"
    assert AuditEvent.objects.count() == events + 1  # only the meeting created inside the block


def test_department_staff_may_not_decide(new_connection):
    with bound(channel=Channel.CLI):
        submission = _under_review(new_connection)
        with pytest.raises(Forbidden, match="付議事項の不承認ができるのは委員だけです。"):
            transitions.submission_decide(submission=submission, outcome="reject", actor=user("hoiku"),
                                          meeting=_meeting(new_connection.municipality))
    submission.refresh_from_db()
    assert submission.state == "under_review"


def test_reject_binds_nothing_and_leaves_the_draft_version(new_connection):
    with bound(channel=Channel.CLI):
        submission = _under_review(new_connection)
        decision = transitions.submission_decide(submission=submission, outcome="reject", actor=user("committee"),
                                                 meeting=_meeting(new_connection.municipality))
    submission.refresh_from_db()
    assert (submission.state, decision.outcome, decision.bound_parts.count()) == ("rejected", "rejected", 0)
    assert version_latest(part=new_connection).state == "draft"
    assert approval_for_part(new_connection) is None
    assert _events(submission)[-1] == "governance.submission.rejected"


def test_a_rejected_submission_is_returned_to_its_departments_inbox(new_connection):
    from governance.notifications.models import Notification

    with bound(channel=Channel.CLI):
        submission = _under_review(new_connection)
        decision = transitions.submission_decide(submission=submission, outcome="reject", actor=user("committee"),
                                                 meeting=_meeting(new_connection.municipality))
    sent = Notification.objects.filter(kind="submission_returned")
    staff = {u.username for u in User.objects.filter(
        memberships__department__in=submission.departments.all(), memberships__role="department_staff")}
    assert staff and {n.recipient.username for n in sent} >= staff
    assert {n.key.rsplit(":", 1)[0] for n in sent} == {f"submission_returned:{decision.pk}"}
    assert sent[0].params == {"submission": submission.pk, "title": submission.title}
    assert sent[0].link == f"/committee/submissions/{submission.pk}/"


def test_withdraw_from_draft_and_not_from_review(new_connection):
    with bound(channel=Channel.CLI):
        submission = _draft(new_connection)
        transitions.submission_withdraw(submission=submission, actor=user("hoiku"))
        submission.refresh_from_db()
        assert submission.state == "withdrawn"
        second = _under_review(new_connection)
        with pytest.raises(Conflict, match="審議中の付議事項に「取り下げ」はできません"):
            transitions.submission_withdraw(submission=second, actor=user("hoiku"))
    assert _events(submission)[-1] == "governance.submission.withdrawn"
    second.refresh_from_db()
    assert second.state == "under_review"


def test_approval_with_conditions_tracks_conditions_until_closed(new_connection):
    with bound(channel=Channel.CLI):
        submission = _under_review(new_connection)
        meeting = _meeting(new_connection.municipality)
        with pytest.raises(InvalidInput, match="条件付き承認には条件が1つ以上必要です"):
            transitions.submission_decide(submission=submission, outcome="approve_with_conditions",
                                          actor=user("committee"), meeting=meeting)
        transitions.submission_decide(submission=submission, outcome="approve_with_conditions",
                                      actor=user("committee"), meeting=meeting,
                                      conditions=["事業者決定後、事業者名を報告すること"])
        condition = Condition.objects.get(submission=submission)
        assert condition.is_open
        with pytest.raises(Forbidden):
            transitions.condition_close(condition=condition, actor=user("hoiku"))
        transitions.condition_close(condition=condition, actor=user("committee"), note="報告済")
        with pytest.raises(Conflict, match="既に完了しています"):
            transitions.condition_close(condition=condition, actor=user("committee"))
    condition.refresh_from_db()
    assert (condition.is_open, condition.closing_note, condition.closed_by) == (False, "報告済", user("committee"))
    assert approval_for_part(new_connection).status == "approved_with_conditions"


def test_a_dash_needs_a_reason_and_a_bad_batch_changes_nothing(new_connection):
    with bound(channel=Channel.CLI):
        submission = _draft(new_connection, answer_all=False)
        checklist = submission.checklists.get()
        with pytest.raises(InvalidInput) as refused:
            services.checklist_answer(submission=submission, checklist_id=checklist.pk, actor=user("hoiku"),
                                      answers=[{"code": "ward.op.1", "answer": "○"},
                                               {"code": "ward.sys.11", "answer": "−"}])
        assert refused.value.message == "項目 ward.sys.11 は − (不要) と回答されています。理由を入力してください"
        assert refused.value.field == "answers[1].reason"
        assert not ChecklistAnswer.objects.filter(checklist=checklist).exists()
        services.checklist_answer(submission=submission, checklist_id=checklist.pk, actor=user("hoiku"),
                                  answers=[{"code": "ward.sys.11", "answer": "-", "reason": "国内事業者のため"}])
    answer = ChecklistAnswer.objects.get(checklist=checklist)
    assert (answer.code, answer.answer, answer.reason, answer.answered_by) == (
        "ward.sys.11", "−", "国内事業者のため", user("hoiku"))


def test_a_version_edited_after_submission_cannot_be_approved(new_connection):
    with bound(channel=Channel.CLI):
        submission = _under_review(new_connection)
        registry_part_update(part=new_connection, content={"reason": "変更"}, actor=user("hoiku"))
        with pytest.raises(Conflict, match="付議後に変更されています"):
            transitions.submission_decide(submission=submission, outcome="approve", actor=user("committee"),
                                          meeting=_meeting(new_connection.municipality))
    submission.refresh_from_db()
    assert submission.state == "under_review"
    assert version_latest(part=new_connection).state == "draft"


def test_editing_an_approved_connection_creates_a_draft_and_the_approval_stays(new_connection):
    with bound(channel=Channel.CLI):
        submission = _under_review(new_connection)
        transitions.submission_decide(submission=submission, outcome="approve", actor=user("committee"),
                                      meeting=_meeting(new_connection.municipality))
        approved = version_latest(part=new_connection)
        draft = registry_part_update(part=new_connection, content={"reason": "変更後"}, actor=user("hoiku"))
    approved.refresh_from_db()
    assert (approved.number, approved.state, approved.reason) == (1, "frozen", "")
    assert (draft.number, draft.state, draft.reason) == (2, "draft", "変更後")
    assert approval_for_part(new_connection).version == approved


def test_revoking_an_approval_and_a_newer_approval_wins(new_connection):
    with bound(channel=Channel.CLI):
        submission = _under_review(new_connection)
        meeting = _meeting(new_connection.municipality)
        transitions.submission_decide(submission=submission, outcome="approve", actor=user("committee"),
                                      meeting=meeting)
        with pytest.raises(InvalidInput, match="理由"):
            transitions.approval_revoke(submission=submission, actor=user("committee"), reason=" ")
        with pytest.raises(Forbidden, match="付議事項の承認の取消しができるのは委員だけです。"):
            transitions.approval_revoke(submission=submission, actor=user("hoiku"), reason="x")
        amendment = transitions.amendment_create(approved=submission, actor=user("hoiku"))
        transitions.approval_revoke(submission=submission, actor=user("committee"), reason="委託先の事故")
        revoked = approval_for_part(new_connection)
        assert (revoked.status, revoked.version.number) == ("revoked", 1)
        services.checklist_answer(submission=amendment, checklist_id=amendment.checklists.get().pk,
                                  actor=user("hoiku"),
                                  answers=[{"code": i.code, "answer": "○"} for i in EXTERNAL_CONNECTION.items])
        transitions.submission_submit(submission=amendment, actor=user("hoiku"))
        transitions.submission_review_start(submission=amendment, actor=user("committee"))
        transitions.submission_decide(submission=amendment, outcome="approve", actor=user("committee"),
                                      meeting=meeting)
    submission.refresh_from_db()
    assert submission.state == "revoked"
    assert _events(submission)[-1] == "governance.submission.revoked"
    approval = approval_for_part(new_connection)
    assert (approval.status, approval.version.number) == ("approved", 2)


def test_only_an_approved_submission_can_be_amended(new_connection):
    with bound(channel=Channel.CLI):
        submission = _under_review(new_connection)
        with pytest.raises(Conflict, match="の付議事項に「変更」はできません"):
            transitions.amendment_create(approved=submission, actor=user("hoiku"))
    assert not Submission.objects.filter(amends=submission).exists()


def test_evidence_and_attachments_are_stored_with_their_hash_and_only_on_drafts(new_connection):
    import hashlib

    with bound(channel=Channel.CLI):
        submission = _draft(new_connection)
        checklist = submission.checklists.get()
        with pytest.raises(InvalidInput, match=r"根拠資料を添付する前に項目 party\.op\.9 に回答してください"):
            services.evidence_add(submission=submission, checklist_id=checklist.pk, code="party.op.9",
                                  filename="x.pdf", content=b"x", actor=user("hoiku"))
        evidence = services.evidence_add(submission=submission, checklist_id=checklist.pk, code="ward.op.1",
                                         filename="特記事項.pdf", content=b"%PDF-1.4 evidence", actor=user("hoiku"))
        attachment = services.attachment_add(submission=submission, label="資料90-1", title="個人情報の流れ",
                                             filename="流れ.svg", content=b"<svg/>", actor=user("hoiku"))
        with pytest.raises(Conflict, match="既に添付資料 資料90-1 があります"):
            services.attachment_add(submission=submission, label="資料90-1", title="重複", actor=user("hoiku"))
        transitions.submission_submit(submission=submission, actor=user("hoiku"))
        with pytest.raises(Conflict, match="下書きではなく"):
            services.evidence_add(submission=submission, checklist_id=checklist.pk, code="ward.op.2",
                                  filename="y.pdf", content=b"y", actor=user("hoiku"))
        with pytest.raises(Forbidden):
            services.submission_update(submission=submission, data={"title": "x"}, actor=user("shien"))
    assert (evidence.sha256, evidence.answer.code) == (hashlib.sha256(b"%PDF-1.4 evidence").hexdigest(), "ward.op.1")
    assert attachment.sha256 == hashlib.sha256(b"<svg/>").hexdigest()
    assert list(submission.attachments.values_list("label", flat=True)) == ["資料90-1"]
