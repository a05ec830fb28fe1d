"""manage.py rotate_keys — re-wrap data keys under the current master key; retire old master keys."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.context import Channel, bound
from common.errors import ApplicationError
from governance.crypto import keyring
from governance.crypto.models import KeyRing
from governance.crypto.providers import get_provider
from governance.crypto.rotation import key_ring_rotate, master_key_retire, master_key_usage
from governance.tenancy.models import Municipality


class Command(BaseCommand):
    help = ("Re-wrap every data key of a tenant under a key version wrapped by the current master key "
            "(the first of MIMAMORI_FIELD_KEYS), in batches, while the product keeps running. "
            "Interrupted? Run it again: it continues. Then retire the old master key with --retire.")

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--tenant", action="append", metavar="CODE",
                            help="A municipality code (全国地方公共団体コード), e.g. 131041; may be repeated")
        target.add_argument("--platform", action="store_true", help="The platform ring (login secrets)")
        target.add_argument("--all", action="store_true", help="Every key ring")
        target.add_argument("--retire", metavar="KEY_ID",
                            help="Retire a master key id: refused while any key still depends on it")
        target.add_argument("--status", action="store_true", help="Show which master keys are in use")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--new-tenant-key", action="store_true",
                            help="Also replace the tenants' key-encryption keys even if the master key is unchanged")

    def handle(self, *args, tenant, platform, all, retire, status, batch_size, new_tenant_key, **options):
        if batch_size < 1:
            raise CommandError(_("--batch-size must be at least 1"))
        try:
            with bound(channel=Channel.CLI):
                if status:
                    return self._status()
                if retire:
                    retired = master_key_retire(key_id=retire)
                    self.stdout.write(self.style.SUCCESS(
                        f"Retired master key '{retired.key_id}' ({retired.versions_destroyed} key version(s) "
                        "destroyed). It can now be removed from MIMAMORI_FIELD_KEYS."))
                    return
                for ring in self._rings(tenant=tenant, platform=platform, all_rings=all):
                    self._rotate(ring, batch_size=batch_size, new_tenant_key=new_tenant_key)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def _rings(self, *, tenant, platform, all_rings) -> list[KeyRing]:
        if all_rings:
            return list(KeyRing.objects.order_by("scope"))
        if platform:
            return [keyring.ring_get(municipality_id=None)]
        rings = []
        for code in tenant:
            municipality = Municipality.objects.filter(code=code).first()
            if municipality is None:
                raise CommandError(_("No municipality has the code '%(code)s'") % {"code": code})
            rings.append(keyring.ring_get(municipality_id=municipality.pk))
        return rings

    def _rotate(self, ring: KeyRing, *, batch_size: int, new_tenant_key: bool) -> None:
        def progress(done: int) -> None:
            self.stdout.write(f"  {ring.scope}: {done} data key(s) re-wrapped")

        result = key_ring_rotate(ring=ring, batch_size=batch_size, new_tenant_key=new_tenant_key, on_batch=progress)
        if not (result.started or result.resumed):
            self.stdout.write(f"{result.scope}: already current (version {result.version}, "
                              f"master key '{result.master_key_id}'); nothing to do.")
            return
        verb = "Resumed and finished" if result.resumed else "Rotated"
        self.stdout.write(self.style.SUCCESS(
            f"{result.scope}: {verb}: {result.rewrapped} data key(s) re-wrapped under version {result.version} "
            f"(master key '{result.master_key_id}')."))

    def _status(self) -> None:
        provider = get_provider()
        self.stdout.write(f"Current master key: '{provider.current_key_id()}'")
        for key_id in provider.key_ids():
            usage = master_key_usage(key_id=key_id)
            self.stdout.write(f"  {key_id}: {usage['versions']} key version(s), current in "
                              f"{usage['current_in_rings']} ring(s), wraps {usage['data_keys']} data key(s)")
