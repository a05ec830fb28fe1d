from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.progress import TerminalProgress
from governance.tenancy.commands import WardCommand
from payments.collection.services import PaymentFileRejected, payment_file_import


class Command(WardCommand):
    help = "Import a payment result file (収納データ): validated whole first, then reconciled; idempotent."
    user_help = "Username of the department staff member importing"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        super().add_arguments(parser)
        parser.add_argument("--no-progress", action="store_true", help="Draw no progress bar (on stderr)")

    def act(self, *, actor, municipality, file: Path, no_progress: bool = False, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        # The same progress callback as the background job's, drawn in the terminal (stderr keeps stdout the result).
        progress = None if no_progress else TerminalProgress(self.stderr)
        try:
            with file.open("rb") as stream:
                outcome = payment_file_import(actor=actor, municipality=municipality, stream=stream,
                                              filename=file.name, progress=progress, size_hint=file.stat().st_size)
        except PaymentFileRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            if rejected.details["not_listed"]:
                self.stderr.write(_("… and %(count)d more problems") % {"count": rejected.details["not_listed"]})
            raise CommandError(ngettext("Refused for %(count)d problem; nothing was applied.",
                                        "Refused for %(count)d problems; nothing was applied.",
                                        rejected.problem_count) % {"count": rejected.problem_count}) from None
        finally:
            if progress is not None:
                progress.close()
        self.stdout.write(outcome.message)
