"""The auditor's workspace: search, prebuilt questions, CSV export, chain verification, findings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from audit.context import Channel
from audit.exports import events_csv_response
from audit.models import AuditFinding
from audit.selectors import (
    QUESTIONS,
    EventFilter,
    audit_event_search,
    audit_finding_list,
    question_filter,
    verified_chains,
)
from audit.services import audit_chain_verify, audit_finding_update, audit_query_record
from common.errors import ApplicationError
from common.web import is_htmx

PAGE_SIZE = 100
auditor_only = permission_required("audit.view_auditevent", raise_exception=True)


def _filters(request) -> tuple[EventFilter, str]:
    question = request.GET.get("question", "")
    if question:
        return question_filter(question, request.GET), question
    return EventFilter.from_params(request.GET), ""


@login_required
@auditor_only
@require_GET
def audit_workspace(request):
    """Search the log; an htmx request gets just the results table."""
    error, events, total = "", [], 0
    try:
        filters, question = _filters(request)
    except ApplicationError as exc:
        filters, question, error = EventFilter(), "", exc.message
    if not error and (request.GET or is_htmx(request)):
        found = audit_event_search(actor=request.user, filters=filters)
        total = found.count()
        events = list(found[:PAGE_SIZE])
        audit_query_record(filters_reference=filters.as_reference(), question=question, result_count=total)
    context = {"channels": Channel.ALL, "filters": filters, "question": question, "questions": QUESTIONS,
               "events": events, "total": total, "error": error, "searched": bool(request.GET),
               "query": request.GET.urlencode(),
               "open_findings": audit_finding_list(actor=request.user, status=AuditFinding.Status.OPEN).count()}
    template = "audit/_results.html" if is_htmx(request) else "audit/workspace.html"
    return render(request, template, context)


@login_required
@auditor_only
@require_GET
def audit_export(request):
    """The current search as CSV."""
    try:
        filters, _ = _filters(request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("audit-log")
    audit_query_record(filters_reference=filters.as_reference(), exported=True)
    return events_csv_response(audit_event_search(actor=request.user, filters=filters))


@login_required
@auditor_only
@require_POST
def audit_verify(request):
    """Verify the chain; htmx swaps in the outcome."""
    chains = verified_chains(request.user)
    return render(request, "audit/_verification.html",
                  {"verification": audit_chain_verify(chains=chains, actor_id=request.user.pk)})


@login_required
@auditor_only
def audit_findings(request):
    """Findings of the periodic log analysis; POST changes one finding's status."""
    if request.method == "POST":
        finding = get_object_or_404(audit_finding_list(actor=request.user), pk=request.POST.get("finding"))
        try:
            audit_finding_update(finding=finding, status=request.POST.get("status", ""),
                                 note=request.POST.get("note", ""))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("audit-findings")
    status = request.GET.get("status", AuditFinding.Status.OPEN)
    return render(request, "audit/findings.html", {
        "findings": audit_finding_list(actor=request.user, status=status), "status": status,
        "statuses": AuditFinding.Status.choices, "kinds": dict(AuditFinding.Kind.choices)})
