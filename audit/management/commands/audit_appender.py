import signal
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.appender import serve


class Command(BaseCommand):
    help = ("Write the audit events of this host's reads in groups, one commit for the events that arrive "
            "together (PostgreSQL), until stopped (SIGTERM or SIGINT).")

    def add_arguments(self, parser):
        parser.add_argument("--socket", default=settings.AUDIT_APPENDER_SOCKET,
                            help="Where to listen (default MIMAMORI_AUDIT_APPENDER_SOCKET)")

    def handle(self, *args, socket: str, **options):
        from django.db import connection

        if connection.vendor != "postgresql":
            raise CommandError("The audit appender writes to PostgreSQL; on SQLite each request writes its event.")
        if not socket:
            raise CommandError("No socket to listen on: set MIMAMORI_AUDIT_APPENDER_SOCKET or --socket")
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        def started():
            self.stdout.write(f"Writing the audit events sent to {socket}")
            self.stdout.flush()

        try:
            serve(Path(socket), stop=stop, started=started)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
