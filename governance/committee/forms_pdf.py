"""The official forms as PDF (reportlab, built-in Japanese CID fonts, dates in 和暦):

- 付議事項 with its 別紙 (one per part of the submission),
- the checklists (外部結合 / 業務委託), every item with its answer,
- 電算結合記録票 (第5号様式) for each external connection of a submission,
- 目的外利用記録票 (第3号様式) for an out-of-purpose use (in a submission or approved under a criterion).
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common.wareki import wareki_date
from governance.committee.checklists import LEGEND
from governance.committee.models import Submission
from governance.committee.pages import checklist_view, submission_view
from governance.registry.models import LegalBasis, Line

MINCHO, GOTHIC = "HeiseiMin-W3", "HeiseiKakuGo-W5"
for _font in (MINCHO, GOTHIC):
    pdfmetrics.registerFont(UnicodeCIDFont(_font))

BODY = ParagraphStyle("body", fontName=MINCHO, fontSize=9.5, leading=14, wordWrap="CJK")
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=12)
HEAD = ParagraphStyle("head", parent=BODY, fontName=GOTHIC, fontSize=14, leading=20, alignment=1, spaceAfter=8)
SUB = ParagraphStyle("sub", parent=BODY, fontName=GOTHIC, fontSize=11, leading=16, spaceBefore=6, spaceAfter=4)
FORM_NO = ParagraphStyle("formno", parent=SMALL)
WIDTH = A4[0] - 30 * mm
# Forms are printed in Japanese whatever the reader's language.
OUTCOMES_JA = {"approved": "承認", "approved_with_conditions": "条件付承認", "rejected": "不承認"}


def _p(text, style=BODY) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _table(rows, widths=(45 * mm, None)) -> Table:
    widths = [w if w is not None else WIDTH - sum(x for x in widths if x) for w in widths]
    table = Table([[_p(c) if not isinstance(c, Paragraph) else c for c in row] for row in rows], colWidths=widths)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.93, 0.93, 0.93)),
    ]))
    return table


def _document(story) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                      bottomMargin=15 * mm, title="Mimamori").build(story)
    return buffer.getvalue()


def _departments(submission: Submission) -> str:
    return "、".join(str(d) for d in submission.departments.all())


def _period(version) -> str:
    start, end = wareki_date(version.period_start), wareki_date(version.period_end)
    text = f"{start}から{end}まで" if start and end else start or end
    if getattr(version, "renews_yearly", False):
        text += "（次年度以降も同様）"
    return text or version.period_note or "—"


def _items(labels) -> str:
    return "、".join(label.partition(":")[2] or label for label in labels)


def _connection_annex(view: dict, submission: Submission) -> list:
    version = view["version"]
    groups = "\n".join(f"{g['party'].name}（{g['direction']}）: " + "、".join(
        "、".join(labels) for _s, labels in g["items"]) for g in view["connection"]["groups"])
    rows = [("保有課(担当課)", _departments(submission)),
            ("登録業務の名称", "、".join(b.name for b in version.part.businesses.all())),
            ("結合される情報項目", groups or version.items_reference or "—"),
            ("結合の相手方", version.counterparty.name), ("結合する理由", version.reason),
            ("結合の形態", f"{Line(version.line).label if version.line in Line.values else version.line}\n"
                         f"{version.line_note}"),
            ("結合の開始時期と期間", _period(version)), ("情報保護対策", "別添チェックリストのとおり")]
    return [_p(f"別紙（外部結合） 件名 {version.part.title}", SUB), _table(rows)]


def _contract_annex(view: dict, submission: Submission) -> list:
    version = view["version"]
    contractors = view["contract"]["contractors"]
    rows = [("保有課(担当課)", _departments(submission)),
            ("登録業務の名称", "、".join(b.name for b in version.part.businesses.all())),
            ("委託先", "\n".join(f"{c['contractor'].role_label} {c['party']['party'].name}" for c in contractors)),
            ("委託に伴い事業者処理させる情報項目", "\n".join(
                f"{c['party']['party'].name}（{d['label']}）: " + "、".join("、".join(ls) for _s, ls in d["items"])
                for c in contractors for d in c["directions"]) or version.items_reference or "—"),
            ("処理させる情報項目の記録媒体", "\n".join(
                f"{c['party']['party'].name}: " + "、".join(c["contractor"].media) for c in contractors)),
            ("委託理由", "\n".join(c["contractor"].reason for c in contractors if c["contractor"].reason)),
            ("委託の内容", "\n".join(w for c in contractors for w in c["contractor"].work)),
            ("委託の開始時期及び期限", _period(version)),
            ("委託にあたり区が行う情報保護対策", "別紙チェックリストのとおり"),
            ("受託事業者に行わせる情報保護対策", "別紙チェックリストのとおり")]
    return [_p(f"別紙（業務委託） 件名 {version.part.title}", SUB), _table(rows)]


def _processing_annex(view: dict, submission: Submission) -> list:
    version = view["version"]
    items = _items(i.qualified_label for i in version.items.all()) or version.items_reference
    rows = [("保有課(担当課)", _departments(submission)), ("登録業務の名称", version.part.business.name),
            ("記録される情報項目", f"1 個人の範囲 {version.subject_scope}\n2 記録項目 {items}\n"
                                   f"3 記録するコンピュータ {version.storage}"),
            ("新規開発・追加・変更の理由", version.reason), ("新規開発・追加・変更の内容", "\n".join(version.content)),
            ("新規開発・追加・変更の時期", "\n".join(version.schedule))]
    return [_p(f"別紙（電算処理） 件名 {version.part.title}", SUB), _table(rows)]


def _out_of_purpose_annex(view: dict, submission: Submission) -> list:
    return [_p("別紙（目的外利用）", SUB), *_out_of_purpose_record(view["version"])]


ANNEXES = {"connection": _connection_annex, "contract": _contract_annex, "processing": _processing_annex,
           "out_of_purpose_use": _out_of_purpose_annex}


def _decision_line(view: dict) -> str:
    decision = view["decision"]
    if decision is None:
        return ""
    text = f"{decision.meeting} {OUTCOMES_JA[decision.outcome]}（{wareki_date(decision.decided_on)}）"
    if decision.revoked_at:
        text += f" 取消（{wareki_date(decision.revoked_at.date())}）"
    return text


def _change_markup(row: dict) -> str:
    """A change the way the seeds mark one: the new text bold and underlined, removed text struck through."""
    if row["change"] == "changed":
        return f"{escape(row['old'])} → <u><b>{escape(row['new'])}</b></u>"
    if row["change"] == "added":
        return f"<u><b>{escape(row['value'])}</b></u>"
    return f"<strike>{escape(row['value'])}</strike>"


def submission_pdf(submission: Submission) -> bytes:
    """付議事項 with the programme summary and one 別紙 per part."""
    view = submission_view(submission)
    meeting = submission.meeting
    story = [_p("個人情報保護管理運営会議 付議事項", HEAD)]
    if meeting:
        story.append(_p(f"{meeting}（{wareki_date(meeting.held_on)}）"
                        + (f" 議題{submission.agenda_number}" if submission.agenda_number else ""), SMALL))
    story += [
        _table([("件名", submission.title), ("", "内容は別紙のとおり"), ("要綱の根拠", f"◇{submission.basis}"),
                ("担当部課", _departments(submission))]),
        _p("事業の概要", SUB),
        _table([("事業名", submission.programme_name), ("担当課", _departments(submission)),
                ("目的", submission.purpose), ("対象者", submission.subjects), ("事業内容", submission.content),
                ("対象者数", submission.subject_count_note or (f"{submission.subject_count}人"
                                                           if submission.subject_count else "—")),
                ("資料", "\n".join(f"{a.label} {a.title}" for a in view["attachments"]) or "—"),
                ("決定", _decision_line(view) or "—")]),
    ]
    if submission.amends_id:
        story.append(_p(f"※ {submission.amends.decision.meeting}承認済の内容からの変更（下線）", SMALL))
        for part in view["diff"]:
            for row in part["rows"]:
                story.append(Paragraph(escape(f"{row['label']}: ") + _change_markup(row), SMALL))
    for part in view["parts"]:
        story += [PageBreak(), *ANNEXES[part["kind"]](part, submission)]
    return _document(story)


def _checklist_story(checklist: dict) -> list:
    story = [_p(checklist["title"], HEAD)]
    if checklist["subtitle"]:
        story.append(_p(checklist["subtitle"], SUB))
    story.append(_p(f"{checklist['part']}", SMALL))
    rows = [[_p(LEGEND, SMALL), _p(checklist["column_heading"], SMALL)]]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for section in checklist["sections"]:
        # The section heading spans the row; each item is then its answer beside its text, and the reason of
        # a − follows the text, so the printed (and extracted) item reads as one line of thought.
        style += [("SPAN", (0, len(rows)), (1, len(rows))),
                  ("BACKGROUND", (0, len(rows)), (1, len(rows)), colors.Color(0.93, 0.93, 0.93))]
        rows.append([_p(section["heading"], SMALL), ""])
        for item in section["items"]:
            text = f"{item['number']}. {item['text']}"
            if item["reason"]:
                text += f"\n（理由: {item['reason']}）"
            rows.append([_p(item["answer"] or "未回答", SMALL), _p(text, SMALL)])
    table = Table(rows, colWidths=[30 * mm, WIDTH - 30 * mm], repeatRows=1)
    table.setStyle(TableStyle(style))
    return [*story, table]


def checklists_pdf(submission: Submission) -> bytes:
    """Every checklist of the submission, each item with its answer (○ / − with the reason)."""
    story = []
    for checklist in submission.checklists.select_related("submission_part").order_by("submission_part__order"):
        if story:
            story.append(PageBreak())
        story += _checklist_story(checklist_view(checklist))
    if not story:
        story = [_p("チェックリストはありません", HEAD)]
    return _document(story)


def _boxes(number: str) -> str:
    return " ".join(number.replace("-", " ")) if number else ""


def connection_record_pdf(submission: Submission) -> bytes:
    """電算結合記録票 (第5号様式) for each external connection of the submission."""
    story = []
    view = submission_view(submission)
    for part in [p for p in view["parts"] if p["kind"] == "connection"]:
        version = part["version"]
        business = version.part.businesses.order_by("pk").first()
        decision = view["decision"]
        approval = version.approval_reference or (
            f"{decision.meeting} {wareki_date(decision.decided_on)}" if decision else "")
        by_direction = version.record_form_items or {}
        sent = by_direction.get("sent") or [line.item.label for line in
                                            version.item_lines.filter(direction="sent").select_related("item")]
        received = by_direction.get("received") or [line.item.label for line in version.item_lines.filter(
            direction="received").select_related("item")]
        if story:
            story.append(PageBreak())
        story += [_p("第5号様式(第11条関係)", FORM_NO), _p("電 算 結 合 記 録 票", HEAD), _table([
            ("業務登録番号", _boxes(business.number) if business else ""),
            ("所管課名", _departments(submission)), ("業務の名称", business.name if business else ""),
            ("電算結合の目的", version.reason),
            ("結合年月日", f"{wareki_date(version.period_start)}（{approval}）"),
            ("結合変更年月日", ""),
            ("電算結合の相手方の住所および名称", f"{version.counterparty.name} {version.counterparty.address}"),
            ("個人情報の記録項目", f"〔提供する管理個人情報〕\n{'、'.join(sent) or '—'}\n"
                                   f"〔提供を受ける個人情報〕\n{'、'.join(received) or '—'}"),
            ("個人情報保護管理責任者", business.privacy_officer_title if business else ""),
        ])]
    return _document(story or [_p("外部結合はありません", HEAD)])


_RECORD_KINDS = ["戸籍等事項(氏名、住所、生年月日、本籍、続柄、親族関係、婚歴など)",
                 "社会的地位(職業、勤務先、役職、地位、職歴、学歴、資格など)",
                 "経済活動(収入、財産、納税額、負債状況、公的扶助など)", "心身健康(健康状態、病歴、障害など)",
                 "生活状況(家庭状況、居住状況、趣味・嗜好など)", "知識能力(各種試験成績、勤務成績、学業成績など)",
                 "思想信条(支持政党、宗教、主義・主張など)", "その他()"]
_FORMS = ["閲覧・転記", "文書", "図画", "フィルム", "磁気ディスク等", "電算処理", "その他()"]


def _marked(options: list[str], chosen: list[str]) -> str:
    return "\n".join(f"{'●' if any(o.startswith(c) for c in chosen) else '○'} {o}" for o in options)


def _out_of_purpose_record(version) -> list:
    use = version.part
    basis = str(LegalBasis(version.legal_basis).label) if version.legal_basis in LegalBasis.values else ""
    if version.criterion:
        basis = f"審議会事前一括承認基準（{version.criterion}）"
    period = (f"{wareki_date(version.period_start)}から{wareki_date(version.period_end)}まで"
              if version.period_start else version.period_note)
    return [_p("第3号様式(第8条関係)", FORM_NO), _p("目的外利用記録票", HEAD), _table([
        ("目的外利用する業務登録番号", _boxes(use.using_business.number)),
        ("目的外利用する所管課名", str(use.using_business.department)),
        ("目的外利用する業務の名称", use.using_business.name), ("目的外利用する業務の目的", version.purpose),
        ("目的外利用させる業務登録番号", _boxes(use.providing_business.number)),
        ("目的外利用させる所管課名", str(use.providing_business.department)),
        ("目的外利用させる業務の名称", use.providing_business.name), ("目的外利用の期間", period),
        ("目的外利用する管理個人情報記録の種別", _marked(_RECORD_KINDS, list(version.record_kinds))),
        ("目的外利用の根拠", basis), ("目的外利用の形態", _marked(_FORMS, list(version.forms))),
        ("個人情報保護管理責任者", version.responsible_officer or use.using_business.privacy_officer_title),
    ], widths=(55 * mm, None))]


def out_of_purpose_record_pdf(version) -> bytes:
    """目的外利用記録票 (第3号様式) of one out-of-purpose use version."""
    return _document(_out_of_purpose_record(version))


def submission_out_of_purpose_pdf(submission: Submission) -> bytes:
    """目的外利用記録票 for each out-of-purpose use of the submission."""
    story = []
    for part in [p for p in submission_view(submission)["parts"] if p["kind"] == "out_of_purpose_use"]:
        if story:
            story.append(PageBreak())
        story += _out_of_purpose_record(part["version"])
    return _document(story or [_p("目的外利用はありません", HEAD), Spacer(1, 1)])


FORMS = {
    "submission": ("fugi.pdf", submission_pdf),
    "checklists": ("checklists.pdf", checklists_pdf),
    "connection-record": ("densan-ketsugo-kirokuhyo.pdf", connection_record_pdf),
    "out-of-purpose-record": ("mokutekigai-riyo-kirokuhyo.pdf", submission_out_of_purpose_pdf),
}
