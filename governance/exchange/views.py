"""The handover ledger page (filters, CSV) and the dry run: why would this exchange be denied?"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.errors import ApplicationError, Forbidden
from common.problems import stored_problem_text
from common.web import page_view
from governance.exchange.channels import allowed_items, channel_kind, channel_parties
from governance.exchange.exports import ledger_csv
from governance.exchange.gate import exchange_check
from governance.exchange.models import Direction
from governance.exchange.purposes import exchange_purposes
from governance.exchange.selectors import LedgerFilter, ledger_get, ledger_list
from governance.registry.access import ensure_registry_reader, reader_tenant_ids
from governance.registry.models import ExternalConnection, OutsourcingContract
from governance.tenancy.models import Party


@page_view
@require_GET
def ledger(request):
    ensure_registry_reader(request.user)
    error = ""
    try:
        filters = LedgerFilter.from_params(request.GET)
    except ApplicationError as exc:
        filters, error = LedgerFilter(), exc.message
    entries = ledger_list(actor=request.user, filters=filters)
    if request.GET.get("format") == "csv" and not error:
        response = HttpResponse(ledger_csv(entries, tenant_id=None), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="handover-ledger.csv"'
        return response
    parties = Party.objects.filter(pk__in=ledger_list(actor=request.user).values("party_id")).order_by("name")
    return render(request, "exchange/ledger.html", {
        "entries": entries[:500], "filters": filters, "error": error, "parties": parties,
        "directions": Direction.choices, "query": request.GET.urlencode()})


@page_view
@require_GET
def ledger_entry(request, pk: int):
    """One entry of the ledger; for a refused file, the problems it was refused for."""
    entry = ledger_get(actor=request.user, pk=pk)
    return render(request, "exchange/ledger_entry.html", {
        "e": entry, "problems": [(p.get("line") or 0, stored_problem_text(p)) for p in entry.problems]})


def _channels(actor):
    tenants = reader_tenant_ids(actor)
    if not tenants:
        raise Forbidden(_("The exchange check is for readers of the registry"))
    return ([(f"connection:{c.pk}", "connection", c) for c in ExternalConnection.objects.filter(
                municipality_id__in=tenants)]
            + [(f"contract:{c.pk}", "contract", c) for c in OutsourcingContract.objects.filter(
                municipality_id__in=tenants)])


@page_view
def dry_run(request):
    """Pick a channel, a party, a direction and items; see every reason the gate would give."""
    choices = _channels(request.user)
    selected = request.POST.get("channel") or request.GET.get("channel", "")
    channel = next((c for value, _, c in choices if value == selected), None)
    context = {"choices": choices, "selected": selected, "channel": channel, "directions": Direction.choices,
               "purposes": exchange_purposes()}
    if channel is not None:
        kind = channel_kind(channel)
        version = channel.versions.order_by("-number").first()
        parties = channel_parties(version, kind) if version else []
        party = next((p for p in parties if str(p.pk) == request.POST.get("party", request.GET.get("party"))),
                     parties[0] if parties else None)
        items = allowed_items(version, kind, party) if party else {"send": [], "receive": []}
        context.update({"parties": parties, "party": party,
                        "items": sorted(set(items["send"]) | set(items["receive"]))})
        if request.method == "POST":
            fields = request.POST.getlist("fields") + [
                f.strip() for f in request.POST.get("extra_fields", "").splitlines() if f.strip()]
            try:
                context["check"] = exchange_check(
                    actor=request.user, channel=channel, direction=request.POST.get("direction", "send"),
                    fields=fields, purpose_code=request.POST.get("purpose_code", ""), party=party,
                    record_count=int(request.POST.get("record_count") or 1))
            except (ApplicationError, ValueError) as exc:
                context["error"] = getattr(exc, "message", str(exc))
            context["chosen"] = set(fields)
    return render(request, "exchange/dry_run.html", context)
