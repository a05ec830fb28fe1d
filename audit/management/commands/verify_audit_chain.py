from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit import chain, signing
from audit.context import Channel, bound
from audit.scope import tenant_for_code
from audit.services import audit_chain_verify, audit_log_seal


def tenant_chain(code: str) -> int:
    """The chain of a municipality code (0: the events of no tenant); refused by name when it names none."""
    if code == "0":
        return 0
    found = tenant_for_code(code)
    if found is None:
        raise CommandError(f"--tenant {code}: no municipality has this code")
    return found


class Command(BaseCommand):
    help = ("Verify the audit log's per-tenant hash chains (one with --tenant); exit non-zero naming the first "
            "edited, inserted or deleted event.")

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="The municipality code (全国地方公共団体コード) whose chain to verify; "
                                             "0 for the events of no tenant. Default: every chain.")
        parser.add_argument("--public-key", type=Path,
                            help="Verify with this Ed25519 public key (PEM) alone, as an auditor without the chain "
                                 "key: the sealed events' links and the signed checkpoints")
        parser.add_argument("--checkpoint", action="store_true",
                            help="After a successful verification, seal and checkpoint every head outside the database")

    def handle(self, *args, tenant: str | None, public_key: Path | None, checkpoint: bool, **options):
        chains = None if tenant is None else [tenant_chain(tenant)]
        if public_key is not None:
            try:
                key = signing.public_key_load(public_key.read_bytes())
            except (OSError, ValueError) as exc:
                raise CommandError(f"--public-key {public_key}: {exc}") from None
            results = [chain.verify(c, public_key=key) for c in (chains or chain.chains())]
            for result in results:
                self.stdout.write(result.summary())
            if not all(r.ok for r in results):
                raise CommandError(next(r.summary() for r in results if not r.ok))
            return
        with bound(channel=Channel.CLI):
            result = audit_chain_verify(chains=chains)
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
        if checkpoint:
            written = audit_log_seal(force_checkpoint=True).checkpoints
            self.stdout.write(f"Wrote {written} signed checkpoint(s).")
