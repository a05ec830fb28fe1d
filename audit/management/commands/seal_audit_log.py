from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_log_seal


class Command(BaseCommand):
    help = "Seal every written audit event into its tenant's chain now, and write the signed checkpoints due."

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="store_true", help="Checkpoint every head that moved, due or not")

    def handle(self, *args, checkpoint: bool, **options):
        result = audit_log_seal(force_checkpoint=checkpoint)
        self.stdout.write(f"Sealed {result.total} event(s) in {len(result.sealed)} chain(s); "
                          f"wrote {result.checkpoints} signed checkpoint(s).")
        if result.busy:
            self.stdout.write("Another sealer was at work: it seals the rest.")
        if result.refused:
            raise CommandError("; ".join(f"chain {c}: {why}" for c, why in sorted(result.refused.items())))
