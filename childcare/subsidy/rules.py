"""The subsidy's rules are Rego (policies/rego/subsidy/subsidy.rego); this module builds their input from an
application and keeps what they computed on it.

The yearly cap counts the child's hours across applications: the hours already granted to the same child
(found by the keyed index of name and date of birth) in the same fiscal year, in applications not refused,
are given to the rules as ``hours_before``.
"""

import datetime
from collections.abc import Iterable

from django.db.models import F, Sum
from django.utils import timezone

from childcare.subsidy.models import Application, DecisionOutcome, EligibleSitter, SitterCompany, Use
from policies import Decision, decide

RATES = {"day": 2500, "night": 3500}
YEARLY_HOURS = {"single": 144, "multiple": 288}


def fiscal_year(day: datetime.date) -> int:
    """April to March: 2027-02-01 is in the fiscal year 2026."""
    return day.year if day.month >= 4 else day.year - 1


def hours_before(application: Application) -> int:
    """Hours granted to the application's child in its fiscal year by the child's other, not refused, applications."""
    others = Use.objects.filter(
        application__municipality_id=application.municipality_id,
        application__fiscal_year=application.fiscal_year,
        application__child_identity_index=application.child_identity_index,
    ).exclude(application=application).exclude(application__outcome=DecisionOutcome.REFUSED)
    return others.aggregate(hours=Sum(F("day_hours") + F("night_hours")))["hours"] or 0


def hours_granted(*, municipality_id: int) -> dict[tuple[int, bytes], int]:
    """Hours granted per (fiscal year, child identity index) by the ward's applications that are not refused:
    one query for a whole import, which then counts on as it evaluates."""
    rows = Use.objects.filter(application__municipality_id=municipality_id).exclude(
        application__outcome=DecisionOutcome.REFUSED).values(
        "application__fiscal_year", "application__child_identity_index").annotate(
        hours=Sum(F("day_hours") + F("night_hours")))
    return {(r["application__fiscal_year"], bytes(r["application__child_identity_index"])): r["hours"] or 0
            for r in rows}


def eligible_sitters(*, company_ids: Iterable[int]) -> dict:
    """The eligible sitters of the companies, by (company id, registration number)."""
    return {(s.company_id, s.number): s for s in EligibleSitter.objects.filter(company_id__in=list(company_ids))}


def _certified(company: SitterCompany, day: datetime.date) -> bool:
    return company.certified_from <= day and (company.certified_until is None or day <= company.certified_until)


def _eligible(sitters: dict, use: Use) -> bool:
    sitter = sitters.get((use.company_id, use.sitter_number))
    return sitter is not None and sitter.eligible_from <= use.used_on and (
        sitter.eligible_until is None or use.used_on <= sitter.eligible_until)


def rules_input(application: Application, uses: Iterable[Use], *, hours_already: int,
                today: datetime.date | None = None, sitters: dict | None = None) -> dict:
    """The rule input of one application (shape documented in subsidy.rego); uses in time order."""
    uses = sorted(uses, key=lambda u: (u.used_on, u.starts_at, u.line))
    if sitters is None:
        sitters = eligible_sitters(company_ids={u.company_id for u in uses})
    return {
        "today": (today or timezone.localdate()).isoformat(),
        "submitted_on": application.submitted_on.isoformat(),
        "fiscal_year": application.fiscal_year,
        "child": {"birth_date": application.child_birth_date.isoformat(),
                  "multiple_birth": application.multiple_birth, "hours_before": hours_already},
        "uses": [{"line": u.line, "date": u.used_on.isoformat(), "start": u.starts_at.strftime("%H:%M"),
                  "end": u.ends_at.strftime("%H:%M"),
                  "company": {"code": u.company.code, "certified": _certified(u.company, u.used_on),
                              "hourly_price": u.company.hourly_price_yen},
                  "sitter_eligible": _eligible(sitters, u), "care_charge": u.care_charge_yen,
                  "excluded": u.excluded_yen, "discount": u.discount_yen} for u in uses],
        "rates": RATES,
        "yearly_hours": YEARLY_HOURS,
    }


def rules_evaluate(application: Application, uses: list[Use], *, hours_already: int | None = None,
                   sitters: dict | None = None) -> Decision:
    """Ask the rules about the application and write their results on it and its uses (the caller saves)."""
    if hours_already is None:
        hours_already = hours_before(application)
    decision = decide("subsidy", rules_input(application, uses, hours_already=hours_already, sitters=sitters))
    results = {r["line"]: r for r in decision.get("uses") or []}
    if not results and uses:  # the engine failed: fail closed, nothing is subsidised
        for use in uses:
            use.day_hours = use.night_hours = use.amount_yen = 0
            use.breakdown = {}
        application.computed_yen = 0
        application.refusals = [dict(r) for r in decision.reasons]
        return decision
    for use in uses:
        result = results[use.line]
        use.day_hours, use.night_hours = result["day_hours"], result["night_hours"]
        use.amount_yen, use.breakdown = result["amount"], result["breakdown"]
    application.computed_yen = decision.get("total") or 0
    application.refusals = [dict(r) for r in decision.reasons]
    return decision
