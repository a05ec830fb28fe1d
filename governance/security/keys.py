"""Key rotation (鍵の更新) from a page: a municipality's administrator re-wraps its data keys in the background.

The rotation service is unchanged (batch by batch, each batch its own transaction, resumable); the page shows
which master key the tenant's keys depend on, starts the job, and the job's page shows progress and result.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from governance.crypto import keyring
from governance.crypto.models import DataKey
from governance.crypto.providers import get_provider
from governance.crypto.rotation import key_ring_rotate
from governance.jobs.kinds import JobKind, JobResult, register_job_kind
from governance.jobs.models import BackgroundJob
from governance.jobs.views import job_start_from_page
from governance.tenancy.models import Membership, Municipality, Role

KEY_ROTATION = "key_rotation"


def _administered(user) -> list[Municipality]:
    ids = Membership.objects.filter(user=user, role=Role.ADMINISTRATOR).values("municipality_id")
    return list(Municipality.objects.filter(pk__in=ids).order_by("code"))


def _stale_keys(municipality_id: int, *, every: bool = False) -> int:
    """Live data keys of the tenant a rotation would re-wrap (all of them for a new tenant key)."""
    ring = keyring.ring_get(municipality_id=municipality_id)
    keys = DataKey.objects.filter(ring=ring, shredded_at__isnull=True)
    return keys.count() if every else keys.exclude(version__master_key_id=get_provider().current_key_id()).count()


def _may_rotate(actor, municipality_id: int | None) -> bool:
    """A municipality's keys are rotated by its administrators only."""
    return Membership.objects.filter(user=actor, municipality_id=municipality_id, role=Role.ADMINISTRATOR).exists()


def _key_rotation(*, job: BackgroundJob, progress, stream) -> JobResult:
    new_tenant_key = bool(job.parameters.get("new_tenant_key"))
    total = _stale_keys(job.municipality_id, every=new_tenant_key)
    progress(0, max(total, 1), "rewrapping")
    ring = keyring.ring_get(municipality_id=job.municipality_id)
    result = key_ring_rotate(
        ring=ring,
        new_tenant_key=new_tenant_key,
        on_batch=lambda done: progress(min(done, total), max(total, 1), "rewrapping"),
    )
    if not (result.started or result.resumed):
        message = _("Already current (version %(version)s, master key '%(key)s'); nothing to do.") % {
            "version": result.version,
            "key": result.master_key_id,
        }
    else:
        message = _("%(count)s data key(s) re-wrapped under version %(version)s (master key '%(key)s').") % {
            "count": result.rewrapped,
            "version": result.version,
            "key": result.master_key_id,
        }
    return JobResult(
        summary={"rewrapped": result.rewrapped, "version": result.version},
        message=message,
        result_url=reverse("security-keys"),
    )


def key_rotation_kind_register() -> None:
    register_job_kind(
        JobKind(
            name=KEY_ROTATION,
            title=gettext_lazy("Key rotation"),
            body=_key_rotation,
            counts={"rewrapped": gettext_lazy("Data keys re-wrapped"), "version": gettext_lazy("Key version now")},
            stages={"rewrapping": gettext_lazy("Re-wrapping data keys, batch by batch")},
            counted=gettext_lazy("%(done)s of %(total)s data keys"),
            start_url="security-keys",
            may_start=_may_rotate,
            start_refused=gettext_lazy("Only the municipality's administrators may rotate its keys"),
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def keys_page(request):
    """The tenants' key status (how many data keys still depend on an older master key), and a rotation."""
    tenants = _administered(request.user)
    if not tenants:
        raise PermissionDenied
    if request.method == "POST":
        municipality = next((t for t in tenants if str(t.pk) == request.POST.get("municipality")), None)
        if municipality is None:
            raise PermissionDenied
        return job_start_from_page(
            request,
            kind=KEY_ROTATION,
            municipality_id=municipality.pk,
            parameters={"new_tenant_key": request.POST.get("new_tenant_key") == "1"},
        )
    return render(
        request,
        "security/keys.html",
        {
            "current_key": get_provider().current_key_id(),
            "tenants": [{"municipality": t, "stale": _stale_keys(t.pk)} for t in tenants],
        },
    )
