"""The committee policy's reasons worded for the reader (policies/rego/committee/committee.rego writes them in
English)."""

from django.utils.translation import gettext as _

from governance.committee.models import SubmissionState
from policies.messages import register_reason_wordings


def _verb(transition: str) -> str:
    return {
        "submit": _("submit"),
        "withdraw": _("withdraw"),
        "amend": _("amend"),
        "start_review": _("start the review of"),
        "approve": _("approve"),
        "approve_with_conditions": _("approve with conditions"),
        "reject": _("reject"),
        "revoke": _("revoke the approval of"),
    }.get(transition, transition)


def _state(state: str) -> str:
    return str(dict(SubmissionState.choices).get(state, state))


def _role(role: str) -> str:
    return {"department_staff": _("department staff"), "committee_member": _("a committee member")}.get(role, role)


WORDINGS = {
    "unknown_transition": lambda r, i: (
        _("%(transition)s is not a transition of a submission.") % {"transition": r["transition"]}
    ),
    "input_invalid": lambda r, i: (
        _("The policy input has no valid %(field)s; the transition is refused.") % {"field": r["field"]}
    ),
    "invalid_state_transition": lambda r, i: (
        _("A submission that is %(state)s cannot be moved by “%(verb)s”.")
        % {"state": _state(r["state"]), "verb": _verb(r["transition"])}
    ),
    "role_required": lambda r, i: (
        _("Only %(role)s may %(verb)s a submission.") % {"role": _role(r["role"]), "verb": _verb(r["transition"])}
    ),
    "not_own_department": lambda r, i: (
        _("Only staff of the submission's department may %(verb)s it.") % {"verb": _verb(r["transition"])}
    ),
    "own_department": lambda r, i: (
        _("A committee member may not %(verb)s a submission of their own department.")
        % {"verb": _verb(r["transition"])}
    ),
    "checklist_incomplete": lambda r, i: (
        _("The submission has %(count)s unanswered required checklist item(s); answer them before submitting.")
        % {"count": r["unanswered_required"]}
    ),
}

register_reason_wordings("committee", WORDINGS)
