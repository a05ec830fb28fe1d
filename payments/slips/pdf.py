"""Payment slips (納付書) as PDF: Japanese text, 和暦 fiscal year, the GS1-128 symbol and its two-line text.

The symbol is Code 128 (start C, FNC1, 22 digit pairs, symbol check, stop = 288 modules) at a
module of 0.19 mm: 54.7 mm of bars plus 10-module quiet zones, inside the 60 mm a store scanner expects.
"""

import io
from collections.abc import Callable

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from common.wareki import wareki_date, wareki_fiscal_year
from payments.slips.barcode import barcode_parse
from payments.slips.models import Slip

MODULE = 0.19 * mm
QUIET_MODULES = 10
FNC1 = "\xf1"
JAPANESE = "HeiseiKakuGo-W5"
SLIPS_PER_PAGE = 3


def _font() -> str:
    if JAPANESE not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(JAPANESE))
    return JAPANESE


def gs1_128(digits: str) -> Code128:
    """The Code 128 symbol of a slip barcode, FNC1 first (GS1-128)."""
    return Code128(FNC1 + digits, barWidth=MODULE, barHeight=13 * mm, quiet=1,
                   lquiet=QUIET_MODULES * MODULE, rquiet=QUIET_MODULES * MODULE)


def _draw_slip(pdf: canvas.Canvas, slip: Slip, top: float) -> None:
    jp = _font()
    left = 18 * mm
    barcode = barcode_parse(slip.barcode)
    pdf.setLineWidth(0.5)
    pdf.rect(left - 6 * mm, top - 86 * mm, 186 * mm, 84 * mm)
    pdf.setFont(jp, 14)
    pdf.drawString(left, top - 12 * mm, f"{slip.fee_type.name} 納付書")
    pdf.setFont(jp, 10)
    pdf.drawRightString(left + 174 * mm, top - 12 * mm, f"{slip.municipality.name}")
    # 宛名: the payer's address and name (decrypted here; the caller records the access).
    payer = slip.charge.payer
    erased = payer.erased  # after retention only the reference number is left to address it to
    pdf.setFont(jp, 9)
    pdf.drawString(left + 100 * mm, top - 22 * mm, "" if erased else payer.address or "")
    pdf.setFont(jp, 12)
    addressee = payer.reference_number if erased else payer.name or payer.reference_number
    pdf.drawString(left + 100 * mm, top - 29 * mm, f"{addressee} 様")
    rows = [
        ("年度", wareki_fiscal_year(slip.fiscal_year)),
        ("納付書番号", f"{slip.fiscal_year}-{slip.slip_number:010d}-{slip.reissue}"
                       + (f"（再発行 {slip.reissue}回目）" if slip.reissue else "")),
        ("納付義務者番号", slip.charge.payer.reference_number),
        ("金額", f"{slip.amount:,}円"),
        ("納期限", wareki_date(slip.due_date)),
        ("取扱期限", f"{wareki_date(slip.handling_deadline)}（コンビニ・スマホ決済）"),
    ]
    y = top - 22 * mm
    for label, value in rows:
        pdf.setFont(jp, 9)
        pdf.drawString(left, y, label)
        pdf.setFont(jp, 11)
        pdf.drawString(left + 30 * mm, y, value)
        y -= 6.5 * mm
    symbol = gs1_128(slip.barcode)
    x = left + 100 * mm
    symbol.drawOn(pdf, x, top - 58 * mm)
    line1, line2 = barcode.human_readable()
    pdf.setFont("Courier", 8)
    pdf.drawString(x + QUIET_MODULES * MODULE, top - 62 * mm, line1)
    pdf.drawString(x + QUIET_MODULES * MODULE, top - 66 * mm, line2)
    pdf.setFont(jp, 7)
    pdf.drawString(left, top - 80 * mm, "このバーコードはコンビニエンスストア・スマートフォン決済で"
                                        "取扱期限までお使いいただけます。公金のため収入印紙は不要です。")


def slips_pdf(slips: list[Slip], *, progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """One PDF with every slip given (three to an A4 page); ``progress(done, total, "rendering")`` is told of each
    slip drawn (out of band), and of the whole once the file is written."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle("納付書")
    _, height = A4
    total = len(slips) + 1  # the last step writes the file: the bar ends only when the PDF exists
    for index, slip in enumerate(slips):
        if index and index % SLIPS_PER_PAGE == 0:
            pdf.showPage()
        _draw_slip(pdf, slip, height - 10 * mm - (index % SLIPS_PER_PAGE) * 92 * mm)
        if progress is not None:
            progress(index + 1, total, "rendering")
    pdf.showPage()
    pdf.save()
    if progress is not None:
        progress(total, total, "rendering")
    return out.getvalue()
