"""Reports exported from the payments pages."""

from django.db import transaction
from django.http import HttpResponse

from audit.services import audit_record
from common.csv import csv_response


def csv_report(name: str, header: list[str], rows) -> HttpResponse:
    """A report as a CSV download, recorded as exported with its row count."""
    rows = list(rows)
    response = csv_response(f"{name}.csv", header, rows)
    with transaction.atomic():
        audit_record("payments.report.exported", data={"report": name, "rows": len(rows)})
    return response
