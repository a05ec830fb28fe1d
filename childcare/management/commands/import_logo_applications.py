from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.context import Channel, bound
from childcare.subsidy.selectors import subsidy_actor
from childcare.subsidy.services import logo_import
from common.errors import ApplicationError
from common.progress import TerminalProgress
from governance.tenancy.models import User


class Command(BaseCommand):
    help = ("Import a LoGo form CSV export of babysitter-subsidy applications through the exchange gate "
            "(as a member of the ward's subsidy department).")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--form", required=True, help="The LoGo form whose column mapping reads the file")
        parser.add_argument("--user", default="shien", help="The ward staff member importing (default: shien)")
        parser.add_argument("--no-progress", action="store_true", help="Draw no progress bar (on stderr)")

    def handle(self, *args, file: Path, form: str, user: str, no_progress: bool = False, **options):
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(_("No user '%(user)s'") % {"user": user})
        # The same progress callback as the background job's, drawn in the terminal (stderr keeps stdout the result).
        progress = None if no_progress else TerminalProgress(self.stderr)
        try:
            with bound(channel=Channel.CLI, actor_id=actor.pk):
                result = logo_import(who=subsidy_actor(actor=actor), form=form, content=file.read_bytes(),
                                     filename=file.name, progress=progress)
        except ApplicationError as exc:
            problems = exc.details.get("problems") or exc.details.get("reasons") or []
            for problem in problems:
                if "row" in problem:
                    self.stderr.write(_("row %(row)d, %(column)s: %(message)s") % problem)
                else:
                    self.stderr.write(f"{problem.get('code')}: {problem.get('message')}")
            raise CommandError(exc.message) from exc
        finally:
            if progress is not None:
                progress.close()
        self.stdout.write(_("Imported %(created)d application(s); %(already)d already imported (%(encoding)s, "
                            "mapping v%(version)d, ledger entry %(entry)d).") % {
            "created": result.created, "already": result.already, "encoding": result.encoding,
            "version": result.mapping_version, "entry": result.ledger_entry_id})
