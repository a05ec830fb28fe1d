"""Pages of the babysitter subsidy for the ward's staff and the contractor: the applications, one application
(uses, computed breakdown, refusals, duplicates, steps, pre-check, decision, call-centre log), the LoGo import,
the forms' column mappings, notices and transfer files.

Each handler parses, makes its service or selector calls and renders; personal values are read through
``childcare.subsidy.access`` (one access event per page). A refusal is shown as the service's message.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from childcare.subsidy import selectors, services
from childcare.subsidy.access import (
    PURPOSE_DETAIL,
    PURPOSE_LIST,
    applications_read,
    document_open,
    document_openable,
    inquiries_read,
)
from childcare.subsidy.downloads import document_response, notices_response, transfer_file_response
from childcare.subsidy.errors import SubsidyInvalid, SubsidyRefused
from childcare.subsidy.fields import APPLICATION_FIELDS, FIELDS, LIST_FIELDS
from childcare.subsidy.logo import APPLICATION_COLUMNS, FIELD_LABELS, USE_COLUMNS
from childcare.subsidy.models import Application, ApplicationState
from childcare.subsidy.notices import notices_pdf
from childcare.subsidy.zengin import transfer_file_open, transfer_requester, transfer_run_create
from common.errors import ApplicationError
from common.wareki import wareki_fiscal_year
from common.web import page_view

PAGE_SIZE = 50
ACCOUNT_KIND_NAMES = {"1": "普通", "2": "当座"}  # 預金種目 as the banks print them


def yen(amount: int | None) -> str:
    return "" if amount is None else _("%(amount)s yen") % {"amount": f"{amount:,}"}


def _state_label(state: str) -> str:
    return ApplicationState(state).label if state in ApplicationState.values else "—"


def _who(request):
    return selectors.subsidy_actor(actor=request.user)


def _staff(request):
    """The actor, if ward staff of the subsidy's department: the import, mappings, companies and transfers are
    theirs; the contractor receives and pre-checks."""
    who = _who(request)
    if not who.ward_staff:
        raise SubsidyRefused(_("Only the ward's staff of the subsidy's department may do this; the contractor "
                               "receives and pre-checks, the ward decides"), code="subsidy.ward_only")
    return who


def _day(text: str | None, field: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise SubsidyInvalid(_("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": text[:20]}, field=field,
                             code="subsidy.filter_date") from None


def list_filters(params) -> dict:
    """The list's filters from a query string: state, received from/until (申請日), duplicates only."""
    state = params.get("state") if params.get("state") in ApplicationState.values else None
    received_from, received_until = _day(params.get("from"), "from"), _day(params.get("until"), "until")
    if received_from and received_until and received_until < received_from:
        raise SubsidyInvalid(_("The last day of reception comes before the first"), field="until",
                             code="subsidy.filter_dates")
    return {"state": state, "received_from": received_from, "received_until": received_until,
            "duplicates": params.get("duplicates") in ("1", "true", "on")}


@page_view
@require_GET
def applications(request):
    """The applications, page by page, narrowed by state, received days and open duplicates; ward staff approve
    several at once, the contractor opens one to pre-check."""
    try:
        who = _who(request)
    except SubsidyRefused as exc:
        # A role whose home page lists the subsidy (all department staff and vendors) but who is not its
        # department or contractor is told why, with the status of a refusal.
        return render(request, "subsidy/no_access.html", {"message": exc.message}, status=403)
    try:
        filters = list_filters(request.GET)
    except SubsidyInvalid as exc:
        messages.error(request, exc.message)
        filters = list_filters({})
    page = Paginator(selectors.application_list(who=who, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    views = applications_read(who=who, applications=rows, fields=LIST_FIELDS, purpose=PURPOSE_LIST)
    duplicated = selectors.applications_with_duplicates(who=who) if rows else set()
    lines = [{"app": app, "applicant": view.values.get("applicant.name"), "child": view.values.get("child.name"),
              "computed": yen(app.computed_yen), "decided": yen(app.decided_yen), "duplicate": app.pk in duplicated}
             for app, view in zip(rows, views, strict=True)]
    kept = {k: v for k, v in (("state", filters["state"]), ("from", request.GET.get("from", "")),
                              ("until", request.GET.get("until", "")),
                              ("duplicates", "1" if filters["duplicates"] else "")) if v}
    return render(request, "subsidy/applications.html", {
        "who": who, "lines": lines, "states": ApplicationState.choices, "filters": filters, "page": page,
        "query": urlencode(kept), "received_from": request.GET.get("from", ""),
        "received_until": request.GET.get("until", "")})


@page_view
@require_GET
def application(request, application_id: int):
    who = _who(request)
    app = selectors.application_get(who=who, pk=application_id)
    (view,) = applications_read(who=who, applications=[app], fields=APPLICATION_FIELDS, purpose=PURPOSE_DETAIL)
    personal = [(FIELDS[name].label, value) for name, value in view.values.items() if name != "applicant.bank_account"]
    account = view.values.get("applicant.bank_account")
    if account:
        account = {**account, "kind": ACCOUNT_KIND_NAMES.get(account.get("kind"), account.get("kind"))}
    duplicates = selectors.application_duplicates(app)
    answer_ids = dict(Application.objects.filter(pk__in={d.other_id for d in duplicates})
                      .values_list("pk", "answer_id"))
    return render(request, "subsidy/application.html", {
        "who": who, "application": app, "personal": personal, "account": account,
        "fiscal_year": wareki_fiscal_year(app.fiscal_year),
        "withheld": [FIELDS[n].label for n in view.withheld], "uses": selectors.application_uses(app),
        "duplicates": [(d, answer_ids.get(d.other_id, d.other_id)) for d in duplicates],
        "steps": [(step.at, step.actor.username, _state_label(step.from_state), _state_label(step.to_state))
                  for step in app.steps.select_related("actor")],
        "inquiries": inquiries_read(who=who, application=app),
        "documents": [(d, document_openable(who=who, document=d)) for d in app.documents.all()]})


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
    who = _staff(request)
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
    who = _staff(request)
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
    fields = [(name, FIELD_LABELS[name], chosen.columns.get(name, "") if chosen else "")
              for name in (*APPLICATION_COLUMNS, *USE_COLUMNS)]
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
    return notices_response(pdf)


@page_view
@require_http_methods(["GET", "POST"])
def transfers(request):
    """Make a Zengin transfer file of the notified applications not yet paid; earlier runs to download again."""
    who = _staff(request)
    if request.method == "POST":
        try:
            run = transfer_run_create(who=who, requester=transfer_requester(), transfer_on=timezone.localdate())
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Transfer file made: %(count)d payment(s), %(total)s yen.")
                             % {"count": run.record_count, "total": f"{run.total_yen:,}"})
        return redirect("subsidy-transfers")
    runs = Paginator(selectors.transfer_runs(who=who), PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = Application.objects.filter(municipality_id=who.municipality_id, state=ApplicationState.NOTIFIED).count()
    return render(request, "subsidy/transfers.html", {"who": who, "runs": runs, "waiting": waiting})


@page_view
@require_GET
def transfer_file(request, run_id: int):
    who = _who(request)
    run = selectors.transfer_run_get(who=who, pk=run_id)
    return transfer_file_response(run, transfer_file_open(who=who, run=run))


@page_view
@require_GET
def document_file(request, application_id: int, document_id: int):
    """A document, decrypted: shown in the browser if it is a PDF or a picture, downloaded otherwise; the read is
    recorded. The contractor opens only the kinds of document its approved items cover."""
    who = _who(request)
    app = selectors.application_get(who=who, pk=application_id)
    document = selectors.document_get(who=who, application=app, pk=document_id)
    return document_response(content=document_open(who=who, document=document), name=document.name)


# --- certified companies and their sitters (the ward's lists) ------------------------------------------------

def _company_form(post) -> dict:
    price = (post.get("hourly_price_yen") or "").strip().replace(",", "")
    return {"code": post.get("code", ""), "name": post.get("name", ""),
            "hourly_price_yen": int(price) if price.isdigit() else -1,
            "certified_from": _day(post.get("certified_from"), "certified_from"),
            "certified_until": _day(post.get("certified_until"), "certified_until")}


@page_view
@require_http_methods(["GET", "POST"])
def companies(request):
    """The certified sitter companies (東京都認定ベビーシッター事業者) the ward keeps, and a new one."""
    who = _staff(request)
    form = {}
    if request.method == "POST":
        form = request.POST
        try:
            company = services.company_save(who=who, **_company_form(request.POST))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The company %(code)s is added.") % {"code": company.code})
            return redirect("subsidy-company", company_id=company.pk)
    today = timezone.localdate()
    rows = [{"company": c, "sitters": len(c.sitters.all()),
             "certified": c.certified_from <= today and (c.certified_until is None or today <= c.certified_until)}
            for c in selectors.companies(municipality_id=who.municipality_id)]
    return render(request, "subsidy/companies.html", {"who": who, "rows": rows, "form": form})


@page_view
@require_http_methods(["GET", "POST"])
def company(request, company_id: int):
    """One company: its details to change and its eligible sitters, with a new sitter."""
    who = _staff(request)
    obj = selectors.company_get(who=who, pk=company_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "sitter":
                sitter = services.sitter_save(
                    who=who, company=obj, number=request.POST.get("number", ""),
                    eligible_from=_day(request.POST.get("eligible_from"), "eligible_from"),
                    eligible_until=_day(request.POST.get("eligible_until"), "eligible_until"))
                messages.success(request, _("The sitter %(number)s is added.") % {"number": sitter.number})
            else:
                services.company_save(who=who, company=obj, **_company_form(request.POST))
                messages.success(request, _("The company is saved."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("subsidy-company", company_id=obj.pk)
    return render(request, "subsidy/company.html", {"who": who, "company": obj,
                                                    "sitters": obj.sitters.order_by("number")})


@page_view
@require_POST
def sitter(request, company_id: int, sitter_id: int):
    """Change an eligible sitter's number or dates (e.g. the day the eligibility ended)."""
    who = _staff(request)
    obj = selectors.company_get(who=who, pk=company_id)
    found = selectors.sitter_get(who=who, company=obj, pk=sitter_id)
    try:
        services.sitter_save(who=who, company=obj, sitter=found, number=request.POST.get("number", ""),
                             eligible_from=_day(request.POST.get("eligible_from"), "eligible_from"),
                             eligible_until=_day(request.POST.get("eligible_until"), "eligible_until"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The sitter %(number)s is saved.") % {"number": found.number})
    return redirect("subsidy-company", company_id=obj.pk)
