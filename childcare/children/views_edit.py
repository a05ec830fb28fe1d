"""Pages that change a child's record: staff edit a child, its guardians and their households; a guardian edits
their own record and household.

A form offers a field only when the child's business holds it (``held_fields``: for 保育業務支援システム, exactly the
items its registry lists) and the actor may read it (the access policy: a field one may not read is not
pre-filled, so it is not offered either). Opening the form is an access event like the record page.
"""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from childcare.children import access, selectors, services
from childcare.children.fields import CHILD_FIELDS, FIELDS, GUARDIAN_FIELDS, HOUSEHOLD_FIELDS, held_fields
from childcare.children.services import child_read_denied
from common.errors import ApplicationError, InvalidInput, NotFound
from common.web import page_view

PURPOSE_EDIT = access.PURPOSE_DETAIL  # the form shows the record as the detail page does
LONG_TEXT = {"allergy_notes", "health_notes", "disability_notes", "development_notes", "care_status",
             "family_situation", "illness_notes"}


def _widget(field) -> str:
    if field.attribute == "birth_date":
        return "date"
    return "textarea" if field.attribute in LONG_TEXT else "text"


def _inputs(fields, values: dict) -> list[dict]:
    rows = []
    for f in fields:
        value = values.get(f.attribute)
        rows.append({"field": f, "widget": _widget(f), "required": f.attribute == "name",
                     "value": value.isoformat() if isinstance(value, datetime.date) else (value or "")})
    return rows


def _posted(request, fields) -> dict:
    values = {}
    for f in fields:
        raw = request.POST.get(f.attribute, "")
        if f.attribute == "birth_date":
            try:
                values[f.attribute] = datetime.date.fromisoformat(raw) if raw else None
            except ValueError:
                # Not the value typed: a birth date is personal, and refusals may be logged.
                raise InvalidInput(_("%(field)s is not a date (YYYY-MM-DD)") % {"field": f.label},
                                   field=f.attribute) from None
        else:
            values[f.attribute] = raw
    return values


def _editable(fields, readable: set[str], held) -> list:
    return [f for f in fields if f.name in readable and (held is None or f.name in held)
            and f.name != "guardian.relationship"]


@page_view
@require_http_methods(["GET", "POST"])
def child_edit(request, record_uid):
    """Staff: a child's record, its guardians and their household members, as forms."""
    try:
        child = selectors.child_get(actor=request.user, record_uid=record_uid)
    except NotFound:
        child_read_denied(record_uid=str(record_uid))
        raise
    services.require_writer(request.user, child.facility)  # readers who may not write see the record page
    held = held_fields(child.business)
    # What the actor may read is what they may change: a field withheld from them is never written by them.
    readable = access.fields_permitted(actor=request.user, child=child)
    if request.method == "POST":
        section = request.POST.get("section", "")
        try:
            _save(request, child, section, held, readable)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("childcare-child-edit", record_uid=child.record_uid)
    (view,) = access.children_read(actor=request.user, children=[child], fields=tuple(FIELDS),
                                   purpose=PURPOSE_EDIT)
    child_fields = _editable(CHILD_FIELDS, readable, held)
    guardian_fields = _editable(GUARDIAN_FIELDS, readable, held)
    member_fields = _editable(HOUSEHOLD_FIELDS, readable, held)
    return render(request, "children/child_edit.html", {
        "view": view, "business": child.business, "held_exactly": held is not None,
        "child_inputs": _inputs(child_fields, view.values),
        "guardians": [{"uid": g.record_uid, "inputs": _inputs(guardian_fields, g.values)} for g in view.guardians],
        "household": [{"uid": m.record_uid, "inputs": _inputs(member_fields, m.values)} for m in view.household],
        "new_member": _inputs(member_fields, {}),
        "withheld": [FIELDS[n] for n in view.withheld],
    })


def _guardian_of(child, uid: str):
    for link in child.guardian_links.all():
        if str(link.guardian.record_uid) == uid:
            return link.guardian
    raise NotFound(_("This child has no such guardian"), field="guardian")


def _save(request, child, section: str, held, readable: set[str]) -> None:
    if section == "child":
        services.child_update(actor=request.user, child=child,
                              **_posted(request, _fields_posted(CHILD_FIELDS, request, held, readable)))
    elif section == "guardian":
        guardian = _guardian_of(child, request.POST.get("guardian", ""))
        services.guardian_update(actor=request.user, guardian=guardian,
                                 **_posted(request, _fields_posted(GUARDIAN_FIELDS, request, held, readable)))
    elif section in ("member_add", "member_update", "member_remove"):
        guardian = _household_guardian(child, request.POST.get("guardian", ""))
        _member_save(request, guardian, section, _fields_posted(HOUSEHOLD_FIELDS, request, held, readable))
    else:
        raise InvalidInput(_("Unknown form section"), field="section")


def _fields_posted(fields, request, held, readable: set[str]) -> list:
    """The fields the form sent that the actor may change; a field they may not read is refused, not ignored."""
    posted = [f for f in fields if f.attribute in request.POST and f.name != "guardian.relationship"]
    refused = [f for f in posted if f.name not in readable]
    if refused:
        raise InvalidInput(_("Your role may not change %(fields)s") % {"fields": "、".join(str(f.label)
                                                                                          for f in refused)},
                           field=refused[0].attribute)
    return [f for f in posted if held is None or f.name in held or request.POST.get(f.attribute)]


def _household_guardian(child, uid: str):
    if uid:
        return _guardian_of(child, uid)
    link = child.guardian_links.all()[:1]
    if not link:
        raise InvalidInput(_("Register a guardian first: household members belong to a guardian's household"),
                           field="guardian")
    return link[0].guardian


def _member_save(request, guardian, section: str, fields) -> None:
    if section == "member_remove":
        services.household_member_remove(actor=request.user, guardian=guardian, record_uid=request.POST.get("member"))
        return
    values = _posted(request, fields)
    if section == "member_add":
        services.household_member_add(actor=request.user, guardian=guardian, **values)
    else:
        services.household_member_update(actor=request.user, guardian=guardian,
                                         record_uid=request.POST.get("member"), **values)


@page_view
@require_http_methods(["GET", "POST"])
def my_record_edit(request):
    """A guardian: their own record and their household, as forms (the bank account is the counter's)."""
    guardian = selectors.guardian_of_login(actor=request.user)
    if guardian is None:
        raise NotFound(_("No guardian record is linked to your login"), field="guardian")
    held = services.guardian_held(guardian)
    own_fields = [f for f in GUARDIAN_FIELDS if f.attribute in services.GUARDIAN_SELF_ATTRIBUTES
                  and (held is None or f.name in held)]
    member_fields = [f for f in HOUSEHOLD_FIELDS if held is None or f.name in held]
    if request.method == "POST":
        section = request.POST.get("section", "")
        try:
            if section == "guardian":
                services.guardian_update(actor=request.user, guardian=guardian, **_posted(request, [
                    f for f in GUARDIAN_FIELDS if f.attribute in request.POST and f.name != "guardian.relationship"]))
            elif section in ("member_add", "member_update", "member_remove"):
                _member_save(request, guardian, section, [f for f in member_fields if f.attribute in request.POST])
            else:
                raise InvalidInput(_("Unknown form section"), field="section")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("childcare-mine-edit")
    members = list(guardian.household_members.order_by("pk"))
    access.own_record_read(actor=request.user, guardian=guardian, members=members,
                           fields=[*(f.name for f in own_fields), *(f.name for f in member_fields)])
    return render(request, "children/mine_edit.html", {
        "inputs": _inputs(own_fields, {f.attribute: getattr(guardian, f.attribute) for f in own_fields}),
        "household": [{"uid": m.record_uid, "inputs": _inputs(member_fields, {
            f.attribute: getattr(m, f.attribute) for f in member_fields})} for m in members],
        "new_member": _inputs(member_fields, {}),
    })
