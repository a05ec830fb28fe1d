# The exchange gate's policy: may personal data cross the ward's boundary over this channel?
# Rules: shared/domain/governance.md §4. Entry point: data.mimamori.exchange.decision.
#
# Input (built by governance's gate from the APPROVED version of the connection or contract):
# {
#   "today": "YYYY-MM-DD",                       # Asia/Tokyo date of the request
#   "direction": "send" | "receive",             # the ward sends to / receives from the counterparty
#   "purpose": str,                              # non-empty
#   "record_count": int,                         # >= 0
#   "requested_fields": [item names],
#   "medium": str,                               # optional: the medium (記録媒体) the data travels on
#   "actor": {"user_id": int, "roles": [str], "party_id": int | null},
#   "channel": {
#     "kind": "connection" | "contract", "id": int, "name": str,
#     "approval": null | {"status": "approved" | "approved_with_conditions" | "revoked",
#                         "approved_version_id": int, "meeting": str},
#     "version_in_use_id": int,
#     "period": {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD" | null},     # both days included
#     "checklist": [{"code": str, "side": "ward" | "counterparty", "text": str, "required": bool,
#                    "answer": "○" | "−" | null, "reason": str}],       # "-" and "－" count as "−"
#     "counterparty": {"id": int, "name": str, "hosting_in_japan": bool,
#                      "certifications": [{"kind": "privacy_mark" | "isms", "number": str,
#                                          "valid_until": "YYYY-MM-DD"}]},   # valid through that day
#     "required_certifications": ["privacy_mark" | "isms"],
#     "requires_japanese_jurisdiction": bool,
#     "allowed_fields": {"send": [names], "receive": [names]},
#     "approved_media": [str],                   # the media the approved version lists for the counterparty
#     "designated_handler_ids": [user ids],      # empty = nobody designated = every request denied
#     "overdue_deletion_requests": [{"id": int, "due": "YYYY-MM-DD"}]   # only those with due < today count
#   },
#   "settings": {"deny_on_overdue_deletion": bool}
# }
#
# Output: {"allow": bool, "reasons": [{"code", "message", …keys naming what failed}],
#          "allowed_fields": requested ∩ approved for the direction, in requested order}.
# "allow" is true only when there is no reason at all; a missing or ill-typed input part is itself
# a reason (code "input_invalid"), so a malformed input can never be allowed. Reasons are sorted
# by code, then message. Messages name items, dates and certifications, never personal values.
package mimamori.exchange

decision := {
	"allow": count(_reasons) == 0,
	"reasons": [_by_key[k] | some k in _sorted_keys],
	"allowed_fields": allowed_fields,
}

_sorted_keys := sort([key | some key, _ in _by_key])

_by_key[concat("\u0000", [r.code, r.message])] := r if some r in _reasons

_reasons contains r if {
	some path in _invalid
	r := {
		"code": "input_invalid",
		"field": path,
		"message": sprintf("The policy input has no valid %s; the exchange is denied.", [path]),
	}
}

_reasons contains r if some r in _denials

# ---------------------------------------------------------------------------------------------
# Derived values

_channel := input.channel

# Date rules apply only to a well-formed today (ISO dates compare correctly as strings).
_today := input.today if _date(input.today)

_label := sprintf("the %s “%s”", [_channel.kind, _channel.name])

_counterparty := _channel.counterparty.name

_approved_set := {f | some f in _array(_channel.allowed_fields[input.direction])}

# Collections the rules iterate; an ill-typed one is empty here and reported by _invalid below.
_requested := _array(input.requested_fields)

_checklist := _array(_channel.checklist)

_certifications := _array(_channel.counterparty.certifications)

_required_certifications := _array(_channel.required_certifications)

_handlers := _array(_channel.designated_handler_ids)

_deletion_requests := _array(_channel.overdue_deletion_requests)

_array(a) := a if is_array(a)

else := []

# Requested items are unique (checked below), so this keeps the requested order without duplicates.
allowed_fields := [f | some f in _requested; _approved_set[f]]

_cert_label := {"privacy_mark": "Privacy Mark", "isms": "ISMS certification"}

_cert_article := {"privacy_mark": "a", "isms": "an"}

# ---------------------------------------------------------------------------------------------
# Denials (governance.md §4)

# No approval, revoked approval, or a version other than the approved one.
_denials contains r if {
	_channel.approval == null
	r := {
		"code": "no_approval",
		"message": sprintf("%s has no approval from the privacy committee.", [_capitalised_label]),
	}
}

_denials contains r if {
	_channel.approval.status == "revoked"
	r := {
		"code": "approval_revoked",
		"meeting": _channel.approval.meeting,
		"message": sprintf(
			"The approval of %s (%s) has been revoked.",
			[_label, _channel.approval.meeting],
		),
	}
}

_denials contains r if {
	is_object(_channel.approval)
	_channel.version_in_use_id != _channel.approval.approved_version_id
	r := {
		"code": "version_not_approved",
		"version_in_use_id": _channel.version_in_use_id,
		"approved_version_id": _channel.approval.approved_version_id,
		"message": sprintf(
			"%s is in use at version %d, but the approved version is %d.",
			[_capitalised_label, _channel.version_in_use_id, _channel.approval.approved_version_id],
		),
	}
}

# Today outside the approved period (both ends included).
_denials contains r if {
	_today < _channel.period.start
	r := {
		"code": "before_period",
		"date": _channel.period.start,
		"message": sprintf(
			"Today (%s) is before the approved period of %s starts (%s).",
			[_today, _label, _channel.period.start],
		),
	}
}

_denials contains r if {
	is_string(_channel.period.end)
	_today > _channel.period.end
	r := {
		"code": "after_period",
		"date": _channel.period.end,
		"message": sprintf(
			"Today (%s) is after the approved period of %s ended (%s).",
			[_today, _label, _channel.period.end],
		),
	}
}

# A required checklist item must be ○, or − with a non-empty reason. One pass looks up each item's
# (required, answer) pair; only the few items that are not plainly settled are looked at again.
_unsettled := [i | some i, item in _checklist; not _settled[[item.required, item.answer]]]

_settled := {
	[true, "○"], [false, "○"], [false, null],
	[false, "−"], [false, "-"], [false, "－"],
}

# Status of an unsettled item; a pair missing here is ill-typed (see _invalid).
_unsettled_status := {
	[true, null]: "unanswered",
	[true, "−"]: "dash", [true, "-"]: "dash", [true, "－"]: "dash",
}

_denials contains r if {
	some i in _unsettled
	item := _checklist[i]
	_unsettled_status[[item.required, item.answer]] == "unanswered"
	r := {
		"code": "checklist_item_unanswered",
		"item": item.code,
		"side": item.side,
		"message": sprintf(
			"Required checklist item %s (%s side) of %s is not answered.",
			[item.code, item.side, _label],
		),
	}
}

_denials contains r if {
	some i in _unsettled
	item := _checklist[i]
	_unsettled_status[[item.required, item.answer]] == "dash"
	not _non_empty_string(item.reason)
	r := {
		"code": "checklist_item_unjustified",
		"item": item.code,
		"side": item.side,
		"message": sprintf(
			"Required checklist item %s (%s side) of %s is answered − without a reason.",
			[item.code, item.side, _label],
		),
	}
}

# Certifications the approval requires: present and not expired (valid through valid_until).
_denials contains r if {
	some kind in _required_certifications
	count(_certs_of(kind)) == 0
	r := {
		"code": "certification_missing",
		"certification": kind,
		"message": sprintf(
			"The approval of %s requires %s %s, but %s has none on record.",
			[_label, _cert_article[kind], _cert_label[kind], _counterparty],
		),
	}
}

_denials contains r if {
	some kind in _required_certifications
	certs := _certs_of(kind)
	count(certs) > 0
	latest := max({c.valid_until | some c in certs})
	latest < _today
	number := min({c.number | some c in certs; c.valid_until == latest})
	r := {
		"code": "certification_expired",
		"certification": kind,
		"number": number,
		"valid_until": latest,
		"message": sprintf(
			"The %s of %s (No. %s) expired on %s.",
			[_cert_label[kind], _counterparty, number, latest],
		),
	}
}

_certs_of(kind) := [c | some c in _certifications; c.kind == kind]

# Every requested item must be approved for this counterparty and direction.
_denials contains r if {
	some f in _requested
	not f in _approved_set
	r := {
		"code": "field_not_allowed",
		"field": f,
		"direction": input.direction,
		"message": sprintf(
			"The item %s is not approved to be %s %s over %s.",
			[f, _moved[input.direction], _counterparty, _label],
		),
	}
}

_moved := {"send": "sent to", "receive": "received from"}

# Only a designated handler (取扱者) may exchange; nobody designated means nobody may.
_denials contains r if {
	count(_handlers) == 0
	r := {
		"code": "actor_not_designated_handler",
		"user_id": input.actor.user_id,
		"message": sprintf("No handler is designated for %s, so nobody may exchange data over it.", [_label]),
	}
}

_denials contains r if {
	count(_handlers) > 0
	not input.actor.user_id in _handlers
	r := {
		"code": "actor_not_designated_handler",
		"user_id": input.actor.user_id,
		"message": sprintf("User %d is not a designated handler of %s.", [input.actor.user_id, _label]),
	}
}

# An overdue deletion certificate from the counterparty (configurable).
_denials contains r if {
	input.settings.deny_on_overdue_deletion == true
	some request in _deletion_requests
	request.due < _today
	r := {
		"code": "deletion_certificate_overdue",
		"deletion_request": request.id,
		"due": request.due,
		"message": sprintf(
			"The deletion certificate %s owes for deletion request %d was due on %s and is overdue.",
			[_counterparty, request.id, request.due],
		),
	}
}

# A medium the approved version does not list for the counterparty (e.g. an electronic form added only by
# an amendment that is not yet approved).
_denials contains r if {
	_non_empty_string(input.medium)
	not input.medium in _array(_channel.approved_media)
	r := {
		"code": "medium_not_approved",
		"medium": input.medium,
		"message": sprintf(
			"The approved version of %s does not list the medium “%s” for %s.",
			[_label, input.medium, _counterparty],
		),
	}
}

# Hosting outside Japan when the approval requires Japanese jurisdiction.
_denials contains r if {
	_channel.requires_japanese_jurisdiction == true
	_channel.counterparty.hosting_in_japan != true
	r := {
		"code": "hosting_outside_japan",
		"message": sprintf(
			"The approval of %s requires servers under Japanese law, but %s hosts outside Japan.",
			[_label, _counterparty],
		),
	}
}

_capitalised_label := sprintf("The %s “%s”", [_channel.kind, _channel.name])

# ---------------------------------------------------------------------------------------------
# Input validation: every part the rules read must be present and well typed.
# Written without per-item function calls or regexes: this runs on the gate's hot path (a
# 60-item checklist is checked in the single pass of _unsettled above).

_invalid contains "today" if not _date(input.today)

_invalid contains "direction" if not input.direction in {"send", "receive"}

_invalid contains "purpose" if not _non_empty_string(input.purpose)

_invalid contains "record_count" if not _count(input.record_count)

_invalid contains "requested_fields" if not _unique_strings(input.requested_fields)

_invalid contains "actor.user_id" if not is_number(input.actor.user_id)

_invalid contains "channel.kind" if not _channel.kind in {"connection", "contract"}

_invalid contains "channel.name" if not _non_empty_string(_channel.name)

_invalid contains "channel.approval" if not _approval_valid

_invalid contains "channel.version_in_use_id" if not is_number(_channel.version_in_use_id)

_invalid contains "channel.period.start" if not _date(_channel.period.start)

_invalid contains "channel.period.end" if not _period_end_valid

_invalid contains "channel.checklist" if not is_array(_channel.checklist)

# An item whose required/answer pair is ill-typed (not a boolean, not ○/−/null).
_invalid contains sprintf("channel.checklist[%d]", [i]) if {
	some i in _unsettled
	item := _checklist[i]
	not _unsettled_status[[item.required, item.answer]]
}

_invalid contains "channel.counterparty.name" if not _non_empty_string(_channel.counterparty.name)

_invalid contains "channel.counterparty.hosting_in_japan" if not is_boolean(_channel.counterparty.hosting_in_japan)

_invalid contains "channel.counterparty.certifications" if not is_array(_channel.counterparty.certifications)

_invalid contains sprintf("channel.counterparty.certifications[%d]", [i]) if {
	some i, c in _certifications
	not _certification_valid(c)
}

_invalid contains "channel.required_certifications" if not _required_certifications_valid

_invalid contains "channel.requires_japanese_jurisdiction" if not is_boolean(_channel.requires_japanese_jurisdiction)

_invalid contains sprintf("channel.allowed_fields.%s", [d]) if {
	some d in ["send", "receive"]
	not _strings(_channel.allowed_fields[d])
}

_invalid contains "channel.designated_handler_ids" if not _numbers(_channel.designated_handler_ids)

_invalid contains "channel.overdue_deletion_requests" if not is_array(_channel.overdue_deletion_requests)

_invalid contains sprintf("channel.overdue_deletion_requests[%d]", [i]) if {
	some i, request in _deletion_requests
	not _deletion_request_valid(request)
}

_invalid contains "settings.deny_on_overdue_deletion" if not is_boolean(input.settings.deny_on_overdue_deletion)

_date(s) if {
	is_string(s)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`, s)
}

_non_empty_string(s) if {
	is_string(s)
	trim_space(s) != ""
}

_count(n) if {
	is_number(n)
	n >= 0
	floor(n) == n
}

_strings(a) if {
	is_array(a)
	count([x | some x in a; is_string(x)]) == count(a)
}

_unique_strings(a) if {
	_strings(a)
	count({x | some x in a}) == count(a)
}

_numbers(a) if {
	is_array(a)
	count([x | some x in a; is_number(x)]) == count(a)
}

_approval_valid if _channel.approval == null

_approval_valid if {
	_channel.approval.status in {"approved", "approved_with_conditions", "revoked"}
	is_number(_channel.approval.approved_version_id)
	is_string(_channel.approval.meeting)
}

_period_end_valid if _channel.period.end == null

_period_end_valid if _date(_channel.period.end)

_certification_valid(c) if {
	c.kind in {"privacy_mark", "isms"}
	is_string(c.number)
	_date(c.valid_until)
}

_required_certifications_valid if {
	is_array(_channel.required_certifications)
	count([k | some k in _channel.required_certifications; k in {"privacy_mark", "isms"}]) == count(_channel.required_certifications)
}

_deletion_request_valid(request) if {
	is_number(request.id)
	_date(request.due)
}
