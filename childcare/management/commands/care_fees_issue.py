import datetime

from django.core.management.base import CommandError

from childcare.care.fees import fees_issue
from governance.tenancy.commands import WardCommand


class Command(WardCommand):
    help = ("Issue a month's temporary-care fees (一時保育料) as payment slips, one per household; "
            "households billed before are skipped, so running it again bills nobody twice.")
    user_help = "Username of the department staff member issuing"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--month", required=True, help="YYYY-MM")

    def act(self, *, actor, municipality, month: str, **options):
        try:
            first = datetime.date.fromisoformat(f"{month}-01")
        except ValueError as exc:
            raise CommandError("The month is YYYY-MM") from exc
        result = fees_issue(actor=actor, municipality=municipality, month=first)
        total = sum(s.amount for s in result.issued)
        self.stdout.write(f"{first:%Y-%m}: {len(result.issued)} statements issued (¥{total:,}), "
                          f"{result.already} households billed before")
