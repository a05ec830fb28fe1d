from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.partitions import partitioned, partitions_ensure, partitions_list


class Command(BaseCommand):
    help = ("Create this month's and the next months' partitions of the audit log (PostgreSQL), move the events "
            "waiting in the DEFAULT partition into their month's, and list the partitions with their rows.")

    def add_arguments(self, parser):
        parser.add_argument("--ahead", type=int, help="Months ahead to create (default AUDIT_PARTITIONS_AHEAD)")

    def handle(self, *args, ahead: int | None, **options):
        if not partitioned():
            self.stdout.write("The audit log is not partitioned on this database (SQLite): nothing to do.")
            return
        if ahead is not None and ahead < 0:
            raise CommandError("--ahead must be 0 or more")
        result = partitions_ensure(now=timezone.now(), ahead=ahead)
        created = ", ".join(m.strftime("%Y-%m") for m in result.created) or "none"
        self.stdout.write(f"Created the partitions of: {created}.")
        for month, moved in sorted(result.moved.items()):
            self.stdout.write(f"Moved {moved} event(s) of {month:%Y-%m} out of the DEFAULT partition.")
        for partition in partitions_list():
            name = partition.month.strftime("%Y-%m") if partition.month else "DEFAULT"
            self.stdout.write(f"{name}: {partition.events} event(s), {partition.unsealed} not sealed, "
                              f"{partition.subject_rows} subject row(s)")
