"""Reports exported from the payments pages."""

import csv

from django.db import transaction
from django.http import HttpResponse

from audit.services import audit_record


def csv_report(name: str, header: list[str], rows) -> HttpResponse:
    """A report as a CSV download, recorded as exported with its row count."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    with transaction.atomic():
        audit_record("payments.report.exported", data={"report": name, "rows": count})
    return response
