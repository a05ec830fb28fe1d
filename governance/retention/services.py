"""Writes to retention rules: set a tenant's rule for one registered source, change it, switch it off.

Administrators of the tenant and staff of the business's owning department may write; the sweep
itself (``governance.retention.sweep``) takes no actor because it runs as the system.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, InvalidInput, NotFound
from governance.registry.access import ensure_writer
from governance.registry.models import DataItem, RegisteredBusiness
from governance.retention.models import RetentionAction, RetentionRule, RetentionTrigger
from governance.retention.sources import source_get
from governance.tenancy.models import Municipality, User

RULE_FIELDS = ("business", "items", "source", "trigger", "period_years", "period_months", "period_days", "action",
               "active", "note")
MAX_PERIOD_YEARS = 100


def _owning_departments(business: RegisteredBusiness) -> set[int]:
    return {business.department_id, *business.other_departments.values_list("pk", flat=True)}


def _period(value: Any, field: str, limit: int) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise InvalidInput(gettext("Enter a whole number (0 or more)."), field=field)
    number = int(value)
    if number > limit:
        raise InvalidInput(gettext("At most %(limit)s.") % {"limit": limit}, field=field)
    return number


def _values(municipality: Municipality, data: dict[str, Any], current: RetentionRule | None) -> dict[str, Any]:
    unknown = sorted(set(data) - set(RULE_FIELDS))
    if unknown:
        raise InvalidInput(
            _(
                "Unknown retention rule field(s): %(items)s"
            )
            % {
                "items": ', '.join(unknown),
            }, field=unknown[0])
    values: dict[str, Any] = {}
    if "business" in data:
        business = data["business"]
        business_id = business.pk if isinstance(business, RegisteredBusiness) else business
        values["business"] = RegisteredBusiness.objects.filter(pk=business_id, municipality=municipality).first() \
            if isinstance(business_id, int) and not isinstance(business_id, bool) else None
        if values["business"] is None:
            raise InvalidInput(gettext("Choose a registered business of %(municipality)s.")
                               % {"municipality": municipality}, field="business")
    elif current is not None:
        values["business"] = current.business
    else:
        raise InvalidInput(gettext("Choose the business whose records the rule governs."), field="business")
    source_name = data.get("source", current.source if current else None)
    if current is not None and "source" in data and data["source"] != current.source:
        raise InvalidInput(gettext("A rule's records cannot change; switch this rule off and set one for the "
                                   "other records."), field="source")
    source = source_get(source_name) if isinstance(source_name, str) else None
    if source is None:
        raise InvalidInput(gettext("Choose the records the rule governs."), field="source")
    values["source"] = source.name
    for name, choices, labels, message in (
            ("trigger", source.triggers, RetentionTrigger, gettext("%(source)s records count from: %(choices)s.")),
            ("action", source.actions, RetentionAction, gettext("%(source)s records can only be: %(choices)s."))):
        value = data.get(name, getattr(current, name, None))
        if value not in choices:
            # Named as the form names them (児童; 退所後), never as codes.
            named = "、".join(str(labels(c).label) for c in labels.values if c in choices)
            raise InvalidInput(message % {"source": source.label, "choices": named}, field=name)
        values[name] = value
    for name, limit in (("period_years", MAX_PERIOD_YEARS), ("period_months", 12 * MAX_PERIOD_YEARS),
                        ("period_days", 366 * MAX_PERIOD_YEARS)):
        values[name] = _period(data[name], name, limit) if name in data else getattr(current, name, 0)
    if not (values["period_years"] or values["period_months"] or values["period_days"]):
        raise InvalidInput(gettext("Give the period in years, months or days."), field="period_years")
    if "active" in data:
        if not isinstance(data["active"], bool):
            raise InvalidInput(gettext("Active is true or false."), field="active")
        values["active"] = data["active"]
    if "note" in data:
        note = data["note"] or ""
        if not isinstance(note, str) or len(note) > 300:
            raise InvalidInput(gettext("The note is text of at most 300 characters."), field="note")
        values["note"] = note
    if "items" in data:
        ids = [i.pk if isinstance(i, DataItem) else i for i in data["items"] or []]
        items = list(DataItem.objects.filter(pk__in=[i for i in ids if isinstance(i, int)],
                                             business=values["business"]))
        missing = sorted(set(ids) - {i.pk for i in items}, key=str)
        if missing:
            others = DataItem.objects.filter(pk__in=[i for i in missing if isinstance(i, int)],
                                             municipality=municipality)
            named = "、".join([item.display_label for item in others] or [str(i) for i in missing])
            raise InvalidInput(gettext("Not data items of %(business)s: %(items)s.")
                               % {"business": values["business"], "items": named}, field="items")
        values["items"] = items
    elif current is not None and values["business"].pk != current.business_id:
        raise InvalidInput(gettext("Choose the data items of the business the rule moves to."), field="items")
    return values


def _event_data(rule: RetentionRule) -> dict[str, Any]:
    return {"source": rule.source, "business": rule.business_id, "trigger": rule.trigger,
            "period": [rule.period_years, rule.period_months, rule.period_days], "action": rule.action,
            "active": rule.active, "items": sorted(rule.items.values_list("pk", flat=True))}


@transaction.atomic
def retention_rule_create(*, municipality: Municipality, data: dict[str, Any], actor: User | None) -> RetentionRule:
    """Set how long a registered source's records are kept in a tenant, and what happens to them then."""
    values = _values(municipality, data, None)
    ensure_writer(actor, municipality_id=municipality.pk, department_ids=_owning_departments(values["business"]),
                  what="the retention rules of this business")
    others = RetentionRule.objects.filter(municipality=municipality, source=values["source"])
    if source_get(values["source"]).business_field is not None:
        others = others.filter(business=values["business"])
    if others.exists():
        raise Conflict(gettext("%(business)s already has a retention rule for %(source)s records; change that one.")
                       % {"business": others.first().business, "source": source_get(values["source"]).label},
                       field="source")
    items = values.pop("items", [])
    rule = RetentionRule.objects.create(municipality=municipality, updated_by=actor, **values)
    rule.items.set(items)
    audit_record("governance.retention_rule.created", obj=rule, tenant_id=municipality.pk, data=_event_data(rule))
    return rule


@transaction.atomic
def retention_rule_update(*, rule: RetentionRule, data: dict[str, Any], actor: User | None) -> RetentionRule:
    """Change a rule's period, trigger, action, items or note, or switch it off (``active: false``)."""
    rule = RetentionRule.objects.select_for_update().filter(pk=rule.pk).first()
    if rule is None:
        raise NotFound(_("That retention rule no longer exists"))
    ensure_writer(actor, municipality_id=rule.municipality_id, department_ids=_owning_departments(rule.business),
                  what="the retention rules of this business")
    values = _values(rule.municipality, data, rule)
    if values["business"].pk != rule.business_id:
        ensure_writer(actor, municipality_id=rule.municipality_id,
                      department_ids=_owning_departments(values["business"]),
                      what="the retention rules of the business it would move to")
        if RetentionRule.objects.filter(business=values["business"], source=rule.source).exists():
            raise Conflict(gettext("%(business)s already has a retention rule for %(source)s records; change that "
                                   "one.") % {"business": values["business"], "source": rule.source_label},
                           field="business")
    before = _event_data(rule)
    items = values.pop("items", None)
    for name, value in values.items():
        setattr(rule, name, value)
    rule.updated_by = actor
    rule.save()
    if items is not None:
        rule.items.set(items)
    after = _event_data(rule)
    changed = sorted(k for k in after if after[k] != before[k])
    audit_record("governance.retention_rule.updated", obj=rule, tenant_id=rule.municipality_id,
                 data={**after, "changed": changed})
    return rule
