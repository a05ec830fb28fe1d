"""Working reconciliation cases."""

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from common.errors import Conflict, InvalidInput
from payments.access import require_department
from payments.models import CaseStatus, ReconciliationCase


@transaction.atomic
def case_resolve(*, actor, case: ReconciliationCase, resolution: str) -> ReconciliationCase:
    """Close a case with what was done (e.g. 還付済, 再消込済); staff of the case's department only."""
    case = ReconciliationCase.objects.select_for_update().select_related("department").get(pk=case.pk)
    require_department(actor, case.department, "resolve this case")
    if case.status != CaseStatus.OPEN:
        raise Conflict(f"Case {case.pk} is already {case.status}", field="status")
    resolution = resolution.strip()
    if not resolution:
        raise InvalidInput("Say what was done to resolve the case", field="resolution")
    case.status, case.resolution = CaseStatus.RESOLVED, resolution[:500]
    case.resolved_at, case.resolved_by = timezone.now(), actor
    case.save(update_fields=["status", "resolution", "resolved_at", "resolved_by"])
    audit_record("payments.case.resolved", obj=case, tenant_id=case.municipality_id, data={"kind": case.kind})
    return case
