from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit import chain, signing


class Command(BaseCommand):
    help = ("Verify an exported tenant chain (export_audit_log) or an archive of one (audit_archive) with the "
            "Ed25519 public key alone: no database, no chain key. Exit non-zero naming the first bad event.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--public-key", type=Path, required=True,
                            help="The public key as the auditor holds it (PEM), not the export's copy")

    def handle(self, *args, directory: Path, public_key: Path, **options):
        try:
            key = signing.public_key_load(public_key.read_bytes())
            # After an archive an export starts from its signed record (anchor.json); an archive ends at its own
            # (archive.json).
            result = chain.verify_export_directory(directory, key)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
