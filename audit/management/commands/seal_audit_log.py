from django.core.management.base import BaseCommand, CommandError

from audit.chain import BATCH
from audit.services import audit_log_seal


class Command(BaseCommand):
    help = "Seal every written audit event into its tenant's chain now, and write the signed checkpoints due."

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="store_true", help="Checkpoint every head that moved, due or not")
        parser.add_argument("--batch-size", type=int, default=BATCH, help="Events sealed per transaction")
        parser.add_argument("--wait", action="store_true", help="Wait for a sealer at work instead of leaving it be")

    def handle(self, *args, checkpoint: bool, batch_size: int, wait: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        result = audit_log_seal(force_checkpoint=checkpoint, batch=batch_size, wait=wait)
        self.stdout.write(f"Sealed {result.total} event(s) in {len(result.sealed)} chain(s); "
                          f"wrote {result.checkpoints} signed checkpoint(s).")
        if result.busy:
            self.stdout.write("Another sealer was at work: it seals the rest.")
        if result.refused:
            raise CommandError("; ".join(f"chain {c}: {why}" for c, why in sorted(result.refused.items())))
