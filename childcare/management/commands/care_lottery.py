from django.core.management.base import BaseCommand, CommandError

from audit.context import Channel, bound
from childcare.care.lottery import lotteries_due, lottery_verify
from common.errors import ApplicationError


class Command(BaseCommand):
    help = ("Temporary-care lotteries: --draw draws every lottery whose applications have closed (revealing its "
            "seed); --verify ID re-runs a drawn lottery from its revealed seed and checks it against the "
            "commitment in the audit log.")

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--draw", action="store_true")
        group.add_argument("--verify", type=int, metavar="ID")

    def handle(self, *args, draw: bool, verify: int | None, **options):
        with bound(channel=Channel.CLI):
            if draw:
                self.stdout.write(f"{lotteries_due()} lotteries drawn")
                return
            try:
                result = lottery_verify(actor=None, lottery_id=verify)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        for name in ("seed_matches_commitment", "committed_first", "orders_match", "winners_match"):
            self.stdout.write(f"{name}: {'yes' if getattr(result, name) else 'NO'}")
        if not result.ok:
            raise CommandError(f"Lottery {verify} does not re-run to its recorded result")
        self.stdout.write(f"Lottery {verify}: the draw re-runs to the same result")
