# ruff: noqa: E501 — the forms' Japanese labels, verbatim; wide characters count double.
"""The official forms as PDF, each ward's as it prints them (HTML and CSS rendered by WeasyPrint as PDF/A-3u,
tagged, with the Noto CJK fonts subset-embedded; dates in 和暦):

- 新宿区: 付議事項 with one 別紙 per 件名 (parts of one kind sharing a 件名 share it, each party numbered), the
  checklists (4 外部結合 / 5 業務委託), 電算結合記録票 (第5号様式);
- 練馬区: 電子計算組織の結合について (rows 1 概要 … 8 添付資料, with the システム利用施設一覧), 電算結合記録票
  (第5号様式) with the boxed 業務登録番号;
- both: 目的外利用記録票 (第3号様式) with every option printed and the chosen ones marked, and the committee's
  事前一括承認基準の適用について for a use approved under a criterion.

Every cell prints what the department wrote: prose as written (its numbered lines kept), structured data as the
document lays it out (items under their 【subject】 headings with their 個人の範囲, parties numbered within their
group with their selection and certification notes, periods at the precision the document gave them). In an
amendment the passages that differ from the approved version are set in bold Gothic and underlined in place, with
the ward's note at the head of the 別紙.

What a form prints where, and its labels, are the ward's templates (governance.committee.ward_layouts): this
module writes out each field as the department wrote it and hands the fields to the ward's template.
"""

from xml.sax.saxutils import escape

from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString

from common.wareki import wareki_date
from governance.committee.diffs import amendment_diff
from governance.committee.models import CriterionApplication, Submission
from governance.committee.pages import checklist_view, submission_view
from governance.committee.ward_layouts import WardLayout, ward_layout
from governance.registry.models import FacilityUse, LegalBasis, PreApprovalExample
from governance.tenancy.models import PartySelection

# Forms are printed in Japanese whatever the reader's language.
OUTCOMES_JA = {"approved": "承認", "approved_with_conditions": "条件付承認", "rejected": "不承認"}
KIND_JA = {"processing": "電算処理", "connection": "外部結合", "contract": "業務委託", "out_of_purpose_use": "目的外利用"}
RENEWAL = {"connection": "(次年度以降も、同様の外部結合を行う。)", "contract": "(次年度以降も、同様の業務委託を行う。)"}
DIRECTION_JA = {"provided": "委託先に提供する項目", "collected": "委託先に収集させる項目"}


# --- text -------------------------------------------------------------------------------------------------
def _markup(text) -> str:
    return escape(str(text or "")).replace("\n", "<br/>")


def _changed(text: str) -> str:
    """A passage changed since the approved version, as the ward marks it: bold Gothic, underlined."""
    return f'<span class="changed">{text}</span>'


class Markup(SafeString):
    """Text that is already markup (escaped), as opposed to plain text a field escapes."""


def _m(markup: str) -> Markup:
    return Markup(markup or "")


def _cell(value) -> Markup:
    """A field as the template places it: markup as it is, text escaped with its lines kept."""
    return value if isinstance(value, Markup) else Markup(_markup(value))


def _fields(**values) -> dict:
    return {name: _cell(value) for name, value in values.items()}


def _document(layout: WardLayout, template: str, context: dict, *, title: str, author: str) -> bytes:
    """The ward's template filled with the form's fields, printed as PDF/A-3u with tags."""
    from weasyprint import HTML  # loads Pango and the fonts: only when a form is printed

    html = layout.render(template, {**context, "layout": layout, "title": title, "author": author})
    return HTML(string=html).write_pdf(pdf_variant="pdf/a-3u", pdf_tags=True)


def department_label(department) -> str:
    return f"{department.division}{department.name}" if department.division else department.name


def _departments(submission: Submission) -> str:
    return "、".join(d.name for d in submission.departments.all())


def _author(submission: Submission) -> str:
    return "、".join(department_label(d) for d in submission.departments.all()) or str(submission.municipality)


def month_or_day(day, precision: str) -> str:
    """和暦 at the precision the document gave: 令和2年1月 stays a month."""
    text = wareki_date(day)
    return text[:text.index("月") + 1] if text and precision == "month" else text


def period_text(version, kind: str) -> str:
    """The period as the ward words it: to the day "…から…まで", to the month "…～…"; and the yearly renewal."""
    precision = getattr(version, "period_precision", "day")
    start, end = month_or_day(version.period_start, precision), month_or_day(version.period_end, precision)
    joined = f"{start}～{end}" if precision == "month" else f"{start}から{end}まで"
    text = joined if start and end else start or end
    if text and getattr(version, "renews_yearly", False):
        text += RENEWAL.get(kind, "")
    return text or version.period_note or "—"


def document_name(party) -> str:
    """A party as the document names it: a party not (yet) named by the ward is called by its role, the
    registry's qualifier that keeps such names apart (「ASP事業者（一時保育システム）」) is not printed."""
    if party.selection != PartySelection.NAMED and party.name.endswith("）") and "（" in party.name:
        return party.name[:party.name.rindex("（")]
    return party.name


def party_notes(party) -> str:
    """(令和6年度公募型プロポーザルにより選定予定)(プライバシーマーク、ISMS認証取得事業者を予定)"""
    return "".join(f"({note})" for note in (party.selection_note, party.certification_note) if note)


def _items_markup(items, marked=frozenset(), headings: dict | None = None) -> str:
    """Items as the document lists them: parts of a compound item inside it (バーコード情報(識別コード、…)),
    under 【subject】 headings when the list spans several subjects that the ward heads; `marked` ones underlined."""
    items = list(dict.fromkeys(items))
    subjects = list(dict.fromkeys(i.subject for i in items))
    headed = headings and len(subjects) > 1 and all(s in headings for s in subjects)
    blocks = []
    for subject in subjects if headed else [None]:
        # [group or None, [names]]: consecutive parts of one compound item gather inside it.
        words: list[list] = []
        for item in items:
            if subject is not None and item.subject != subject:
                continue
            name = f"<u>{escape(item.name)}</u>" if item.pk in marked else escape(item.name)
            if item.group and words and words[-1][0] == item.group:
                words[-1][1].append(name)
            else:
                words.append([item.group or None, [name]])
        text = "、".join(f"{escape(group)}({'、'.join(names)})" if group else names[0] for group, names in words)
        blocks.append(f"{escape(headings[subject])} {text}" if subject is not None else text)
    return "<br/>".join(blocks)


def _numbered(entries: list[tuple[str, str]], *, numbered: bool) -> list[str]:
    """("ASP事業者", text) entries → "1 ASP事業者 text" lines when there are several, the text alone otherwise."""
    if not numbered:
        return [text for _label, text in entries]
    return [f"{n} {escape(label)} {text}" for n, (label, text) in enumerate(entries, 1)]


# --- 新宿区: 付議事項 and its 別紙 ------------------------------------------------------------------------
def _lines_marked(lines, approved_lines) -> str:
    """A list as its lines, those not in the approved version marked as changed."""
    return "<br/>".join(_changed(escape(line)) if approved_lines is not None and line not in approved_lines
                        else escape(line) for line in lines)


def _text_marked(text, approved_text) -> str:
    return _changed(_markup(text)) if approved_text is not None and text != approved_text else _markup(text)


def _business_names(versions) -> str:
    names = []
    for version in versions:
        part = version.part
        businesses = [part.business] if hasattr(part, "business") else list(part.businesses.order_by("pk"))
        names += [b.name for b in businesses]
    return "、".join(dict.fromkeys(names))


def _scope_and_items(version_items, business, reference: str, *, headings, marked=frozenset(), label="情報項目") -> str:
    if reference and not version_items:
        return escape(reference)
    items = _items_markup(version_items, marked, headings)
    if business is not None and business.subject_scope:
        return f"1 個人の範囲 {escape(business.subject_scope)}<br/>2 {label} {items}"
    return items


def _processing_annex(versions, submission, layout, approved) -> dict:
    version = versions[0]
    items = list(version.items.order_by("order", "pk"))
    items_text = _items_markup(items, headings=layout.subject_headings) if items else escape(version.items_reference)
    before = approved.get(version.pk)
    return _fields(
        departments=_departments(submission), business=version.part.business.name,
        subject_scope=_m(escape(version.subject_scope)), items=_m(items_text), storage=_m(escape(version.storage)),
        reason=_m(_text_marked(version.reason, before and before.reason)),
        content=_m(_lines_marked(version.content, before and list(before.content))),
        schedule=_m(_lines_marked(version.schedule, before and list(before.schedule))))


def _connection_annex(versions, submission, layout, approved) -> dict:
    numbered = len(versions) > 1
    first = versions[0]
    lines, marked, handlers = [], set(), []
    for version in versions:
        lines += list(version.item_lines.select_related("item", "party").order_by("order", "pk"))
    items = [line.item for line in lines]
    everything = set(i.pk for i in items)
    # A party in the chain that handles only some of the items: those are underlined, and the note says whose.
    for party in dict.fromkeys(line.party for line in lines if line.direction == "handled"):
        subset = {line.item.pk for line in lines if line.party == party and line.direction == "handled"}
        if subset < everything:
            marked |= subset
            handlers.append(document_name(party))
    business = first.part.businesses.order_by("pk").first()
    items_text = _scope_and_items(items, business, first.items_reference, headings=layout.subject_headings,
                                  marked=marked)
    if handlers:
        items_text += f"<br/>※ {'、'.join(handlers)}は下線の情報項目のみ取り扱う。"
    names = [document_name(v.counterparty) for v in versions]
    return _fields(
        departments=_departments(submission), businesses=_business_names(versions), items=_m(items_text),
        counterparties="、".join(f"{document_name(v.counterparty)}{party_notes(v.counterparty)}" for v in versions),
        reasons=_m("<br/>".join(_numbered([(n, _text_marked(v.reason, _old(approved, v, "reason")))
                                           for n, v in zip(names, versions, strict=True)], numbered=numbered))),
        lines=_m("<br/>".join(_numbered([(n, _text_marked(v.line_note, _old(approved, v, "line_note")))
                                         for n, v in zip(names, versions, strict=True)], numbered=numbered))),
        periods="\n".join(dict.fromkeys(period_text(v, "connection") for v in versions)))


def _old(approved: dict, version, attribute: str):
    before = approved.get(version.pk) if approved else None
    return getattr(before, attribute) if before is not None else None


def _contract_annex(versions, submission, layout, approved) -> dict:
    version = versions[0]
    before = approved.get(version.pk) if approved else None
    before_rows = {c.party_id: c for c in before.contractors.all()} if before is not None else {}
    contractors = list(version.contractors.select_related("party").order_by("order", "pk"))
    several = len(contractors) > 1
    groups = list(dict.fromkeys(c.group for c in contractors))

    def name(c):
        return c.role_label or document_name(c.party)

    def cell(text_of, *, label_single: bool) -> str:
        """One line per contractor, numbered within its group when the group has several; under 【group】
        headings when the document groups them, where a text the whole group shares is printed once and a group
        of one names its contractor when `label_single`."""
        out = []
        for group in groups:
            members = [c for c in contractors if c.group == group]
            texts = [text_of(c) for c in members]
            if group:
                out.append(f"【{escape(group)}】")
                if len(members) > 1 and len(set(texts)) == 1:
                    out.append(texts[0])
                    continue
                if len(members) == 1:
                    out.append(f"{escape(name(members[0]))} {texts[0]}" if label_single else texts[0])
                    continue
            out += _numbered([(name(c), t) for c, t in zip(members, texts, strict=True)], numbered=True)
        return "<br/>".join(out)

    def who(c):
        party = c.party
        shown = document_name(party)
        label = c.role_label if c.role_label and c.role_label != shown else ""
        text = escape(f"{label} {shown}".strip()) if party.selection == PartySelection.NAMED else escape(c.role_label or shown)
        return text + escape(party_notes(party))

    def whom_lines():
        out = []
        for group in groups:
            members = [c for c in contractors if c.group == group]
            if group:
                out.append(f"【{escape(group)}】")
            if len(members) == 1:
                out.append(who(members[0]))
            else:
                out += [f"{n} {who(c)}" for n, c in enumerate(members, 1)]
        return "<br/>".join(out)

    def items_text():
        lines = [line for c in contractors for line in c.item_lines.select_related("item").order_by("direction", "order", "pk")]
        if not lines:
            return escape(" ".join(x for x in (version.items_note, version.items_reference) if x)) or "—"
        items = [line.item for line in sorted(lines, key=lambda line: line.item.order)]
        everything = {i.pk for i in items}
        marked, handlers = set(), []
        for c in contractors:
            subset = {line.item.pk for line in lines if line.contractor_id == c.pk}
            if subset and subset < everything:
                marked |= subset
                handlers.append(name(c))
        present = {line.direction for line in lines}
        directions = [d for d in DIRECTION_JA if d in present]
        head = f"《{'、'.join(DIRECTION_JA[d] for d in directions)}》 " if directions else ""
        business = version.part.businesses.order_by("pk").first()
        scope = _scope_and_items(items, business if not directions else None, "", headings=layout.subject_headings,
                                 marked=marked)
        text = head + scope
        if handlers:
            text += f"<br/>※ {'、'.join(escape(h) for h in handlers)}は下線の情報項目のみ取り扱う。"
        return text

    def media(c):
        old = before_rows.get(c.party_id)
        shown = list(c.media)
        return "、".join(_changed(escape(m)) if old is not None and m not in old.media else escape(m) for m in shown)

    def work(c):
        old = before_rows.get(c.party_id)
        return _lines_marked(c.work, list(old.work) if old is not None else (None if before is None else []))

    def reason(c):
        old = before_rows.get(c.party_id)
        return _text_marked(c.reason, old.reason if old is not None else None)

    all_media = {tuple(c.media) for c in contractors}
    media_text = media(contractors[0]) if len(all_media) == 1 and contractors else cell(media, label_single=False)
    return _fields(
        departments=_departments(submission), businesses=_business_names(versions),
        contractors=_m(whom_lines() if contractors else "—"), items=_m(items_text()), media=_m(media_text),
        reasons=_m(cell(reason, label_single=True) if several else
                   reason(contractors[0]) if contractors else _markup(version.summary)),
        work=_m(cell(work, label_single=False) if several else work(contractors[0]) if contractors else ""),
        period=period_text(version, "contract"))


ANNEX_ROWS = {"processing": _processing_annex, "connection": _connection_annex, "contract": _contract_annex}


def annex_title(row) -> str:
    return row.annex_title or f"{row.part}について"


def _annexes(submission: Submission, layout: WardLayout) -> list[tuple[str, str, list]]:
    """(kind, 件名, versions) per 別紙: parts of one kind with the same 件名 in one 別紙, in the submission's order."""
    annexes: dict[tuple[str, str], list] = {}
    for row in submission.parts.order_by("order", "pk"):
        annexes.setdefault((row.kind, annex_title(row)), []).append(row.version)
    return [(kind, title, versions) for (kind, title), versions in annexes.items()]


def _summary(submission: Submission) -> dict:
    """The submission's own fields: its 件名, 根拠, narrative (事業内容 / 概要), 現行の処理, count, decision."""
    view = submission_view(submission)
    meeting = submission.meeting
    content = submission.content or ""
    # The count is part of the narrative when the department wrote it there; a row of its own otherwise.
    count = submission.subject_count_note or (f"{submission.subject_count}人" if submission.subject_count else "")
    squeezed = "".join(content.split())
    if count and all("".join(piece.split()) in squeezed for piece in count.split("、")):
        count = ""
    return _fields(
        meeting=meeting or "", meeting_held_on=wareki_date(meeting.held_on) if meeting else "",
        agenda_number=submission.agenda_number or "", title=submission.title, basis=submission.basis,
        department_labels="、".join(department_label(d) for d in submission.departments.all()),
        programme_name=submission.programme_name, departments=_departments(submission), purpose=submission.purpose,
        subjects=submission.subjects, content=content, subject_count=count,
        current_process=submission.current_process or "—", decision=_decision_line(view) or "—")


def _fugi_annexes(submission: Submission, layout: WardLayout) -> list[dict]:
    """One 別紙 per 件名: its kind, 件名, the approval an amendment is marked against, and its fields."""
    approved = {}
    if submission.amends_id:
        for part in amendment_diff(submission=submission):
            if part["approved"] is not None:
                approved[part["amended"].pk] = part["approved"]
    annexes = []
    for kind, title, versions in _annexes(submission, layout):
        if kind == "out_of_purpose_use":
            annexes.append({"kind": kind, "records": [_out_of_purpose_record(v) for v in versions]})
            continue
        reference = next((approved[v.pk] for v in versions if v.pk in approved), None)
        annexes.append({"kind": kind, "kind_name": _cell(KIND_JA[kind]), "title": _cell(title),
                        "template": f"annex_{kind}.html",
                        "approved_reference": _cell(reference.frozen_reason or reference.part) if reference else "",
                        "fields": ANNEX_ROWS[kind](versions, submission, layout, approved)})
    return annexes


def _decision_line(view: dict) -> str:
    decision = view["decision"]
    if decision is None:
        return ""
    text = f"{decision.meeting} {OUTCOMES_JA[decision.outcome]}（{wareki_date(decision.decided_on)}）"
    if decision.revoked_at:
        text += f" 取消（{wareki_date(decision.revoked_at.date())}）"
    return text


# --- 練馬区: 電子計算組織の結合について ------------------------------------------------------------------------
def _connections(submission: Submission) -> list[dict]:
    """Each external connection's fields as 練馬区 prints them: 結合先, 実施予定年月, 所管課, the items sent and
    received, each side's protective measures as the department wrote them."""
    out = []
    for row in submission.parts.order_by("order", "pk"):
        if row.kind != "connection":
            continue
        version, party = row.version, row.version.counterparty
        sent = [line.item for line in version.item_lines.filter(direction="sent").select_related("item")]
        received = [line.item for line in version.item_lines.filter(direction="received").select_related("item")]
        out.append({**_fields(party="\n".join(x for x in (party.name, party.address) if x),
                              start=month_or_day(version.period_start, version.period_precision) or "—",
                              departments="、".join(department_label(d) for d in submission.departments.all()),
                              sent=_m(_items_markup(sent)), received=_m(_items_markup(received))),
                    "received_same": received == sent,
                    "ward_measures": list(version.ward_measures), "party_measures": list(version.party_measures)})
    return out


def _facility_lists(submission: Submission) -> list[list[dict]]:
    """システム利用施設一覧 of each business a connection of the submission serves."""
    lists = []
    for row in submission.parts.order_by("order", "pk"):
        if row.kind != "connection":
            continue
        for business in row.version.part.businesses.order_by("pk"):
            uses = FacilityUse.objects.filter(business=business).select_related("facility", "operator")
            rows = [{"name": u.facility.name, "address": u.address, "capacity": u.capacity,
                     "operator": u.operator.name if u.operator else ""} for u in uses.order_by("order", "pk")]
            if rows:
                lists.append(rows)
    return lists


def submission_pdf(submission: Submission) -> bytes:
    """The submission as its ward prints it (付議事項 with its 別紙, 電子計算組織の結合について, …): the ward's
    template picks what it prints of the fields; those it does not ask for are not computed."""
    layout = ward_layout(submission.municipality)
    context = {"f": _summary(submission), "attachments": list(submission.attachments.all()),
               "annexes": SimpleLazyObject(lambda: _fugi_annexes(submission, layout)),
               "connections": SimpleLazyObject(lambda: _connections(submission)),
               "facility_lists": SimpleLazyObject(lambda: _facility_lists(submission))}
    return _document(layout, layout.submission_template, context,
                     title=f"{layout.submission_title} {submission.title}", author=_author(submission))


# --- checklists -------------------------------------------------------------------------------------------
def checklists_pdf(submission: Submission) -> bytes:
    """Every checklist of the submission, each item with its answer (○ / − with the reason), under the number
    its ward prints it with."""
    layout = ward_layout(submission.municipality)
    checklists = [{**checklist_view(checklist), "number": layout.checklist_numbers.get(checklist.kind, "")}
                  for checklist in submission.checklists.select_related("submission_part")
                  .order_by("submission_part__order")]
    return _document(layout, "checklists.html", {"checklists": checklists},
                     title=f"チェックリスト {submission.title}", author=_author(submission))


# --- 第5号様式 and 第3号様式 -----------------------------------------------------------------------------
def _boxes(number: str) -> Markup:
    """業務登録番号 in the form's boxes: 0|8|0|4|␣|0|1 (boxes in one line, so the number reads as one)."""
    digits = list(number.replace("-", " ")) if number else [" "] * 7
    return Markup("".join(f'<span class="box">{escape(d) if d.strip() else "&#160;"}</span>' for d in digits))


def connection_record_pdf(submission: Submission) -> bytes:
    """電算結合記録票 (第5号様式) for each external connection of the submission."""
    records = []
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
        department = business.department if business else None
        records.append(_fields(
            number=_boxes(business.number) if business else "",
            department=department_label(department) if department else _departments(submission),
            business=business.name if business else "", reason=version.reason,
            start=month_or_day(version.period_start, version.period_precision), approval=approval,
            counterparty=version.counterparty.name, counterparty_address=version.counterparty.address,
            sent="、".join(sent), received="、".join(received),
            officer=business.privacy_officer_title if business else ""))
    return _document(ward_layout(submission.municipality), "connection_record.html", {"records": records},
                     title=f"電算結合記録票 {submission.title}", author=_author(submission))


_RECORD_KINDS = ["戸籍等事項(氏名、住所、生年月日、本籍、続柄、親族関係、婚歴など)",
                 "社会的地位(職業、勤務先、役職、地位、職歴、学歴、資格など)",
                 "経済活動(収入、財産、納税額、負債状況、公的扶助など)", "心身健康(健康状態、病歴、障害など)",
                 "生活状況(家庭状況、居住状況、趣味・嗜好など)", "知識能力(各種試験成績、勤務成績、学業成績など)",
                 "思想信条(支持政党、宗教、主義・主張など)", "その他()"]
_FORMS = ["閲覧・転記", "文書", "図画", "フィルム", "磁気ディスク等", "電算処理", "その他()"]
_BASES = [("consent", "本人の同意"), ("law", "法令等に定めがある(根拠法令等)"), ("public", "出版、報道等により公にされている"),
          ("emergency", "緊急かつやむをえないと認められる"),
          ("statistics", "専ら統計作成のため、本人の権利利益を不当に侵害するおそれがない"),
          ("council", "審議会事項(年 月 日 諮問第 号)"), ("pre_approval", "審議会事前一括承認基準")]


def _options(options: list[str], chosen) -> Markup:
    """Every option of the form, each with its mark (● chosen, ○ not) drawn beside it rather than written, so the
    options read on as the form prints them."""
    rows = "".join(f'<tr><td class="mark"><span class="mark{" chosen" if chosen(o) else ""}"></span></td>'
                   f"<td>{_markup(o)}</td></tr>" for o in options)
    return Markup(f'<table class="options small">{rows}</table>')


def _out_of_purpose_record(version) -> dict:
    use = version.part
    criterion = version.criterion
    bases = [label if code != "pre_approval" or criterion is None else f"{label}(類型{criterion.type_number})"
             for code, label in _BASES]
    chosen_basis = dict(_BASES).get(version.legal_basis if version.legal_basis in LegalBasis.values else "", None)
    period = (f"{wareki_date(version.period_start)}から{wareki_date(version.period_end)}まで"
              if version.period_start else version.period_note)
    # The form prints the alternative of a use continuing since the ordinance began; it is left blank.
    period = _options([period or "年 月 日から 年 月 日まで", "平成12年4月 日以降継続"],
                      lambda o: o == period)
    kinds = list(version.record_kinds)
    return _fields(
        using_number=_boxes(use.using_business.number), using_department=department_label(use.using_business.department),
        using_business=use.using_business.name, purpose=version.purpose,
        providing_number=_boxes(use.providing_business.number),
        providing_department=department_label(use.providing_business.department),
        providing_business=use.providing_business.name, period=period,
        record_kinds=_options(_RECORD_KINDS, lambda o: any(o.startswith(k) for k in kinds)),
        basis=_options(bases, lambda o: chosen_basis is not None and o.startswith(chosen_basis)),
        forms=_options(_FORMS, lambda o: o in version.forms),
        officer=version.responsible_officer or use.using_business.privacy_officer_title)


def out_of_purpose_record_pdf(version) -> bytes:
    """目的外利用記録票 (第3号様式) of one out-of-purpose use version."""
    use = version.part
    return _document(ward_layout(use.municipality), "out_of_purpose_records.html",
                     {"records": [_out_of_purpose_record(version)]}, title=f"目的外利用記録票 {use}",
                     author=department_label(use.using_business.department))


def submission_out_of_purpose_pdf(submission: Submission) -> bytes:
    """目的外利用記録票 for each out-of-purpose use of the submission."""
    records = [_out_of_purpose_record(part["version"]) for part in submission_view(submission)["parts"]
               if part["kind"] == "out_of_purpose_use"]
    return _document(ward_layout(submission.municipality), "out_of_purpose_records.html", {"records": records},
                     title=f"目的外利用記録票 {submission.title}", author=_author(submission))


def criterion_application_pdf(application: CriterionApplication) -> bytes:
    """目的外利用に関する審議会事前一括承認基準の適用について: the uses one department applied the criterion to on
    one day, with the criterion's examples (the ones these uses added underlined)."""
    using = application.use.using_business
    applications = list(CriterionApplication.objects.filter(
        municipality=application.municipality, use__using_business=using, applied_on=application.applied_on,
        criterion=application.criterion).select_related("use__providing_business__department", "version")
        .order_by("pk"))
    criterion = application.criterion
    providing = [a.use.providing_business for a in applications]
    several = len(applications) > 1

    def numbered(texts):
        return "<br/>".join(f"({n}) {t}" if several else t for n, t in enumerate(texts, 1))

    used = numbered(f"{escape(b.name)}<br/>{_items_markup(list(a.version.items.order_by('order', 'pk')))}"
                    for a, b in zip(applications, providing, strict=True))
    providers = numbered(f"{escape(b.name.removesuffix('業務') + '個人情報')}<br/>{escape(department_label(b.department))}"
                         for b in providing)
    added = {a.example_id for a in applications}
    examples = []
    for example in PreApprovalExample.objects.filter(criterion=criterion).select_related(
            "providing_business", "using_business").order_by("pk"):
        user = f"{escape(example.using_business.name)} ({escape(example.using_business.number)})"
        examples.append(f"○{escape(example.providing_business.name)}({escape(example.providing_business.number)}) "
                        + (f"<u>{user}</u>" if example.pk in added else user))
    fields = _fields(
        applied_on=wareki_date(application.applied_on), summary=application.summary or "—",
        using_department=department_label(using.department), used=_m(used), providers=_m(providers),
        usage_method=applications[0].version.usage_method or "—",
        attachments="\n".join(f"・{a}" for a in application.attachments) or "—",
        type_number=criterion.type_number, description=criterion.description, examples=_m(" ".join(examples)))
    return _document(ward_layout(application.municipality), "criterion_application.html", {"f": fields},
                     title=f"目的外利用に関する審議会事前一括承認基準の適用について {using.name}",
                     author=department_label(using.department))


# name → (file name, renderer)
FORMS = {
    "submission": ("fugi.pdf", submission_pdf),
    "checklists": ("checklists.pdf", checklists_pdf),
    "connection-record": ("densan-ketsugo-kirokuhyo.pdf", connection_record_pdf),
    "out-of-purpose-record": ("mokutekigai-riyo-kirokuhyo.pdf", submission_out_of_purpose_pdf),
}
FORM_TITLES = {"submission": "付議事項", "checklists": "チェックリスト", "connection-record": "電算結合記録票（第5号様式）",
               "out-of-purpose-record": "目的外利用記録票（第3号様式）"}


def submission_forms(submission: Submission) -> list[tuple[str, str]]:
    """(name, title) of the forms the submission has: a form of parts it does not have is not listed."""
    layout = ward_layout(submission.municipality)
    kinds = set(submission.parts.values_list("kind", flat=True))
    forms = [("submission", layout.submission_title)]
    if submission.checklists.exists():
        forms.append(("checklists", FORM_TITLES["checklists"]))
    if "connection" in kinds:
        forms.append(("connection-record", FORM_TITLES["connection-record"]))
    if "out_of_purpose_use" in kinds:
        forms.append(("out-of-purpose-record", FORM_TITLES["out-of-purpose-record"]))
    return forms


def out_of_purpose_forms(use) -> list[tuple[str, str]]:
    forms = [("record", "目的外利用記録票（第3号様式）")]
    if CriterionApplication.objects.filter(use=use).exists():
        forms.append(("criterion-application", "目的外利用に関する審議会事前一括承認基準の適用について"))
    return forms
