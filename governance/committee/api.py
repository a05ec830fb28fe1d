"""The committee API under /api/v1/governance/: meetings, submissions (parts, attachments, checklists),
transitions and decisions, amendments and their diff, conditions, checklist templates, out-of-purpose
requests under a pre-approval criterion.

Views parse the request and shape the answer; who may do what is decided by the committee's services and
the `committee` policy, what one may see by its selectors.
"""

import base64
import binascii
import datetime

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import query_params
from common.errors import InvalidInput, NotFound
from governance.committee import selectors, services, transitions
from governance.committee.checklists import TEMPLATES
from governance.committee.diffs import amendment_diff
from governance.committee.models import Condition, CriterionApplication, SubmissionState
from governance.committee.out_of_purpose import out_of_purpose_request
from governance.committee.pages import submission_view
from governance.committee.serializers import (
    AmendmentChangeOutput,
    AmendmentInput,
    AttachmentInput,
    AttachmentOutput,
    ChecklistAnswersInput,
    ChecklistOutput,
    ChecklistTemplateOutput,
    ConditionClosedOutput,
    ConditionCloseInput,
    ConditionOutput,
    CriterionApprovalOutput,
    DecisionOutput,
    DecisionSummaryOutput,
    EvidenceCreatedOutput,
    EvidenceInput,
    MeetingInput,
    OutOfPurposeRequestInput,
    PartRowOutput,
    SubmissionInput,
    SubmissionPartInput,
    TransitionInput,
    UnansweredOutput,
)
from governance.registry.access import reader_tenant_ids
from governance.registry.models import ExternalConnection, OutOfPurposeUse, OutsourcingContract, ProcessingActivity
from governance.registry.request_body import body_municipality, body_object
from governance.registry.selectors import out_of_purpose_use_list
from governance.registry.versioning import version_latest

PART_MODELS = {"processing": ProcessingActivity, "connection": ExternalConnection, "contract": OutsourcingContract,
               "out_of_purpose_use": OutOfPurposeUse}


def _date(value, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(_("%(field)s must be a date like 2026-12-17") % {"field": field}, field=field) from exc


class MeetingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = serializers.CharField(source="municipality.name")
    body = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    number = serializers.IntegerField(allow_null=True)
    held_on = serializers.DateField()
    label = serializers.CharField()


class SubmissionSummaryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = serializers.CharField(source="municipality.name")
    title = serializers.CharField()
    state = serializers.CharField()
    meeting = serializers.CharField(source="meeting.label", allow_null=True, default=None)
    agenda_number = serializers.IntegerField(allow_null=True)
    amends = serializers.IntegerField(source="amends_id", allow_null=True)
    departments = serializers.SerializerMethodField()

    def get_departments(self, submission) -> list[str]:
        return [str(d) for d in submission.departments.all()]


class SubmissionOutput(SubmissionSummaryOutput):
    basis = serializers.CharField()
    programme_name = serializers.CharField()
    purpose = serializers.CharField()
    subjects = serializers.CharField()
    content = serializers.CharField()
    subject_count = serializers.IntegerField(allow_null=True)
    subject_count_note = serializers.CharField()
    current_process = serializers.CharField(help_text="現行の処理 (練馬区's form)")
    submitted_at = serializers.DateTimeField(allow_null=True)
    parts = PartRowOutput(many=True)
    attachments = AttachmentOutput(many=True)
    unanswered_required = UnansweredOutput(many=True)
    decision = DecisionOutput(allow_null=True)
    conditions = ConditionOutput(many=True)


class OutOfPurposeRequestOutput(CriterionApprovalOutput):
    """Approved under a pre-approval criterion (approved_under, version, content_hash), or else the submission
    drafted for the committee."""

    approved_under = serializers.CharField(required=False)
    version = serializers.IntegerField(required=False)
    content_hash = serializers.CharField(required=False)
    submission = SubmissionOutput(required=False)


def _submission_output(submission) -> dict:
    view = submission_view(submission)
    decision = view["decision"]
    return {
        **SubmissionSummaryOutput(submission).data,
        "basis": submission.basis, "programme_name": submission.programme_name, "purpose": submission.purpose,
        "subjects": submission.subjects, "content": submission.content, "subject_count": submission.subject_count,
        "subject_count_note": submission.subject_count_note, "current_process": submission.current_process,
        "submitted_at": submission.submitted_at.isoformat() if submission.submitted_at else None,
        "parts": [{"id": p["row"].pk, "kind": p["row"].kind, "part": p["row"].part.pk, "title": str(p["row"].part),
                   "annex_title": p["row"].annex_title,
                   "version": p["version"].number, "version_state": p["version"].state,
                   "content_hash": p["version"].content_hash or None,
                   "checklist": p["checklist"]["id"] if p["checklist"] else None} for p in view["parts"]],
        "attachments": [{"label": a.label, "title": a.title, "filename": a.filename, "sha256": a.sha256}
                        for a in submission.attachments.all()],
        "unanswered_required": [{"part": m["part"], "code": m["code"]} for m in view["unanswered"]],
        "decision": None if decision is None else {
            "outcome": decision.outcome, "meeting": decision.meeting.label,
            "decided_on": decision.decided_on.isoformat(),
            "revoked_at": decision.revoked_at.isoformat() if decision.revoked_at else None,
            "versions": [{"kind": b.kind, "version": b.version_number, "content_hash": b.content_hash}
                         for b in decision.bound_parts.all()]},
        "conditions": [{"id": c.pk, "text": c.text, "open": c.is_open, "closing_note": c.closing_note}
                       for c in submission.conditions.all()],
    }


class MeetingListApi(APIView):
    @extend_schema(responses=MeetingOutput(many=True))
    def get(self, request):
        return Response(MeetingOutput(selectors.meeting_list(actor=request.user), many=True).data)

    @extend_schema(request=MeetingInput, responses={201: MeetingOutput})
    def post(self, request):
        data = body_object(request.data)
        municipality = body_municipality(request, data)
        held_on = _date(data.get("held_on"), "held_on")
        if held_on is None:
            raise InvalidInput(_("held_on is required"), field="held_on")
        number = data.get("number")
        if number is not None and not str(number).isdigit():
            raise InvalidInput(_("number must be a whole number"), field="number")
        fiscal_year = data.get("fiscal_year") or (held_on.year if held_on.month >= 4 else held_on.year - 1)
        meeting = services.meeting_create(municipality=municipality, fiscal_year=int(fiscal_year),
                                          number=int(number) if number is not None else None, held_on=held_on,
                                          body=data.get("body") or "個人情報保護管理運営会議",
                                          label=data.get("label") or "", actor=request.user)
        return Response(MeetingOutput(meeting).data, status=201)


class SubmissionListApi(APIView):
    class Query(serializers.Serializer):
        state = serializers.ChoiceField(choices=SubmissionState.choices, required=False)

    @extend_schema(parameters=[Query], responses=SubmissionSummaryOutput(many=True))
    def get(self, request):
        qs = selectors.submission_list(actor=request.user, state=query_params(self.Query, request).get("state"))
        return Response(SubmissionSummaryOutput(qs, many=True).data)

    @extend_schema(request=SubmissionInput, responses={201: SubmissionOutput})
    def post(self, request):
        data = body_object(request.data)
        municipality = body_municipality(request, data)
        submission = services.submission_create(municipality=municipality, data=data, actor=request.user)
        return Response(_submission_output(submission), status=201)


class SubmissionDetailApi(APIView):
    @extend_schema(responses=SubmissionOutput)
    def get(self, request, pk):
        return Response(_submission_output(selectors.submission_get(actor=request.user, pk=pk)))

    @extend_schema(request=SubmissionInput, responses=SubmissionOutput)
    def patch(self, request, pk):
        submission = selectors.submission_get(actor=request.user, pk=pk)
        submission = services.submission_update(submission=submission, data=body_object(request.data),
                                                actor=request.user)
        return Response(_submission_output(submission))


class SubmissionPartApi(APIView):
    @extend_schema(request=SubmissionPartInput, responses={201: SubmissionOutput})
    def post(self, request, pk):
        submission = selectors.submission_get(actor=request.user, pk=pk)
        data = body_object(request.data)
        model = PART_MODELS.get(data.get("kind"))
        if model is None:
            raise InvalidInput(_("kind must be one of %(items)s") % {"items": ', '.join(PART_MODELS)}, field="kind")
        part_id = data.get("part")
        part = model.objects.filter(municipality=submission.municipality, pk=part_id).first() \
            if str(part_id).isdigit() else None
        if part is None:
            raise InvalidInput(
                _(
                    "No %(data)s %(part_id)s in %(municipality)s"
                )
                % {
                    "data": data['kind'],
                    "part_id": f"{part_id!r}",
                    "municipality": submission.municipality,
                }, field="part")
        services.submission_part_add(submission=submission, part=part, actor=request.user,
                                     checklist_template=data.get("checklist_template"),
                                     annex_title=data.get("annex_title") or "")
        return Response(_submission_output(submission), status=201)


class SubmissionAttachmentApi(APIView):
    @extend_schema(request=AttachmentInput, responses={201: SubmissionOutput})
    def post(self, request, pk):
        submission = selectors.submission_get(actor=request.user, pk=pk)
        data = body_object(request.data)
        content = None
        if data.get("content_base64"):
            try:
                content = base64.b64decode(data["content_base64"], validate=True)
            except (binascii.Error, ValueError) as exc:
                raise InvalidInput(_("content_base64 is not base64"), field="content_base64") from exc
        services.attachment_add(submission=submission, label=data.get("label") or "", title=data.get("title") or "",
                                filename=data.get("filename") or "", content=content, actor=request.user)
        return Response(_submission_output(submission), status=201)


class ChecklistListApi(APIView):
    @extend_schema(responses=ChecklistOutput(many=True))
    def get(self, request, pk):
        submission = selectors.submission_get(actor=request.user, pk=pk)
        return Response([p["checklist"] for p in submission_view(submission)["parts"] if p["checklist"]])


class ChecklistAnswerApi(APIView):
    @extend_schema(request=ChecklistAnswersInput, responses=ChecklistOutput)
    def post(self, request, pk, checklist):
        submission = selectors.submission_get(actor=request.user, pk=pk)
        services.checklist_answer(submission=submission, checklist_id=checklist,
                                  answers=body_object(request.data).get("answers"), actor=request.user)
        [found] = [p["checklist"] for p in submission_view(submission)["parts"]
                   if p["checklist"] and p["checklist"]["id"] == checklist]
        return Response(found)


class ChecklistEvidenceApi(APIView):
    @extend_schema(request=EvidenceInput, responses={201: EvidenceCreatedOutput})
    def post(self, request, pk, checklist):
        submission = selectors.submission_get(actor=request.user, pk=pk)
        data = body_object(request.data)
        try:
            content = base64.b64decode(data.get("content_base64") or "", validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidInput(_("content_base64 is not base64"), field="content_base64") from exc
        evidence = services.evidence_add(submission=submission, checklist_id=checklist, code=data.get("code") or "",
                                         filename=data.get("filename") or "", content=content, actor=request.user)
        return Response({"id": evidence.pk, "filename": evidence.filename, "sha256": evidence.sha256}, status=201)


TRANSITIONS = ("submit", "withdraw", "start_review", "approve", "approve_with_conditions", "reject", "revoke")


class SubmissionTransitionApi(APIView):
    @extend_schema(request=TransitionInput, responses=SubmissionOutput)
    def post(self, request, pk):
        submission = selectors.submission_get(actor=request.user, pk=pk)
        data = body_object(request.data)
        transition = data.get("transition")
        if transition == "submit":
            transitions.submission_submit(submission=submission, actor=request.user)
        elif transition == "withdraw":
            transitions.submission_withdraw(submission=submission, actor=request.user)
        elif transition == "start_review":
            transitions.submission_review_start(submission=submission, actor=request.user)
        elif transition in ("approve", "approve_with_conditions", "reject"):
            meeting = None
            if data.get("meeting") is not None:
                meeting = selectors.meeting_list(actor=request.user).filter(pk=data["meeting"]).first() \
                    if str(data["meeting"]).isdigit() else None
                if meeting is None:
                    raise InvalidInput(
                        _(
                            "Unknown meeting %(data)s"
                        )
                        % {
                            "data": f"{data['meeting']!r}",
                        }, field="meeting")
            conditions = data.get("conditions") or []
            if not isinstance(conditions, list):
                raise InvalidInput(_("conditions must be a list of texts"), field="conditions")
            transitions.submission_decide(submission=submission, outcome=transition, actor=request.user,
                                          meeting=meeting, conditions=conditions, note=data.get("note") or "",
                                          decided_on=_date(data.get("decided_on"), "decided_on"))
        elif transition == "revoke":
            transitions.approval_revoke(submission=submission, actor=request.user, reason=data.get("reason") or "")
        else:
            raise InvalidInput(
                _(
                    "transition must be one of %(items)s"
                )
                % {
                    "items": ', '.join(TRANSITIONS),
                }, field="transition")
        submission.refresh_from_db()
        return Response(_submission_output(submission))


class SubmissionAmendApi(APIView):
    @extend_schema(request=AmendmentInput, responses={201: SubmissionOutput})
    def post(self, request, pk):
        approved = selectors.submission_get(actor=request.user, pk=pk)
        data = body_object(request.data)
        amendment = transitions.amendment_create(approved=approved, actor=request.user,
                                                 data={k: v for k, v in data.items() if k in ("title", "content")})
        return Response(_submission_output(amendment), status=201)


class SubmissionDiffApi(APIView):
    @extend_schema(responses=AmendmentChangeOutput(many=True))
    def get(self, request, pk):
        submission = selectors.submission_get(actor=request.user, pk=pk)
        return Response([{"part": str(p["part"]), "kind": p["row"].kind,
                          "approved_version": p["approved"].number if p["approved"] else None,
                          "amended_version": p["amended"].number, "changes": p["changes"]}
                         for p in amendment_diff(submission=submission)])


class FormLinkOutput(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField(help_text="The form as the ward names it, e.g. 電算結合記録票（第5号様式）")
    url = serializers.CharField()


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class SubmissionFormListApi(APIView):
    @extend_schema(responses=FormLinkOutput(many=True))
    def get(self, request, pk):
        from governance.committee.forms_pdf import submission_forms

        submission = selectors.submission_get(actor=request.user, pk=pk)
        return Response([{"name": name, "title": title,
                          "url": reverse("committee-form", args=[submission.pk, name])}
                         for name, title in submission_forms(submission)])


class SubmissionFormApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk, form):
        from governance.committee.forms_pdf import FORMS

        submission = selectors.submission_get(actor=request.user, pk=pk)
        if form not in FORMS:
            raise NotFound(
                _(
                    "No form %(form)s; forms: %(items)s"
                )
                % {
                    "form": f"{form!r}",
                    "items": ', '.join(FORMS),
                }, field="form")
        filename, render = FORMS[form]
        return _pdf(render(submission), filename)


def _use(request, pk) -> OutOfPurposeUse:
    use = out_of_purpose_use_list(actor=request.user).filter(pk=pk).first()
    if use is None:
        raise NotFound(_("No out-of-purpose use %(pk)s") % {"pk": pk}, field="use")
    return use


class OutOfPurposeFormListApi(APIView):
    @extend_schema(responses=FormLinkOutput(many=True))
    def get(self, request, pk):
        from governance.committee.forms_pdf import out_of_purpose_forms

        use = _use(request, pk)
        return Response([{"name": name, "title": title,
                          "url": reverse("committee-out-of-purpose-form", args=[use.pk, name])}
                         for name, title in out_of_purpose_forms(use)])


class OutOfPurposeFormApi(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk, form):
        from governance.committee.forms_pdf import (
            criterion_application_pdf,
            out_of_purpose_forms,
            out_of_purpose_record_pdf,
        )

        use = _use(request, pk)
        names = [name for name, _title in out_of_purpose_forms(use)]
        if form not in names:
            raise NotFound(
                _(
                    "No form %(form)s for this use; forms: %(items)s"
                )
                % {
                    "form": f"{form!r}",
                    "items": ', '.join(names),
                }, field="form")
        if form == "record":
            return _pdf(out_of_purpose_record_pdf(version_latest(part=use)), "mokutekigai-riyo-kirokuhyo.pdf")
        application = CriterionApplication.objects.filter(use=use).order_by("-applied_on", "-pk").first()
        return _pdf(criterion_application_pdf(application), "jizen-ikkatsu-shonin-kijun-tekiyo.pdf")


class ReviewQueueApi(APIView):
    @extend_schema(responses=SubmissionSummaryOutput(many=True))
    def get(self, request):
        return Response(SubmissionSummaryOutput(selectors.review_queue(actor=request.user), many=True).data)


class DecisionListApi(APIView):
    @extend_schema(responses=DecisionSummaryOutput(many=True))
    def get(self, request):
        qs = selectors.submission_list(actor=request.user).filter(decision__isnull=False)
        return Response([{"submission": s.pk, "title": s.title, "outcome": s.decision.outcome,
                          "meeting": s.decision.meeting.label, "decided_on": s.decision.decided_on.isoformat(),
                          "revoked": s.decision.revoked_at is not None} for s in qs])


class ConditionCloseApi(APIView):
    @extend_schema(request=ConditionCloseInput, responses=ConditionClosedOutput)
    def post(self, request, pk):
        visible = selectors.submission_list(actor=request.user)
        condition = Condition.objects.filter(pk=pk, submission__in=visible).first()
        if condition is None:
            raise NotFound(_("No condition %(pk)s") % {"pk": pk}, field="condition")
        condition = transitions.condition_close(condition=condition, actor=request.user,
                                                note=body_object(request.data).get("note") or "")
        return Response({"id": condition.pk, "open": condition.is_open, "closing_note": condition.closing_note})


class ChecklistTemplateApi(APIView):
    @extend_schema(responses=ChecklistTemplateOutput(many=True))
    def get(self, request):
        selectors.meeting_list(actor=request.user)  # refuses callers with no committee access
        return Response([{"code": t.code, "kind": t.kind, "title": t.title, "subtitle": t.subtitle,
                          "counts": t.counts(),
                          "sections": [{"side": s, "kind": k, "heading": h} for s, k, h in t.sections],
                          "items": [{"code": i.code, "side": i.side, "kind": i.kind, "number": i.number,
                                     "text": i.text, "required": i.required} for i in t.items]}
                         for t in TEMPLATES.values()])


class OutOfPurposeRequestApi(APIView):
    @extend_schema(request=OutOfPurposeRequestInput, responses={201: OutOfPurposeRequestOutput})
    def post(self, request, pk):
        tenants = reader_tenant_ids(request.user)
        use = OutOfPurposeUse.objects.filter(pk=pk, municipality_id__in=tenants).first()
        if use is None:
            raise NotFound(_("No out-of-purpose use %(pk)s") % {"pk": pk}, field="use")
        data = body_object(request.data)
        type_number = data.get("type_number")
        if type_number is not None and not str(type_number).isdigit():
            raise InvalidInput(_("type_number must be a number"), field="type_number")
        result = out_of_purpose_request(use=use, type_number=int(type_number) if type_number is not None else None,
                                        actor=request.user, summary=data.get("summary") or "",
                                        attachments=data.get("attachments"))
        if isinstance(result, CriterionApplication):
            return Response({"approved_under": f"類型{result.criterion.type_number}", "version": result.version.number,
                             "content_hash": result.content_hash}, status=201)
        return Response({"submission": _submission_output(result)}, status=201)
