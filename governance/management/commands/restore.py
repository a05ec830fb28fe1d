"""manage.py restore DIR — into an empty database, then proven: counts, the audit chain, the keys."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.context import Channel, bound
from common.errors import ApplicationError
from governance.backup.services import backup_restore, key_backup_open
from governance.management.commands.backup import PASSPHRASE_VARIABLE


class Command(BaseCommand):
    help = ("Restore a backup written by `manage.py backup` into the empty database DATABASE_URL names, then check "
            "every table's row count, the audit chain against the restored checkpoints and a sample of every "
            "encrypted model with this environment's keys. --open-keys FILE prints a key backup's variables instead.")
    requires_system_checks = []  # the database is empty until the restore: checks would query missing tables

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, nargs="?")
        parser.add_argument("--open-keys", type=Path, metavar="FILE",
                            help=f"Print the variables sealed in a key backup (passphrase in ${PASSPHRASE_VARIABLE})")

    def handle(self, *args, directory: Path | None, open_keys: Path | None, **options):
        if (directory is None) == (open_keys is None):
            raise CommandError("Give a backup directory, or --open-keys FILE")
        try:
            if open_keys is not None:
                for name, value in key_backup_open(path=open_keys,
                                                   passphrase=os.environ.get(PASSPHRASE_VARIABLE, "")).items():
                    self.stdout.write(f"{name}={value}")
                return
            with bound(channel=Channel.CLI):
                summary = backup_restore(directory=directory)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Restored {summary.tables} tables ({summary.rows} rows, as counted at backup); the audit chain verifies "
            f"up to event #{summary.audit_head}; {summary.records_opened} records of {summary.models_opened} "
            "encrypted models open with this environment's keys."))
        self.stdout.write("Next: `manage.py migrate` as the owner (MIGRATION_DATABASE_URL) grants the application "
                          "role its rights.")
