"""A system check: with DEBUG off, no account may still log in with the published demo authenticator key.

``load_demo`` (DEBUG only) enrols the demo staff with ``DEMO_TOTP_SECRET``, which is printed in the
README and by ``demo_totp``; a database that was a demo once must not serve real people with it.
Runs with every command that checks the project (``runserver``, ``migrate``, ``check --deploy``).
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import OperationalError, ProgrammingError

from governance.crypto.errors import DecryptionFailed
from governance.security.models import TotpDevice
from governance.security.totp import DEMO_TOTP_SECRET


def _opens_with_demo_key(device: TotpDevice) -> bool:
    try:
        return device.secret == DEMO_TOTP_SECRET
    except DecryptionFailed:
        return False  # sealed under keys this install no longer holds: no one can log in with it either


@register(Tags.security)
def demo_authenticator_check(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    try:
        # Secrets are sealed, so each is opened: one query, a few microseconds per authenticator.
        demo = sum(_opens_with_demo_key(d) for d in TotpDevice.objects.filter(confirmed_at__isnull=False)
                   .iterator(chunk_size=2000))
    except (OperationalError, ProgrammingError):
        return []  # no database or no table yet (migrate on an empty database): no authenticator either
    if not demo:
        return []
    return [Error(f"{demo} account(s) still have the published demo authenticator key (DEMO_TOTP_SECRET)",
                  hint="Reset their authenticators and have them enrol again, or turn DEBUG on for a demo.",
                  obj="governance.TotpDevice", id="governance.E001")]
