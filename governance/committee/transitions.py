"""Moving a submission between states. The `committee` policy decides every move (who, from which state,
to which state); this module builds its input, applies its answer and records the audit event.

A refusal raises Conflict (wrong state, unanswered checklist items) or Forbidden (wrong role, own
department) carrying every reason, and changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, Forbidden, InvalidInput, NotFound
from governance.committee import reasons as _reasons  # noqa: F401  (the policy's reasons, worded)
from governance.committee.models import (
    CommitteeMeeting,
    Condition,
    Decision,
    DecisionPart,
    Submission,
    SubmissionState,
)
from governance.committee.services import (
    _actor_id,
    _part_link,
    submission_create,
    submission_department_ids,
    submission_part_add,
    unanswered_required,
)
from governance.notifications.services import members, notification_send_many
from governance.registry.parts import kind_of
from governance.registry.snapshots import snapshot_hash, snapshot_of
from governance.registry.versioning import registry_part_update, registry_version_freeze, version_is_intact
from governance.tenancy.models import Role, User
from policies import decide

_STATE_REASONS = {"invalid_state_transition", "checklist_incomplete", "unknown_transition", "input_invalid"}


def policy_input(*, submission: Submission, actor: User | None, transition: str) -> dict:
    """The `committee` policy's input: the actor's roles and departments in the submission's tenant."""
    memberships = [m for m in actor.memberships.all() if m.municipality_id == submission.municipality_id] \
        if actor is not None else []
    return {
        "actor": {"user_id": actor.pk if actor else 0, "roles": sorted({m.role for m in memberships}),
                  "department_ids": sorted({m.department_id for m in memberships if m.department_id})},
        "submission": {"state": submission.state, "department_ids": sorted(submission_department_ids(submission)),
                       "unanswered_required": len(unanswered_required(submission))
                       if transition == "submit" else 0},
        "transition": transition,
    }


def _decide(submission: Submission, actor: User | None, transition: str) -> str:
    """The state the policy moves the submission to, or a refusal naming every reason."""
    decision = decide("committee", policy_input(submission=submission, actor=actor, transition=transition))
    if decision.allow:
        return decision.output["to_state"]
    reasons = [dict(r) for r in decision.reasons]
    message = " ".join(r["message"] for r in reasons)
    if any(r["code"] == "checklist_incomplete" for r in reasons):
        missing = unanswered_required(submission)
        message += " " + _("Unanswered: %(items)s") % {"items": "; ".join(f"{m['part']} {m['code']}" for m in missing)}
        reasons = [{**r, "items": [{"part": m["part"], "code": m["code"]} for m in missing]}
                   if r["code"] == "checklist_incomplete" else r for r in reasons]
    error = Conflict if all(r["code"] in _STATE_REASONS for r in reasons) else Forbidden
    raise error(message, field="state", details={"reasons": reasons})


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _move(submission: Submission, to_state: str, event: str, actor: User | None, **data) -> Submission:
    from_state = submission.state
    submission.state = to_state
    submission.save(update_fields=["state", "submitted_at"])
    audit_record(f"governance.submission.{event}", obj=submission, tenant_id=submission.municipality_id,
                 actor_id=_actor_id(actor),
                 data={"from": from_state, "to": to_state, **data})
    return submission


@transaction.atomic
def submission_submit(*, submission: Submission, actor: User | None) -> Submission:
    """Submit a draft to the committee; the versions it covers are recorded so later edits are caught."""
    submission = _locked(submission)
    to_state = _decide(submission, actor, "submit")
    for row in submission.parts.all():
        row.submitted_hash = snapshot_hash(snapshot_of(row.version))
        row.save(update_fields=["submitted_hash"])
    submission.submitted_at = timezone.now()
    return _move(submission, to_state, "submitted", actor)


@transaction.atomic
def submission_withdraw(*, submission: Submission, actor: User | None) -> Submission:
    """Withdraw a draft or submitted submission."""
    submission = _locked(submission)
    return _move(submission, _decide(submission, actor, "withdraw"), "withdrawn", actor)


@transaction.atomic
def submission_review_start(*, submission: Submission, actor: User | None) -> Submission:
    """A committee member takes a submitted submission under review."""
    submission = _locked(submission)
    return _move(submission, _decide(submission, actor, "start_review"), "review_started", actor)


def _bind(submission: Submission, decision: Decision, meeting: CommitteeMeeting, actor: User | None) -> None:
    """Freeze every part's version (or accept it already frozen) and record it with its content hash."""
    for row in submission.parts.all():
        version = kind_of(row.version).version.objects.get(pk=row.version.pk)
        if row.submitted_hash and snapshot_hash(snapshot_of(version)) != row.submitted_hash:
            raise Conflict(
                _(
                    "'%(part)s' version %(number)s changed after the submission was submitted; the committee can "
                    "only approve what was submitted"
                )
                % {
                    "part": row.part,
                    "number": version.number,
                }, field="parts")
        if not version.is_frozen:
            version = registry_version_freeze(version=version, reason=f"{meeting.label} 承認", actor=actor)
        elif not version_is_intact(version):
            raise Conflict(
                _(
                    "'%(part)s' version %(number)s no longer matches its content hash"
                )
                % {
                    "part": row.part,
                    "number": version.number,
                },
                           field="parts")
        DecisionPart.objects.create(
            decision=decision, submission_part=row, kind=row.kind, version_number=version.number,
            content_hash=version.content_hash,
            connection=row.connection if row.kind == "connection" else None,
            contract=row.contract if row.kind == "contract" else None)


@transaction.atomic
def submission_decide(*, submission: Submission, outcome: str, actor: User | None,
                      meeting: CommitteeMeeting | None = None, decided_on: datetime.date | None = None,
                      conditions: list[str] | tuple = (), note: str = "") -> Decision:
    """Decide a submission under review: approve (binds and freezes every part's version), approve with
    conditions (at least one), or reject."""
    submission = _locked(submission)
    if outcome not in ("approve", "approve_with_conditions", "reject"):
        raise InvalidInput(
            _(
                "Unknown decision %(outcome)s: approve, approve_with_conditions or reject"
            )
            % {
                "outcome": f"{outcome!r}",
            },
                           field="outcome")
    to_state = _decide(submission, actor, outcome)
    meeting = meeting or submission.meeting
    if meeting is None:
        raise InvalidInput(_("Name the meeting at which the committee decided"), field="meeting")
    if meeting.municipality_id != submission.municipality_id:
        raise InvalidInput(_("The meeting belongs to another municipality"), field="meeting")
    texts = [c.strip() for c in conditions if isinstance(c, str) and c.strip()]
    if outcome == "approve_with_conditions" and not texts:
        raise InvalidInput(_("An approval with conditions needs at least one condition"), field="conditions")
    if outcome != "approve_with_conditions" and texts:
        raise InvalidInput(_("Conditions belong to an approval with conditions"), field="conditions")
    if not submission.parts.exists() and outcome != "reject":
        raise Conflict(_("The submission covers no registry part; there is nothing to approve"), field="parts")
    decision = Decision.objects.create(
        municipality=submission.municipality, submission=submission, meeting=meeting, decided_by=actor,
        outcome={"approve": "approved", "approve_with_conditions": "approved_with_conditions",
                 "reject": "rejected"}[outcome],
        decided_on=decided_on or meeting.held_on, note=note)
    if outcome != "reject":
        _bind(submission, decision, meeting, actor)
    for text in texts:
        Condition.objects.create(submission=submission, text=text)
    if submission.meeting_id is None:
        submission.meeting = meeting
        submission.save(update_fields=["meeting"])
    _move(submission, to_state, to_state, actor, decision=decision.pk, meeting=meeting.pk, conditions=len(texts),
          versions=[{"kind": p.kind, "version": p.version_number, "content_hash": p.content_hash}
                    for p in decision.bound_parts.all()])
    if outcome == "reject":
        _tell_returned(submission, decision)
    return decision


def _tell_returned(submission: Submission, decision: Decision) -> None:
    """The departments that drafted a submission the committee did not approve are told to revise it."""
    from django.urls import reverse

    recipients = members(municipality_id=submission.municipality_id, roles=[Role.DEPARTMENT_STAFF],
                         department_ids=submission.departments.values_list("pk", flat=True))
    if submission.created_by_id and submission.created_by.is_active:
        recipients.append(submission.created_by)
    notification_send_many(recipients=recipients, municipality_id=submission.municipality_id,
                           kind="submission_returned", params={"submission": submission.pk, "title": submission.title},
                           link=reverse("committee-submission-page", args=[submission.pk]),
                           subject=("governance.submission", submission.pk), key=f"submission_returned:{decision.pk}")


@transaction.atomic
def approval_revoke(*, submission: Submission, actor: User | None, reason: str) -> Decision:
    """Revoke an approval: the exchange gate then finds status "revoked" for its parts."""
    submission = _locked(submission)
    reason = (reason or "").strip()
    to_state = _decide(submission, actor, "revoke")
    if not reason:
        raise InvalidInput(_("Give the reason for revoking the approval"), field="reason")
    decision = submission.decision
    decision.revoked_at, decision.revoked_by, decision.revoke_reason = timezone.now(), actor, reason
    decision.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    _move(submission, to_state, "revoked", actor, decision=decision.pk)
    return decision


@transaction.atomic
def condition_close(*, condition: Condition, actor: User | None, note: str = "") -> Condition:
    """Close a condition of an approval (committee members); a closed condition stays closed."""
    condition = Condition.objects.select_for_update().select_related("submission").get(pk=condition.pk)
    if actor is not None and not any(m.role == Role.COMMITTEE_MEMBER and
                                     m.municipality_id == condition.submission.municipality_id
                                     for m in actor.memberships.all()):
        raise Forbidden(_("Only committee members may close a condition of an approval"))
    if condition.closed_at is not None:
        raise Conflict(_("The condition is already closed"), field="condition")
    condition.closed_at, condition.closed_by, condition.closing_note = timezone.now(), actor, (note or "").strip()
    condition.save(update_fields=["closed_at", "closed_by", "closing_note"])
    audit_record("governance.condition.closed", obj=condition, tenant_id=condition.submission.municipality_id,
                 actor_id=_actor_id(actor),
                 data={"submission": condition.submission_id})
    return condition


@transaction.atomic
def amendment_create(*, approved: Submission, actor: User | None, data: dict | None = None) -> Submission:
    """Draft an amendment of an approved submission: the same parts at a new draft version each (an
    existing draft is reused), the same checklist templates, to be answered again."""
    approved = _locked(approved)
    _decide(approved, actor, "amend")
    if approved.amendments.filter(state__in=[SubmissionState.DRAFT, SubmissionState.SUBMITTED,
                                             SubmissionState.UNDER_REVIEW]).exists():
        raise Conflict(
            _(
                "The submission '%(title)s' already has an open amendment"
            )
            % {
                "title": approved.title,
            }, field="amends")
    data = data or {}
    base = {"title": approved.title, "basis": approved.basis, "programme_name": approved.programme_name,
            "purpose": approved.purpose, "subjects": approved.subjects, "content": approved.content,
            "subject_count": approved.subject_count, "subject_count_note": approved.subject_count_note,
            "current_process": approved.current_process,
            "departments": list(approved.departments.values_list("pk", flat=True))}
    amendment = submission_create(municipality=approved.municipality, data={**base, **data}, actor=actor,
                                  amends=approved)
    for row in approved.parts.select_related("checklist").all():
        part = row.part
        link = _part_link(part)
        if link[next(k for k in link if k.endswith("_version"))].is_frozen:
            registry_part_update(part=part, content={}, actor=actor)  # a new draft copied from the approved one
        template = row.checklist.template if hasattr(row, "checklist") else ""
        submission_part_add(submission=amendment, part=part, checklist_template=template,
                            annex_title=row.annex_title, actor=actor)
    audit_record("governance.submission.amendment_created", obj=amendment, tenant_id=amendment.municipality_id,
                 actor_id=_actor_id(actor),
                 data={"amends": approved.pk})
    return amendment


def submission_for_update(*, pk) -> Submission:
    submission = Submission.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if submission is None:
        raise NotFound(_("No submission %(pk)s") % {"pk": f"{pk!r}"}, field="submission")
    return submission
