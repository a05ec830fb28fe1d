"""The shape of a management command a ward's staff member runs for their ward."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.context import Channel, bound
from common.errors import ApplicationError
from governance.tenancy.models import Municipality, User


class WardCommand(BaseCommand):
    """``--municipality`` and ``--user`` name the ward and the active staff member; ``act`` runs bound to them in
    the audit context (so its events name them), and a refusal becomes the command's error."""

    example_municipality = "131041"
    user_help = "Username of the staff member running it"

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True,
                            help=f"全国地方公共団体コード, e.g. {self.example_municipality}")
        parser.add_argument("--user", required=True, help=self.user_help)

    def handle(self, *args, municipality: str, user: str, **options):
        tenant = Municipality.objects.filter(code=municipality).first()
        actor = User.objects.filter(username=user, is_active=True).first()
        if tenant is None or actor is None:
            raise CommandError(_("Unknown municipality code or user"))
        try:
            with bound(channel=Channel.CLI, actor_id=actor.pk, tenant_id=tenant.pk):
                self.act(actor=actor, municipality=tenant, **options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def act(self, *, actor: User, municipality: Municipality, **options) -> None:
        raise NotImplementedError
