from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.context import Channel, bound
from common.errors import ApplicationError
from common.progress import TerminalProgress
from governance.tenancy.models import Municipality, User
from payments.collection.services import PaymentFileRejected, payment_file_import


class Command(BaseCommand):
    help = "Import a payment result file (収納データ): validated whole first, then reconciled; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="全国地方公共団体コード, e.g. 131041")
        parser.add_argument("--user", required=True, help="Username of the department staff member importing")
        parser.add_argument("--no-progress", action="store_true", help="Draw no progress bar (on stderr)")

    def handle(self, *args, file: Path, municipality: str, user: str, no_progress: bool = False, **options):
        tenant = Municipality.objects.filter(code=municipality).first()
        actor = User.objects.filter(username=user, is_active=True).first()
        if tenant is None or actor is None:
            raise CommandError(_("Unknown municipality code or user"))
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        # The same progress callback as the background job's, drawn in the terminal (stderr keeps stdout the result).
        progress = None if no_progress else TerminalProgress(self.stderr)
        try:
            with bound(channel=Channel.CLI, actor_id=actor.pk, tenant_id=tenant.pk), file.open("rb") as stream:
                outcome = payment_file_import(actor=actor, municipality=tenant, stream=stream, filename=file.name,
                                              progress=progress, size_hint=file.stat().st_size)
        except PaymentFileRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            if rejected.details["not_listed"]:
                self.stderr.write(_("… and %(count)d more problems") % {"count": rejected.details["not_listed"]})
            raise CommandError(ngettext("Refused for %(count)d problem; nothing was applied.",
                                        "Refused for %(count)d problems; nothing was applied.",
                                        rejected.problem_count) % {"count": rejected.problem_count}) from None
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        finally:
            if progress is not None:
                progress.close()
        self.stdout.write(outcome.message)
