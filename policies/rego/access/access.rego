# Which personal fields of a subject (a child, a guardian, an applicant) an actor may read.
# Entry point: data.mimamori.access.decision. Which SUBJECTS an actor sees is answered by the
# selectors in SQL; this policy answers which FIELDS of one subject.
#
# Input:
# {
#   "actor": {"user_id": int, "roles": [str], "facility_ids": [int], "party_ids": [int],
#             "positions": ["nurse" | "facility_head" | …]},          # positions at the actor's facility
#   "subject": {"facility_id": int | null,                          # the child's own facility
#               "contract_party_ids": [int],                        # parties with an approved contract for it
#               "approved_items_by_party": {"<party id>": [item names]},   # items of those approvals
#               "guardian_user_ids": [int]},                        # optional: users who are its guardians
#   "fields": [{"name": str, "sensitive": bool,                      # sensitive = 要配慮個人情報 etc.
#               "financial": bool}]                                  # optional: a bank account and the like
# }
#
# Who reads what (our design; roles are governance.models.Role):
#   department_staff  every non-sensitive field (the department runs the business); no sensitive field
#   facility_staff    only subjects of their own facility: every non-sensitive, non-financial field (fees and
#                     direct debit are the department's business); sensitive fields (health, allergy,
#                     disability, illness) only with position "nurse" or "facility_head"
#   vendor_user       only the items approved for one of their parties that holds a contract for the
#                     subject (sensitive items too, when the approval lists them); nothing else
#   guardian          every field of their own child (it is their own family's data)
# Health records (保健記録: "health_record.*") are sensitive whatever the caller says: only the nurse and the
# head of the child's facility (and the family) read them, never the department or another position.
#   auditor, committee_member, administrator — no personal contents (they see references and metadata)
# Several roles add up. Keys of approved_items_by_party are party ids as strings (JSON object keys).
#
# Output: {"allow": true when every requested field is readable, "fields": the readable names in
# requested order, "reasons": one per unreadable field (code "sensitive_field_not_permitted" or
# "field_not_permitted", with "field")}.
package mimamori.access

decision := {
	"allow": count(_reasons) == 0,
	"reasons": [_by_key[k] | some k in _sorted_keys],
	"fields": [f.name | some f in _fields; _readable[f.name]],
}

_sorted_keys := sort([key | some key, _ in _by_key])

_by_key[concat("\u0000", [r.code, r.message])] := r if some r in _reasons

_fields := input.fields if {
	is_array(input.fields)
	count([f | some f in input.fields; is_string(f.name); is_boolean(f.sensitive)]) == count(input.fields)
} else := []

_roles := {r | some r in input.actor.roles}

# A field is sensitive when the caller says so, and a health record's always.
_sensitive(f) if f.sensitive == true

_sensitive(f) if startswith(f.name, "health_record.")

_care_positions := {"nurse", "facility_head"}

# Subject is a child of one of the actor's facilities.
_own_facility if {
	is_number(input.subject.facility_id)
	input.subject.facility_id in input.actor.facility_ids
}

_care_role if {
	_own_facility
	some p in input.actor.positions
	p in _care_positions
}

# Items approved for the actor's parties that hold a contract for the subject.
_vendor_items contains item if {
	"vendor_user" in _roles
	some party in input.actor.party_ids
	party in input.subject.contract_party_ids
	some item in input.subject.approved_items_by_party[format_int(party, 10)]
}

_own_child if {
	"guardian" in _roles
	input.actor.user_id in input.subject.guardian_user_ids
}

# Grants: non-sensitive by department and facility staff; sensitive by care positions.
_readable[f.name] if {
	some f in _fields
	not _sensitive(f)
	"department_staff" in _roles
}

_readable[f.name] if {
	some f in _fields
	not _sensitive(f)
	not f.financial
	"facility_staff" in _roles
	_own_facility
}

_readable[f.name] if {
	some f in _fields
	_sensitive(f)
	"facility_staff" in _roles
	_care_role
}

_readable[f.name] if {
	some f in _fields
	f.name in _vendor_items
}

_readable[f.name] if {
	some f in _fields
	_own_child
}

# A sensitive field the actor could read were it not sensitive.
_non_sensitive_reader if "department_staff" in _roles

_non_sensitive_reader if {
	"facility_staff" in _roles
	_own_facility
}

_reasons contains r if {
	some f in _fields
	not _readable[f.name]
	_sensitive(f)
	_non_sensitive_reader
	r := {
		"code": "sensitive_field_not_permitted",
		"field": f.name,
		"message": sprintf(
			"%s is sensitive personal information: only nursing staff and the head of the child's own facility may read it.",
			[f.name],
		),
	}
}

_reasons contains r if {
	some f in _fields
	not _readable[f.name]
	not _sensitive_only_denial(f)
	r := {
		"code": "field_not_permitted",
		"field": f.name,
		"message": sprintf("Your roles (%s) do not permit reading %s of this subject.", [_roles_text, f.name]),
	}
}

_sensitive_only_denial(f) if {
	_sensitive(f)
	_non_sensitive_reader
}

_roles_text := concat(", ", sort(_roles)) if count(_roles) > 0

else := "none"

_reasons contains r if {
	not _fields_valid
	r := {
		"code": "input_invalid",
		"field": "fields",
		"message": "The policy input has no valid fields (each needs a string name and a boolean sensitive); access is denied.",
	}
}

_fields_valid if {
	is_array(input.fields)
	count(_fields) == count(input.fields)
}
