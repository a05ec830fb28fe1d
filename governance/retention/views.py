"""Retention pages: the rules (list, new, edit), recent sweep runs, and a dry run as of a chosen day.

Each view parses the request, makes one selector or service call and renders; who may see or
change what is decided by governance.retention's selectors and services.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.errors import ApplicationError
from common.web import page_view
from governance.jobs.views import job_start_from_page
from governance.registry.models import RegisteredBusiness
from governance.retention import selectors, services
from governance.retention.jobs import RETENTION_SWEEP
from governance.retention.models import RetentionAction, RetentionTrigger
from governance.tenancy.models import Membership, Municipality, Role

PREVIEW_LIMIT = 500


def _writer_tenants(user) -> list[Municipality]:
    ids = Membership.objects.filter(user=user, role__in=[Role.ADMINISTRATOR, Role.DEPARTMENT_STAFF]).values(
        "municipality_id")
    return list(Municipality.objects.filter(pk__in=ids).order_by("code"))


@page_view
@require_GET
def retention_index(request):
    rules = list(selectors.retention_rule_list(actor=request.user))
    runs = selectors.retention_run_list(actor=request.user)
    tenants = _writer_tenants(request.user)
    preview, error = None, ""
    as_of = request.GET.get("as_of", "")
    tenant = request.GET.get("municipality", "")
    if as_of:
        try:
            day = date.fromisoformat(as_of)
            preview = selectors.retention_preview(actor=request.user, municipality=int(tenant), as_of=day)
        except ValueError:
            error = f"'{as_of}' is not a date like 2031-04-01, or no municipality was chosen"
        except ApplicationError as exc:
            error = exc.message
    return render(request, "retention/index.html", {
        "rules": rules, "runs": runs, "tenants": tenants, "preview": preview, "error": error,
        "records": preview.records[:PREVIEW_LIMIT] if preview else [], "limit": PREVIEW_LIMIT,
        "as_of": as_of or timezone.localdate().isoformat(), "tenant": tenant})


@page_view
@require_POST
def sweep_start(request):
    """Start the sweep of a municipality now, in the background; its page shows the progress, then the result."""
    municipality = Municipality.objects.filter(pk=request.POST.get("municipality") or 0).first()
    if municipality is None:
        raise PermissionDenied
    return job_start_from_page(request, kind=RETENTION_SWEEP, municipality_id=municipality.pk)


def _form_data(post) -> dict:
    """The form's values as the services take them (``post`` is the POST, or the GET of a redrawn form)."""
    data = {name: post.get(name, "") for name in ("source", "trigger", "action", "period_years", "period_months",
                                                  "period_days", "note")}
    if post.get("business", "").isdigit():
        data["business"] = int(post["business"])
    data["items"] = [int(i) for i in post.getlist("items") if i.isdigit()]
    data["active"] = post.get("active") == "on"
    return data


def _choices(source, current: dict) -> dict:
    """What the form offers for the chosen records: only their triggers and actions, so the defaults (the first of
    each) are valid together; the current values where they still fit."""
    triggers = [(v, label) for v, label in RetentionTrigger.choices if v in source.triggers]
    actions = [(v, label) for v, label in RetentionAction.choices if v in source.actions]
    if current.get("trigger") not in source.triggers:
        current["trigger"] = triggers[0][0]
    if current.get("action") not in source.actions:
        current["action"] = actions[0][0]
    return {"triggers": triggers, "actions": actions}


@page_view
@require_http_methods(["GET", "POST"])
def rule_edit(request, pk: int | None = None):
    """A rule's form. Choosing other records or another business (htmx GET with the form's values) redraws it with
    the triggers, actions and data items that fit; a refusal is shown in Japanese beside its field."""
    rule = selectors.retention_rule_get(actor=request.user, pk=pk) if pk is not None else None
    tenants = _writer_tenants(request.user)
    tenant_id = rule.municipality_id if rule else int(request.POST.get("municipality") or request.GET.get(
        "municipality") or (tenants[0].pk if tenants else 0))
    if not any(t.pk == tenant_id for t in tenants):
        raise PermissionDenied(
            _("Only administrators and department staff of the municipality may set retention rules"))
    municipality = next(t for t in tenants if t.pk == tenant_id)
    errors: dict[str, str] = {}
    data = None
    if request.method == "POST":
        data = _form_data(request.POST)
        try:
            if rule is None:
                services.retention_rule_create(municipality=municipality, data=data, actor=request.user)
            else:
                data.pop("source")
                services.retention_rule_update(rule=rule, data=data, actor=request.user)
            return redirect("retention-index")
        except ApplicationError as exc:
            errors[exc.field or "form"] = exc.message
    elif "business" in request.GET:  # the form redrawn for what was chosen so far
        data = _form_data(request.GET)
    businesses = list(RegisteredBusiness.objects.filter(municipality=municipality).select_related(
        "department").prefetch_related("items").order_by("number", "name"))
    sources = selectors.retention_sources()
    current = data or ({"business": rule.business_id, "items": list(rule.items.values_list("pk", flat=True)),
                        "source": rule.source, "trigger": rule.trigger, "action": rule.action,
                        "period_years": rule.period_years, "period_months": rule.period_months,
                        "period_days": rule.period_days, "active": rule.active, "note": rule.note}
                       if rule else {"items": [], "active": True})
    if rule is not None:
        current["source"] = rule.source  # the form does not send it: it cannot change
    source = next((s for s in sources if s.name == current.get("source")), sources[0])
    current["source"] = source.name
    business = next((b for b in businesses if b.pk == current.get("business")), businesses[0] if businesses else None)
    current["business"] = business.pk if business else None
    return render(request, "retention/rule_form.html", {
        "rule": rule, "municipality": municipality, "tenants": tenants, "businesses": businesses,
        "items": list(business.items.all()) if business else [], "sources": sources, **_choices(source, current),
        "current": current, "errors": errors,
    }, status=400 if errors else 200)
