"""Newsletter pages: staff send and follow read receipts (who has not read, for a paper copy); guardians read."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from childcare.children.access import children_read
from childcare.operations import newsletters, selectors
from childcare.operations.errors import OperationsInvalid
from childcare.operations.permissions import is_manager_for, staff_facilities
from common.errors import ApplicationError
from common.uploads import upload_read
from common.web import page_view

PURPOSE_CLASS = "childcare.operations.class"


@page_view
@require_http_methods(["GET", "POST"])
def staff_list(request):
    """Newsletters sent, with how many have read each, and the form to send one."""
    classes = list(selectors.class_list(actor=request.user))
    facilities = [f for f in staff_facilities(request.user) if is_manager_for(request.user, f)]
    if request.method == "POST":
        target = request.POST.get("target", "")
        child_class = next((c for c in classes if f"class:{c.pk}" == target), None)
        facility = child_class.facility if child_class else next(
            (f for f in facilities if f"facility:{f.pk}" == target), None)
        upload = request.FILES.get("attachment")
        try:
            if facility is None:
                raise OperationsInvalid("operations.newsletter_target", _("Choose whom to send it to"),
                                        field="target")
            newsletters.newsletter_send(
                actor=request.user, facility=facility, child_class=child_class, title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
                attachment=(upload_read(upload, max_bytes=newsletters.ATTACHMENT_MAX_BYTES), upload.name)
                if upload else None)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The newsletter has been sent."))
        return redirect("operations-newsletters")
    sent = list(newsletters.staff_newsletters(actor=request.user)[:50])
    counts = newsletters.read_counts(newsletters=sent)
    return render(request, "operations/newsletters.html", {
        "sent": [(n, counts.get(n.pk, (0, 0))) for n in sent], "classes": classes, "facilities": facilities})


@page_view
@require_GET
def staff_detail(request, newsletter_id: int):
    """One newsletter's receipts: each child's guardians, read or not (names through the access policy)."""
    newsletter = newsletters.newsletter_for_staff(actor=request.user, newsletter_id=newsletter_id)
    children, read = newsletters.receipts(actor=request.user, newsletter=newsletter)
    children = list(children)
    views = children_read(actor=request.user, children=children, fields=["child.name", "guardian.name"],
                          purpose=PURPOSE_CLASS) if children else []
    rows = [{"child": v.values.get("name", ""),
             "guardians": [{"name": g.values.get("name", ""), "read_at": read.get(str(g.record_uid))}
                           for g in v.guardians if str(g.record_uid) in read]} for v in views]
    unread = [r for r in rows if not any(g["read_at"] for g in r["guardians"])]
    return render(request, "operations/newsletter_receipts.html", {
        "newsletter": newsletter, "rows": rows, "unread": unread,
        "read_count": sum(1 for at in read.values() if at), "total": len(read)})


@page_view
@require_GET
def family_list(request):
    return render(request, "operations/family_newsletters.html", {"inbox": newsletters.inbox(actor=request.user)})


@page_view
@require_GET
def family_detail(request, newsletter_id: int):
    newsletter = newsletters.newsletter_open(actor=request.user, newsletter_id=newsletter_id)
    return render(request, "operations/family_newsletter.html", {"newsletter": newsletter})


@page_view
@require_GET
def family_attachment(request, newsletter_id: int):
    newsletter = newsletters.newsletter_open(actor=request.user, newsletter_id=newsletter_id)
    if not newsletter.attachment:
        return redirect("operations-family-newsletter", newsletter_id=newsletter.pk)
    response = HttpResponse(bytes(newsletter.attachment), content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
