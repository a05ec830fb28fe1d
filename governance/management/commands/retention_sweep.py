"""manage.py retention_sweep — remove records whose retention period has ended (or list them with --dry-run)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.context import Channel, bound
from common.errors import ApplicationError
from governance.retention.sweeper import DEFAULT_BATCH_SIZE, BatchReport, sweep
from governance.tenancy.models import Municipality


class Command(BaseCommand):
    help = ("Delete, crypto-shred or anonymise every record whose retention period ended, as the tenants' "
            "retention rules say; batch by batch, each batch its own short transaction. Interrupted? Run it "
            "again with the same --as-of: it resumes. --dry-run lists what would go and changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the expired records; remove nothing")
        parser.add_argument("--as-of", metavar="YYYY-MM-DD",
                            help="Count periods up to this day instead of today (moves the clock)")
        parser.add_argument("--tenant", metavar="CODE",
                            help="Only this municipality (全国地方公共団体コード, e.g. 131202)")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args, dry_run, as_of, tenant, batch_size, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError(_("--as-of must be a date like 2031-04-01, not '%(value)s'") % {"value": as_of}) from exc
        tenant_id = None
        if tenant:
            municipality = Municipality.objects.filter(code=tenant).first()
            if municipality is None:
                raise CommandError(_("No municipality has the code '%(code)s'") % {"code": tenant})
            tenant_id = municipality.pk
        try:
            with bound(channel=Channel.CLI):
                result = sweep(as_of=day, dry_run=dry_run, tenant_id=tenant_id, batch_size=batch_size,
                               on_batch=self._progress)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for record in result.records:
            self.stdout.write(f"would {record.action} {record.source} {record.object_id} "
                              f"(subject {record.subject[0]} {record.subject[1]}, since {record.trigger_date})")
        for outcome in result.outcomes:
            line = (f"rule {outcome.rule_id} {outcome.source} ({outcome.action}, before {outcome.cutoff}): "
                    f"{outcome.erased} record(s) {'would go' if dry_run else 'removed'}")
            self.stdout.write(line + (f" — skipped: {outcome.skipped}" if outcome.skipped else ""))
        verb = "would remove" if dry_run else "removed"
        run = "" if dry_run else f" Run #{result.run_id}{' (resumed)' if result.resumed else ''}."
        self.stdout.write(self.style.SUCCESS(
            f"As of {result.as_of}: {verb} {result.erased} record(s) under {len(result.outcomes)} rule(s).{run}"))

    def _progress(self, report: BatchReport) -> None:
        self.stdout.write(f"batch {report.number} of rule {report.rule_id} ({report.source}): "
                          f"{report.erased} record(s) committed")
        self.stdout.flush()
