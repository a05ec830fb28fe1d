from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit import chain, signing
from audit.management.commands.verify_audit_chain import tenant_chain


class Command(BaseCommand):
    help = ("Export one tenant's sealed audit chain, its signed checkpoints and the public key to a directory, for "
            "verify_audit_export (which needs neither the database nor the chain key).")

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="The municipality code; 0 for the events of no tenant")
        parser.add_argument("directory", type=Path)

    def handle(self, *args, tenant: str, directory: Path, **options):
        chain_id = tenant_chain(tenant)
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"The directory '{directory}' is not empty: give a new one.")
        directory.mkdir(parents=True, exist_ok=True)
        count = 0
        # After an archive the chain starts where the archive's signed record ends: the export continues from it.
        archived = chain.latest_archive(chain_id)
        if archived is not None:
            (directory / "anchor.json").write_text(archived.statement() + "\n", encoding="utf-8")
        with open(directory / "events.jsonl", "w", encoding="utf-8") as out:
            for line in chain.export_lines(chain_id, start=archived):
                out.write(line + "\n")
                count += 1
        path = settings.AUDIT_CHECKPOINT_FILE
        lines = path.read_text(encoding="ascii").splitlines() if path.exists() else []
        mine = [text for text in lines if (c := chain.Checkpoint.parse(text)) is not None and c.chain == chain_id
                and c.size > (archived.size if archived else 0)]
        (directory / "checkpoints").write_text("".join(f"{text}\n" for text in mine), encoding="ascii")
        (directory / "public-key.pem").write_text(signing.public_key_pem(), encoding="ascii")
        self.stdout.write(f"Exported {count} sealed event(s) and {len(mine)} signed checkpoint(s) of chain "
                          f"{chain_id} to {directory}.")
