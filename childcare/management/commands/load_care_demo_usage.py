from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from audit.context import Channel, bound
from childcare.care.demo_usage import care_demo_usage_load


class Command(BaseCommand):
    help = "Add last month of demo temporary-care usage (after load_demo; idempotent; DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is only loaded when DEBUG is on")
        with bound(channel=Channel.CLI), transaction.atomic():
            added = care_demo_usage_load()
        self.stdout.write(", ".join(f"{n} {what}" for what, n in added.items()) or "nothing to add")
