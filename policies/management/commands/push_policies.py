"""Push the Rego bundle to the OPA server at OPA_URL (PUT /v1/policies/<id> for each module)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from policies.engines.opa import OpaServerEngine


class Command(BaseCommand):
    help = "Push the policy bundle (policies/rego, tests excluded) to the OPA server at OPA_URL."

    def handle(self, *args, **options):
        if not settings.OPA_URL:
            raise CommandError("OPA_URL is not set: there is no OPA server to push the bundle to.")
        engine = OpaServerEngine(settings.OPA_URL, settings.OPA_TIMEOUT_SECONDS)
        try:
            pushed = engine.push_bundle()
        except Exception as exc:
            raise CommandError(f"Pushing the bundle to {settings.OPA_URL} failed: {type(exc).__name__}: {exc}") from exc
        for policy_id in pushed:
            self.stdout.write(f"pushed {policy_id}")
