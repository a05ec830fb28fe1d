from django.core.management.base import BaseCommand, CommandError

from audit import chain
from audit.context import Channel, bound
from audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit non-zero naming the first edited, inserted or deleted event."

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="store_true",
                            help="After a successful verification, checkpoint the head outside the database")

    def handle(self, *args, checkpoint: bool, **options):
        with bound(channel=Channel.CLI):
            result = audit_chain_verify()
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
        if checkpoint:
            seq, _ = chain.write_checkpoint()
            self.stdout.write(f"Checkpointed the head at #{seq}.")
