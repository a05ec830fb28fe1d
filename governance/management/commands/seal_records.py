"""manage.py seal_records — move encrypted records stored one value per column into sealed records."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from audit.context import Channel, bound
from governance.crypto.sealing import records_seal, records_unsealed_count, sealed_models


class Command(BaseCommand):
    help = ("Seal every encrypted record still stored one value per column (format 2) into its ordinary and "
            "sensitive sealed values, in batches, while the product keeps running (it reads both). "
            "Interrupted? Run it again: it continues where it stopped.")

    def add_arguments(self, parser):
        parser.add_argument("--model", action="append", metavar="APP.MODEL",
                            help="Only this model, e.g. childcare.Child; may be repeated (default: every one)")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--status", action="store_true", help="Only count the records left to seal")

    def handle(self, *args, model, batch_size, status, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        targets = sealed_models()
        if model:
            try:
                chosen = [apps.get_model(label) for label in model]
            except (LookupError, ValueError) as exc:
                raise CommandError(f"Unknown model: {exc}") from None
            for each in chosen:
                if each not in targets:
                    raise CommandError(f"{each._meta.label} has no sealed encrypted fields")
            targets = chosen
        if status:
            for each in targets:
                self.stdout.write(f"{each._meta.label}: {records_unsealed_count(each)} record(s) left to seal")
            return
        total = 0
        with bound(channel=Channel.CLI):
            for each in targets:
                result = records_seal(model=each, batch_size=batch_size)
                total += result.sealed + result.emptied
                if result.batches:
                    self.stdout.write(f"{result.model}: {result.sealed} record(s) sealed, {result.emptied} shredded "
                                      f"record(s) emptied, in {result.batches} batch(es)")
        if total:
            self.stdout.write(self.style.SUCCESS(f"Finished: {total} record(s) moved; every record is sealed."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to seal: every record is already sealed."))
