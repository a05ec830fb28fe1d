from django.core.management.base import BaseCommand

from audit import signing


class Command(BaseCommand):
    help = "Print the public key (PEM) that verifies the audit log's signed checkpoints, for auditors to keep."

    def handle(self, *args, **options):
        self.stdout.write(signing.public_key_pem(), ending="")
