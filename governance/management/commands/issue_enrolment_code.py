"""manage.py issue_enrolment_code USERNAME — the one-time code a staff member needs to set up an authenticator."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.context import Channel, bound
from common.errors import ApplicationError
from governance.security.enrolment import enrolment_code_issue
from governance.tenancy.models import User


class Command(BaseCommand):
    help = ("Issue a one-time enrolment code with which USERNAME sets up an authenticator at their next log-in "
            "(any earlier unused code stops working). Give it to them by another channel than e-mail.")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is named '{username}'")
        try:
            with bound(channel=Channel.CLI):
                code, expires_at = enrolment_code_issue(user=user)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{code}  (for '{username}'; valid once, until "
                          f"{timezone.localtime(expires_at):%Y-%m-%d %H:%M %Z})")
