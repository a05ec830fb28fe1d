package mimamori.committee_test

import data.mimamori.committee

staff := {"user_id": 1, "roles": ["department_staff"], "department_ids": [10]}

member := {"user_id": 2, "roles": ["committee_member"], "department_ids": [20]}

submission(state) := {"state": state, "department_ids": [10], "unanswered_required": 0}

decide(actor, state, transition) := d if {
	d := committee.decision with input as {"actor": actor, "submission": submission(state), "transition": transition}
}

codes(d) := [r.code | some r in d.reasons]

test_staff_submits_draft if {
	d := decide(staff, "draft", "submit")
	d.allow == true
	d.to_state == "submitted"
}

test_staff_withdraws_draft_and_submitted if {
	decide(staff, "draft", "withdraw").allow == true
	decide(staff, "submitted", "withdraw").to_state == "withdrawn"
	decide(staff, "submitted", "withdraw").allow == true
}

test_staff_amends_approved if {
	decide(staff, "approved", "amend").allow == true
	decide(staff, "approved_with_conditions", "amend").to_state == "draft"
}

test_member_moves_review_and_decides if {
	decide(member, "submitted", "start_review").to_state == "under_review"
	decide(member, "submitted", "start_review").allow == true
	every t in ["approve", "approve_with_conditions", "reject"] {
		decide(member, "under_review", t).allow == true
	}
	decide(member, "under_review", "approve_with_conditions").to_state == "approved_with_conditions"
}

test_submit_with_unanswered_required_items_refused if {
	d := committee.decision with input as {
		"actor": staff,
		"submission": {"state": "draft", "department_ids": [10], "unanswered_required": 3},
		"transition": "submit",
	}
	codes(d) == ["checklist_incomplete"]
	d.reasons[0].message == "The submission has 3 unanswered required checklist item(s); answer them before submitting."
}

test_approving_a_draft_refused if {
	d := decide(member, "draft", "approve")
	codes(d) == ["invalid_state_transition"]
	d.reasons[0].message == "A submission in state draft cannot be moved by approve (allowed from: under_review)."
}

test_invalid_transitions_from_final_states if {
	every state in ["rejected", "withdrawn", "approved"] {
		codes(decide(member, state, "reject")) == ["invalid_state_transition"]
	}
	codes(decide(staff, "under_review", "withdraw")) == ["invalid_state_transition"]
	codes(decide(staff, "rejected", "amend")) == ["invalid_state_transition"]
}

test_member_of_own_department_cannot_decide if {
	own := object.union(member, {"department_ids": [20, 10]})
	every t in ["approve", "approve_with_conditions", "reject"] {
		codes(decide(own, "under_review", t)) == ["own_department"]
	}
	d := decide(own, "submitted", "start_review")
	d.reasons[0].message == "A committee member may not start the review of a submission of their own department."
}

test_staff_cannot_decide if {
	d := decide(staff, "under_review", "approve")
	codes(d) == ["role_required"]
	d.reasons[0].message == "Only a committee member may approve a submission."
}

test_member_cannot_submit if {
	d := decide(member, "draft", "submit")
	codes(d) == ["role_required"]
	d.reasons[0].message == "Only department staff may submit a submission."
}

test_staff_of_other_department_cannot_submit if {
	other := object.union(staff, {"department_ids": [99]})
	d := decide(other, "draft", "submit")
	codes(d) == ["not_own_department"]
}

test_unknown_transition_refused if {
	d := decide(member, "under_review", "fast_track")
	codes(d) == ["unknown_transition"]
	d.to_state == null
}

test_invalid_input_refused if {
	d := committee.decision with input as {"actor": {}, "submission": {"state": "lost"}, "transition": "approve"}
	d.allow == false
	codes(d) == ["input_invalid", "input_invalid", "input_invalid", "input_invalid", "input_invalid", "role_required"]
	{r.field | some r in d.reasons; r.code == "input_invalid"} == {
		"actor.roles", "actor.department_ids", "submission.department_ids",
		"submission.unanswered_required", "submission.state",
	}
}

test_member_revokes_an_approval if {
	decide(member, "approved", "revoke").to_state == "revoked"
	decide(member, "approved_with_conditions", "revoke").allow == true
	codes(decide(member, "under_review", "revoke")) == ["invalid_state_transition"]
	codes(decide(staff, "revoked", "amend")) == ["invalid_state_transition"]
	d := decide(staff, "approved", "revoke")
	d.reasons[0].message == "Only a committee member may revoke the approval of a submission."
}
