"""Reading the audit log, narrowed to the tenants the actor audits."""

from django.db.models import QuerySet

from audit.models import AuditEvent
from audit.scope import audit_tenant_ids


def audit_event_list(*, actor) -> QuerySet[AuditEvent]:
    """Events of the tenants the actor audits, newest first."""
    return AuditEvent.objects.filter(tenant_id__in=audit_tenant_ids(actor)).order_by("-seq")
