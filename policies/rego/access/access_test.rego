package mimamori.access_test

import data.mimamori.access

fields := [
	{"name": "氏名", "sensitive": false},
	{"name": "生年月日", "sensitive": false},
	{"name": "アレルギーの有無・内容", "sensitive": true},
	{"name": "障害の有無・内容", "sensitive": true},
]

subject := {
	"facility_id": 2,
	"contract_party_ids": [5],
	"approved_items_by_party": {"5": ["氏名", "アレルギーの有無・内容"], "6": ["生年月日"]},
	"guardian_user_ids": [40],
}

actor(roles, extra) := object.union(
	{"user_id": 1, "roles": roles, "facility_ids": [], "party_ids": [], "positions": []},
	extra,
)

read(a) := d if {
	d := access.decision with input as {"actor": a, "subject": subject, "fields": fields}
}

codes(d) := [r.code | some r in d.reasons]

test_nurse_of_own_facility_reads_everything if {
	d := read(actor(["facility_staff"], {"facility_ids": [2], "positions": ["nurse"]}))
	d.allow == true
	d.fields == ["氏名", "生年月日", "アレルギーの有無・内容", "障害の有無・内容"]
}

test_facility_head_of_own_facility_reads_sensitive if {
	d := read(actor(["facility_staff"], {"facility_ids": [2], "positions": ["facility_head"]}))
	d.allow == true
}

test_facility_staff_without_care_position_reads_non_sensitive_only if {
	d := read(actor(["facility_staff"], {"facility_ids": [2]}))
	d.allow == false
	d.fields == ["氏名", "生年月日"]
	codes(d) == ["sensitive_field_not_permitted", "sensitive_field_not_permitted"]
	[r.field | some r in d.reasons] == ["アレルギーの有無・内容", "障害の有無・内容"]
}

test_nurse_of_another_facility_reads_nothing if {
	d := read(actor(["facility_staff"], {"facility_ids": [3], "positions": ["nurse"]}))
	d.fields == []
	codes(d) == ["field_not_permitted", "field_not_permitted", "field_not_permitted", "field_not_permitted"]
}

test_department_staff_reads_non_sensitive if {
	d := read(actor(["department_staff"], {}))
	d.fields == ["氏名", "生年月日"]
	codes(d) == ["sensitive_field_not_permitted", "sensitive_field_not_permitted"]
}

test_vendor_reads_only_items_of_its_approved_contract if {
	d := read(actor(["vendor_user"], {"party_ids": [5]}))
	d.fields == ["氏名", "アレルギーの有無・内容"]
	[r.field | some r in d.reasons] == ["生年月日", "障害の有無・内容"]
	d.reasons[0].message == "Your roles (vendor_user) do not permit reading 生年月日 of this subject."
}

test_vendor_without_contract_for_subject_reads_nothing if {
	d := read(actor(["vendor_user"], {"party_ids": [6]}))
	d.fields == []
}

test_auditor_committee_and_admin_read_no_contents if {
	every role in ["auditor", "committee_member", "administrator"] {
		read(actor([role], {"facility_ids": [2], "party_ids": [5], "positions": ["nurse"]})).fields == []
	}
}

test_guardian_reads_own_child_only if {
	read(actor(["guardian"], {"user_id": 40})).allow == true
	read(actor(["guardian"], {"user_id": 41})).fields == []
}

test_roles_add_up if {
	d := read(actor(["department_staff", "vendor_user"], {"party_ids": [5]}))
	d.fields == ["氏名", "生年月日", "アレルギーの有無・内容"]
	codes(d) == ["sensitive_field_not_permitted"]
}

test_no_roles_reads_nothing if {
	d := read(actor([], {}))
	d.reasons[0].message == "Your roles (none) do not permit reading アレルギーの有無・内容 of this subject."
}

test_ill_typed_fields_denied if {
	d := access.decision with input as {
		"actor": actor(["department_staff"], {}),
		"subject": subject,
		"fields": [{"name": "氏名"}],
	}
	d.allow == false
	d.fields == []
	codes(d) == ["input_invalid"]
}

test_facility_staff_do_not_read_financial_fields if {
	d := access.decision with input as {
		"actor": actor(["facility_staff"], {"facility_ids": [2], "positions": ["facility_head"]}),
		"subject": subject,
		"fields": [{"name": "氏名", "sensitive": false}, {"name": "口座番号", "sensitive": false, "financial": true}],
	}
	d.fields == ["氏名"]
	codes(d) == ["field_not_permitted"]
	d.reasons[0].message == "Your roles (facility_staff) do not permit reading 口座番号 of this subject."
}

test_department_staff_and_guardian_read_financial_fields if {
	f := [{"name": "口座番号", "sensitive": false, "financial": true}]
	d := access.decision with input as {"actor": actor(["department_staff"], {}), "subject": subject, "fields": f}
	d.fields == ["口座番号"]
	g := access.decision with input as {"actor": actor(["guardian"], {"user_id": 40}), "subject": subject, "fields": f}
	g.fields == ["口座番号"]
}

health_fields := [
	{"name": "health_record.measurements", "sensitive": false},
	{"name": "health_record.notes", "sensitive": true},
]

read_health(a) := d if {
	d := access.decision with input as {"actor": a, "subject": subject, "fields": health_fields}
}

test_health_records_are_sensitive_even_when_the_caller_says_not if {
	worker := read_health(actor(["facility_staff"], {"facility_ids": [2], "positions": ["childcare_worker"]}))
	worker.fields == []
	{c | some c in codes(worker)} == {"sensitive_field_not_permitted"}
	read_health(actor(["department_staff"], {})).fields == []
	nurse := read_health(actor(["facility_staff"], {"facility_ids": [2], "positions": ["nurse"]}))
	nurse.fields == ["health_record.measurements", "health_record.notes"]
	head := read_health(actor(["facility_staff"], {"facility_ids": [2], "positions": ["facility_head"]}))
	head.allow
	read_health(actor(["facility_staff"], {"facility_ids": [3], "positions": ["nurse"]})).fields == []
}
