"""Demo babysitter subsidy for 新宿区 (seed 004): certified companies and eligible sitters, the LoGo form's mapping,
a demo LoGo CSV export (``demo_logo_csv``, also what ``make_demo_logo_csv`` writes and the benchmark reads), and
its import.

The seed's contract ran 令和6年7月26日–令和7年3月31日 "and likewise in later years". The demo's committee approves
the amendment (the LoGo form) at 令和6年度第4回, and the department's renewal for the fiscal year of the day the demo
is loaded is approved after it (``contract_renewal_load``), so the amended version is in force and in its period:
the file imports on the first load. Where the amendment is left waiting (the committee's review walk), the gate's
dry run says no and the demo imports nothing (an import then is denied, nothing stored); loading the demo again
once the committee has approved it renews the contract and imports the file.
"""

import datetime
import random

from django.conf import settings
from django.utils import timezone

from childcare.subsidy.contracts import BUSINESS_NAME, subsidy_contract
from childcare.subsidy.logo import DEFAULT_COLUMNS
from childcare.subsidy.models import Application, EligibleSitter, LogoFormMapping, SitterCompany
from childcare.subsidy.rules import fiscal_year
from common.csv import csv_bytes
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import User

DEMO_FORM = "ベビーシッター利用支援事業 助成金交付申請"
COMPANIES = [("C001", "さくらベビーシッター株式会社", 3000, datetime.date(2024, 4, 1), None),
             ("C002", "みらいキッズケア株式会社", 2800, datetime.date(2025, 4, 1), None),
             ("C003", "ひだまりシッターサービス株式会社", 2600, datetime.date(2023, 4, 1), datetime.date(2026, 3, 31))]
SITTERS = [("C001", f"S{n:04d}") for n in range(1, 21)] + [("C002", f"M{n:04d}") for n in range(1, 11)] + [
    ("C003", "H0001")]
SURNAMES = [("山田", "ヤマダ"), ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
            ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ")]
PARENTS = [("花子", "ハナコ"), ("健一", "ケンイチ"), ("美咲", "ミサキ"), ("大輔", "ダイスケ"), ("由美", "ユミ")]
CHILDREN = ["陽向", "結衣", "蓮", "葵", "湊", "凛", "朝陽", "紬"]
BANKS = [("0001", "001"), ("0005", "001"), ("0009", "001"), ("0010", "005")]


def _use_day(today: datetime.date, back: int) -> datetime.date:
    """A day ``back`` days before today, but not before the fiscal year began (the rules refuse other years)."""
    start = datetime.date(fiscal_year(today), 4, 1)
    return max(start, today - datetime.timedelta(days=back))


def demo_logo_csv(*, count: int, today: datetime.date | None = None, seed: int = 4, uses: int = 3,
                  encoding: str = "utf-8") -> bytes:
    """A LoGo export of ``count`` answers with the demo form's labels. The first two answers are the walk-through's:
    a use of 21:00–23:30 (1 h × ¥2,500 + 1 h × ¥3,500) and a daytime use; the third claims the first's hours again
    (a duplicate). ``encoding`` "cp932" writes it as Shift_JIS, as some LoGo downloads are."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    use_labels = [DEFAULT_COLUMNS[n].replace("{n}", str(i)) for i in range(1, uses + 1)
                  for n in ("use_date", "use_start", "use_end", "company_code", "sitter_number", "care_charge",
                            "excluded", "discount")]
    header = [DEFAULT_COLUMNS[n] for n in ("answer_id", "submitted_on", "applicant_name", "applicant_address",
                                            "applicant_birth_date", "applicant_phone", "applicant_email",
                                            "bank_code", "branch_code", "account_kind", "account_number",
                                            "account_holder", "child_name", "child_birth_date",
                                            "multiple_birth")] + use_labels
    rows = []
    for i in range(count):
        surname, surname_kana = SURNAMES[i % len(SURNAMES)]
        parent, parent_kana = PARENTS[(i // len(SURNAMES)) % len(PARENTS)]
        child = CHILDREN[(i // 3) % len(CHILDREN)]
        bank, branch = BANKS[i % len(BANKS)]
        child_birth = datetime.date(today.year - 1 - i % 5, 1 + i % 12, 1 + i % 28)
        if i == 2:  # the duplicate claims the first answer's child and hours
            surname, surname_kana, parent, parent_kana, child = *SURNAMES[0], *PARENTS[0], CHILDREN[0]
            child_birth = datetime.date(today.year - 1, 1, 1)
        cells = [f"{100001 + i}", f"{today:%Y/%m/%d} 10:{i % 60:02d}:00", f"{surname} {parent}",
                 f"東京都新宿区西新宿{1 + i % 8}-{1 + i % 30}-{1 + i % 9}", f"{1985 + i % 10}/{1 + i % 12:02d}/15",
                 f"090-{1000 + i % 9000:04d}-{i % 10000:04d}", f"demo{i}@example.jp", bank, branch, "普通",
                 f"{1000000 + i:07d}", f"{surname_kana} {parent_kana}", f"{surname} {child}",
                 f"{child_birth:%Y/%m/%d}", "いいえ"]
        for n in range(uses):
            if i in (0, 2) and n == 0:
                cells += [f"{_use_day(today, 10):%Y/%m/%d}", "21:00", "23:30", "C001", "S0001", "9000", "1000", "0"]
            elif i in (0, 2) or n >= 1 + i % uses:
                cells += [""] * 8
            else:
                start = rng.choice([8, 9, 10, 13, 18])
                hours = rng.choice([2, 3, 4])
                company, sitter, price = (("C001", f"S{1 + i % 20:04d}", 3000) if i % 3 else
                                          ("C002", f"M{1 + i % 10:04d}", 2800))
                cells += [f"{_use_day(today, 3 + 7 * n + i % 5):%Y/%m/%d}", f"{start:02d}:00",
                          f"{start + hours:02d}:30", company, sitter, f"{price * hours + price // 2}",
                          f"{rng.choice([0, 0, 550, 1100])}", f"{rng.choice([0, 0, 500])}"]
        rows.append(cells)
    content = csv_bytes(header, rows)
    return content if encoding == "utf-8" else content.decode("utf-8").lstrip("\ufeff").encode(encoding)


def demo_file_path():
    return settings.VAR_DIR / "demo" / "logo-demo.csv"


def contract_renewal_load(*, contract, staff: User) -> bool:
    """This fiscal year's renewal of seed 004's contract (次年度以降も、同様の業務委託を行う), drafted by the
    department and approved by the committee, once the amendment (the LoGo form) is approved and its period has
    ended. The renewal is an amendment of the approved submission that changes only the period. True if made."""
    from governance.committee import services as committee
    from governance.committee import transitions
    from governance.committee.checklists import template_get
    from governance.committee.models import CommitteeMeeting, Submission, SubmissionState
    from governance.committee.selectors import approval_for_part
    from governance.registry.versioning import registry_part_update
    from governance.tenancy.models import Membership, Role

    approval = approval_for_part(contract)
    year = fiscal_year(timezone.localdate())
    if approval is None or approval.version.number < 2 or (approval.version.period_end and
                                                           approval.version.period_end.year > year):
        return False
    approved = Submission.objects.filter(parts__contract=contract, state=SubmissionState.APPROVED).order_by("-pk") \
        .first()
    member = Membership.objects.filter(municipality_id=contract.municipality_id, role=Role.COMMITTEE_MEMBER) \
        .order_by("pk").first().user
    renewal = transitions.amendment_create(approved=approved, actor=staff, data={
        "title": f"{approved.title}（{year}年度更新）"})
    registry_part_update(part=contract, actor=staff, content={
        "period_start": f"{year}-04-01", "period_end": f"{year + 1}-03-31",
        "period_note": f"{year}年4月1日から{year + 1}年3月31日まで（次年度以降も、同様の業務委託を行う。）"})
    for checklist in renewal.checklists.all():
        committee.checklist_answer(submission=renewal, checklist_id=checklist.pk, actor=staff, answers=[
            {"code": item.code, "answer": "○"} for item in template_get(checklist.template).items])
    meeting = CommitteeMeeting.objects.filter(municipality_id=contract.municipality_id, fiscal_year=year).first() \
        or committee.meeting_create(municipality=contract.municipality, fiscal_year=year, number=1,
                                    held_on=datetime.date(year, 5, 20))
    committee.submission_schedule(submission=renewal, meeting=meeting, agenda_number=None, actor=member)
    transitions.submission_submit(submission=renewal, actor=staff)
    transitions.submission_review_start(submission=renewal, actor=member)
    transitions.submission_decide(submission=renewal, outcome="approve", actor=member, meeting=meeting)
    return True


def subsidy_demo_load() -> dict[str, int]:
    """Companies, sitters, the form's mapping, this year's period on the amendment, the demo CSV and its import."""
    from childcare.subsidy.selectors import subsidy_actor
    from childcare.subsidy.services import document_add, logo_import, logo_import_check

    added = {"subsidy companies": 0, "subsidy applications": 0}
    business = RegisteredBusiness.objects.filter(name=BUSINESS_NAME, municipality__name="新宿区").first()
    if business is None:
        return added
    tenant = business.municipality_id
    for code, name, price, since, until in COMPANIES:
        _company, created = SitterCompany.objects.get_or_create(
            municipality_id=tenant, code=code, defaults={"name": name, "hourly_price_yen": price,
                                                         "certified_from": since, "certified_until": until})
        added["subsidy companies"] += created
    companies = {c.code: c for c in SitterCompany.objects.filter(municipality_id=tenant)}
    for code, number in SITTERS:
        EligibleSitter.objects.get_or_create(company=companies[code], number=number,
                                             defaults={"eligible_from": datetime.date(2024, 4, 1)})
    staff = User.objects.get(username="shien")
    if not LogoFormMapping.objects.filter(municipality_id=tenant, form=DEMO_FORM).exists():
        LogoFormMapping.objects.create(municipality_id=tenant, form=DEMO_FORM, version=1, columns=DEFAULT_COLUMNS,
                                       created_by=staff)
    contract = subsidy_contract(business=business)
    added["subsidy renewals"] = int(contract_renewal_load(contract=contract, staff=staff))
    path = demo_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(demo_logo_csv(count=12))
    who = subsidy_actor(actor=staff, municipality_id=tenant)
    # Asked first without moving anything, so that loading the demo again writes no denial while the amendment waits.
    if not Application.objects.filter(municipality_id=tenant).exists() and logo_import_check(who=who).allow:
        result = logo_import(who=who, form=DEMO_FORM, content=path.read_bytes(), filename=path.name)
        added["subsidy applications"] = result.created
    first = Application.objects.filter(municipality_id=tenant, answer_id="100001").first()
    added["subsidy documents"] = 0
    if first is not None and not first.documents.exists():
        document_add(who=who, application_id=first.pk, kind="receipt", name="領収書_さくらベビーシッター.pdf",
                     content=demo_receipt_pdf(first))
        added["subsidy documents"] = 1
    return added


def demo_receipt_pdf(application: Application) -> bytes:
    """The company's receipt for the walk-through's first application (a one-page PDF)."""
    import io

    from reportlab.lib.pagesizes import A5
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "HeiseiKakuGo-W5" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    use = application.uses.order_by("line").first()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    pdf.setTitle("領収書")
    pdf.setFont("HeiseiKakuGo-W5", 18)
    pdf.drawCentredString(A5[0] / 2, A5[1] - 60, "領 収 書")
    pdf.setFont("HeiseiKakuGo-W5", 11)
    lines = [f"{application.applicant_name} 様", "",
             f"金額　{use.care_charge_yen + use.excluded_yen - use.discount_yen:,}円",
             f"内訳　保育料 {use.care_charge_yen:,}円／交通費 {use.excluded_yen:,}円",
             f"利用日　{use.used_on:%Y年%m月%d日} {use.starts_at:%H:%M}～{use.ends_at:%H:%M}",
             "", "さくらベビーシッター株式会社（東京都認定事業者 C001）"]
    for n, text in enumerate(lines):
        pdf.drawString(40, A5[1] - 110 - 20 * n, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
