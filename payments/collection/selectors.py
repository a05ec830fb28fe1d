"""Reads for payments, narrowed to the departments the actor works for (the tenant follows)."""

import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from common.errors import NotFound
from payments.catalog.access import staff_department_ids
from payments.collection.models import CaseStatus, Receipt, ReceiptStatus, ReconciliationCase, ResultFile

ACTIVE = (ReceiptStatus.PROVISIONAL, ReceiptStatus.CONFIRMED)


def receipt_scope(actor) -> QuerySet[Receipt]:
    return Receipt.objects.filter(department_id__in=staff_department_ids(actor))


def receipts_by_channel(*, actor, day: datetime.date) -> list[dict]:
    """Receipts paid on ``day`` (not reversed), per channel: count and yen."""
    return list(receipt_scope(actor).filter(paid_on=day, status__in=ACTIVE)
                .values("channel_kind", "channel__name")
                .annotate(count=Count("id"), amount=Sum("amount")).order_by("channel_kind", "channel__name"))


def expected_credits(*, actor, since: datetime.date | None = None) -> list[dict]:
    """Σ confirmed receipts per 支払予定日: what the bank statement should show that day."""
    rows = receipt_scope(actor).filter(status=ReceiptStatus.CONFIRMED, transfer_date__isnull=False)
    if since:
        rows = rows.filter(transfer_date__gte=since)
    return list(rows.values("transfer_date").annotate(count=Count("id"), amount=Sum("amount"))
                .order_by("transfer_date"))


def monthly_totals(*, actor, fiscal_year: int) -> list[dict]:
    """Receipts attributed to a fiscal year, per month of payment and fee type (provisional and confirmed)."""
    return list(receipt_scope(actor).filter(fiscal_year=fiscal_year, status__in=ACTIVE)
                .annotate(month=TruncMonth("paid_on")).values("month", "fee_type__name")
                .annotate(count=Count("id"), confirmed=Sum("amount", filter=Q(status=ReceiptStatus.CONFIRMED)),
                          total=Sum("amount"))
                .order_by("month", "fee_type__name"))


def case_list(*, actor, status: str | None = CaseStatus.OPEN) -> QuerySet[ReconciliationCase]:
    """Reconciliation cases of the actor's departments (open ones by default)."""
    cases = ReconciliationCase.objects.filter(department_id__in=staff_department_ids(actor)).select_related(
        "slip__fee_type", "receipt", "record")
    return cases.filter(status=status) if status else cases


def case_get(*, actor, case_id: int) -> ReconciliationCase:
    case = case_list(actor=actor, status=None).filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No case %(case_id)s among your department's cases") % {"case_id": case_id})
    return case


def result_file_list(*, actor) -> QuerySet[ResultFile]:
    """Imported files of the tenants where the actor is department staff."""
    from governance.tenancy.models import Department

    tenants = Department.objects.filter(pk__in=staff_department_ids(actor)).values("municipality_id")
    return ResultFile.objects.filter(municipality_id__in=tenants)
