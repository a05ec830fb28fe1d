"""Writes on drafts: meetings, submissions, their parts and attachments, checklist answers and evidence.

Moving a submission between states (submit, review, decide, revoke, amend) is in
governance.committee.transitions; every state change there is decided by the `committee` policy.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, Forbidden, InvalidInput
from common.uploads import DOCUMENT_KINDS, CheckedUpload, upload_check
from common.wareki import wareki_fiscal_year
from governance.committee.checklists import DEFAULT_TEMPLATE, TEMPLATES, answer_stands, checklist_template, template_get
from governance.committee.models import (
    Attachment,
    Checklist,
    ChecklistAnswer,
    CommitteeMeeting,
    Evidence,
    Mark,
    Submission,
    SubmissionPart,
    SubmissionState,
)
from governance.registry.models import ExternalConnection, OutOfPurposeUse, OutsourcingContract, ProcessingActivity
from governance.registry.parts import kind_of
from governance.registry.versioning import version_latest
from governance.tenancy.models import Department, Membership, Municipality, Role, User

SUMMARY_FIELDS = {"title": 300, "basis": 200, "programme_name": 300, "purpose": None, "subjects": None,
                  "content": None, "subject_count_note": 300, "current_process": None}
PART_KINDS = {ProcessingActivity: "processing", ExternalConnection: "connection", OutsourcingContract: "contract",
              OutOfPurposeUse: "out_of_purpose_use"}


def _actor_id(actor: User | None) -> int | None:
    """The acting user for the audit event; None leaves it to the bound audit context."""
    return actor.pk if actor is not None else None


def _memberships(actor: User | None, municipality_id: int) -> list[Membership]:
    if actor is None:
        return []
    return [m for m in actor.memberships.all() if m.municipality_id == municipality_id]


def submission_department_ids(submission: Submission) -> set[int]:
    return set(submission.departments.values_list("pk", flat=True))


def ensure_drafter(actor: User | None, submission: Submission) -> None:
    """Refuse a change to a draft unless the actor staffs one of its departments or administers the tenant.

    `actor=None` is the system itself (the seed loader): always allowed.
    """
    if actor is None:
        return
    departments = submission_department_ids(submission)
    for m in _memberships(actor, submission.municipality_id):
        if m.role == Role.ADMINISTRATOR or (m.role == Role.DEPARTMENT_STAFF and m.department_id in departments):
            return
    raise Forbidden(
        _(
            "You may not change the submission '%(title)s': only staff of its department may"
        )
        % {
            "title": submission.title,
        })


def ensure_draft(submission: Submission, what: str) -> None:
    if submission.state != SubmissionState.DRAFT:
        raise Conflict(
            _(
                "The submission '%(title)s' is %(get_state_display)s, not a draft: %(what)s is only possible while "
                "it is a draft"
            )
            % {
                "title": submission.title,
                "get_state_display": submission.get_state_display(),
                "what": what,
            }, field="state")


def _text(data: dict, field: str, max_length: int | None, required: bool = False) -> str:
    value = data.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s must be text") % {"field": field}, field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput(gettext("This field is required."), field=field)
    if max_length and len(value) > max_length:
        raise InvalidInput(
            _(
                "%(field)s is longer than %(max_length)s characters"
            )
            % {
                "field": field,
                "max_length": max_length,
            }, field=field)
    return value


def _departments(municipality: Municipality, values, actor: User | None) -> list[Department]:
    if not values:
        raise InvalidInput(_("Name at least one department (担当部課)"), field="departments")
    departments = []
    for i, value in enumerate(values):
        pk = value.pk if isinstance(value, Department) else value
        department = Department.objects.filter(municipality=municipality, pk=pk).first() \
            if str(pk).isdigit() else None
        if department is None:
            raise InvalidInput(
                _(
                    "Unknown department %(value)s in %(municipality)s"
                )
                % {
                    "value": f"{value!r}",
                    "municipality": municipality,
                }, field=f"departments[{i}]")
        departments.append(department)
    if actor is not None:
        mine = _memberships(actor, municipality.pk)
        if not any(m.role == Role.ADMINISTRATOR or (m.role == Role.DEPARTMENT_STAFF and m.department_id in
                   {d.pk for d in departments}) for m in mine):
            raise Forbidden(_("Only staff of one of the submission's departments may draft it"))
    return departments


def _subject_count(data: dict):
    value = data.get("subject_count")
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not str(value).isdigit():
        raise InvalidInput(_("subject_count must be a whole number"), field="subject_count")
    return int(value)


@transaction.atomic
def meeting_create(*, municipality: Municipality, fiscal_year: int, number: int | None, held_on: datetime.date,
                   body: str = "個人情報保護管理運営会議", label: str = "",
                   actor: User | None = None) -> CommitteeMeeting:
    """Schedule a committee meeting (e.g. 令和6年度第3回); the label is derived unless given."""
    if actor is not None and not any(m.role in (Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR)
                                     for m in _memberships(actor, municipality.pk)):
        raise Forbidden(_("Only committee members and administrators may schedule meetings"))
    if not label:
        if number is None:
            raise InvalidInput("A meeting needs a number (第N回) or a label", field="number")
        label = f"{wareki_fiscal_year(fiscal_year)}第{number}回"
    if CommitteeMeeting.objects.filter(municipality=municipality, body=body, fiscal_year=fiscal_year,
                                       number=number).exclude(number=None).exists():
        raise Conflict(_("The meeting %(label)s already exists") % {"label": label}, field="number")
    meeting = CommitteeMeeting.objects.create(municipality=municipality, body=body, fiscal_year=fiscal_year,
                                              number=number, held_on=held_on, label=label)
    audit_record("governance.meeting.created", obj=meeting, tenant_id=municipality.pk, actor_id=_actor_id(actor),
                 data={"fiscal_year": fiscal_year, "number": number})
    return meeting


@transaction.atomic
def submission_create(*, municipality: Municipality, data: dict, actor: User | None = None,
                      amends: Submission | None = None) -> Submission:
    """Draft a submission (付議事項): title, basis, departments and the programme summary."""
    departments = _departments(municipality, data.get("departments"), actor)
    values = {f: _text(data, f, n, required=f == "title") for f, n in SUMMARY_FIELDS.items()}
    submission = Submission.objects.create(municipality=municipality, subject_count=_subject_count(data),
                                           created_by=actor, amends=amends, **values)
    submission.departments.set(departments)
    audit_record("governance.submission.created", obj=submission, tenant_id=municipality.pk, actor_id=_actor_id(actor),
                 data={"departments": [d.pk for d in departments], "amends": amends.pk if amends else None})
    return submission


@transaction.atomic
def submission_update(*, submission: Submission, data: dict, actor: User | None = None) -> Submission:
    """Edit a draft submission's summary (and departments); refused once it is submitted."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_drafter(actor, submission)
    ensure_draft(submission, "editing")
    unknown = set(data) - set(SUMMARY_FIELDS) - {"subject_count", "departments"}
    if unknown:
        raise InvalidInput(
            _(
                "Unknown fields: %(items)s"
            )
            % {
                "items": ', '.join(sorted(unknown)),
            }, field=sorted(unknown)[0])
    for field, max_length in SUMMARY_FIELDS.items():
        if field in data:
            setattr(submission, field, _text(data, field, max_length, required=field == "title"))
    if "subject_count" in data:
        submission.subject_count = _subject_count(data)
    submission.save()
    if "departments" in data:
        submission.departments.set(_departments(submission.municipality, data["departments"], actor))
    audit_record("governance.submission.updated", obj=submission, tenant_id=submission.municipality_id,
                 actor_id=_actor_id(actor),
                 fields=sorted(data), data={"fields": sorted(data)})
    return submission


def _part_link(part, version=None) -> dict:
    kind = PART_KINDS.get(type(part))
    if kind is None:
        raise InvalidInput(_("%(part)s is not a registry part") % {"part": f"{part!r}"}, field="part")
    if version is None:
        version = version_latest(part=part)
    elif version.part_id != part.pk or not isinstance(version, kind_of(part).version):
        raise InvalidInput(
            _(
                "Version %(number)s is not a version of '%(part)s'"
            )
            % {
                "number": version.number,
                "part": part,
            }, field="version")
    version_field = "out_of_purpose_version" if kind == "out_of_purpose_use" else f"{kind}_version"
    return {"kind": kind, kind: part, version_field: version}


@transaction.atomic
def submission_part_add(*, submission: Submission, part, checklist_template: str | None = None, version=None,
                        annex_title: str = "", actor: User | None = None) -> SubmissionPart:
    """Add a registry part at its newest version (or the given one); connections and contracts get a checklist.

    `annex_title` is the 件名 of its 別紙 as the department words it (blank: the part's title); parts of one
    kind given the same 件名 are printed in one 別紙, each party numbered, as the department grouped them.

    `checklist_template` None picks the kind's default template; "" means the part has none (a ward whose
    committee records its measures in the part itself, like 練馬区's 保護措置).
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_drafter(actor, submission)
    ensure_draft(submission, "adding a part")
    if part.municipality_id != submission.municipality_id:
        raise InvalidInput(_("'%(part)s' belongs to another municipality") % {"part": part}, field="part")
    link = _part_link(part, version)
    kind = link["kind"]
    if submission.parts.filter(**{kind: part}).exists():
        raise Conflict(_("'%(part)s' is already part of the submission") % {"part": part}, field="part")
    template = DEFAULT_TEMPLATE.get(kind) if checklist_template is None else (checklist_template or None)
    if template is not None:
        if template not in TEMPLATES:
            raise InvalidInput(
                _(
                    "Unknown checklist template %(template)s (known: %(items)s)"
                )
                % {
                    "template": f"{template!r}",
                    "items": ', '.join(TEMPLATES),
                },
                               field="checklist_template")
        expected = {"connection": "external_connection", "contract": "outsourcing"}.get(kind)
        if template_get(template).kind != expected:
            raise InvalidInput(
                _(
                    "The checklist %(template)s is not one for a %(kind)s"
                )
                % {
                    "template": f"{template!r}",
                    "kind": kind,
                }, field="checklist_template")
    annex_title = _text({"annex_title": annex_title}, "annex_title", 300)
    row = SubmissionPart.objects.create(submission=submission, order=submission.parts.count(),
                                        annex_title=annex_title, **link)
    if template is not None:
        Checklist.objects.create(submission=submission, submission_part=row, kind=template_get(template).kind,
                                 template=template)
    audit_record("governance.submission.part_added", obj=submission, tenant_id=submission.municipality_id,
                 actor_id=_actor_id(actor),
                 data={"kind": kind, "part": part.pk, "version": row.version.number, "checklist": template})
    return row


def _document_check(*, filename: str, content: bytes, name_max_length: int) -> CheckedUpload:
    """An attachment's or evidence file's content and name, checked as every upload is (common.uploads)."""
    return upload_check(content=content, name=filename, field="content_base64", name_field="filename",
                        max_bytes=settings.COMMITTEE_FILE_MAX_BYTES, accepted=DOCUMENT_KINDS,
                        name_max_length=name_max_length)


@transaction.atomic
def attachment_add(*, submission: Submission, label: str, title: str, filename: str = "",
                   content: bytes | None = None, actor: User | None = None) -> Attachment:
    """Add a numbered attachment (資料74-1 …) to a draft submission, with a file or (a title only) without one."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_drafter(actor, submission)
    ensure_draft(submission, "adding an attachment")
    label = _text({"label": label}, "label", 50, required=True)
    title = _text({"title": title}, "title", 200, required=True)
    if submission.attachments.filter(label=label).exists():
        raise Conflict(_("The submission already has an attachment %(label)s") % {"label": label}, field="label")
    checked = None
    if content is not None or filename:
        checked = _document_check(filename=filename, content=content or b"",
                                  name_max_length=Attachment._meta.get_field("filename").max_length)
    attachment = Attachment.objects.create(
        submission=submission, label=label, title=title, filename=checked.name if checked else "",
        content=checked.content if checked else None, sha256=checked.sha256 if checked else "")
    audit_record("governance.submission.attachment_added", obj=submission, tenant_id=submission.municipality_id,
                 actor_id=_actor_id(actor),
                 data={"attachment": attachment.pk, "sha256": attachment.sha256})
    return attachment


def _checklist_of(submission: Submission, checklist_id) -> Checklist:
    checklist = submission.checklists.filter(pk=checklist_id).first() if str(checklist_id).isdigit() else None
    if checklist is None:
        raise InvalidInput(
            _(
                "The submission has no checklist %(checklist_id)s"
            )
            % {
                "checklist_id": f"{checklist_id!r}",
            }, field="checklist")
    return checklist


@transaction.atomic
def checklist_answer(*, submission: Submission, checklist_id, answers: list[dict],
                     actor: User | None = None) -> Checklist:
    """Answer checklist items: each {"code", "answer": "○" | "−", "reason"}; − needs a reason.

    All-or-nothing: one bad answer refuses the whole batch and changes nothing.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_drafter(actor, submission)
    ensure_draft(submission, "answering the checklist")
    checklist = _checklist_of(submission, checklist_id)
    template = checklist_template(checklist)
    if not isinstance(answers, list) or not answers:
        raise InvalidInput(_("Give at least one answer"), field="answers")
    now = timezone.now()
    seen = set()
    checked = []
    for i, entry in enumerate(answers):
        if not isinstance(entry, dict):
            raise InvalidInput(_("Each answer must be an object"), field=f"answers[{i}]")
        code, mark = entry.get("code"), entry.get("answer")
        reason = (entry.get("reason") or "").strip() if isinstance(entry.get("reason") or "", str) else None
        if template.item(code) is None:
            raise InvalidInput(
                _(
                    "The checklist '%(title)s' has no item %(code)s"
                )
                % {
                    "title": template.title,
                    "code": f"{code!r}",
                }, field=f"answers[{i}].code")
        if code in seen:
            raise InvalidInput(_("Item %(code)s is answered twice") % {"code": code}, field=f"answers[{i}].code")
        seen.add(code)
        if mark == "-":  # the seeds print a hyphen; store the one sign
            mark = Mark.NOT_NEEDED
        if mark not in Mark.values:
            raise InvalidInput(
                _(
                    "Answer item %(code)s with ○ or −, not %(mark)s"
                )
                % {
                    "code": code,
                    "mark": f"{mark!r}",
                }, field=f"answers[{i}].answer")
        if reason is None:
            raise InvalidInput(
                _(
                    "The reason for item %(code)s must be text"
                )
                % {
                    "code": code,
                }, field=f"answers[{i}].reason")
        if mark == Mark.NOT_NEEDED and not reason:
            raise InvalidInput(
                _(
                    "Item %(code)s is answered − (not needed): give the reason"
                )
                % {
                    "code": code,
                }, field=f"answers[{i}].reason")
        checked.append((code, mark, reason))
    for code, mark, reason in checked:
        # The wording answered is kept: when the item is reworded (a measure edited in the registry) it is asked again.
        ChecklistAnswer.objects.update_or_create(
            checklist=checklist, code=code,
            defaults={"answer": mark, "reason": reason, "item_text": template.item(code).text, "answered_by": actor,
                      "answered_at": now})
    audit_record("governance.checklist.answered", obj=checklist, tenant_id=submission.municipality_id,
                 actor_id=_actor_id(actor),
                 data={"submission": submission.pk, "codes": [c for c, _m, _r in checked]})
    return checklist


@transaction.atomic
def evidence_add(*, submission: Submission, checklist_id, code: str, filename: str, content: bytes,
                 actor: User | None = None) -> Evidence:
    """Attach an evidence file to an answered checklist item of a draft submission."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    ensure_drafter(actor, submission)
    ensure_draft(submission, "attaching evidence")
    checklist = _checklist_of(submission, checklist_id)
    answer = checklist.answers.filter(code=code).first()
    if answer is None:
        raise InvalidInput(_("Answer item %(code)s before attaching evidence to it") % {"code": code}, field="code")
    checked = _document_check(filename=filename, content=content,
                              name_max_length=Evidence._meta.get_field("filename").max_length)
    evidence = Evidence.objects.create(answer=answer, filename=checked.name, content=checked.content,
                                       sha256=checked.sha256, uploaded_by=actor, uploaded_at=timezone.now())
    audit_record("governance.checklist.evidence_added", obj=checklist, tenant_id=submission.municipality_id,
                 actor_id=_actor_id(actor),
                 data={"submission": submission.pk, "code": code, "evidence": evidence.pk, "sha256": evidence.sha256})
    return evidence


def unanswered_required(submission: Submission) -> list[dict]:
    """Required checklist items not yet answered, each {"checklist", "part", "code", "text"}."""
    missing = []
    for checklist in submission.checklists.select_related("submission_part").order_by("submission_part__order"):
        answers = {a.code: a for a in checklist.answers.all()}
        template = checklist_template(checklist)
        missing += [{"checklist": checklist.pk, "part": str(checklist.submission_part.part), "code": item.code,
                     "text": item.text} for item in template.items
                    if item.required and not answer_stands(answers.get(item.code), item)]
    return missing


@transaction.atomic
def submission_schedule(*, submission: Submission, meeting: CommitteeMeeting, agenda_number: int | None,
                        actor: User | None = None) -> Submission:
    """Put a submission on a meeting's agenda with its number (committee members or administrators)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if actor is not None and not any(m.role in (Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR)
                                     for m in _memberships(actor, submission.municipality_id)):
        raise Forbidden(_("Only committee members and administrators may set the agenda"))
    if meeting.municipality_id != submission.municipality_id:
        raise InvalidInput(_("The meeting belongs to another municipality"), field="meeting")
    if agenda_number is not None and Submission.objects.filter(meeting=meeting, agenda_number=agenda_number) \
            .exclude(pk=submission.pk).exists():
        raise Conflict(
            _(
                "Agenda item %(agenda_number)s of %(meeting)s is taken"
            )
            % {
                "agenda_number": agenda_number,
                "meeting": meeting,
            }, field="agenda_number")
    submission.meeting, submission.agenda_number = meeting, agenda_number
    submission.save(update_fields=["meeting", "agenda_number"])
    audit_record("governance.submission.scheduled", obj=submission, tenant_id=submission.municipality_id,
                 actor_id=_actor_id(actor),
                 data={"meeting": meeting.pk, "agenda_number": agenda_number})
    return submission
