"""Operations support's retention sources, registered with governance (called from ``operations_register``).

Each kind of record has its own source, so a ward keeps attendance, notices, the contact book, health records
and logs for different periods, counted from the record's day (``last_use``) or from the child leaving
(``child_left``). The sealed ones have their own data keys, so crypto-shredding them leaves the child's record
alone; attendance (plain dates) is deleted.
"""

from django.utils.translation import gettext_lazy as _

TRIGGERS = {"last_use": "date", "child_left": "child__left_on"}


def retention_sources_register() -> None:
    from childcare.operations.models import AbsenceNotice, Attendance, ContactEntry, DailyLog, HealthRecord
    from governance.retention.sources import register_source

    for name, model, label in [
        ("childcare.attendance", Attendance, _("attendance (check-in and check-out)")),
        ("childcare.absence_notice", AbsenceNotice, _("absence and lateness notices")),
        ("childcare.contact_entry", ContactEntry, _("contact book entries and their photos")),
        ("childcare.health_record", HealthRecord, _("health records")),
    ]:
        register_source(name=name, model=model, triggers=TRIGGERS, subject_type="child", subject_field="child",
                        label=label)
    # A log is the class's, and names its children: it is kept from its day.
    register_source(name="childcare.daily_log", model=DailyLog, triggers={"last_use": "date"}, subject_type="child",
                    label=_("daily logs"))


# tenant, business, source, trigger, years, action, note
DEMO_RULES = [
    ("新宿区", "保育業務支援システム", "childcare.attendance", "last_use", 5, "delete", "出席簿: 5年"),
    ("新宿区", "保育業務支援システム", "childcare.absence_notice", "last_use", 1, "crypto_shred", "欠席連絡: 1年"),
    ("新宿区", "保育業務支援システム", "childcare.contact_entry", "child_left", 1, "crypto_shred",
     "連絡帳: 退所後1年"),
    ("新宿区", "保育業務支援システム", "childcare.health_record", "child_left", 5, "crypto_shred",
     "保健記録: 退所後5年"),
    ("新宿区", "保育業務支援システム", "childcare.daily_log", "last_use", 5, "crypto_shred", "保育日誌: 5年"),
]


def demo_retention_rules_load() -> int:
    from governance.registry.models import RegisteredBusiness
    from governance.retention.models import RetentionRule
    from governance.retention.services import retention_rule_create
    from governance.tenancy.models import Municipality

    added = 0
    for tenant, business_name, source, trigger, years, action, note in DEMO_RULES:
        municipality = Municipality.objects.get(name=tenant)
        business = RegisteredBusiness.objects.filter(municipality=municipality, name=business_name).first()
        if business is None or RetentionRule.objects.filter(municipality=municipality, source=source).exists():
            continue
        items = list(business.items.filter(subject="child").values_list("pk", flat=True))
        retention_rule_create(municipality=municipality, actor=None, data={
            "business": business.pk, "source": source, "trigger": trigger, "period_years": years, "action": action,
            "items": items, "note": note})
        added += 1
    return added
