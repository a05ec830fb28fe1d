"""Pages of the babysitter subsidy for the ward's staff and the contractor: the applications, one application
(uses, computed breakdown, refusals, duplicates, steps, pre-check, decision, call-centre log), the LoGo import,
the forms' column mappings, notices and transfer files.

Each handler parses, makes its service or selector calls and renders; personal values are read through
``childcare.subsidy.access`` (one access event per page). A refusal is shown as the service's message.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from childcare.subsidy import selectors, services
from childcare.subsidy.access import PURPOSE_DETAIL, PURPOSE_LIST, applications_read, inquiries_read
from childcare.subsidy.errors import SubsidyInvalid, SubsidyNotFound, SubsidyRefused
from childcare.subsidy.fields import APPLICATION_FIELDS, FIELDS, LIST_FIELDS
from childcare.subsidy.logo import APPLICATION_COLUMNS, USE_COLUMNS
from childcare.subsidy.models import Application, ApplicationState, TransferRun
from childcare.subsidy.notices import notices_pdf
from childcare.subsidy.zengin import transfer_requester, transfer_run_create
from common.errors import ApplicationError
from common.web import page_view


def yen(amount: int | None) -> str:
    return "" if amount is None else _("%(amount)s yen") % {"amount": f"{amount:,}"}


def _state_label(state: str) -> str:
    return ApplicationState(state).label if state in ApplicationState.values else "—"


def _who(request):
    return selectors.subsidy_actor(actor=request.user)


@page_view
@require_GET
def applications(request):
    """The applications, by state; ward staff approve several at once, the contractor opens one to pre-check."""
    try:
        who = _who(request)
    except SubsidyRefused as exc:
        # A role whose home page lists the subsidy (all department staff and vendors) but who is not its
        # department or contractor is told why, with the status of a refusal.
        return render(request, "subsidy/no_access.html", {"message": exc.message}, status=403)
    state = request.GET.get("state") if request.GET.get("state") in ApplicationState.values else None
    rows = list(selectors.application_list(who=who, state=state)[:300])
    views = applications_read(who=who, applications=rows, fields=LIST_FIELDS, purpose=PURPOSE_LIST)
    lines = [{"app": app, "applicant": view.values.get("applicant.name"), "child": view.values.get("child.name"),
              "computed": yen(app.computed_yen), "decided": yen(app.decided_yen)}
             for app, view in zip(rows, views, strict=True)]
    return render(request, "subsidy/applications.html", {"who": who, "lines": lines,
                                                         "states": ApplicationState.choices, "state": state})


@page_view
@require_GET
def application(request, application_id: int):
    who = _who(request)
    app = selectors.application_get(who=who, pk=application_id)
    (view,) = applications_read(who=who, applications=[app], fields=APPLICATION_FIELDS, purpose=PURPOSE_DETAIL)
    personal = [(FIELDS[name].label, value) for name, value in view.values.items() if name != "applicant.bank_account"]
    return render(request, "subsidy/application.html", {
        "who": who, "application": app, "personal": personal, "account": view.values.get("applicant.bank_account"),
        "withheld": [FIELDS[n].label for n in view.withheld], "uses": selectors.application_uses(app),
        "duplicates": selectors.application_duplicates(app),
        "steps": [(step.at, step.actor.username, _state_label(step.from_state), _state_label(step.to_state))
                  for step in app.steps.select_related("actor")],
        "inquiries": inquiries_read(who=who, application=app), "documents": app.documents.all()})


def _back(application_id: int):
    return redirect("subsidy-application", application_id=application_id)


@page_view
@require_POST
def pre_check(request, application_id: int):
    try:
        services.application_pre_check(who=_who(request), application_id=application_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pre-checked. The ward decides next."))
    return _back(application_id)


@page_view
@require_POST
def decide(request, application_id: int):
    lines = [int(n) for n in request.POST.getlist("excluded_lines") if n.isdigit()]
    try:
        services.application_decide(who=_who(request), application_id=application_id,
                                    outcome=request.POST.get("outcome", ""), reason=request.POST.get("reason", ""),
                                    excluded_lines=lines)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Decided."))
    return _back(application_id)


@page_view
@require_POST
def bulk_approve(request):
    ids = [int(n) for n in request.POST.getlist("ids") if n.isdigit()]
    try:
        outcomes = services.applications_bulk_approve(who=_who(request), application_ids=ids)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("subsidy-applications")
    approved = [o for o in outcomes if o.ok]
    if approved:
        messages.success(request, _("%(count)d application(s) approved.") % {"count": len(approved)})
    for outcome in outcomes:
        if not outcome.ok:
            messages.error(request, _("Application %(id)d: %(message)s") % {"id": outcome.application_id,
                                                                             "message": outcome.message})
    return redirect("subsidy-applications")


@page_view
@require_POST
def inquiry(request, application_id: int):
    try:
        services.inquiry_record(who=_who(request), application_id=application_id,
                                content=request.POST.get("content", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The inquiry is recorded."))
    return _back(application_id)


@page_view
@require_POST
def document(request, application_id: int):
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise SubsidyInvalid(_("Choose a file"), field="file")
        services.document_add(who=_who(request), application_id=application_id, kind=request.POST.get("kind", ""),
                              name=upload.name, content=upload.read(services.MAX_DOCUMENT_BYTES + 1))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The document is attached."))
    return _back(application_id)


@page_view
@require_http_methods(["GET", "POST"])
def logo_import(request):
    """Upload a LoGo CSV export: a refusal lists every problem by row and column; nothing is stored then."""
    who = _who(request)
    mappings = selectors.form_mappings(who=who)
    problems, result = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise SubsidyInvalid(_("Choose the CSV file LoGo exported"), field="file")
            result = services.logo_import(who=who, form=request.POST.get("form", ""),
                                          content=upload.read(services.MAX_FILE_BYTES + 1), filename=upload.name)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            problems = exc.details.get("problems") or []
            problems += [{"row": "", "column": r.get("code"), "message": r.get("message")}
                         for r in exc.details.get("reasons") or []]
    return render(request, "subsidy/import.html", {"who": who, "mappings": mappings, "problems": problems,
                                                   "result": result})


@page_view
@require_http_methods(["GET", "POST"])
def mapping(request):
    """Edit a LoGo form's label → field mapping; a change is saved as the form's next version."""
    who = _who(request)
    if request.method == "POST":
        columns = {name: request.POST.get(name, "") for name in (*APPLICATION_COLUMNS, *USE_COLUMNS)}
        try:
            saved = services.mapping_save(who=who, form=request.POST.get("form", ""), columns=columns)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Mapping of “%(form)s” saved as version %(version)d.")
                             % {"form": saved.form, "version": saved.version})
            return redirect("subsidy-mappings")
    mappings = selectors.form_mappings(who=who)
    chosen = next((m for m in mappings if m.form == request.GET.get("form")), mappings[0] if mappings else None)
    fields = [(name, chosen.columns.get(name, "") if chosen else "") for name in (*APPLICATION_COLUMNS, *USE_COLUMNS)]
    return render(request, "subsidy/mappings.html", {"who": who, "mappings": mappings, "chosen": chosen,
                                                     "fields": fields})


@page_view
@require_POST
def notices(request):
    """The notices of the chosen decided applications as one PDF (they become notified)."""
    who = _who(request)
    ids = [int(n) for n in request.POST.getlist("ids") if n.isdigit()]
    chosen = [selectors.application_get(who=who, pk=pk) for pk in ids]
    try:
        pdf = notices_pdf(who=who, applications=chosen)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("subsidy-applications")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notices-{timezone.localdate():%Y%m%d}.pdf"'
    return response


@page_view
@require_http_methods(["GET", "POST"])
def transfers(request):
    """Make a Zengin transfer file of the notified applications not yet paid; earlier runs to download again."""
    who = _who(request)
    if not who.ward_staff:
        raise SubsidyRefused(_("Only the ward's staff make transfer files"))
    if request.method == "POST":
        try:
            run = transfer_run_create(who=who, requester=transfer_requester(), transfer_on=timezone.localdate())
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Transfer file made: %(count)d payment(s), %(total)s yen.")
                             % {"count": run.record_count, "total": f"{run.total_yen:,}"})
        return redirect("subsidy-transfers")
    runs = TransferRun.objects.filter(municipality_id=who.municipality_id).order_by("-pk")
    waiting = Application.objects.filter(municipality_id=who.municipality_id, state=ApplicationState.NOTIFIED).count()
    return render(request, "subsidy/transfers.html", {"who": who, "runs": runs, "waiting": waiting})


@page_view
@require_GET
def transfer_file(request, run_id: int):
    who = _who(request)
    if not who.ward_staff:
        raise SubsidyRefused(_("Only the ward's staff make transfer files"))
    run = TransferRun.objects.filter(municipality_id=who.municipality_id, pk=run_id).first()
    if run is None:
        raise SubsidyNotFound(_("No transfer run %(run_id)s") % {"run_id": run_id})
    response = HttpResponse(run.file, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="zengin-{run.transfer_on:%Y%m%d}-{run.pk}.txt"'
    return response
