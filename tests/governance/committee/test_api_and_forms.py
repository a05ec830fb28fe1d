# ruff: noqa: E501 — Japanese expectations from the seed documents; wide characters count double.
"""The committee API (each refusal with its status and nothing changed) and the official PDFs (read back with
pdftotext: Japanese, 令和 dates, every checklist item with its answer)."""

import re
import shutil
import subprocess

from audit.models import AuditEvent
from governance.committee.checklists import EXTERNAL_CONNECTION, OUTSOURCING, OUTSOURCING_004
from governance.committee.forms_pdf import out_of_purpose_record_pdf
from governance.committee.models import Submission
from governance.registry.models import ExternalConnection, OutOfPurposeUse, OutsourcingContract
from governance.registry.versioning import version_latest
from tests.conftest import require
from tests.governance.committee.conftest import department

# Some tests review seed 004's LoGo amendment: the demo leaves it waiting for the committee.
DEMO_AMENDMENT_WAITING = True

API = "/api/v1/governance"


def _text(pdf: bytes, tmp_path, *, layout: bool = False) -> str:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is not installed")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], capture_output=True,
                         check=True, text=True)
    return out.stdout


def _squeeze(text: str) -> str:
    return "".join(text.split())


def test_department_drafts_answers_and_submits_through_the_api(as_user, new_connection):
    client = as_user("hoiku")
    created = client.post(f"{API}/submissions/", {
        "title": "写真共有連携の外部結合について", "basis": "第3条第1項第3号（外部結合）",
        "departments": [department("保育課").pk]}, content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    added = client.post(f"{API}/submissions/{pk}/parts/", {"kind": "connection", "part": new_connection.pk},
                        content_type="application/json").json()
    [part] = added["parts"]
    assert (part["kind"], part["version"], part["version_state"]) == ("connection", 1, "draft")
    assert len(added["unanswered_required"]) == 32
    assert added["unanswered_required"][0] == {"part": "保育業務支援システムの写真共有連携", "code": "ward.op.1"}
    refused = client.post(f"{API}/submissions/{pk}/transitions/", {"transition": "submit"},
                          content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["message"].startswith("付議事項に未回答の必須チェック項目が 32 件あります")
    assert Submission.objects.get(pk=pk).state == "draft"
    answers = [{"code": i.code, "answer": "○"} for i in EXTERNAL_CONNECTION.items]
    answered = client.post(f"{API}/submissions/{pk}/checklists/{part['checklist']}/answers/", {"answers": answers},
                           content_type="application/json")
    assert answered.json()["answered"] == 32
    submitted = client.post(f"{API}/submissions/{pk}/transitions/", {"transition": "submit"},
                            content_type="application/json")
    assert submitted.json()["state"] == "submitted"
    assert pk in [s["id"] for s in as_user("committee").get(f"{API}/review-queue/").json()]


def test_committee_approves_through_the_api_and_refusals_change_nothing(as_user, new_connection):
    staff = as_user("hoiku")
    pk = staff.post(f"{API}/submissions/", {"title": "写真共有", "departments": [department("保育課").pk]},
                    content_type="application/json").json()["id"]
    checklist = staff.post(f"{API}/submissions/{pk}/parts/", {"kind": "connection", "part": new_connection.pk},
                           content_type="application/json").json()["parts"][0]["checklist"]
    meeting = as_user("committee").post(f"{API}/meetings/", {"number": 5, "held_on": "2026-12-17"},
                                        content_type="application/json").json()
    assert meeting["label"] == "令和8年度第5回"
    member = as_user("committee")
    events = AuditEvent.objects.count()
    approve_draft = member.post(f"{API}/submissions/{pk}/transitions/",
                                {"transition": "approve", "meeting": meeting["id"]}, content_type="application/json")
    assert approve_draft.status_code == 409
    assert approve_draft.json()["details"]["reasons"][0]["code"] == "invalid_state_transition"
    assert AuditEvent.objects.count() == events
    staff = as_user("hoiku")
    staff.post(f"{API}/submissions/{pk}/checklists/{checklist}/answers/",
               {"answers": [{"code": i.code, "answer": "○"} for i in EXTERNAL_CONNECTION.items]},
               content_type="application/json")
    staff.post(f"{API}/submissions/{pk}/transitions/", {"transition": "submit"}, content_type="application/json")
    staff_decides = staff.post(f"{API}/submissions/{pk}/transitions/", {"transition": "start_review"},
                               content_type="application/json")
    assert staff_decides.status_code == 403
    member = as_user("committee")
    member.post(f"{API}/submissions/{pk}/transitions/", {"transition": "start_review"},
                content_type="application/json")
    decided = member.post(f"{API}/submissions/{pk}/transitions/", {"transition": "approve", "meeting": meeting["id"]},
                          content_type="application/json").json()
    assert (decided["state"], decided["decision"]["meeting"]) == ("approved", "令和8年度第5回")
    assert decided["decision"]["versions"] == [
        {"kind": "connection", "version": 1, "content_hash": version_latest(part=new_connection).content_hash}]


def test_editing_an_approved_seed_connection_through_the_api_leaves_the_approved_version(as_user):
    from governance.committee.selectors import approval_for_part

    connection = ExternalConnection.objects.get(title="保育業務支援システムの外部結合")
    approved = approval_for_part(connection).version
    before = (approved.content_hash, approved.reason)
    response = as_user("hoiku").patch(f"{API}/connections/{connection.pk}/", {"content": {"reason": "理由を変更"}},
                                      content_type="application/json")
    assert response.status_code == 200, response.json()
    approved.refresh_from_db()
    assert (approved.content_hash, approved.reason, approved.state) == (*before, "frozen")
    draft = version_latest(part=connection)
    assert (draft.number, draft.state, draft.reason) == (2, "draft", "理由を変更")
    assert approval_for_part(connection).version == approved


def test_seed_004_diff_through_the_api(as_user):
    amendment = Submission.objects.get(amends__isnull=False)
    [part] = as_user("committee").get(f"{API}/submissions/{amendment.pk}/diff/").json()
    assert (part["approved_version"], part["amended_version"]) == (1, 2)
    added = [(c["path"], c["value"]) for c in part["changes"] if c["change"] == "added"]
    assert added == [("contractors.株式会社バックスグループ.media", "電磁的媒体（LoGoフォーム）"),
                     ("contractors.株式会社バックスグループ.work", "(5) Logo フォームへの電子申請内容の確認及び集計管理")]


def test_submissions_of_other_departments_and_roles_are_hidden(as_user):
    babysitter = Submission.objects.filter(departments__name="子ども家庭支援課").first()
    assert as_user("hoiku").get(f"{API}/submissions/{babysitter.pk}/").status_code == 404
    assert as_user("guardian").get(f"{API}/submissions/").status_code == 403
    assert as_user("shien").get(f"{API}/submissions/{babysitter.pk}/").status_code == 200


def test_submission_pdf_is_japanese_with_reiwa_dates_and_annexes(as_user, tmp_path):
    submission = Submission.objects.get(title="延長保育料等におけるコンビニ収納等の導入について")
    response = as_user("committee").get(f"{API}/submissions/{submission.pk}/forms/submission.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _squeeze(_text(response.content, tmp_path))
    for expected in ["個人情報保護管理運営会議付議事項", "延長保育料等におけるコンビニ収納等の導入について",
                     "◇第3条第1項第3号（外部結合、業務委託）", "令和8年度第1回（令和8年4月23日）議題7",
                     "別紙(外部結合)", "別紙(業務委託)", "令和8年5月～令和9年3月(次年度以降も、同様の外部結合を行う。)",
                     "株式会社NTTデータ(プライバシーマーク及びISMS認証取得事業者)",
                     "承認（令和8年4月23日）"]:
        assert expected in text, expected


def test_checklist_pdf_lists_every_item_with_its_answer(as_user, tmp_path):
    submission = Submission.objects.get(title="延長保育料等におけるコンビニ収納等の導入について")
    text = _squeeze(_text(as_user("committee").get(
        f"{API}/submissions/{submission.pk}/forms/checklists.pdf").content, tmp_path))
    assert "外部結合にかかる個人情報保護対策チェックリスト" in text and "(電磁的媒体・紙媒体の取扱い)" in text
    for template in (EXTERNAL_CONNECTION, OUTSOURCING):
        for item in template.items:
            assert f"{item.number}.{_squeeze(item.text)}" in text, item.code
    assert text.count("○") >= 80 + 1  # every answer, and the legend
    assert "未回答" not in text


def test_amendment_checklist_pdf_uses_the_11_item_variant(as_user, tmp_path):
    amendment = Submission.objects.get(amends__isnull=False)
    text = _squeeze(_text(as_user("committee").get(
        f"{API}/submissions/{amendment.pk}/forms/checklists.pdf").content, tmp_path))
    for item in OUTSOURCING_004.items:
        assert f"{item.number}.{_squeeze(item.text)}" in text, item.code
    assert "再委託先がある場合には" not in text


def test_connection_record_form_5_for_nerima(as_user, tmp_path):
    submission = Submission.objects.get(title="子育て支援に関する業務に係る電子計算組織の結合について")
    pdf = as_user("iin-nerima").get(f"{API}/submissions/{submission.pk}/forms/connection-record.pdf").content
    text = _squeeze(_text(pdf, tmp_path))
    for expected in ["第5号様式(第11条関係)", "電算結合記録票", "子育て支援に関する業務",
                     "令和2年1月(審議会令和元年9月2日諮問第6号)", "年月(審議会年月日諮問第号)", "株式会社内田洋行",
                     "〔提供する管理個人情報〕", "児童ID、児童氏名", "申込事項", "練馬子ども家庭支援センター所長"]:
        assert expected in text, expected
    # 業務登録番号 in its seven boxes, the fifth left blank
    assert re.search(r"業\s*務\s*登\s*録\s*番\s*号\s+0\s+8\s+0\s+4\s+0\s+1\n", _text(pdf, tmp_path, layout=True))


def test_out_of_purpose_record_form_3(seeded, tmp_path):
    use = OutOfPurposeUse.objects.get(providing_business__number="0608-06")
    pdf = out_of_purpose_record_pdf(version_latest(part=use))
    text = _squeeze(_text(pdf, tmp_path))
    layout = _text(pdf, tmp_path, layout=True)
    assert re.search(r"1\s+3\s+0\s+9\s+0\s+4\n", layout) and re.search(r"0\s+6\s+0\s+8\s+0\s+6\n", layout)
    for expected in ["第3号様式(第8条関係)", "目的外利用記録票", "消費者への経済対策に関する業務",
                     "生活保護に関する業務", "平成12年4月日以降継続", "令和元年5月31日から令和2年3月31日まで",
                     "戸籍等事項(氏名、住所、生年月日、本籍、続柄、親族関係、婚歴など)社会的地位(",
                     "本人の同意法令等に定めがある(根拠法令等)出版、報道等により公にされている",
                     "審議会事前一括承認基準(類型1)", "閲覧・転記文書図画フィルム磁気ディスク等電算処理その他()"]:
        assert expected in text, expected


def test_contract_pdf_marks_the_amendment_changes(as_user, tmp_path):
    amendment = Submission.objects.get(amends__isnull=False)
    text = _squeeze(_text(as_user("committee").get(
        f"{API}/submissions/{amendment.pk}/forms/submission.pdf").content, tmp_path))
    assert "※太字ゴシック（下線）が、令和5年度第1回新宿区個人情報保護管理運営会議承認済の内容からの変更箇所" in text
    assert "電磁的媒体（LoGoフォーム）" in text
    assert OutsourcingContract.objects.filter(title__startswith="ベビーシッター").exists()
