package mimamori.exchange_test

import data.mimamori.exchange

# A channel that passes every rule: seed 003's vendor contract, approved, in period, checklist
# answered, certification valid, actor designated, nothing overdue, hosted in Japan.
base := {
	"today": "2026-05-01",
	"direction": "send",
	"purpose": "temporary care booking sync",
	"record_count": 120,
	"requested_fields": ["氏名", "生年月日"],
	"actor": {"user_id": 7, "roles": ["department_staff"], "party_id": null},
	"channel": {
		"kind": "contract",
		"id": 3,
		"name": "一時保育予約システム",
		"approval": {"status": "approved", "approved_version_id": 10, "meeting": "令和5年度第1回"},
		"version_in_use_id": 10,
		"period": {"start": "2026-04-01", "end": "2027-03-31"},
		"checklist": [
			{"code": "W1", "side": "ward", "text": "t", "required": true, "answer": "○", "reason": ""},
			{"code": "C1", "side": "counterparty", "text": "t", "required": true, "answer": "−", "reason": "紙媒体を扱わない"},
			{"code": "C2", "side": "counterparty", "text": "t", "required": false, "answer": null, "reason": ""},
		],
		"counterparty": {
			"id": 5, "name": "株式会社内田洋行", "hosting_in_japan": true,
			"certifications": [{"kind": "privacy_mark", "number": "10820123", "valid_until": "2027-03-31"}],
		},
		"required_certifications": ["privacy_mark"],
		"requires_japanese_jurisdiction": true,
		"allowed_fields": {"send": ["氏名", "生年月日", "予約状況"], "receive": ["利用実績"]},
		"designated_handler_ids": [7, 8],
		"overdue_deletion_requests": [],
	},
	"settings": {"deny_on_overdue_deletion": true},
}

with_channel(patch) := object.union(base, {"channel": patch})

codes(d) := [r.code | some r in d.reasons]

only(d, code) if {
	d.allow == false
	codes(d) == [code]
}

test_allow_path if {
	d := exchange.decision with input as base
	d.allow == true
	d.reasons == []
	d.allowed_fields == ["氏名", "生年月日"]
}

test_allow_on_last_day_of_period_and_certificate if {
	d := exchange.decision with input as object.union(base, {"today": "2027-03-31"})
	d.allow == true
}

test_allow_open_ended_period if {
	d := exchange.decision with input as with_channel({"period": {"start": "2026-04-01", "end": null}})
	d.allow == true
}

test_allow_receive_direction if {
	inp := object.union(base, {"direction": "receive", "requested_fields": ["利用実績"]})
	d := exchange.decision with input as inp
	d.allow == true
	d.allowed_fields == ["利用実績"]
}

test_allow_approved_with_conditions if {
	d := exchange.decision with input as with_channel({"approval": {"status": "approved_with_conditions"}})
	d.allow == true
}

test_deny_no_approval if {
	d := exchange.decision with input as with_channel({"approval": null})
	only(d, "no_approval")
	d.reasons[0].message == "The contract “一時保育予約システム” has no approval from the privacy committee."
}

test_deny_revoked if {
	d := exchange.decision with input as with_channel({"approval": {"status": "revoked"}})
	only(d, "approval_revoked")
	d.reasons[0].message == "The approval of the contract “一時保育予約システム” (令和5年度第1回) has been revoked."
}

test_deny_version_not_approved if {
	d := exchange.decision with input as with_channel({"version_in_use_id": 11})
	only(d, "version_not_approved")
	d.reasons[0].message == "The contract “一時保育予約システム” is in use at version 11, but the approved version is 10."
}

test_deny_before_period if {
	d := exchange.decision with input as object.union(base, {"today": "2026-03-31"})
	only(d, "before_period")
	d.reasons[0].date == "2026-04-01"
}

test_deny_after_period if {
	d := exchange.decision with input as object.union(base, {"today": "2027-04-01"})
	codes(d) == ["after_period", "certification_expired"]
	d.reasons[0].message == "Today (2027-04-01) is after the approved period of the contract “一時保育予約システム” ended (2027-03-31)."
}

test_deny_checklist_unanswered if {
	inp := with_channel({"checklist": [{"code": "W1", "side": "ward", "text": "t", "required": true, "answer": null, "reason": ""}]})
	d := exchange.decision with input as inp
	only(d, "checklist_item_unanswered")
	d.reasons[0].item == "W1"
	d.reasons[0].message == "Required checklist item W1 (ward side) of the contract “一時保育予約システム” is not answered."
}

test_deny_checklist_dash_without_reason if {
	inp := with_channel({"checklist": [
		{"code": "C1", "side": "counterparty", "text": "t", "required": true, "answer": "−", "reason": "  "},
		{"code": "C2", "side": "counterparty", "text": "t", "required": true, "answer": "-", "reason": "不要"},
	]})
	d := exchange.decision with input as inp
	only(d, "checklist_item_unjustified")
	d.reasons[0].item == "C1"
	d.reasons[0].side == "counterparty"
}

test_unrequired_items_never_deny if {
	inp := with_channel({"checklist": [{"code": "X", "side": "ward", "text": "t", "required": false, "answer": "−", "reason": ""}]})
	d := exchange.decision with input as inp
	d.allow == true
}

test_deny_certification_expired if {
	certs := [
		{"kind": "privacy_mark", "number": "1", "valid_until": "2025-03-31"},
		{"kind": "privacy_mark", "number": "2", "valid_until": "2026-04-30"},
	]
	d := exchange.decision with input as with_channel({"counterparty": {"certifications": certs}})
	only(d, "certification_expired")
	d.reasons[0].number == "2"
	d.reasons[0].message == "The Privacy Mark of 株式会社内田洋行 (No. 2) expired on 2026-04-30."
}

test_deny_certification_missing if {
	d := exchange.decision with input as with_channel({"required_certifications": ["privacy_mark", "isms"]})
	only(d, "certification_missing")
	d.reasons[0].certification == "isms"
	d.reasons[0].message == "The approval of the contract “一時保育予約システム” requires an ISMS certification, but 株式会社内田洋行 has none on record."
}

test_certification_not_required_is_not_checked if {
	d := exchange.decision with input as with_channel({"required_certifications": [], "counterparty": {"certifications": []}})
	d.allow == true
}

test_deny_field_not_allowed if {
	d := exchange.decision with input as object.union(base, {"requested_fields": ["氏名", "銀行口座情報"]})
	only(d, "field_not_allowed")
	d.reasons[0].field == "銀行口座情報"
	d.reasons[0].message == "The item 銀行口座情報 is not approved to be sent to 株式会社内田洋行 over the contract “一時保育予約システム”."
	d.allowed_fields == ["氏名"]
}

test_deny_field_of_other_direction if {
	d := exchange.decision with input as object.union(base, {"direction": "receive", "requested_fields": ["氏名"]})
	only(d, "field_not_allowed")
	d.reasons[0].message == "The item 氏名 is not approved to be received from 株式会社内田洋行 over the contract “一時保育予約システム”."
	d.allowed_fields == []
}

test_deny_actor_not_designated if {
	d := exchange.decision with input as object.union(base, {"actor": {"user_id": 9}})
	only(d, "actor_not_designated_handler")
	d.reasons[0].message == "User 9 is not a designated handler of the contract “一時保育予約システム”."
}

test_deny_nobody_designated if {
	d := exchange.decision with input as with_channel({"designated_handler_ids": []})
	only(d, "actor_not_designated_handler")
	d.reasons[0].message == "No handler is designated for the contract “一時保育予約システム”, so nobody may exchange data over it."
}

test_deny_overdue_deletion_certificate if {
	d := exchange.decision with input as with_channel({"overdue_deletion_requests": [{"id": 4, "due": "2026-04-15"}]})
	only(d, "deletion_certificate_overdue")
	d.reasons[0].deletion_request == 4
}

test_overdue_deletion_is_configurable if {
	inp := object.union(
		with_channel({"overdue_deletion_requests": [{"id": 4, "due": "2026-04-15"}]}),
		{"settings": {"deny_on_overdue_deletion": false}},
	)
	d := exchange.decision with input as inp
	d.allow == true
}

test_deletion_request_not_yet_due_does_not_deny if {
	d := exchange.decision with input as with_channel({"overdue_deletion_requests": [{"id": 4, "due": "2026-05-01"}]})
	d.allow == true
}

test_deny_hosting_outside_japan if {
	d := exchange.decision with input as with_channel({"counterparty": {"hosting_in_japan": false}})
	only(d, "hosting_outside_japan")
}

test_hosting_abroad_allowed_when_not_required if {
	inp := with_channel({"counterparty": {"hosting_in_japan": false}, "requires_japanese_jurisdiction": false})
	d := exchange.decision with input as inp
	d.allow == true
}

test_every_reason_is_returned_sorted if {
	inp := object.union(
		with_channel({
			"approval": null,
			"designated_handler_ids": [],
			"counterparty": {"hosting_in_japan": false},
		}),
		{"today": "2026-03-01", "requested_fields": ["銀行口座情報", "氏名", "相談内容"]},
	)
	d := exchange.decision with input as inp
	codes(d) == [
		"actor_not_designated_handler", "before_period", "field_not_allowed", "field_not_allowed",
		"hosting_outside_japan", "no_approval",
	]
	[r.field | some r in d.reasons; r.code == "field_not_allowed"] == ["相談内容", "銀行口座情報"]
}

test_empty_input_is_denied if {
	d := exchange.decision with input as {}
	d.allow == false
	count(d.reasons) > 10
	every r in d.reasons {
		r.code == "input_invalid"
	}
}

test_ill_typed_parts_are_denied if {
	inp := object.union(base, {
		"today": "2026-5-1",
		"record_count": -1,
		"requested_fields": ["氏名", "氏名"],
		"channel": {"checklist": [{"code": "W1", "side": "ward", "text": "t", "required": "yes", "answer": "○", "reason": ""}]},
	})
	d := exchange.decision with input as inp
	[r.field | some r in d.reasons] == ["channel.checklist[0]", "record_count", "requested_fields", "today"]
}

test_ill_typed_collections_are_denied_not_errors if {
	inp := with_channel({
		"checklist": "all fine",
		"designated_handler_ids": 7,
		"allowed_fields": {"send": "氏名"},
		"counterparty": {"certifications": [{"kind": "pmark"}]},
		"required_certifications": ["gold"],
		"overdue_deletion_requests": [{"id": "4"}],
	})
	d := exchange.decision with input as inp
	d.allow == false
	{r.field | some r in d.reasons; r.code == "input_invalid"} == {
		"channel.checklist", "channel.designated_handler_ids", "channel.allowed_fields.send",
		"channel.counterparty.certifications[0]", "channel.required_certifications",
		"channel.overdue_deletion_requests[0]",
	}
}

test_invalid_answer_is_denied if {
	inp := with_channel({"checklist": [{"code": "W1", "side": "ward", "text": "t", "required": true, "answer": "×", "reason": ""}]})
	d := exchange.decision with input as inp
	only(d, "input_invalid")
	d.reasons[0].field == "channel.checklist[0]"
}

test_invalid_approval_and_direction if {
	inp := object.union(with_channel({"approval": {"status": "ok"}}), {"direction": "both", "purpose": " "})
	d := exchange.decision with input as inp
	{r.field | some r in d.reasons; r.code == "input_invalid"} == {"channel.approval", "direction", "purpose"}
}

test_allow_medium_the_approved_version_lists if {
	d := exchange.decision with input as object.union(
		with_channel({"approved_media": ["紙", "電磁的媒体（LoGoフォーム）"]}),
		{"medium": "電磁的媒体（LoGoフォーム）"},
	)
	d.allow == true
}

test_deny_medium_not_in_approved_version if {
	d := exchange.decision with input as object.union(
		with_channel({"approved_media": ["紙", "電磁的媒体（委託先のパソコン）"]}),
		{"medium": "電磁的媒体（LoGoフォーム）"},
	)
	only(d, "medium_not_approved")
	d.reasons[0].medium == "電磁的媒体（LoGoフォーム）"
}

test_deny_medium_when_no_media_are_approved if {
	d := exchange.decision with input as object.union(base, {"medium": "電磁的媒体（LoGoフォーム）"})
	only(d, "medium_not_approved")
}
