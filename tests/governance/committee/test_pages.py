# ruff: noqa: E501 — Japanese expectations from the seed documents; wide characters count double.
"""The committee's pages: review queue, submission detail with the amendment diff, checklists side by side,
the decision form, and the department's drafting pages; refusals are shown and change nothing."""

from governance.committee.checklists import EXTERNAL_CONNECTION
from governance.committee.models import ChecklistAnswer, Submission
from governance.registry.models import OutsourcingContract
from governance.registry.versioning import version_latest
from tests.governance.committee.conftest import department

# The review queue holds seed 004's LoGo amendment: the demo leaves it waiting for the committee.
DEMO_AMENDMENT_WAITING = True


def test_home_offers_the_committee_to_members_and_staff(as_user):
    assert "/committee/" in as_user("committee").get("/").content.decode()
    assert "/committee/" in as_user("hoiku").get("/").content.decode()
    assert as_user("guardian").get("/committee/").status_code == 403


def test_review_queue_shows_the_waiting_amendment(as_user):
    page = as_user("committee").get("/committee/").content.decode()
    amendment = Submission.objects.get(amends__isnull=False)
    assert f'href="/committee/submissions/{amendment.pk}/"' in page
    assert page.count('class="queued"') == 1


def test_amendment_page_shows_the_logo_additions_underlined_and_approving_freezes(as_user):
    amendment = Submission.objects.get(amends__isnull=False)
    client = as_user("committee")
    page = client.get(f"/committee/submissions/{amendment.pk}/").content.decode()
    assert "<ins><strong>電磁的媒体（LoGoフォーム）</strong></ins>" in page
    assert "<ins><strong>(5) Logo フォームへの電子申請内容の確認及び集計管理</strong></ins>" in page
    assert page.count('class="checklist side-by-side"') == 1
    assert 'id="diagrams"' in page
    client.post(f"/committee/submissions/{amendment.pk}/transition/", {"transition": "start_review"})
    page = client.get(f"/committee/submissions/{amendment.pk}/").content.decode()
    assert 'class="decision-form"' in page
    client.post(f"/committee/submissions/{amendment.pk}/transition/", {
        "transition": "approve", "meeting": amendment.meeting_id})
    amendment.refresh_from_db()
    assert amendment.state == "approved"
    contract = OutsourcingContract.objects.get(title__startswith="ベビーシッター")
    assert version_latest(part=contract).state == "frozen"


def test_a_refused_transition_shows_the_policys_message_and_changes_nothing(as_user):
    amendment = Submission.objects.get(amends__isnull=False)
    response = as_user("committee").post(f"/committee/submissions/{amendment.pk}/transition/",
                                         {"transition": "approve", "meeting": amendment.meeting_id}, follow=True)
    assert "提出済の付議事項に「承認」はできません。" in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.state == "submitted"


def test_department_drafts_adds_a_part_answers_and_submits_on_pages(as_user, new_connection):
    client = as_user("hoiku")
    response = client.post("/committee/submissions/new/", {
        "title": "写真共有連携について", "basis": "第3条第1項第3号（外部結合）", "departments": [department("保育課").pk]})
    assert response.status_code == 302
    submission = Submission.objects.get(title="写真共有連携について")
    client.post(f"/committee/submissions/{submission.pk}/parts/", {"kind": "connection", "part": new_connection.pk})
    checklist = submission.checklists.get()
    refused = client.post(f"/committee/submissions/{submission.pk}/checklists/{checklist.pk}/",
                          {"answer-ward.op.1": "−", "reason-ward.op.1": ""})
    assert refused.status_code == 400
    assert not ChecklistAnswer.objects.filter(checklist=checklist).exists()
    answers = {f"answer-{item.code}": "○" for item in EXTERNAL_CONNECTION.items}
    assert client.post(f"/committee/submissions/{submission.pk}/checklists/{checklist.pk}/",
                       answers).status_code == 302
    client.post(f"/committee/submissions/{submission.pk}/transition/", {"transition": "submit"})
    submission.refresh_from_db()
    assert submission.state == "submitted"


def test_staff_of_another_department_cannot_see_a_submission(as_user):
    babysitter = Submission.objects.filter(departments__name="子ども家庭支援課").first()
    assert as_user("hoiku").get(f"/committee/submissions/{babysitter.pk}/").status_code == 404


def test_form_pdf_from_the_page(as_user):
    submission = Submission.objects.get(title="保育業務支援システムの開発等について")
    response = as_user("hoiku").get(f"/committee/submissions/{submission.pk}/forms/checklists.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")


def test_a_submission_saved_without_a_title_says_so_beside_the_title_in_japanese(as_user):
    drafts = Submission.objects.count()
    response = as_user("hoiku").post("/committee/submissions/new/", {
        "title": "", "departments": [department("保育課").pk]})
    page = response.content.decode()
    assert response.status_code == 400
    assert ('<p class="field has-error"><label>件名 <span class="errorlist" id="title-error" role="alert">'
            'この項目は必須です。</span>') in page
    assert 'name="title" aria-invalid="true" aria-describedby="title-error"' in page
    assert 'class="message error"' not in page and "件名は必須です" not in page
    assert Submission.objects.count() == drafts
