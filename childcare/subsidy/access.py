"""THE one place that reads the subsidy's personal fields: only those the actor may read (ward staff every one,
the contractor those its approved contract lists), with one access event per response naming the applications
and the field names shown, never values."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from audit.services import record_access
from childcare.subsidy.errors import SubsidyRefused
from childcare.subsidy.fields import DOCUMENT_FIELDS, FIELDS
from childcare.subsidy.models import Application, Document, Inquiry
from childcare.subsidy.selectors import SubsidyActor

PURPOSE_LIST = "childcare.subsidy.list"
PURPOSE_DETAIL = "childcare.subsidy.detail"
PURPOSE_NOTICE = "childcare.subsidy.notice"
PURPOSE_TRANSFER = "childcare.subsidy.transfer"
PURPOSE_INQUIRY = "childcare.subsidy.inquiry"
PURPOSE_DOCUMENT = "childcare.subsidy.document"


@dataclass(frozen=True)
class ApplicationView:
    pk: int
    answer_id: str
    state: str
    submitted_on: datetime.date
    values: dict[str, Any]  # field name → value, only the fields shown
    withheld: tuple[str, ...]


def applications_read(*, who: SubsidyActor, applications: Sequence[Application], fields: Sequence[str],
                      purpose: str, channel: str | None = None) -> list[ApplicationView]:
    """Open the permitted ``fields`` of the applications and record one access event for them all."""
    shown = [FIELDS[n] for n in dict.fromkeys(fields) if n in who.readable and FIELDS[n].name != "inquiry.content"]
    withheld = tuple(n for n in fields if n not in who.readable)
    views = [ApplicationView(a.pk, a.answer_id, a.state, a.submitted_on,
                             {f.name: getattr(a, f.attribute) for f in shown}, withheld) for a in applications]
    if views and shown:
        record_access(subjects=list(applications), fields=[f.name for f in shown], purpose=purpose,
                      tenant_id=who.municipality_id, channel=channel)
    return views


@dataclass(frozen=True)
class InquiryView:
    pk: int
    recorded_at: datetime.datetime
    recorded_by: str
    content: str | None  # None: withheld from this actor


def inquiries_read(*, who: SubsidyActor, application: Application, channel: str | None = None) -> list[InquiryView]:
    """The call-centre log of an application, read and recorded as one access event."""
    inquiries: list[Inquiry] = list(application.inquiries.select_related("recorded_by"))
    readable = "inquiry.content" in who.readable
    views = [InquiryView(i.pk, i.recorded_at, i.recorded_by.username, i.content if readable else None)
             for i in inquiries]
    if inquiries and readable:
        record_access(subjects=[application, *inquiries], fields=["inquiry.content"], purpose=PURPOSE_INQUIRY,
                      tenant_id=who.municipality_id, channel=channel)
    return views


def document_openable(*, who: SubsidyActor, document: Document) -> bool:
    """Whether the actor may open the document: ward staff any, the contractor those its approved items cover."""
    return who.ward_staff or set(DOCUMENT_FIELDS[document.kind]) <= who.readable


def document_open(*, who: SubsidyActor, document: Document, channel: str | None = None) -> bytes:
    """The decrypted content of a document, its read recorded (the fields its kind shows, never its name)."""
    if not document_openable(who=who, document=document):
        raise SubsidyRefused(_("The approved contract does not list every item this document shows (%(kind)s) for "
                               "your company") % {"kind": document.get_kind_display()},
                             code="subsidy.item_not_approved")
    content = bytes(document.content)
    record_access(subjects=[document.application, document], fields=list(DOCUMENT_FIELDS[document.kind]),
                  purpose=PURPOSE_DOCUMENT, tenant_id=who.municipality_id, channel=channel)
    return content
