# The babysitter subsidy's rules (ベビーシッター利用支援事業, shared/domain/childcare.md §3): what each use of an
# application is subsidised, and why any part of it is not. Entry point: data.mimamori.subsidy.decision.
#
# Input (built by childcare.subsidy.rules from one application, its uses and the child's other applications):
# {
#   "today": "YYYY-MM-DD",
#   "submitted_on": "YYYY-MM-DD",                # the LoGo answer's date: the claim's date
#   "fiscal_year": int,                          # the fiscal year claimed (April–March)
#   "child": {"birth_date": "YYYY-MM-DD", "multiple_birth": bool,
#             "hours_before": int},              # hours already granted this fiscal year in other applications
#   "uses": [{"line": int, "date": "YYYY-MM-DD", "start": "HH:MM", "end": "HH:MM",   # end <= start: next day
#             "company": {"code": str, "certified": bool, "hourly_price": int},   # certified on that date
#             "sitter_eligible": bool,                                            # eligible on that date
#             "care_charge": int, "excluded": int, "discount": int}],             # yen; uses in time order
#   "rates": {"day": int, "night": int}, "yearly_hours": {"single": int, "multiple": int}
# }
#
# Output: {"allow": no refusal at all, "reasons": [{"code", "rule", "message", "line"}] (the refusals, each
# naming its rule in Japanese), "uses": [{"line", "day_hours", "night_hours", "amount", "breakdown"}],
# "total": yen}. A refused use is subsidised 0; a use cut by the yearly cap keeps the hours left.
package mimamori.subsidy

# Everything about a use is worked out once (the embedded engine caps the instructions of one decision), then
# the yearly cap is applied over the running total of eligible hours.
decision := {
	"allow": count(_refusals) == 0,
	"reasons": [_by_key[k] | some k in _sorted_keys],
	"uses": _results,
	"total": sum([r.amount | some r in _results]),
}

_uses := input.uses if is_array(input.uses)

else := []

_sorted_keys := sort([key | some key, _ in _by_key])

_by_key[sprintf("%04d|%s", [r.line, r.code])] := r if some r in _refusals

_rules := {
	"company_not_certified": "認定事業者の利用に限る",
	"sitter_not_eligible": "対象ベビーシッターの利用に限る",
	"child_age": "対象児童の年齢（満6歳に達する年度の末日まで）",
	"other_fiscal_year": "申請年度内の利用に限る",
	"deadline_passed": "四半期ごとの申請期限",
	"claim_before_use": "遡及申請の禁止（利用前の日付による申請は不可）",
	"no_whole_hour": "1日単位・1時間単位の助成",
	"yearly_cap": "年間助成上限時間",
}

_whole_use_rules := ["company_not_certified", "sitter_not_eligible", "child_age", "other_fiscal_year",
	"deadline_passed", "claim_before_use"]

# ---------------------------------------------------------------------------------------------
# Hours: minutes from the day's midnight; a use ending at or before its start ends the next day.
# 07:00–22:00 of the day of use and of the next day are day time; the rest is night (22:00–07:00).
# Whole hours only, counted per band: 21:00–23:30 is 1 day hour and 1 night hour (the half hour is lost).

_minutes(t) := (_two_digits(substring(t, 0, 2)) * 60) + _two_digits(substring(t, 3, 2))

# "09" as 9: the interpreter's to_number refuses a leading zero, so a 1 is put before the two digits.
_two_digits(s) := to_number(concat("", ["1", s])) - 100

_overlap(a, b, c, d) := max({0, min({b, d}) - max({a, c})})

_fact(u) := f if {
	start := _minutes(u.start)
	end_of_day := _minutes(u.end)
	end := end_of_day + (1440 * to_number(end_of_day <= start))
	day_minutes := _overlap(start, end, 420, 1320) + _overlap(start, end, 1860, 2760)
	night_minutes := (end - start) - day_minutes
	day := floor(day_minutes / 60)
	night := floor(night_minutes / 60)
	refused := {c | some c in _whole_use_rules; _fails(c, u)}
	f := {
		"use": u, "day": day, "night": night, "refused": refused,
		"eligible": (day + night) * to_number(count(refused) == 0),
		"lost_minutes": (end - start) - ((day + night) * 60),
	}
}

_facts := [_fact(u) | some u in _uses]

# ---------------------------------------------------------------------------------------------
# Refusals of a whole use (any of them makes its hours 0)

_fails("company_not_certified", u) if not u.company.certified == true

_fails("sitter_not_eligible", u) if not u.sitter_eligible == true

_fails("child_age", u) if u.date > _age_limit

_fails("child_age", u) if u.date < input.child.birth_date

_fails("other_fiscal_year", u) if u.date < _fy_start

_fails("other_fiscal_year", u) if u.date > _fy_end

_fails("deadline_passed", u) if input.submitted_on > _deadline(u.date)

_fails("claim_before_use", u) if u.date > input.submitted_on

# 満6歳に達する日 is the day before the sixth birthday: children born 1 January–1 April reach it in the fiscal
# year before the one of those born later.
_age_limit := sprintf("%d-03-31", [to_number(substring(input.child.birth_date, 0, 4)) + _age_offset])

_age_offset := 7 if substring(input.child.birth_date, 5, 5) >= "04-02"

else := 6

_fy_start := sprintf("%d-04-01", [input.fiscal_year])

_fy_end := sprintf("%d-03-31", [input.fiscal_year + 1])

# Quarterly deadlines: a use of April–June is claimed by 31 July, July–September by 31 October,
# October–December by 31 January, January–March by 30 April.
_deadline_of := {
	1: "04-30", 2: "04-30", 3: "04-30", 4: "07-31", 5: "07-31", 6: "07-31",
	7: "10-31", 8: "10-31", 9: "10-31", 10: "01-31", 11: "01-31", 12: "01-31",
}

_deadline(d) := sprintf("%d-%s", [
	to_number(substring(d, 0, 4)) + to_number(_two_digits(substring(d, 5, 2)) >= 10),
	_deadline_of[_two_digits(substring(d, 5, 2))],
])

# ---------------------------------------------------------------------------------------------
# The yearly cap, counted across the child's applications of the fiscal year, in the order of the uses.

_cap := input.yearly_hours.multiple if input.child.multiple_birth == true

else := input.yearly_hours.single

_eligible := [f.eligible | some f in _facts]

_through := [min({_cap, input.child.hours_before + sum(array.slice(_eligible, 0, i + 1))}) | some i, _ in _eligible]

_granted := [g |
	some i, t in _through
	g := t - min({_cap, input.child.hours_before + sum(array.slice(_eligible, 0, i))})
]

# ---------------------------------------------------------------------------------------------
# Amount: day hours first, then night hours; the care charge less discounts, at most the company's price for
# those hours, is the ceiling. Entry fees, travel, cancellation and insurance (excluded) never count.

_results := [r |
	some i, f in _facts
	u := f.use
	day := min({f.day, _granted[i]})
	night := _granted[i] - day
	cap := (day * input.rates.day) + (night * input.rates.night)
	charge := max({0, u.care_charge - u.discount})
	price_ceiling := u.company.hourly_price * (day + night)
	r := {
		"line": u.line,
		"day_hours": day,
		"night_hours": night,
		"amount": min({cap, charge, price_ceiling}),
		"breakdown": {
			"day": {"hours": day, "rate": input.rates.day, "yen": day * input.rates.day},
			"night": {"hours": night, "rate": input.rates.night, "yen": night * input.rates.night},
			"hourly_cap": cap,
			"care_charge": u.care_charge,
			"discount": u.discount,
			"excluded": u.excluded,
			"charge_after_discount": charge,
			"company_price_ceiling": price_ceiling,
			"minutes_not_whole_hours": f.lost_minutes,
		},
	}
]

_refusals contains r if {
	some f in _facts
	some code in f.refused
	r := _refusal(code, f.use, 0)
}

_refusals contains r if {
	some f in _facts
	count(f.refused) == 0
	(f.day + f.night) == 0
	r := _refusal("no_whole_hour", f.use, 0)
}

_refusals contains r if {
	some i, f in _facts
	_granted[i] < f.eligible
	r := _refusal("yearly_cap", f.use, f.eligible - _granted[i])
}

_refusal(code, u, hours) := {"code": code, "rule": _rules[code], "line": u.line, "message": _message(code, u, hours)}

_message("company_not_certified", u, _) := sprintf(
	"利用%d（%s）: 東京都の認定事業者（%s）ではないため助成対象外です。【%s】",
	[u.line, u.date, u.company.code, _rules.company_not_certified],
)

_message("sitter_not_eligible", u, _) := sprintf(
	"利用%d（%s）: 事業者が助成対象として届け出たベビーシッターではないため助成対象外です。【%s】",
	[u.line, u.date, _rules.sitter_not_eligible],
)

_message("child_age", u, _) := sprintf(
	"利用%d（%s）: 児童が助成対象の年齢（%sまで）を外れるため助成対象外です。【%s】",
	[u.line, u.date, _age_limit, _rules.child_age],
)

_message("other_fiscal_year", u, _) := sprintf(
	"利用%d（%s）: 申請年度（%d年度）外の利用のため助成対象外です。【%s】",
	[u.line, u.date, input.fiscal_year, _rules.other_fiscal_year],
)

_message("deadline_passed", u, _) := sprintf(
	"利用%d（%s）: 申請期限（%s）を過ぎているため助成対象外です。【%s】",
	[u.line, u.date, _deadline(u.date), _rules.deadline_passed],
)

_message("claim_before_use", u, _) := sprintf(
	"利用%d（%s）: 申請日（%s）より後の利用は申請できません。【%s】",
	[u.line, u.date, input.submitted_on, _rules.claim_before_use],
)

_message("no_whole_hour", u, _) := sprintf(
	"利用%d（%s）: 助成は1時間単位のため、1時間に満たない利用は助成対象外です。【%s】",
	[u.line, u.date, _rules.no_whole_hour],
)

_message("yearly_cap", u, hours) := sprintf(
	"利用%d（%s）: 年間上限%d時間を超える%d時間は助成対象外です。【%s】",
	[u.line, u.date, _cap, hours, _rules.yearly_cap],
)
