package mimamori.subsidy_test

import data.mimamori.subsidy

# One use that passes every rule: a certified company, an eligible sitter, a child of three, claimed in time.
use := {
	"line": 1, "date": "2026-10-01", "start": "09:00", "end": "12:00",
	"company": {"code": "C001", "certified": true, "hourly_price": 3000},
	"sitter_eligible": true, "care_charge": 9000, "excluded": 1500, "discount": 0,
}

base := {
	"today": "2026-10-20",
	"submitted_on": "2026-10-15",
	"fiscal_year": 2026,
	"child": {"birth_date": "2023-06-01", "multiple_birth": false, "hours_before": 0},
	"uses": [use],
	"rates": {"day": 2500, "night": 3500},
	"yearly_hours": {"single": 144, "multiple": 288},
}

with_use(patch) := object.union(base, {"uses": [object.union(use, patch)]})

codes(d) := [r.code | some r in d.reasons]

test_day_use_is_hours_times_rate if {
	d := subsidy.decision with input as base
	d.allow == true
	d.total == 7500
	d.uses[0].day_hours == 3
	d.uses[0].night_hours == 0
}

test_use_across_22_is_split_and_the_half_hour_lost if {
	d := subsidy.decision with input as with_use({"start": "21:00", "end": "23:30", "care_charge": 20000})
	d.allow == true
	d.uses[0].day_hours == 1
	d.uses[0].night_hours == 1
	d.uses[0].amount == 6000
	d.uses[0].breakdown.day.yen == 2500
	d.uses[0].breakdown.night.yen == 3500
	d.uses[0].breakdown.minutes_not_whole_hours == 30
}

test_use_past_midnight_and_into_the_morning if {
	d := subsidy.decision with input as with_use({"start": "22:00", "end": "08:00", "care_charge": 100000,
		"company": {"code": "C001", "certified": true, "hourly_price": 5000}})
	d.uses[0].night_hours == 9
	d.uses[0].day_hours == 1
	d.uses[0].amount == (9 * 3500) + 2500
}

test_discount_deducted_and_excluded_costs_never_count if {
	d := subsidy.decision with input as with_use({"care_charge": 6000, "discount": 1000, "excluded": 5000})
	d.uses[0].amount == 5000
}

test_company_price_is_the_ceiling if {
	d := subsidy.decision with input as with_use({"care_charge": 9000,
		"company": {"code": "C001", "certified": true, "hourly_price": 2000}})
	d.uses[0].amount == 6000
}

test_the_145th_hour_is_refused_with_the_rule_named if {
	d := subsidy.decision with input as object.union(with_use({"start": "09:00", "end": "11:00"}),
		{"child": {"birth_date": "2023-06-01", "multiple_birth": false, "hours_before": 143}})
	d.allow == false
	d.uses[0].day_hours == 1
	d.uses[0].amount == 2500
	codes(d) == ["yearly_cap"]
	d.reasons[0].rule == "年間助成上限時間"
	contains(d.reasons[0].message, "年間上限144時間を超える1時間")
}

test_multiple_births_double_the_cap if {
	d := subsidy.decision with input as object.union(base,
		{"child": {"birth_date": "2023-06-01", "multiple_birth": true, "hours_before": 200}})
	d.allow == true
	d.uses[0].day_hours == 3
}

test_cap_counts_earlier_uses_of_the_same_application if {
	second := object.union(use, {"line": 2, "date": "2026-10-02"})
	d := subsidy.decision with input as object.union(base, {
		"uses": [use, second],
		"child": {"birth_date": "2023-06-01", "multiple_birth": false, "hours_before": 141},
	})
	d.uses[0].day_hours == 3
	d.uses[1].day_hours == 0
	d.uses[1].amount == 0
	codes(d) == ["yearly_cap"]
	d.reasons[0].line == 2
}

test_uncertified_company_refused if {
	d := subsidy.decision with input as with_use({"company": {"code": "X9", "certified": false, "hourly_price": 3000}})
	codes(d) == ["company_not_certified"]
	d.total == 0
	contains(d.reasons[0].message, "認定事業者の利用に限る")
}

test_ineligible_sitter_refused if {
	d := subsidy.decision with input as with_use({"sitter_eligible": false})
	codes(d) == ["sitter_not_eligible"]
}

test_child_past_the_fiscal_year_of_six_refused if {
	# Born 1 April 2020: reaches 6 on 31 March 2026, so the fiscal year 2025 is the last one.
	d := subsidy.decision with input as object.union(base,
		{"child": {"birth_date": "2020-04-01", "multiple_birth": false, "hours_before": 0}})
	codes(d) == ["child_age"]
}

test_child_born_on_2_april_still_eligible if {
	d := subsidy.decision with input as object.union(base,
		{"child": {"birth_date": "2020-04-02", "multiple_birth": false, "hours_before": 0}})
	d.allow == true
}

test_quarterly_deadline_passed if {
	d := subsidy.decision with input as object.union(with_use({"date": "2026-06-10"}),
		{"submitted_on": "2026-08-01"})
	codes(d) == ["deadline_passed"]
	contains(d.reasons[0].message, "2026-07-31")
}

test_december_use_claimed_by_31_january if {
	d := subsidy.decision with input as object.union(with_use({"date": "2026-12-20"}),
		{"submitted_on": "2027-01-31"})
	d.allow == true
}

test_claim_dated_before_the_use_refused if {
	d := subsidy.decision with input as with_use({"date": "2026-10-16"})
	codes(d) == ["claim_before_use"]
}

test_use_of_another_fiscal_year_refused if {
	d := subsidy.decision with input as object.union(with_use({"date": "2026-03-20"}),
		{"submitted_on": "2026-04-10"})
	codes(d) == ["other_fiscal_year"]
}

test_less_than_an_hour_refused if {
	d := subsidy.decision with input as with_use({"start": "09:00", "end": "09:50"})
	codes(d) == ["no_whole_hour"]
}
