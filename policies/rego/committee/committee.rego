# Who may move a committee submission (付議) from one state to another.
# Entry point: data.mimamori.committee.decision. Rules: shared/domain/governance.md §2 (our design).
#
# Input:
# {
#   "actor": {"user_id": int, "roles": [str], "department_ids": [int]},
#   "submission": {"state": "draft" | "submitted" | "under_review" | "approved" |
#                           "approved_with_conditions" | "rejected" | "withdrawn" | "revoked",
#                  "department_ids": [int], "unanswered_required": int},
#   "transition": "submit" | "start_review" | "approve" | "approve_with_conditions" | "reject" |
#                 "withdraw" | "amend" | "revoke"
# }
#
# Transitions (from → to, who):
#   submit                   draft → submitted                       department staff of the submission's department,
#                                                                    with no unanswered required checklist item
#   withdraw                 draft | submitted → withdrawn           department staff of the submission's department
#   amend                    approved | approved_with_conditions → draft (a new version)
#                                                                    department staff of the submission's department
#   start_review             submitted → under_review                committee member
#   approve                  under_review → approved                 committee member
#   approve_with_conditions  under_review → approved_with_conditions committee member
#   reject                   under_review → rejected                 committee member
#   revoke                   approved | approved_with_conditions → revoked
#                                                                    committee member
# A committee member never moves a submission of their own department (start_review and the decisions).
#
# Output: {"allow": bool, "reasons": [{"code", "message", …}], "to_state": the state after the
# transition, or null when the transition is unknown}. Reasons are sorted by code, then message.
package mimamori.committee

decision := {
	"allow": count(_reasons) == 0,
	"reasons": [_by_key[k] | some k in _sorted_keys],
	"to_state": object.get(_transitions, [input.transition, "to"], null),
}

_transitions := {
	"submit": {"from": {"draft"}, "to": "submitted", "role": "department_staff"},
	"withdraw": {"from": {"draft", "submitted"}, "to": "withdrawn", "role": "department_staff"},
	"amend": {"from": {"approved", "approved_with_conditions"}, "to": "draft", "role": "department_staff"},
	"start_review": {"from": {"submitted"}, "to": "under_review", "role": "committee_member"},
	"approve": {"from": {"under_review"}, "to": "approved", "role": "committee_member"},
	"approve_with_conditions": {"from": {"under_review"}, "to": "approved_with_conditions", "role": "committee_member"},
	"reject": {"from": {"under_review"}, "to": "rejected", "role": "committee_member"},
	"revoke": {"from": {"approved", "approved_with_conditions"}, "to": "revoked", "role": "committee_member"},
}

_role_label := {"department_staff": "department staff", "committee_member": "a committee member"}

_states := {
	"draft", "submitted", "under_review", "approved", "approved_with_conditions", "rejected", "withdrawn",
	"revoked",
}

_sorted_keys := sort([key | some key, _ in _by_key])

_by_key[concat("\u0000", [r.code, r.message])] := r if some r in _reasons

_t := _transitions[input.transition]

_state := input.submission.state

_own_department if {
	some d in input.actor.department_ids
	d in input.submission.department_ids
}

_reasons contains r if {
	not _t
	r := {
		"code": "unknown_transition",
		"transition": input.transition,
		"message": sprintf("%v is not a transition of a submission.", [input.transition]),
	}
}

_reasons contains r if {
	not _state in _states
	r := {
		"code": "input_invalid",
		"field": "submission.state",
		"message": "The policy input has no valid submission.state; the transition is refused.",
	}
}

_reasons contains r if {
	some path in _invalid
	r := {
		"code": "input_invalid",
		"field": path,
		"message": sprintf("The policy input has no valid %s; the transition is refused.", [path]),
	}
}

_invalid contains "actor.roles" if not is_array(input.actor.roles)

_invalid contains "actor.department_ids" if not is_array(input.actor.department_ids)

_invalid contains "submission.department_ids" if not is_array(input.submission.department_ids)

_invalid contains "submission.unanswered_required" if not is_number(input.submission.unanswered_required)

# Valid state transitions only.
_reasons contains r if {
	_state in _states
	not _state in _t.from
	r := {
		"code": "invalid_state_transition",
		"state": _state,
		"transition": input.transition,
		"message": sprintf(
			"A submission in state %s cannot be moved by %s (allowed from: %s).",
			[_state, input.transition, concat(", ", sort(_t.from))],
		),
	}
}

# The role the transition needs.
_reasons contains r if {
	not _t.role in input.actor.roles
	r := {
		"code": "role_required",
		"role": _t.role,
		"transition": input.transition,
		"message": sprintf("Only %s may %s a submission.", [_role_label[_t.role], _verb[input.transition]]),
	}
}

# Department staff act only on their own department's submissions.
_reasons contains r if {
	_t.role == "department_staff"
	_t.role in input.actor.roles
	not _own_department
	r := {
		"code": "not_own_department",
		"transition": input.transition,
		"message": sprintf(
			"Only staff of the submission's department may %s it.",
			[_verb[input.transition]],
		),
	}
}

# Nobody reviews or decides a submission of their own department.
_reasons contains r if {
	_t.role == "committee_member"
	_t.role in input.actor.roles
	_own_department
	r := {
		"code": "own_department",
		"transition": input.transition,
		"message": sprintf(
			"A committee member may not %s a submission of their own department.",
			[_verb[input.transition]],
		),
	}
}

# A submission with unanswered required checklist items cannot be submitted.
_reasons contains r if {
	input.transition == "submit"
	input.submission.unanswered_required != 0
	r := {
		"code": "checklist_incomplete",
		"unanswered_required": input.submission.unanswered_required,
		"message": sprintf(
			"The submission has %v unanswered required checklist item(s); answer them before submitting.",
			[input.submission.unanswered_required],
		),
	}
}

_verb := {
	"submit": "submit",
	"withdraw": "withdraw",
	"amend": "amend",
	"start_review": "start the review of",
	"approve": "approve",
	"approve_with_conditions": "approve with conditions",
	"reject": "reject",
	"revoke": "revoke the approval of",
}
