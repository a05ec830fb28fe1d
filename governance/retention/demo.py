"""The demo's retention rules (a demo step, registered in GovernanceConfig.ready; idempotent).

Periods follow the wards' document rules as the domain notes give them: childcare records 5 years
after the child leaves, payment data 5 years after the fiscal year's last use. A rule is set only
when its business exists (the seed registry) and its source is registered (childcare, payments).
"""

from django.db import transaction

from governance.registry.models import RegisteredBusiness
from governance.retention.models import RetentionRule
from governance.retention.services import retention_rule_create
from governance.retention.sources import source_get
from governance.tenancy.models import Municipality

# municipality, business, source, trigger, years, action, whose items, note
DEMO_RULES = [
    ("練馬区", "子育て支援に関する業務", "childcare.child", "child_left", 5, "crypto_shred", "child",
     "練馬区文書管理規程: 退所後5年"),
    ("新宿区", "保育業務支援システム", "childcare.child", "child_left", 5, "crypto_shred", "child",
     "新宿区文書管理規程: 退所後5年"),
    ("新宿区", "一時保育", "childcare.child", "child_left", 5, "crypto_shred", "child",
     "一時保育の利用記録: 最終利用後5年"),
    ("練馬区", "子育て支援に関する業務", "childcare.guardian", "child_left", 5, "crypto_shred", "guardian",
     "練馬区文書管理規程: 最後の子の退所後5年"),
    ("新宿区", "保育業務支援システム", "childcare.guardian", "child_left", 5, "crypto_shred", "guardian",
     "新宿区文書管理規程: 最後の子の退所後5年"),
    # Payers have one rule per tenant: the first row wins. The seeds list no payer items (the result files
    # carry payment records, not names), so the rule names none.
    ("新宿区", "延長保育料等の収納", "payments.payer", "last_use", 5, "crypto_shred", "payer",
     "納付者情報: 最終利用後5年（地方自治法の時効を考慮）"),
    ("新宿区", "保育料収納", "payments.payer", "last_use", 5, "crypto_shred", "payer",
     "納付者情報: 最終利用後5年（地方自治法の時効を考慮）"),
]


@transaction.atomic
def demo_retention_rules_load() -> dict[str, int]:
    added = 0
    for tenant, business_name, source_name, trigger, years, action, subject, note in DEMO_RULES:
        source = source_get(source_name)
        municipality = Municipality.objects.filter(name=tenant).first()
        business = RegisteredBusiness.objects.filter(municipality=municipality, name=business_name).first()
        if source is None or business is None or trigger not in source.triggers or action not in source.actions:
            continue
        existing = RetentionRule.objects.filter(municipality=municipality, source=source_name)
        if source.business_field is not None:
            existing = existing.filter(business=business)
        if existing.exists():
            continue
        items = list(business.items.filter(subject=subject).values_list("pk", flat=True))
        retention_rule_create(municipality=municipality, actor=None, data={
            "business": business.pk, "source": source_name, "trigger": trigger, "period_years": years,
            "action": action, "items": items, "note": note})
        added += 1
    return {"retention_rules": added}
