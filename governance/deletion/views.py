"""Deletion pages. Vendor users (logged in with their second factor) see their party's requests and upload
certificates; the ward's staff see their tenant's requests and notices and confirm or reject certificates;
auditors look up a subject's trail. Each view makes one service or selector call; refusals are messages."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_access
from common.errors import ApplicationError, Forbidden, NotFound
from common.uploads import upload_read
from common.web import page_view
from governance.deletion import selectors, services
from governance.deletion.models import DeletionCertificate, DeletionStatus, ErasureMethod
from governance.deletion.trail import subject_trail
from governance.registry.access import vendor_party_ids


@page_view
@require_GET
def request_list(request):
    selectors.ensure_involved(request.user)
    status = request.GET.get("status", "unclosed")
    return render(request, "deletion/list.html", {
        "requests": selectors.deletion_request_list(actor=request.user, status=status)[:500],
        "notices": selectors.notice_list(actor=request.user)[:100],
        "status": status, "statuses": [("unclosed", _("not closed")), *DeletionStatus.choices, ("", _("all"))],
        "is_vendor": bool(vendor_party_ids(request.user)), "today": timezone.localdate()})


def _certificate_for(user, pk) -> DeletionCertificate:
    certificate = DeletionCertificate.objects.filter(pk=pk).only("pk", "request_id").first()
    if certificate is None:
        raise NotFound(_("There is no deletion certificate %(pk)s for you") % {"pk": pk}, field="certificate")
    request = selectors.deletion_request_get(actor=user, pk=certificate.request_id)
    return DeletionCertificate.objects.select_related("request").get(pk=certificate.pk, request=request)


@page_view
@require_GET
def request_detail(request, pk: int):
    deletion_request = selectors.deletion_request_get(actor=request.user, pk=pk)
    certificates = list(selectors.certificate_list(request=deletion_request))
    may_decide = selectors.may_decide(actor=request.user, request=deletion_request)
    is_vendor = deletion_request.party_id in vendor_party_ids(request.user)
    if certificates and (may_decide or is_vendor):
        # The witness's name is personal data (of the party's staff): its display is an access like any other.
        record_access(subjects=certificates, fields=["立会者"], purpose="deletion certificate review",
                      tenant_id=deletion_request.municipality_id)
    entries = deletion_request.entries.select_related("entry__party", "entry__connection", "entry__contract")
    return render(request, "deletion/detail.html", {
        "r": deletion_request, "entries": [line.entry for line in entries], "certificates": certificates,
        "may_decide": may_decide, "is_vendor": is_vendor, "methods": ErasureMethod.choices,
        "may_upload": is_vendor and deletion_request.status == DeletionStatus.OPEN, "today": timezone.localdate()})


@page_view
@require_POST
def certificate_upload(request, pk: int):
    upload = request.FILES.get("pdf")
    try:
        erased_on = date.fromisoformat(request.POST["erased_on"]) if request.POST.get("erased_on") else None
    except ValueError:
        messages.error(request, _("The erasure date is not a date (YYYY-MM-DD)."))
        return redirect("deletion-request", pk=pk)
    try:
        services.deletion_certificate_upload(
            actor=request.user, request_id=pk, method=request.POST.get("method", ""),
            media_identifiers=request.POST.get("media_identifiers", "").splitlines(), erased_on=erased_on,
            witness=request.POST.get("witness", ""),
            content=upload_read(upload, max_bytes=settings.DELETION_CERTIFICATE_MAX_BYTES) if upload else None,
            content_type=upload.content_type if upload else "")
    except NotFound:
        raise  # another party's request: 404, as for any page of it
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("deletion-request", pk=pk)
    messages.success(request, _("The certificate was uploaded. The ward will confirm it."))
    return redirect("deletion-request", pk=pk)


@page_view
@require_POST
def certificate_decide(request, pk: int):
    certificate = _certificate_for(request.user, pk)
    try:
        if request.POST.get("decision") == "confirm":
            services.deletion_certificate_confirm(actor=request.user, certificate=certificate)
            messages.success(request, _("The certificate is confirmed and the request is closed."))
        else:
            services.deletion_certificate_reject(actor=request.user, certificate=certificate,
                                                 reason=request.POST.get("reason", ""))
            messages.success(request, _("The certificate is rejected; the party was told why."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("deletion-request", pk=certificate.request_id)


@page_view
@require_GET
def certificate_pdf(request, pk: int):
    certificate = _certificate_for(request.user, pk)
    with transaction.atomic():
        services.certificate_downloaded(actor=request.user, certificate=certificate)
    response = HttpResponse(certificate.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.file_name}"'
    return response


@page_view
@require_GET
def subject_trail_page(request):
    context = {"subject_type": request.GET.get("subject_type", ""), "subject_id": request.GET.get("subject_id", "")}
    if not request.user.has_perm("audit.view_auditevent"):
        raise Forbidden(_("Only auditors (and administrators) may look up a subject's trail"))
    if context["subject_type"] or context["subject_id"]:
        try:
            context["trail"] = subject_trail(actor=request.user, subject_type=context["subject_type"],
                                             subject_id=context["subject_id"])
        except Forbidden:
            raise
        except ApplicationError as exc:
            context["error"] = exc.message
    return render(request, "deletion/trail.html", context)
