from django.core.management.base import BaseCommand, CommandError

from audit.context import Channel, bound
from common.errors import ApplicationError
from governance.demo import DEMO_PASSWORD, DEMO_USERS, demo_load


class Command(BaseCommand):
    help = "Load the demo data (idempotent; refused when DEBUG is off)."

    def handle(self, *args, **options):
        try:
            with bound(channel=Channel.CLI):
                added = demo_load(progress=lambda step: self.stdout.write(f"Loading demo data: {step}…"))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{count} {kind}" for kind, count in added.items())
        self.stdout.write(f"Demo data loaded (added: {summary}).")
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'):")
        for username in dict.fromkeys(u[0] for u in DEMO_USERS):
            roles = ", ".join(f"{u[2].label} @ {u[1]}" for u in DEMO_USERS if u[0] == username)
            self.stdout.write(f"  {username:<10} {roles}")
