"""Writes to the unversioned part of the registry: businesses, data items, parties, certifications,
facilities using a system, and pre-approval criteria. Each saves its rows and its audit event together."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, InvalidInput
from governance.registry.access import ensure_writer
from governance.registry.models import (
    Certification,
    CertificationKind,
    DataItem,
    FacilityUse,
    ItemCategory,
    PreApprovalCriterion,
    PreApprovalExample,
    RegisteredBusiness,
    Subject,
)
from governance.registry.validation import as_bool, as_choice, as_date, as_text, reject_unknown_keys, resolve
from governance.tenancy.models import Department, Facility, Municipality, Party, PartyRole, PartySelection, User

BUSINESS_FIELDS = {"number", "name", "department", "other_departments", "purpose", "privacy_officer_title",
                   "subject_scope", "subject_count", "subject_count_note"}
ITEM_FIELDS = {"subject", "group", "name", "category", "sensitive", "sensitive_reason", "order"}
PARTY_FIELDS = {"name", "roles", "description", "address", "selection", "selection_note", "certification_note",
                "hosting_country", "japanese_law_applies"}


def _owning_departments(business: RegisteredBusiness) -> set[int]:
    return {business.department_id, *business.other_departments.values_list("pk", flat=True)}


def _business_values(municipality: Municipality, data: dict[str, Any]) -> dict[str, Any]:
    reject_unknown_keys(data, BUSINESS_FIELDS)
    values: dict[str, Any] = {}
    for field in ("number", "name", "purpose", "privacy_officer_title", "subject_scope", "subject_count_note"):
        if field in data:
            values[field] = as_text(data[field], field, max_length=None if field in ("purpose", "subject_scope")
                                    else 200)
    if "name" in values and not values["name"].strip():
        raise InvalidInput(_("A business needs a name"), field="name")
    if "department" in data:
        values["department"] = resolve(Department, data["department"], municipality=municipality,
                                       field="department", label=_("department"))
    if "other_departments" in data:
        values["other_departments"] = [resolve(Department, d, municipality=municipality,
                                               field=f"other_departments[{i}]", label=_("department"))
                                       for i, d in enumerate(data["other_departments"] or [])]
    if "subject_count" in data:
        count = data["subject_count"]
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
            raise InvalidInput(_("subject_count must be a whole number of people"), field="subject_count")
        values["subject_count"] = count
    return values


def _check_business_unique(municipality, values, exclude_pk=None) -> None:
    others = RegisteredBusiness.objects.filter(municipality=municipality).exclude(pk=exclude_pk)
    if "name" in values and others.filter(name=values["name"]).exists():
        raise Conflict(
            _(
                "A registered business named '%(values)s' already exists"
            )
            % {
                "values": values['name'],
            }, field="name")
    if values.get("number") and others.filter(number=values["number"]).exists():
        raise Conflict(
            _(
                "The business number '%(values)s' is already registered"
            )
            % {
                "values": values['number'],
            }, field="number")


@transaction.atomic
def business_create(*, municipality: Municipality, data: dict[str, Any], actor: User | None = None
                    ) -> RegisteredBusiness:
    """Register a 登録業務 owned by a department of the tenant."""
    values = _business_values(municipality, data)
    if "name" not in values or "department" not in values:
        missing = "name" if "name" not in values else "department"
        raise InvalidInput(_("A registered business needs a %(missing)s") % {"missing": missing}, field=missing)
    others = values.pop("other_departments", [])
    ensure_writer(actor, municipality_id=municipality.pk,
                  department_ids={values["department"].pk, *(d.pk for d in others)}, what="this department's registry")
    _check_business_unique(municipality, values)
    business = RegisteredBusiness.objects.create(municipality=municipality, **values)
    business.other_departments.set(others)
    audit_record("governance.business.created", obj=business, tenant_id=municipality.pk)
    return business


@transaction.atomic
def business_update(*, business: RegisteredBusiness, data: dict[str, Any], actor: User | None = None
                    ) -> RegisteredBusiness:
    """Change a registered business's number, name, purpose, officer, subjects or departments."""
    ensure_writer(actor, municipality_id=business.municipality_id, department_ids=_owning_departments(business),
                  what=f"the business '{business}'")
    values = _business_values(business.municipality, data)
    _check_business_unique(business.municipality, values, exclude_pk=business.pk)
    others = values.pop("other_departments", None)
    for field, value in values.items():
        setattr(business, field, value)
    business.save()
    if others is not None:
        business.other_departments.set(others)
    audit_record("governance.business.updated", obj=business, tenant_id=business.municipality_id, fields=data)
    return business


def _item_values(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    reject_unknown_keys(data, ITEM_FIELDS)
    values: dict[str, Any] = {}
    if "subject" in data or not partial:
        values["subject"] = as_choice(data.get("subject"), "subject", Subject)
    if "category" in data:
        values["category"] = as_choice(data["category"], "category", ItemCategory, blank=True)
    for field in ("group", "name", "sensitive_reason"):
        if field in data:
            values[field] = as_text(data[field], field, max_length=300 if field == "sensitive_reason" else 100)
    if not partial and not values.get("name", "").strip():
        raise InvalidInput(_("A data item needs a name"), field="name")
    if "sensitive" in data:
        values["sensitive"] = as_bool(data["sensitive"], "sensitive")
    if "order" in data:
        if not isinstance(data["order"], int) or data["order"] < 0:
            raise InvalidInput(_("order must be a whole number"), field="order")
        values["order"] = data["order"]
    return values


def _check_item_unique(business, item_values: dict, exclude_pk=None) -> None:
    clash = DataItem.objects.filter(business=business, subject=item_values["subject"],
                                    group=item_values.get("group", ""), name=item_values["name"]).exclude(pk=exclude_pk)
    if clash.exists():
        raise Conflict(
            _(
                "'%(label)s' (%(item_values)s) is already an item of '%(business)s'"
            )
            % {
                "label": clash.first().label,
                "item_values": item_values['subject'],
                "business": business,
            },
                       field="name")


@transaction.atomic
def data_item_create(*, business: RegisteredBusiness, data: dict[str, Any], actor: User | None = None) -> DataItem:
    """Add a 情報項目 to a registered business."""
    ensure_writer(actor, municipality_id=business.municipality_id, department_ids=_owning_departments(business),
                  what=f"the items of '{business}'")
    values = _item_values(data, partial=False)
    _check_item_unique(business, values)
    if "order" not in values:
        values["order"] = business.items.count()
    item = DataItem.objects.create(municipality_id=business.municipality_id, business=business, **values)
    audit_record("governance.data_item.created", obj=item, tenant_id=business.municipality_id,
                 data={"business_id": business.pk})
    return item


@transaction.atomic
def data_item_update(*, item: DataItem, data: dict[str, Any], actor: User | None = None) -> DataItem:
    """Change a data item (its name, subject, category or sensitivity)."""
    ensure_writer(actor, municipality_id=item.municipality_id, department_ids=_owning_departments(item.business),
                  what=f"the items of '{item.business}'")
    values = _item_values(data, partial=True)
    merged = {"subject": item.subject, "group": item.group, "name": item.name, **values}
    _check_item_unique(item.business, merged, exclude_pk=item.pk)
    for field, value in values.items():
        setattr(item, field, value)
    item.save()
    audit_record("governance.data_item.updated", obj=item, tenant_id=item.municipality_id, fields=values)
    return item


def _party_values(data: dict[str, Any]) -> dict[str, Any]:
    reject_unknown_keys(data, PARTY_FIELDS)
    values: dict[str, Any] = {}
    for field in ("name", "description", "address", "selection_note", "certification_note"):
        if field in data:
            values[field] = as_text(data[field], field, max_length=200)
    if "name" in values and not values["name"].strip():
        raise InvalidInput(_("A party needs a name"), field="name")
    if "roles" in data:
        roles = data["roles"] or []
        if not isinstance(roles, list):
            raise InvalidInput(_("roles must be a list"), field="roles")
        values["roles"] = [as_choice(r, f"roles[{i}]", PartyRole) for i, r in enumerate(roles)]
    if "selection" in data:
        values["selection"] = as_choice(data["selection"], "selection", PartySelection)
    if "hosting_country" in data:
        country = as_text(data["hosting_country"], "hosting_country", max_length=2)
        if country and not (len(country) == 2 and country.isalpha() and country.isupper()):
            raise InvalidInput(_("hosting_country must be a two-letter ISO 3166 code such as JP"),
                               field="hosting_country")
        values["hosting_country"] = country
    if "japanese_law_applies" in data:
        value = data["japanese_law_applies"]
        values["japanese_law_applies"] = None if value is None else as_bool(value, "japanese_law_applies")
    return values


@transaction.atomic
def party_create(*, municipality: Municipality, data: dict[str, Any], actor: User | None = None) -> Party:
    """Register an outside party (vendor, contractor, store, operator) or one still to be selected."""
    ensure_writer(actor, municipality_id=municipality.pk, what="the parties of this municipality")
    values = _party_values(data)
    if "name" not in values:
        raise InvalidInput(_("A party needs a name"), field="name")
    if Party.objects.filter(municipality=municipality, name=values["name"]).exists():
        raise Conflict(_("A party named '%(values)s' already exists") % {"values": values['name']}, field="name")
    party = Party.objects.create(municipality=municipality, **values)
    audit_record("governance.party.created", obj=party, tenant_id=municipality.pk)
    return party


@transaction.atomic
def party_update(*, party: Party, data: dict[str, Any], actor: User | None = None) -> Party:
    """Change a party — e.g. name the company once the proposal has selected it."""
    ensure_writer(actor, municipality_id=party.municipality_id, what=f"the party '{party}'")
    values = _party_values(data)
    if "name" in values and Party.objects.filter(municipality_id=party.municipality_id,
                                                 name=values["name"]).exclude(pk=party.pk).exists():
        raise Conflict(_("A party named '%(values)s' already exists") % {"values": values['name']}, field="name")
    for field, value in values.items():
        setattr(party, field, value)
    party.save()
    audit_record("governance.party.updated", obj=party, tenant_id=party.municipality_id, fields=values)
    return party


@transaction.atomic
def certification_set(*, party: Party, kind: str, number: str = "", scope: str = "", valid_until=None,
                      actor: User | None = None) -> Certification:
    """Record (or replace) a party's Privacy Mark or ISMS certificate."""
    ensure_writer(actor, municipality_id=party.municipality_id, what=f"the certifications of '{party}'")
    kind = as_choice(kind, "kind", CertificationKind)
    certification, created = Certification.objects.update_or_create(
        party=party, kind=kind,
        defaults={"municipality_id": party.municipality_id, "number": as_text(number, "number", max_length=50),
                  "scope": as_text(scope, "scope", max_length=200), "valid_until": as_date(valid_until, "valid_until")})
    audit_record("governance.certification.recorded", obj=certification, tenant_id=party.municipality_id,
                 data={"party_id": party.pk, "kind": kind, "created": created})
    return certification


@transaction.atomic
def facility_use_set(*, business: RegisteredBusiness, facility: Facility, address: str = "",
                     capacity: int | None = None, operator: Party | None = None, order: int = 0,
                     actor: User | None = None) -> FacilityUse:
    """Record that a facility uses a business's system, with its capacity (定員) and operator."""
    ensure_writer(actor, municipality_id=business.municipality_id, department_ids=_owning_departments(business),
                  what=f"the facilities of '{business}'")
    resolve(Facility, facility, municipality=business.municipality, field="facility", label=_("facility"))
    if operator is not None:
        resolve(Party, operator, municipality=business.municipality, field="operator", label=_("party"))
    if capacity is not None and capacity < 0:
        raise InvalidInput(_("capacity must not be negative"), field="capacity")
    use, _created = FacilityUse.objects.update_or_create(
        business=business, facility=facility,
        defaults={"municipality_id": business.municipality_id, "address": address, "capacity": capacity,
                  "operator": operator, "order": order})
    audit_record("governance.facility_use.recorded", obj=use, tenant_id=business.municipality_id)
    return use


@transaction.atomic
def criterion_create(*, municipality: Municipality, type_number: int, description: str,
                     actor: User | None = None) -> PreApprovalCriterion:
    """Record a 事前一括承認基準 type."""
    ensure_writer(actor, municipality_id=municipality.pk, what="the pre-approval criteria")
    if PreApprovalCriterion.objects.filter(municipality=municipality, type_number=type_number).exists():
        raise Conflict(_("類型%(type_number)s already exists") % {"type_number": type_number}, field="type_number")
    criterion = PreApprovalCriterion.objects.create(municipality=municipality, type_number=type_number,
                                                    description=as_text(description, "description"))
    audit_record("governance.criterion.created", obj=criterion, tenant_id=municipality.pk)
    return criterion


@transaction.atomic
def criterion_example_add(*, criterion: PreApprovalCriterion, providing_business: RegisteredBusiness,
                          using_business: RegisteredBusiness, actor: User | None = None) -> PreApprovalExample:
    """Add an example pair (providing → using business) to a criterion, as a recorded use under it does."""
    ensure_writer(actor, municipality_id=criterion.municipality_id, what="the pre-approval criteria")
    for field, business in (("providing_business", providing_business), ("using_business", using_business)):
        resolve(RegisteredBusiness, business, municipality=criterion.municipality, field=field,
                label=_("registered business"))
    if criterion.examples.filter(providing_business=providing_business, using_business=using_business).exists():
        raise Conflict(
            _(
                "%(criterion)s already lists %(providing_business)s → %(using_business)s"
            )
            % {
                "criterion": criterion,
                "providing_business": providing_business,
                "using_business": using_business,
            },
                       field="providing_business")
    example = PreApprovalExample.objects.create(
        municipality_id=criterion.municipality_id, criterion=criterion, providing_business=providing_business,
        using_business=using_business, order=criterion.examples.count())
    audit_record("governance.criterion.example_added", obj=criterion, tenant_id=criterion.municipality_id,
                 data={"example_id": example.pk})
    return example
