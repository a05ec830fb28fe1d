"""Registry pages. Each view parses the request, makes one selector or service call and renders; who may see
or change what is decided by the registry's selectors and services (governance.registry)."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.errors import ApplicationError, Forbidden, NotFound
from common.web import page_view
from governance.registry import page_edits, pages, selectors, services, versioning
from governance.registry.access import ensure_registry_reader
from governance.registry.file_register import file_register_export
from governance.registry.forms import (
    BusinessForm,
    ConnectionForm,
    ContractForm,
    IndexFilter,
    ItemForm,
    add_service_error,
)


@page_view
@require_GET
def registry_index(request):
    """Businesses per department (search by department, number, name); for a vendor, its own parts."""
    ensure_registry_reader(request.user)
    form = IndexFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    context = pages.index_page(actor=request.user, municipality=filters.get("municipality"),
                               department=filters.get("department"), number=filters.get("number"),
                               search=filters.get("q"))
    return render(request, "registry/index.html", {**context, "form": form})


@page_view
@require_GET
def business_detail(request, pk: int):
    """The business page: items, parties, connections, contracts, uses, versions, diagram, findings."""
    return render(request, "registry/business.html", pages.business_page(actor=request.user, pk=pk))


@page_view
@require_GET
def business_diagram_svg(request, pk: int):
    """The data-flow diagram alone, as image/svg+xml."""
    diagram = pages.business_diagram(actor=request.user, pk=pk)
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + diagram.svg,
                        content_type="image/svg+xml; charset=utf-8")


def _save(request, form, write, *, success_url: str, success: str, contractors=()):
    """Call the service with the form's values; on refusal show its message next to the field it names."""
    try:
        write(form.cleaned_data)
    except Forbidden:
        raise
    except ApplicationError as exc:
        add_service_error(form, exc, contractors=contractors)
        return None
    messages.success(request, success)
    return redirect(success_url)


@page_view
@require_http_methods(["GET", "POST"])
def business_edit(request, pk: int):
    business = selectors.business_get(actor=request.user, pk=pk)
    if not pages.business_editable(actor=request.user, business=business):
        raise PermissionDenied(_("Only staff of the owning department may edit this business"))
    initial = {field: getattr(business, field) for field in BusinessForm.base_fields}
    form = BusinessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, lambda values: services.business_update(
            business=business, data=values, actor=request.user),
            success_url=reverse("registry-business-page", args=[pk]), success=_("The business was saved."))
        if response:
            return response
    return render(request, "registry/edit.html", {
        "form": form, "title": _("Edit the business"), "subject": business,
        "back": reverse("registry-business-page", args=[pk])}, status=400 if form.errors else 200)


@page_view
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int, item_pk: int | None = None):
    """Add an item to a business, or change one of its items."""
    business = selectors.business_get(actor=request.user, pk=pk)
    if not pages.business_editable(actor=request.user, business=business):
        raise PermissionDenied(_("Only staff of the owning department may edit this business"))
    item = None if item_pk is None else selectors.data_item_list(actor=request.user, business=business.pk).filter(
        pk=item_pk).first()
    if item_pk is not None and item is None:
        raise Http404(_("No such item of this business"))
    initial = {} if item is None else {f: getattr(item, f) for f in ItemForm.base_fields}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        def write(values):
            if item is None:
                return services.data_item_create(business=business, data=values, actor=request.user)
            return services.data_item_update(item=item, data=values, actor=request.user)

        response = _save(request, form, write, success_url=reverse("registry-business-page", args=[pk]) + "#items",
                         success=_("The item was saved."))
        if response:
            return response
    return render(request, "registry/edit.html", {
        "form": form, "title": _("Add an item") if item is None else _("Edit the item"), "subject": business,
        "back": reverse("registry-business-page", args=[pk]) + "#items"}, status=400 if form.errors else 200)


@page_view
@require_GET
def version_detail(request, kind: str, pk: int, number: int | None = None):
    """One version of a connection or contract (the newest when no number is given)."""
    context = pages.version_page(actor=request.user, kind=kind, pk=pk, number=number)
    return render(request, f"registry/{kind}_version.html", context)


@page_view
@require_GET
def version_diff(request, kind: str, pk: int):
    """What changed between two versions (?old=1&new=2; by default the two newest)."""
    part = pages.part_get(actor=request.user, kind=kind, pk=pk)
    numbers = [v.number for v in pages.versions_of(part)]
    try:
        new = int(request.GET.get("new") or numbers[0])
        old = int(request.GET.get("old") or (numbers[1] if len(numbers) > 1 else numbers[0]))
    except ValueError as exc:
        raise Http404(_("Version numbers are whole numbers")) from exc
    context = pages.version_diff_page(actor=request.user, kind=kind, pk=pk, old=old, new=new)
    return render(request, "registry/diff.html", context)


@page_view
@require_http_methods(["GET", "POST"])
def part_edit(request, kind: str, pk: int):
    """Edit a connection or contract: its draft in place, or — when the newest version is frozen — a new draft."""
    part = pages.part_get(actor=request.user, kind=kind, pk=pk)
    if not pages.part_editable(actor=request.user, part=part):
        raise PermissionDenied(_("Only staff of the owning department may edit this"))
    items = page_edits.part_items(part=part)
    contractors = []
    if kind == "connection":
        form = ConnectionForm(request.POST or None, initial=page_edits.connection_edit_initial(part=part), items=items)
        to_content = page_edits.connection_edit_content
    else:
        initial, contractors = page_edits.contract_edit_initial(part=part)
        form = ContractForm(request.POST or None, initial=initial, items=items, contractors=contractors)
        to_content = page_edits.contract_edit_content
    latest = versioning.version_latest(part=part)
    if request.method == "POST" and form.is_valid():
        try:
            version = versioning.registry_part_update(
                part=part, content=to_content(part=part, values=form.cleaned_data), actor=request.user)
        except Forbidden:
            raise
        except ApplicationError as exc:
            add_service_error(form, exc, contractors=contractors)
        else:
            if version.number != latest.number:
                messages.success(request, _("Version %(old)s is frozen, so the change was saved as a new draft, "
                                            "version %(new)s.") % {"old": latest.number, "new": version.number})
            else:
                messages.success(request, _("Draft version %(number)s was saved.") % {"number": version.number})
            return redirect("registry-version", kind=kind, pk=pk, number=version.number)
    return render(request, "registry/part_edit.html", {
        "form": form, "part": part, "kind": kind, "latest": latest}, status=400 if form.errors else 200)


@page_view
@require_GET
def file_register(request, fmt: str):
    """The tenant's 個人情報ファイル簿 as CSV or PDF (?municipality= when the user reads several tenants)."""
    try:
        content, content_type, filename = file_register_export(
            actor=request.user, municipality=request.GET.get("municipality"), fmt=fmt)
    except (Forbidden, NotFound):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("registry-index")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
