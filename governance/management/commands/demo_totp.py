"""manage.py demo_totp — the current second-factor code of the demo users (the published demo secret only)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from governance.security import totp
from governance.security.totp import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = ("Print the code an authenticator holding the published demo TOTP secret shows now "
            "(development only; it knows no real user's secret).")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo second factor exists only when DEBUG is on")
        remaining = totp.PERIOD - int(time.time()) % totp.PERIOD
        self.stdout.write(f"{totp.code_at(DEMO_TOTP_SECRET)}  (valid for {remaining} more seconds; "
                          f"secret {DEMO_TOTP_SECRET})")
