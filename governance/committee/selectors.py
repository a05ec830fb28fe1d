"""Reads of the committee workflow, narrowed to what the actor may see, and the approval the exchange gate
enforces (`approval_for_part`).

Committee members, auditors and administrators see every submission of their tenant; department staff
see their departments' submissions; nobody else sees any.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from common.errors import Forbidden, NotFound
from governance.committee.checklists import answer_stands, checklist_template
from governance.committee.models import (
    APPROVED_STATES,
    Checklist,
    CommitteeMeeting,
    DecisionOutcome,
    DecisionPart,
    Submission,
    SubmissionState,
)
from governance.registry.models import ExternalConnection, OutsourcingContract
from governance.registry.parts import kind_of
from governance.registry.versioning import version_get
from governance.tenancy.models import Role, User

TENANT_READERS = (Role.COMMITTEE_MEMBER, Role.AUDITOR, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class Approval:
    """What the committee approved for a connection or contract, as the exchange gate enforces it."""

    status: str  # "approved" | "approved_with_conditions" | "revoked"
    version: object  # the approved ConnectionVersion / ContractVersion
    meeting: str
    decided_at: datetime.date
    checklist_answers: list[dict]


def checklist_rows(checklist: Checklist | None) -> list[dict]:
    """Every item of a checklist's template with its answer: {"code","side","text","required","answer","reason"}."""
    if checklist is None:
        return []
    answers = {a.code: a for a in checklist.answers.all()}
    rows = []
    for item in checklist_template(checklist).items:
        answer = answers.get(item.code)
        answer = answer if answer_stands(answer, item) else None
        rows.append({"code": item.code, "side": item.side, "text": item.text, "required": item.required,
                     "answer": answer.answer if answer else "", "reason": answer.reason if answer else ""})
    return rows


def approval_for_part(part) -> Approval | None:
    """The newest committee approval of a connection or contract (None when never approved).

    A later rejected amendment does not undo an earlier approval; a revoked approval answers "revoked".
    """
    if isinstance(part, ExternalConnection):
        lookup = {"connection": part}
    elif isinstance(part, OutsourcingContract):
        lookup = {"contract": part}
    else:
        raise TypeError(f"approval_for_part takes an ExternalConnection or OutsourcingContract, not {type(part)}")
    bound = (DecisionPart.objects.filter(**lookup, decision__outcome__in=[DecisionOutcome.APPROVED,
                                                                          DecisionOutcome.APPROVED_WITH_CONDITIONS])
             .select_related("decision__meeting", "submission_part")
             .order_by("-decision__decided_on", "-decision__pk").first())
    if bound is None:
        return None
    decision = bound.decision
    checklist = Checklist.objects.filter(submission_part=bound.submission_part).first()
    return Approval(
        status="revoked" if decision.revoked_at else decision.outcome,
        version=version_get(part=part, number=bound.version_number),
        meeting=decision.meeting.label,
        decided_at=decision.decided_on,
        checklist_answers=checklist_rows(checklist),
    )


def _tenant_reader_ids(actor: User) -> set[int]:
    return {m.municipality_id for m in actor.memberships.all() if m.role in TENANT_READERS}


def _staff_department_ids(actor: User) -> set[int]:
    return {m.department_id for m in actor.memberships.all() if m.role == Role.DEPARTMENT_STAFF and m.department_id}


def submission_list(*, actor: User, state: str | None = None, meeting: int | None = None,
                    department: int | None = None) -> QuerySet[Submission]:
    """Submissions the actor may see, newest first, optionally by state, meeting or department."""
    tenants, departments = _tenant_reader_ids(actor), _staff_department_ids(actor)
    if not tenants and not departments:
        raise Forbidden(_("Your role gives no access to committee submissions"))
    qs = Submission.objects.filter(Q(municipality_id__in=tenants) | Q(departments__in=departments)).distinct()
    if state:
        qs = qs.filter(state=state)
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    if department:
        qs = qs.filter(departments=department)
    return (qs.select_related("municipality", "meeting", "amends", "decision")
            .prefetch_related("departments").order_by("-created_at", "-pk"))


def review_queue(*, actor: User) -> QuerySet[Submission]:
    """Submissions waiting for the committee (submitted or under review) in the tenants the actor reviews."""
    tenants = {m.municipality_id for m in actor.memberships.all() if m.role == Role.COMMITTEE_MEMBER}
    if not tenants:
        raise Forbidden(_("Only committee members have a review queue"))
    return (Submission.objects.filter(municipality_id__in=tenants,
                                      state__in=[SubmissionState.SUBMITTED, SubmissionState.UNDER_REVIEW])
            .select_related("meeting", "amends").prefetch_related("departments")
            .order_by("meeting__held_on", "agenda_number", "submitted_at", "pk"))


def submission_get(*, actor: User, pk) -> Submission:
    """One submission the actor may see; NotFound otherwise (no hint that it exists)."""
    submission = submission_list(actor=actor).filter(pk=pk).first() if str(pk).isdigit() else None
    if submission is None:
        raise NotFound(_("No submission %(pk)s") % {"pk": f"{pk!r}"}, field="submission")
    return submission


def meeting_list(*, actor: User) -> QuerySet[CommitteeMeeting]:
    """Meetings of the tenants the actor may see submissions of."""
    tenants = _tenant_reader_ids(actor) | {m.municipality_id for m in actor.memberships.all()
                                           if m.role == Role.DEPARTMENT_STAFF}
    if not tenants:
        raise Forbidden(_("Your role gives no access to committee meetings"))
    return CommitteeMeeting.objects.filter(municipality_id__in=tenants).order_by("-held_on", "-pk")


def approved_version_of(row) -> object | None:
    """For a part of an amendment: the version of the same part the amended submission's decision approved."""
    amends = row.submission.amends
    if amends is None or amends.state not in APPROVED_STATES:
        return None
    bound = DecisionPart.objects.filter(decision__submission=amends, submission_part__kind=row.kind,
                                        **{f"submission_part__{row.kind}": row.part}).first()
    if bound is None:
        return None
    return kind_of(row.part).version.objects.get(part=row.part, number=bound.version_number)
