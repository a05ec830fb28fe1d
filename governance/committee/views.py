"""Committee pages. Each view parses the request, makes one service or selector call and renders; the
committee's services and the `committee` policy decide who may do what, and their refusals are shown as
messages (nothing is changed by a refused request)."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.errors import ApplicationError
from common.web import page_view
from governance.committee import selectors, services, transitions
from governance.committee.forms_pdf import FORMS, submission_forms
from governance.committee.models import Condition, SubmissionState
from governance.committee.pages import checklist_view, may_decide, may_draft, submission_view
from governance.registry.models import ExternalConnection, OutOfPurposeUse, OutsourcingContract, ProcessingActivity
from governance.tenancy.models import Department, Role

PART_MODELS = {"processing": ProcessingActivity, "connection": ExternalConnection, "contract": OutsourcingContract,
               "out_of_purpose_use": OutOfPurposeUse}
SUMMARY_FIELDS = ("title", "basis", "programme_name", "purpose", "subjects", "content", "subject_count",
                  "subject_count_note", "current_process")


def _back(pk: int, anchor: str = "") -> str:
    return reverse("committee-submission-page", args=[pk]) + anchor


def _attempt(request, write, success: str, *, errors: dict[str, str] | None = None) -> bool:
    """Run a service call; show its refusal (any ApplicationError) as an error message instead,
    beside its field when the form collects ``errors`` and the refusal names a field."""
    try:
        write()
    except ApplicationError as exc:
        if errors is not None and exc.field:
            errors[exc.field] = exc.message
        else:
            messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


def _own_departments(request):
    ids = [m.department_id for m in request.user.memberships.all() if m.role == Role.DEPARTMENT_STAFF]
    return Department.objects.filter(pk__in=ids).select_related("municipality")


@page_view
@require_GET
def committee_index(request):
    """The review queue for committee members; the department's own submissions for its staff."""
    submissions = selectors.submission_list(actor=request.user)
    is_member = any(m.role == Role.COMMITTEE_MEMBER for m in request.user.memberships.all())
    return render(request, "committee/index.html", {
        "queue": list(selectors.review_queue(actor=request.user)) if is_member else None,
        "submissions": submissions[:200], "can_draft": _own_departments(request).exists(),
        "meetings": selectors.meeting_list(actor=request.user)[:20],
    })


def _summary(request) -> dict:
    data = {field: request.POST.get(field, "") for field in SUMMARY_FIELDS}
    data["departments"] = request.POST.getlist("departments")
    return data


@page_view
@require_http_methods(["GET", "POST"])
def submission_new(request):
    """A department drafts a new submission (付議事項)."""
    departments = _own_departments(request)
    if not departments:
        raise PermissionDenied(_("Only department staff draft submissions"))
    values = _summary(request) if request.method == "POST" else {"departments": [str(departments[0].pk)]}
    errors: dict[str, str] = {}
    if request.method == "POST":
        municipality = departments[0].municipality
        created = []
        if _attempt(request, lambda: created.append(services.submission_create(
                municipality=municipality, data=values, actor=request.user)), _("The submission was drafted."),
                errors=errors):
            return redirect(_back(created[0].pk))
    return render(request, "committee/edit.html", {
        "title": _("New submission"), "values": values, "departments": departments, "errors": errors,
        "back": reverse("committee-index")}, status=400 if request.method == "POST" else 200)


@page_view
@require_http_methods(["GET", "POST"])
def submission_edit(request, pk: int):
    """Edit a draft's summary."""
    submission = selectors.submission_get(actor=request.user, pk=pk)
    services.ensure_drafter(request.user, submission)  # readers see the submission's page, not a form
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = _summary(request)
        if _attempt(request, lambda: services.submission_update(submission=submission, data=values,
                                                                actor=request.user), _("The submission was saved."),
                    errors=errors):
            return redirect(_back(pk))
    else:
        values = {field: getattr(submission, field) or "" for field in SUMMARY_FIELDS}
        values["departments"] = [str(d.pk) for d in submission.departments.all()]
    departments = (_own_departments(request) | submission.departments.all()).distinct()
    return render(request, "committee/edit.html", {
        "title": _("Edit the submission"), "values": values, "departments": departments, "submission": submission,
        "errors": errors,
        "back": _back(pk)}, status=400 if request.method == "POST" else 200)


@page_view
@require_GET
def submission_detail(request, pk: int):
    """Summary, parts, diagrams, checklists side by side, findings, amendment diff, decision and conditions."""
    submission = selectors.submission_get(actor=request.user, pk=pk)
    view = submission_view(submission, with_diagrams=True)
    drafter = may_draft(actor=request.user, submission=submission)
    candidates = {}
    if drafter and submission.state == SubmissionState.DRAFT:
        present = {(row.kind, row.part.pk) for row in submission.parts.all()}
        for kind, model in PART_MODELS.items():
            candidates[kind] = [p for p in model.objects.filter(municipality=submission.municipality)
                                if (kind, p.pk) not in present]
    return render(request, "committee/submission.html", {
        **view, "drafter": drafter, "member": may_decide(actor=request.user, submission=submission),
        "candidates": candidates, "forms": {name: FORMS[name] for name, _title in submission_forms(submission)},
        "meetings": selectors.meeting_list(actor=request.user).filter(municipality=submission.municipality),
    })


@page_view
@require_POST
def submission_part_add(request, pk: int):
    submission = selectors.submission_get(actor=request.user, pk=pk)
    kind, part_id = request.POST.get("kind", ""), request.POST.get("part", "")
    model = PART_MODELS.get(kind)
    part = model.objects.filter(municipality=submission.municipality, pk=part_id).first() \
        if model and part_id.isdigit() else None
    if part is None:
        messages.error(request, _("Choose a registry part of this municipality."))
    else:
        _attempt(request, lambda: services.submission_part_add(submission=submission, part=part, actor=request.user),
                 _("The part was added."))
    return redirect(_back(pk, "#parts"))


@page_view
@require_http_methods(["GET", "POST"])
def checklist_edit(request, pk: int, checklist: int):
    """Answer a checklist: ○ or − (with a reason) per item, ward and counterparty side by side."""
    submission = selectors.submission_get(actor=request.user, pk=pk)
    services.ensure_drafter(request.user, submission)
    found = submission.checklists.filter(pk=checklist).first()
    if found is None:
        raise Http404(_("No such checklist"))
    view = checklist_view(found)
    if request.method == "POST":
        answers = []
        for section in view["sections"]:
            for item in section["items"]:
                mark = request.POST.get(f"answer-{item['code']}", "")
                if mark:
                    answers.append({"code": item["code"], "answer": mark,
                                    "reason": request.POST.get(f"reason-{item['code']}", "")})
        if _attempt(request, lambda: services.checklist_answer(submission=submission, checklist_id=found.pk,
                                                               answers=answers, actor=request.user),
                    _("The checklist answers were saved.")):
            return redirect(_back(pk, f"#checklist-{found.pk}"))
        for section in view["sections"]:  # show what was entered next to the refusal
            for item in section["items"]:
                item["answer"] = request.POST.get(f"answer-{item['code']}", item["answer"])
                item["reason"] = request.POST.get(f"reason-{item['code']}", item["reason"])
    return render(request, "committee/checklist_edit.html", {
        "submission": submission, "checklist": view}, status=400 if request.method == "POST" else 200)


@page_view
@require_POST
def submission_transition(request, pk: int):
    """Submit, withdraw, start the review, decide (with conditions) or revoke — as the policy allows."""
    submission = selectors.submission_get(actor=request.user, pk=pk)
    transition = request.POST.get("transition", "")
    if transition == "submit":
        def write():
            transitions.submission_submit(submission=submission, actor=request.user)
    elif transition == "withdraw":
        def write():
            transitions.submission_withdraw(submission=submission, actor=request.user)
    elif transition == "start_review":
        def write():
            transitions.submission_review_start(submission=submission, actor=request.user)
    elif transition in ("approve", "approve_with_conditions", "reject"):
        meeting_id = request.POST.get("meeting", "")
        meeting = selectors.meeting_list(actor=request.user).filter(pk=meeting_id).first() \
            if meeting_id.isdigit() else None
        conditions = [line for line in request.POST.get("conditions", "").splitlines() if line.strip()]

        def write():
            transitions.submission_decide(submission=submission, outcome=transition, actor=request.user,
                                          meeting=meeting, conditions=conditions, note=request.POST.get("note", ""))
    elif transition == "revoke":
        def write():
            transitions.approval_revoke(submission=submission, actor=request.user,
                                        reason=request.POST.get("reason", ""))
    else:
        messages.error(request, _("Unknown action."))
        return redirect(_back(pk))
    _attempt(request, write, _("The submission was updated."))
    return redirect(_back(pk))


@page_view
@require_POST
def submission_amend(request, pk: int):
    """Draft an amendment of an approved submission."""
    approved = selectors.submission_get(actor=request.user, pk=pk)
    created = []
    if _attempt(request, lambda: created.append(transitions.amendment_create(approved=approved, actor=request.user)),
                _("The amendment was drafted: edit the registry parts, answer the checklists and submit it.")):
        return redirect(_back(created[0].pk))
    return redirect(_back(pk))


@page_view
@require_GET
def submission_form(request, pk: int, form: str):
    """An official form of the submission as PDF."""
    submission = selectors.submission_get(actor=request.user, pk=pk)
    if form not in FORMS:
        raise Http404(_("No such form"))
    filename, render_pdf = FORMS[form]
    response = HttpResponse(render_pdf(submission), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@page_view
@require_POST
def condition_close(request, pk: int):
    condition = Condition.objects.filter(pk=pk, submission__in=selectors.submission_list(actor=request.user)).first()
    if condition is None:
        raise Http404(_("No such condition"))
    _attempt(request, lambda: transitions.condition_close(condition=condition, actor=request.user,
                                                          note=request.POST.get("note", "")),
             _("The condition was closed."))
    return redirect(_back(condition.submission_id, "#conditions"))
