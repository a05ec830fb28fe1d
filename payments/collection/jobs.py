"""The payment result file import as a background job (started from the import page)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.jobs.kinds import JobKind, JobResult, register_job_kind
from governance.jobs.models import BackgroundJob
from governance.tenancy.models import Municipality
from payments.collection.services import payment_file_import

PAYMENT_IMPORT = "payment_import"


def _payment_import(*, job: BackgroundJob, progress, stream) -> JobResult:
    """Import the staged file exactly as the page and the command do: validated whole, applied whole."""
    outcome = payment_file_import(
        actor=job.started_by,
        municipality=Municipality.objects.get(pk=job.municipality_id),
        stream=stream,
        filename=job.staged_file.name,
        progress=progress,
        size_hint=job.staged_file.size_bytes,
    )
    summary = {
        "data_records": outcome.result_file.data_count if outcome.status == "imported" else 0,
        **{k: v for k, v in outcome.summary.items() if isinstance(v, int)},
    }
    if outcome.status == "imported":
        summary["receipts_confirmed"] = summary.get("receipts_confirmed", 0) + summary.pop(
            "receipts_confirmed_without_flash", 0
        )
        summary["cases_opened"] = sum(v for k, v in outcome.summary.items() if k.startswith("cases_"))
    entry = outcome.ledger_entry
    return JobResult(
        summary=summary,
        message=outcome.message,
        result_url=reverse("exchange-ledger-entry", args=[entry.pk]) if entry else "",
    )


def _ledger_entry_of(error) -> str:
    entry_id = (error.details or {}).get("ledger_entry_id")
    return reverse("exchange-ledger-entry", args=[entry_id]) if entry_id else ""


def payment_import_kind_register() -> None:
    register_job_kind(
        JobKind(
            name=PAYMENT_IMPORT,
            title=_("Payment result file import"),
            body=_payment_import,
            counts={
                "data_records": _("Data records"),
                "records_new": _("New records"),
                "records_duplicate": _("Already imported (unchanged)"),
                "receipts_provisional": _("Provisional receipts"),
                "receipts_confirmed": _("Confirmed receipts"),
                "receipts_reversed": _("Reversed receipts"),
                "cases_opened": _("Cases opened"),
            },
            stages={
                "hashing": _("Reading the file"),
                "scanning": _("Checking and writing the records"),
                "reconciling": _("Reconciling"),
            },
            start_url="payments-import",
            upload_missing=_("Choose a file to import."),
            notify_refusal=True,
            refusal_url=_ledger_entry_of,
        )
    )
