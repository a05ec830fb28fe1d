"""Reads of retention: rules, sweep runs, erasures and the dry-run listing, narrowed to what the actor may see.

Readers are the registry's readers of the tenant (committee members, auditors, administrators,
department staff). Nothing here opens an encrypted field: listings show references and dates only.
"""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.errors import Forbidden, NotFound
from governance.registry.access import reader_tenant_ids
from governance.retention.models import RetentionErasure, RetentionRule, RetentionRun
from governance.retention.sources import RetentionSource, sources_all
from governance.retention.sweeper import SweepResult, sweep
from governance.tenancy.models import Membership, Role, User


def _ensure_reader(actor: User) -> set[int]:
    tenants = reader_tenant_ids(actor)
    if not tenants:
        raise Forbidden(_("Your role gives no access to retention rules"))
    return tenants


def retention_rule_list(*, actor: User, municipality: int | None = None) -> QuerySet[RetentionRule]:
    tenants = _ensure_reader(actor)
    rules = RetentionRule.objects.filter(municipality_id__in=tenants).select_related(
        "municipality", "business", "business__department").prefetch_related("items")
    if municipality is not None:
        rules = rules.filter(municipality_id=municipality)
    return rules.order_by("municipality__code", "business__number", "business__name", "source")


def retention_rule_get(*, actor: User, pk: int) -> RetentionRule:
    rule = retention_rule_list(actor=actor).filter(pk=pk).first()
    if rule is None:
        raise NotFound(_("Retention rule %(pk)s does not exist or is not yours to see") % {"pk": pk})
    return rule


def retention_sources() -> list[RetentionSource]:
    """The registered sources, for the rule form's choices."""
    return sources_all()


def retention_run_list(*, actor: User, limit: int = 20) -> list[RetentionRun]:
    tenants = _ensure_reader(actor)
    runs = RetentionRun.objects.filter(municipality_id__in=tenants) | RetentionRun.objects.filter(
        municipality__isnull=True)
    return list(runs.order_by("-started_at", "-id")[:limit])


def retention_erasure_list(*, actor: User, municipality: int, subject_type: str, subject_ref: str
                           ) -> QuerySet[RetentionErasure]:
    """Local erasures of one data subject (the subject trail's local half)."""
    if municipality not in _ensure_reader(actor):
        raise Forbidden(_("You may not read this tenant's erasure records"))
    return RetentionErasure.objects.filter(municipality_id=municipality, subject_type=subject_type,
                                           subject_ref=subject_ref).order_by("erased_at", "pk")


def retention_preview(*, actor: User, municipality: int, as_of: date) -> SweepResult:
    """What a sweep of one tenant on ``as_of`` would remove (a dry run): administrators and department staff."""
    allowed = Membership.objects.filter(user=actor, municipality_id=municipality,
                                        role__in=[Role.ADMINISTRATOR, Role.DEPARTMENT_STAFF]).exists()
    if not allowed:
        raise Forbidden(_("Only administrators and department staff of the tenant may preview a retention sweep"))
    return sweep(as_of=as_of, dry_run=True, tenant_id=municipality)
