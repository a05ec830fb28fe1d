import datetime

from django.core.management.base import BaseCommand, CommandError

from audit.context import Channel, bound
from childcare.care.fees import fees_issue
from common.errors import ApplicationError
from governance.tenancy.models import Municipality, User


class Command(BaseCommand):
    help = ("Issue a month's temporary-care fees (一時保育料) as payment slips, one per household; "
            "households billed before are skipped, so running it again bills nobody twice.")

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="全国地方公共団体コード, e.g. 131041")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--user", required=True, help="Username of the department staff member issuing")

    def handle(self, *args, municipality: str, month: str, user: str, **options):
        tenant = Municipality.objects.filter(code=municipality).first()
        actor = User.objects.filter(username=user, is_active=True).first()
        if tenant is None or actor is None:
            raise CommandError("Unknown municipality code or user")
        try:
            first = datetime.date.fromisoformat(f"{month}-01")
        except ValueError as exc:
            raise CommandError("The month is YYYY-MM") from exc
        try:
            with bound(channel=Channel.CLI, actor_id=actor.pk, tenant_id=tenant.pk):
                result = fees_issue(actor=actor, municipality=tenant, month=first)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        total = sum(s.amount for s in result.issued)
        self.stdout.write(f"{first:%Y-%m}: {len(result.issued)} statements issued (¥{total:,}), "
                          f"{result.already} households billed before")
