"""manage.py backup DIR [--keys FILE] — a consistent dump with the audit checkpoints; the keys apart."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.context import Channel, bound
from common.errors import ApplicationError
from governance.backup.services import backup_create, key_backup_write

PASSPHRASE_VARIABLE = "MIMAMORI_BACKUP_PASSPHRASE"


class Command(BaseCommand):
    help = ("Write a backup of the PostgreSQL database into a new directory: one snapshot's dump, its row counts "
            "and audit head, and a copy of the audit checkpoints. With --keys, also seal the installation's keys "
            f"under the passphrase in ${PASSPHRASE_VARIABLE} into a separate file (store it apart from the dumps).")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--keys", type=Path, metavar="FILE", help="Also write the sealed key backup here")

    def handle(self, *args, directory: Path, keys: Path | None, **options):
        passphrase = os.environ.get(PASSPHRASE_VARIABLE, "")
        if keys is not None:
            if not passphrase:
                raise CommandError(f"--keys needs the passphrase in ${PASSPHRASE_VARIABLE} (never on the command line)")
            if keys.resolve().is_relative_to(directory.resolve()):
                raise CommandError("The key backup must not be written inside the backup directory: keep them apart")
        try:
            with bound(channel=Channel.CLI):
                summary = backup_create(directory=directory)
                self.stdout.write(self.style.SUCCESS(
                    f"Backup written to {summary.directory}: {summary.tables} tables, {summary.rows} rows, "
                    f"audit log up to event #{summary.audit_head}."))
                if keys is not None:
                    names = key_backup_write(path=keys, passphrase=passphrase)
                    self.stdout.write(self.style.SUCCESS(f"Keys sealed in {keys}: {', '.join(names)}."))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
