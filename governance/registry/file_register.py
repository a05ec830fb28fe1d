"""個人情報ファイル簿 — the file register of a tenant, as CSV (UTF-8 with BOM, for Excel) and as PDF.

One row per registered business: number, name, owning department, purpose, items, sources (where the
data comes from), recipients (parties it is provided to) and subject count. Sources and recipients are read
off the business's data-flow graph and its out-of-purpose uses, so the register says what the registry says.

Exporting reads registry metadata, not personal data about a subject; it is still recorded as an audit
event (who exported which tenant's register, in which format, how many businesses).
"""

import datetime
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from audit.services import audit_record
from common.csv import csv_bytes
from common.errors import InvalidInput
from common.wareki import wareki_date
from governance.registry import selectors
from governance.registry.diagram import items_by_subject
from governance.registry.models import OutOfPurposeUse, RegisteredBusiness
from governance.registry.pages import registry_tenant
from governance.registry.selectors import SUBJECTS, WARD, flow_graph
from governance.registry.versioning import version_latest
from governance.tenancy.models import Municipality, User

FILE_REGISTER_EVENTS = {"governance.file_register.exported": "The 個人情報ファイル簿 (file register) was exported"}
GOTHIC, MINCHO = "HeiseiKakuGo-W5", "HeiseiMin-W3"
COLUMNS = ["業務登録番号", "業務名", "保有課", "利用目的", "記録項目", "収集元", "提供先", "対象者数"]


@dataclass(frozen=True)
class FileRegisterRow:
    number: str
    name: str
    department: str
    purpose: str
    items: str
    sources: list[str]
    recipients: list[str]
    subject_count: str

    def as_list(self) -> list[str]:
        return [self.number, self.name, self.department, self.purpose, self.items, "、".join(self.sources),
                "、".join(self.recipients), self.subject_count]


def _items_text(business: RegisteredBusiness) -> str:
    items = items_by_subject([i.qualified_label for i in business.items.order_by("order", "pk")])
    if items:
        return " / ".join(f"{subject}: {'、'.join(labels)}" for subject, labels in items)
    # Seed 000 lists its items in an attachment (資料74-2のとおり): say where, rather than nothing.
    references = []
    for part in [*business.processing_activities.all(), *business.connections.all(), *business.contracts.all()]:
        reference = version_latest(part=part).items_reference
        if reference and reference not in references:
            references.append(reference)
    return "、".join(references)


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))


def _sources_and_recipients(business: RegisteredBusiness) -> tuple[list[str], list[str]]:
    graph = flow_graph(business=business)
    labels = {node["id"]: node["label"] for node in graph["nodes"]}
    sources, recipients = [], []
    for edge in graph["edges"]:
        if edge["target"] == WARD and edge["source"] != SUBJECTS:
            sources.append(labels[edge["source"]])
        if edge["source"] == SUBJECTS:
            sources.append(f"本人（{labels[edge['target']]}が収集）")
    # Every party the business's data reaches along the flow (vendors, stores, operators, the chain).
    recipients = [node["label"] for node in graph["nodes"] if node["kind"] == "party"]
    uses = OutOfPurposeUse.objects.filter(municipality=business.municipality).select_related(
        "using_business", "providing_business")
    for use in uses:
        if use.using_business_id == business.pk:
            sources.append(f"{use.providing_business}（目的外利用）")
        if use.providing_business_id == business.pk:
            recipients.append(f"{use.using_business}（目的外利用）")
    return _unique(sources), _unique(recipients)


def _subject_count(business: RegisteredBusiness) -> str:
    # The document's own wording (約6,000人/年, 児童数 2,524人…) says more than the bare total.
    if business.subject_count_note:
        return business.subject_count_note
    return f"{business.subject_count:,}人" if business.subject_count is not None else ""


def file_register_rows(*, actor: User, municipality: Municipality) -> list[FileRegisterRow]:
    """The file register of a tenant the actor reads: one row per registered business, by number."""
    businesses = selectors.business_list(actor=actor, municipality=municipality.pk).order_by("number", "name")
    rows = []
    for business in businesses:
        sources, recipients = _sources_and_recipients(business)
        rows.append(FileRegisterRow(
            number=business.number, name=business.name, department=str(business.department),
            purpose=business.purpose, items=_items_text(business), sources=sources, recipients=recipients,
            subject_count=_subject_count(business)))
    return rows


def file_register_csv(rows: list[FileRegisterRow]) -> bytes:
    """The register as the shared export CSV: a BOM for Excel, and registry text never run as a formula."""
    return csv_bytes(COLUMNS, (row.as_list() for row in rows))


def _fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (GOTHIC, MINCHO):
        if name not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont(name))


def file_register_pdf(rows: list[FileRegisterRow], *, municipality: Municipality, as_of: datetime.date) -> bytes:
    """The register as PDF: a cover (tenant, date in 和暦, number of businesses), then one table row per business."""
    _fonts()
    title = ParagraphStyle("title", fontName=GOTHIC, fontSize=26, leading=34, alignment=TA_CENTER)
    cover = ParagraphStyle("cover", fontName=MINCHO, fontSize=14, leading=22, alignment=TA_CENTER)
    head = ParagraphStyle("head", fontName=GOTHIC, fontSize=8, leading=10, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=MINCHO, fontSize=7.5, leading=9.5, wordWrap="CJK")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=f"個人情報ファイル簿 {municipality}",
                            author=str(municipality))
    story = [Spacer(1, 50 * mm), Paragraph("個人情報ファイル簿", title), Spacer(1, 14 * mm),
             Paragraph(escape(str(municipality)), cover),
             Paragraph(f"{wareki_date(as_of)} 現在", cover),
             Paragraph(f"登録業務 {len(rows)}件", cover), PageBreak()]
    widths = [18 * mm, 32 * mm, 30 * mm, 48 * mm, 70 * mm, 26 * mm, 30 * mm, 23 * mm]
    data = [[Paragraph(c, head) for c in COLUMNS]]
    for row in rows:
        data.append([Paragraph(escape(value), cell) for value in row.as_list()])
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6efe9")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story.append(table)

    def footer(canvas, document):
        canvas.setFont(GOTHIC, 8)
        canvas.drawRightString(landscape(A4)[0] - 10 * mm, 6 * mm, f"{municipality} 個人情報ファイル簿 {document.page}")

    doc.build(story, onFirstPage=lambda c, d: None, onLaterPages=footer)
    return buffer.getvalue()


@transaction.atomic
def file_register_export(*, actor: User, municipality, fmt: str) -> tuple[bytes, str, str]:
    """The tenant's file register as ("csv" | "pdf") bytes, content type and file name; records the export."""
    if fmt not in ("csv", "pdf"):
        raise InvalidInput(_("The format must be csv or pdf, not %(fmt)s") % {"fmt": f"{fmt!r}"}, field="format")
    tenant = registry_tenant(actor=actor, municipality=municipality)
    rows = file_register_rows(actor=actor, municipality=tenant)
    as_of = timezone.localdate()
    if fmt == "csv":
        content, content_type = file_register_csv(rows), "text/csv; charset=utf-8"
    else:
        content, content_type = file_register_pdf(rows, municipality=tenant, as_of=as_of), "application/pdf"
    audit_record("governance.file_register.exported", obj=tenant, tenant_id=tenant.pk,
                 data={"format": fmt, "businesses": len(rows)})
    return content, content_type, f"file-register-{tenant.code}-{as_of.isoformat()}.{fmt}"
