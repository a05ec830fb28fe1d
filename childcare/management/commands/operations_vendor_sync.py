from django.core.management.base import BaseCommand, CommandError

from audit.context import Channel, bound
from childcare.operations.vendor import vendor_send
from common.errors import ApplicationError
from governance.tenancy.models import Municipality, User


class Command(BaseCommand):
    help = ("Send the nurseries' children, guardians and households to the operations-support system's ASP vendor "
            "through the exchange gate: the approved items only, one handover-ledger entry per file; a denied "
            "sync (the approval's period over …) moves nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="全国地方公共団体コード, e.g. 131041")
        parser.add_argument("--user", required=True, help="Username of the designated handler running the sync")

    def handle(self, *args, municipality: str, user: str, **options):
        tenant = Municipality.objects.filter(code=municipality).first()
        actor = User.objects.filter(username=user, is_active=True).first()
        if tenant is None or actor is None:
            raise CommandError("Unknown municipality code or user")
        try:
            with bound(channel=Channel.CLI, actor_id=actor.pk, tenant_id=tenant.pk):
                sent = vendor_send(actor=actor, municipality=tenant)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for subject, result in sent.results.items():
            entry = result.entry
            # The password is shown once, never stored: hand it to the vendor by another route than the file.
            self.stdout.write(f"{subject}: handover ledger #{entry.pk}, {entry.record_count} records, "
                              f"{len(entry.items)} items, file {entry.file_name}, password (shown once): "
                              f"{result.password}")
