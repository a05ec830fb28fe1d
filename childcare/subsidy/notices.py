"""Decision notices (交付決定通知書 / 不交付決定通知書) as PDF, one page per application, 和暦 dates; a batch is one
file. Issuing a notice reads the applicant's name and address (recorded) and marks the application notified."""

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from childcare.subsidy.access import PURPOSE_NOTICE, applications_read
from childcare.subsidy.errors import SubsidyConflict
from childcare.subsidy.models import Application, ApplicationState, DecisionOutcome
from childcare.subsidy.selectors import SubsidyActor
from childcare.subsidy.services import applications_notified
from common.wareki import wareki_date, wareki_fiscal_year

JAPANESE = "HeiseiMin-W3"
TITLES = {DecisionOutcome.APPROVED: "ベビーシッター利用支援事業助成金交付決定通知書",
          DecisionOutcome.PARTLY: "ベビーシッター利用支援事業助成金交付決定通知書",
          DecisionOutcome.REFUSED: "ベビーシッター利用支援事業助成金不交付決定通知書"}


def _font() -> str:
    if JAPANESE not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(JAPANESE))
    return JAPANESE


def _page(pdf: canvas.Canvas, application: Application, values: dict, ward: str) -> None:
    jp = _font()
    left, top = 25 * mm, A4[1] - 25 * mm
    pdf.setFont(jp, 10.5)
    pdf.drawRightString(A4[0] - 25 * mm, top, f"{wareki_date(application.decided_on)}")
    pdf.drawString(left, top - 12 * mm, values.get("applicant.address") or "")
    pdf.drawString(left, top - 19 * mm, f"{values.get('applicant.name', '')} 様")
    pdf.drawRightString(A4[0] - 25 * mm, top - 30 * mm, f"{ward}長")
    pdf.setFont(jp, 14)
    pdf.drawCentredString(A4[0] / 2, top - 48 * mm, TITLES[application.outcome])
    pdf.setFont(jp, 10.5)
    y = top - 62 * mm
    granted = application.outcome != DecisionOutcome.REFUSED
    lead = ("次のとおり助成金を交付することに決定しましたので通知します。" if granted else
            "次の理由により助成金を交付しないことに決定しましたので通知します。")
    year = wareki_fiscal_year(application.fiscal_year)
    pdf.drawString(left, y, f"{wareki_date(application.submitted_on)}付けで申請のあった{year}"
                            "ベビーシッター利用支援事業助成金について、")
    pdf.drawString(left, y - 6 * mm, lead)
    y -= 18 * mm
    rows = [("申請番号", application.answer_id), ("児童氏名", values.get("child.name", "")),
            ("交付決定額", f"{application.decided_yen or 0:,}円")]
    for label, text in rows:
        pdf.drawString(left, y, label)
        pdf.drawString(left + 35 * mm, y, str(text))
        y -= 7 * mm
    y -= 4 * mm
    pdf.drawString(left, y, "内訳")
    y -= 7 * mm
    for use in application.uses.order_by("line"):
        if use.excluded:
            text = "対象外（決定により除外）"
        else:
            text = (f"日中 {use.day_hours}時間×2,500円 ＋ 夜間 {use.night_hours}時間×3,500円 まで"
                    f" → {use.amount_yen:,}円")
        pdf.drawString(left + 5 * mm, y, f"利用{use.line}（{wareki_date(use.used_on)} "
                                         f"{use.starts_at:%H:%M}～{use.ends_at:%H:%M}）: {text}")
        y -= 6 * mm
    for refusal in application.refusals:
        pdf.drawString(left + 5 * mm, y, refusal["message"][:60])
        y -= 6 * mm
    if application.decision_reason:
        y -= 4 * mm
        pdf.drawString(left, y, f"理由: {application.decision_reason}")
    pdf.showPage()


def notices_pdf(*, who: SubsidyActor, applications: Sequence[Application]) -> bytes:
    """One PDF with the notice of every decided application given (in order); they become notified."""
    applications = list(applications)
    undecided = [a.pk for a in applications if a.state not in (ApplicationState.DECIDED, ApplicationState.NOTIFIED,
                                                                ApplicationState.PAID)]
    if undecided or not applications:
        raise SubsidyConflict(
            _(
                "Only decided applications have a notice (not: %(undecided)s)"
            )
            % {
                "undecided": undecided,
            },
                              code="subsidy.not_decided")
    views = applications_read(who=who, applications=applications, purpose=PURPOSE_NOTICE,
                              fields=["applicant.name", "applicant.address", "child.name"])
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("交付決定通知書")
    pdf.setCreator("Mimamori")
    ward = who.business.municipality.name
    for application, view in zip(applications, views, strict=True):
        _page(pdf, application, view.values, ward)
    pdf.save()
    applications_notified(who=who, applications=applications)
    return buffer.getvalue()

