"""Auditor pages: the newest events of the auditor's tenants and the chain's verification."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from audit import chain
from audit.selectors import audit_event_list
from audit.services import audit_record


@login_required
@permission_required("audit.view_auditevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def audit_log(request):
    """Recent events (metadata only) and, on POST, a verification of the whole chain."""
    verification = None
    if request.method == "POST":
        verification = chain.verify()
        with transaction.atomic():
            audit_record("audit.chain.verified",
                         data={"ok": verification.ok, "checked": verification.checked,
                               "first_bad_seq": verification.first_bad_seq})
    events = audit_event_list(actor=request.user)[:100]
    return render(request, "audit/audit_log.html", {"events": events, "verification": verification})
