"""Pages: the children an actor may see, one child's record, and the guardian portal.

Each view makes one selector call and one ``children_read`` call (which asks the access policy and records
the single access event of the response), then renders the returned views — never model instances.
"""

import datetime

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from audit.context import Channel
from childcare.children import access, selectors
from childcare.children.fields import DETAIL_FIELDS, FIELDS, LIST_FIELDS, PORTAL_FIELDS
from childcare.children.services import child_read_denied, require_writer
from common.csv import csv_response
from common.errors import Forbidden, InvalidInput, NotFound
from common.wareki import wareki_date
from common.web import page_view
from governance.tenancy.models import Role

PAGE_LIMIT = 500  # children on one page; a department with more narrows by facility or searches


def _by_kana(views):
    # Encrypted columns cannot be sorted in SQL; sort what is shown (kana when readable, else the record).
    return sorted(views, key=lambda v: (v.values.get("kana") or "\uffff", v.pk))


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@page_view
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters(*selectors.SEARCH_TERMS)  # never in an error report
def children_list(request):
    """The children the actor may see; ?facility=<id> narrows, ?left=1 includes those who left, ?format=csv exports.

    A search (name, kana, a guardian's phone or e-mail) is POSTed, so that no one's name ends up in a URL,
    a browser history or a server log.
    """
    # A guardian's children are on the guardian portal, with the fields meant for them.
    if not request.user.memberships.exclude(role=Role.GUARDIAN).exists() and \
            request.user.memberships.filter(role=Role.GUARDIAN).exists():
        return redirect("childcare-mine")
    include_left = request.GET.get("left") == "1"
    search = {key: request.POST.get(key, "") for key in selectors.SEARCH_TERMS} if request.method == "POST" else None
    search_error = truncated = False
    if search is not None:
        try:
            views = access.children_search(actor=request.user, terms=search, fields=LIST_FIELDS, limit=PAGE_LIMIT)
        except InvalidInput:  # nothing (matchable) typed: the form says what to enter
            views, search_error = [], True
    else:
        children = selectors.child_list(actor=request.user, facility_id=_int_or_none(request.GET.get("facility")),
                                        include_left=include_left)
        if request.GET.get("format") == "csv":
            return _csv(request, children)
        # One more than is shown, to say so when the list is cut; only those shown are read (and audited).
        page = list(children[:PAGE_LIMIT + 1])
        truncated = len(page) > PAGE_LIMIT
        views = access.children_read(actor=request.user, children=page[:PAGE_LIMIT], fields=LIST_FIELDS,
                                     purpose=access.PURPOSE_LIST)
    views = _by_kana(views)
    facilities = sorted({(v.facility_id, v.facility) for v in views}, key=lambda f: f[1])
    shown = [FIELDS[n] for n in LIST_FIELDS if any(n in v.fields for v in views)]
    rows = [{"view": v, "cells": [{"label": f.label, "value": _display(v.values.get(f.attribute))} for f in shown]}
            for v in views]
    return render(request, "children/children.html", {
        "children": rows, "facilities": facilities, "include_left": include_left, "shown": shown,
        "search": search, "search_error": search_error, "truncated": truncated, "limit": PAGE_LIMIT},
        status=400 if search_error else 200)


def _display(value):
    """Dates in 和暦 with the western date after them; everything else as stored."""
    if isinstance(value, datetime.date):
        return f"{wareki_date(value)} ({value:%Y-%m-%d})"
    return value


def _csv(request, children) -> HttpResponse:
    views = _by_kana(access.children_read(actor=request.user, children=children, fields=LIST_FIELDS,
                                          purpose=access.PURPOSE_EXPORT, channel=Channel.EXPORT))
    shown = [FIELDS[n] for n in LIST_FIELDS if any(n in v.fields for v in views)]
    return csv_response("children.csv", ["record_uid", "facility", "enrolled_on", "left_on", *(f.name for f in shown)],
                        ([v.record_uid, v.facility, v.enrolled_on, v.left_on,
                          *(v.values.get(f.attribute) for f in shown)] for v in views))


@page_view
@require_GET
def child_detail(request, record_uid):
    """One child's record with its guardians: every field the actor's role may read, and which were withheld."""
    try:
        child = selectors.child_get(actor=request.user, record_uid=record_uid)
    except NotFound:
        child_read_denied(record_uid=str(record_uid))
        raise
    (view,) = access.children_read(actor=request.user, children=[child], fields=DETAIL_FIELDS,
                                   purpose=access.PURPOSE_DETAIL)
    try:
        require_writer(request.user, child.facility)
        can_edit = True
    except Forbidden:
        can_edit = False
    return render(request, "children/child.html", {"record": _detail_context(view), "can_edit": can_edit})


def _detail_context(view) -> dict:
    child_fields = [f for f in FIELDS.values() if f.subject == "child" and f.name in view.fields]
    guardian_fields = [f for f in FIELDS.values() if f.subject == "guardian" and f.name in view.fields]
    household_fields = [f for f in FIELDS.values() if f.subject == "household_member" and f.name in view.fields]
    return {"child": view, "child_rows": [(f, _display(view.values[f.attribute])) for f in child_fields],
            "household_fields": household_fields,
            "household_rows": [[(f, _display(m.values[f.attribute])) for f in household_fields]
                               for m in view.household],
            "guardian_fields": guardian_fields,
            "guardian_rows": [[(f, _display(g.values[f.attribute])) for f in guardian_fields] for g in view.guardians],
            "withheld": [FIELDS[n] for n in view.withheld]}


@page_view
@require_GET
def my_children(request):
    """The guardian portal: the guardian's own children and their guardians, as the ward holds them."""
    children = selectors.my_children(actor=request.user)
    views = access.children_read(actor=request.user, children=children, fields=PORTAL_FIELDS,
                                 purpose=access.PURPOSE_PORTAL)
    return render(request, "children/mine.html", {"records": [_detail_context(v) for v in views]})
