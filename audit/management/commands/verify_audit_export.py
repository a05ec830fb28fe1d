from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit import chain, signing


class Command(BaseCommand):
    help = ("Verify an exported tenant chain (export_audit_log) with the Ed25519 public key alone: no database, "
            "no chain key. Exit non-zero naming the first bad event.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--public-key", type=Path, required=True,
                            help="The public key as the auditor holds it (PEM), not the export's copy")

    def handle(self, *args, directory: Path, public_key: Path, **options):
        try:
            key = signing.public_key_load(public_key.read_bytes())
            events = (directory / "events.jsonl").read_text(encoding="utf-8").splitlines()
            lines = (directory / "checkpoints").read_text(encoding="ascii").splitlines()
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        first = next((c for c in map(chain.Checkpoint.parse, lines) if c is not None), None)
        if first is None:
            raise CommandError(f"{directory / 'checkpoints'} holds no signed checkpoint")
        # An archive's export, or one made after an archive, starts from a signed checkpoint rather than the genesis.
        anchor = directory / "anchor"
        start = chain.Checkpoint.parse(anchor.read_text(encoding="ascii").strip()) if anchor.exists() else None
        if anchor.exists() and start is None:
            raise CommandError(f"{anchor} is not a signed checkpoint line")
        result = chain.verify_export(first.chain, events, lines, key, start=start)
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
