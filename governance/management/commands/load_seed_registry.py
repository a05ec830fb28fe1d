from django.core.management.base import BaseCommand, CommandError

from audit.context import Channel, bound
from common.errors import ApplicationError
from governance.registry.loader import seed_registry_load


class Command(BaseCommand):
    help = "Load the registry of the five seed documents (both wards); idempotent and all-or-nothing."

    def handle(self, *args, **options):
        try:
            with bound(channel=Channel.CLI):
                added = seed_registry_load()
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{count} {kind}" for kind, count in added.items() if count) or "nothing"
        self.stdout.write(f"Seed registry loaded (added: {summary}).")
