import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.context import Channel, bound
from childcare.care.vendor import vendor_receive, vendor_send
from common.errors import ApplicationError
from governance.tenancy.models import Municipality, User


class Command(BaseCommand):
    help = ("Synchronise temporary care with the booking system's vendor through the exchange gate: send the "
            "current registrations and bookings (the approved items only, never a password), or take in the "
            "vendor's CSV with --receive. Each run is one handover-ledger entry; a denied sync moves nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="全国地方公共団体コード, e.g. 131202")
        parser.add_argument("--user", required=True, help="Username of the designated handler running the sync")
        parser.add_argument("--receive", type=Path, help="The vendor's CSV (UTF-8, header of item names)")

    def handle(self, *args, municipality: str, user: str, receive: Path | None, **options):
        tenant = Municipality.objects.filter(code=municipality).first()
        actor = User.objects.filter(username=user, is_active=True).first()
        if tenant is None or actor is None:
            raise CommandError("Unknown municipality code or user")
        try:
            with bound(channel=Channel.CLI, actor_id=actor.pk, tenant_id=tenant.pk):
                if receive is None:
                    result = vendor_send(actor=actor, municipality=tenant)
                else:
                    if not receive.is_file():
                        raise CommandError(f"No such file: {receive}")
                    with receive.open(encoding="utf-8-sig", newline="") as stream:
                        received = vendor_receive(actor=actor, municipality=tenant, rows=list(csv.DictReader(stream)))
                    result = received.result
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
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
