import csv
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from childcare.care.vendor import vendor_receive, vendor_send
from governance.tenancy.commands import WardCommand


class Command(WardCommand):
    help = ("Synchronise temporary care with the booking system's vendor through the exchange gate: send the "
            "current registrations and bookings (the approved items only, never a password), or take in the "
            "vendor's CSV with --receive. Each run is one handover-ledger entry; a denied sync moves nothing.")
    example_municipality = "131202"
    user_help = "Username of the designated handler running the sync"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--receive", type=Path, help="The vendor's CSV (UTF-8, header of item names)")

    def act(self, *, actor, municipality, receive: Path | None, **options):
        if receive is None:
            result = vendor_send(actor=actor, municipality=municipality)
        else:
            if not receive.is_file():
                raise CommandError(_("No such file: %(file)s") % {"file": receive})
            with receive.open(encoding="utf-8-sig", newline="") as stream:
                received = vendor_receive(actor=actor, municipality=municipality, rows=list(csv.DictReader(stream)))
            result = received.result
        entry = result.entry
        self.stdout.write(f"Handover ledger #{entry.pk}: {entry.direction}, {entry.record_count} records, "
                          f"{len(entry.items)} items")
        if receive is None:
            # Shown once, never stored: hand it to the vendor by another route than the file.
            self.stdout.write(f"File {entry.file_name}; its password (shown once): {result.password}")
        else:
            self.stdout.write(f"Matched {received.matched}, unknown {received.unknown}, differing "
                              f"{received.differing or 'none'}; password columns dropped unread: "
                              f"{received.dropped_passwords}")
