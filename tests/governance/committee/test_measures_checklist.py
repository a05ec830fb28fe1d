"""練馬区's protective measures are its connection's checklist, derived from what the registry stores for the
version a submission covers: each side's numbered measures are the items, the lines before them head the side;
editing a measure in the registry asks it again, the others keep their answers."""

from audit.context import Channel, bound
from governance.committee import services
from governance.committee.checklists import checklist_template, template_get
from governance.committee.forms_pdf import checklists_pdf
from governance.committee.models import Checklist, Submission
from governance.committee.pages import checklist_view
from governance.registry.models import ExternalConnection
from governance.registry.versioning import registry_part_update, registry_version_update
from tests.governance.committee.conftest import department, user
from tests.governance.committee.test_api_and_forms import _squeeze, _text

NERIMA = "子育て支援に関する業務に係る電子計算組織の結合について"
CONNECTION = "乳幼児一時預かり予約管理システム"


def test_the_seed_checklist_is_the_registry_measures_of_the_approved_version(seeded):
    checklist = Checklist.objects.get(submission__title=NERIMA)
    version = checklist.submission_part.version
    template = checklist_template(checklist)

    assert template.counts() == {"ward.measures": 3, "party.measures": 3}
    assert [item.text for item in template.section_items("party", "measures")] == [
        line.split(") ", 1)[1] for line in version.party_measures[1:]]
    assert template.item("party.measures.3").text == "データのバックアップは、1日2回以上実施する。"
    ward, party = (heading for _side, _kind, heading in template.sections)
    assert ward == "【区が講じる保護措置】 練馬区情報セキュリティポリシーを順守し、つぎの保護措置を講ずる。"
    assert party.startswith("【結合先が講じる保護措置】 契約内容に含む受託情報の取扱いに関する特記事項")
    # The template itself transcribes nothing: its items are the version's.
    assert template_get("nerima_measures").items == ()
    view = checklist_view(checklist)
    assert (view["answered"], view["total"]) == (6, 6)


def _draft_submission():
    """A 練馬区 draft on a new draft of the connection, every measure answered ○."""
    connection = ExternalConnection.objects.get(title__contains=CONNECTION)
    staff = user("nerima")
    with bound(channel=Channel.CLI):
        version = registry_part_update(part=connection, content={"reason": "予約管理の利用者拡大のため。"}, actor=staff)
        submission = services.submission_create(
            municipality=connection.municipality, actor=staff,
            data={"title": "電子計算組織の結合の変更について",
                  "departments": [department("練馬子ども家庭支援センター").pk]})
        services.submission_part_add(submission=submission, part=connection, checklist_template="nerima_measures",
                                     actor=staff)
        checklist = submission.checklists.get()
        services.checklist_answer(submission=submission, checklist_id=checklist.pk, actor=staff, answers=[
            {"code": item.code, "answer": "○"} for item in checklist_template(checklist).items])
    return submission, checklist, version, staff


def test_editing_a_measure_in_the_registry_asks_it_again(seeded, tmp_path):
    submission, checklist, version, staff = _draft_submission()
    assert services.unanswered_required(submission) == []

    measures = list(version.party_measures)
    measures[3] = "(3) データのバックアップは、1時間ごとに実施し、遠隔地に保管する。"
    measures.append("(4) 保守作業は、区が承認した作業者に限る。")
    with bound(channel=Channel.CLI):
        registry_version_update(version=version, content={"party_measures": measures}, actor=staff)

    missing = services.unanswered_required(Submission.objects.get(pk=submission.pk))
    assert [(m["code"], m["text"]) for m in missing] == [
        ("party.measures.3", "データのバックアップは、1時間ごとに実施し、遠隔地に保管する。"),
        ("party.measures.4", "保守作業は、区が承認した作業者に限る。")]
    view = checklist_view(Checklist.objects.get(pk=checklist.pk))
    party = next(s for s in view["sections"] if s["side"] == "party")
    assert [(row["number"], row["answer"]) for row in party["items"]] == [(1, "○"), (2, "○"), (3, ""), (4, "")]
    # The checklist form prints the measures as the registry now words them, the changed one unanswered.
    text = _squeeze(_text(checklists_pdf(submission), tmp_path))
    assert _squeeze("7 個人情報の保護（保護措置）") in text
    assert _squeeze("3. データのバックアップは、1時間ごとに実施し、遠隔地に保管する。") in text
    assert "1日2回以上" not in text and text.count("未回答") == 2

    with bound(channel=Channel.CLI):
        services.checklist_answer(submission=submission, checklist_id=checklist.pk, actor=staff, answers=[
            {"code": "party.measures.3", "answer": "○"},
            {"code": "party.measures.4", "answer": "−", "reason": "保守は区職員のみが行う。"}])
    assert services.unanswered_required(submission) == []
