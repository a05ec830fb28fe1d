"""The contact book's pages: one child's book for its family and its staff, photos served from the sealed store."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from childcare.children.access import PURPOSE_PORTAL, children_read
from childcare.children.models import Child
from childcare.operations import contact
from childcare.operations.models import PhotoSharing
from childcare.operations.photos import PHOTO_MAX_BYTES
from childcare.operations.selectors import operations_children_scope
from common.errors import ApplicationError
from common.uploads import upload_read
from common.web import page_view

PURPOSE_CLASS = "childcare.operations.class"


def _classmates(request, child: Child) -> list:
    """Other children of the facility the staff member sees (for naming who is in a photo)."""
    others = list(Child.objects.filter(operations_children_scope(request.user), facility_id=child.facility_id,
                                       left_on__isnull=True).exclude(pk=child.pk).order_by("pk"))
    return children_read(actor=request.user, children=others, fields=["child.name"],
                         purpose=PURPOSE_CLASS) if others else []


@page_view
@require_http_methods(["GET", "POST"])
def contact_book(request, record_uid: str):
    """A child's contact book: the last two weeks, and today's entry to write (with photos from the nursery)."""
    child = contact.child_for_contact(actor=request.user, record_uid=record_uid)
    guardian = contact.is_guardian_of(request.user, child)
    if request.method == "POST":
        photos = [(upload_read(f, max_bytes=PHOTO_MAX_BYTES), f.name)
                  for f in request.FILES.getlist("photos")]
        shown_uids = set(request.POST.getlist("shown"))
        shown = [c for c in Child.objects.filter(facility_id=child.facility_id) if str(c.record_uid) in shown_uids]
        try:
            contact.contact_write(actor=request.user, child=child, body=request.POST.get("body", ""), photos=photos,
                                  shown=shown)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The entry has been written."))
        return redirect("operations-contact", record_uid=child.record_uid)
    (name,) = children_read(actor=request.user, children=[child], fields=["child.name"],
                            purpose=PURPOSE_PORTAL if guardian else PURPOSE_CLASS)
    sharing = PhotoSharing.objects.filter(child=child).first()
    return render(request, "operations/contact.html", {
        "child": child, "name": name.values.get("name", ""), "guardian": guardian,
        "entries": contact.contact_read(actor=request.user, child=child),
        "classmates": [] if guardian else _classmates(request, child),
        "refused": bool(sharing and sharing.refused)})


@page_view
@require_POST
def photo_sharing(request, record_uid: str):
    child = contact.child_for_contact(actor=request.user, record_uid=record_uid)
    try:
        contact.photo_sharing_set(actor=request.user, child=child, refused=request.POST.get("refused") == "1")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("operations-contact", record_uid=child.record_uid)


@page_view
@require_GET
def photo(request, photo_id: int):
    """A photo's bytes for those who may see it; never cached by a browser or a proxy."""
    stored = contact.photo_read(actor=request.user, photo_id=photo_id)
    response = HttpResponse(stored.image, content_type=f"image/{stored.kind}")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
