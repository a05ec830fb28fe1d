from datetime import date

from django.core.management.base import BaseCommand, CommandError

from audit.archive import ArchiveRefused, audit_months_archive


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise CommandError(f"--before {text}: give a month as YYYY-MM") from None


class Command(BaseCommand):
    help = ("Archive the audit log's months before --before that are past the retention period "
            "(MIMAMORI_AUDIT_RETENTION_MONTHS): export each tenant's chain up to the month's last event in chain "
            "order under MIMAMORI_AUDIT_ARCHIVE_DIR, verify it against a signed checkpoint, sign the archive record, "
            "then drop the month's partitions (PostgreSQL; run as the tables' owner).")

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="YYYY-MM: every month before this one is archived")

    def handle(self, *args, before: str, **options):
        try:
            archived = audit_months_archive(before=_month(before))
        except ArchiveRefused as refused:
            raise CommandError(str(refused)) from None
        if not archived:
            self.stdout.write(f"No month before {before} is left in the database.")
        for month in archived:
            chains = ", ".join(f"{c} from #{size + 1}" for c, size in sorted(month.chains.items())) or "none"
            self.stdout.write(f"Archived {month.month:%Y-%m}: {month.events} event(s) dropped in {month.seconds:.1f} s "
                              f"after {month.exported} event(s) were exported to {month.directory} and verified; "
                              f"chains now start at: {chains}.")
