"""What each versioned registry part holds and how its content is checked, written and read back.

Content is a plain dict (ids or instances for references) so the API, the seed loader and the copy of a
frozen version into a new draft all go through the same checks.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from common.errors import InvalidInput
from governance.registry.models import (
    ConnectionDirection,
    ConnectionItem,
    ConnectionVersion,
    ContractDirection,
    ContractItem,
    ContractParty,
    ContractVersion,
    DataItem,
    DatePrecision,
    ExternalConnection,
    LegalBasis,
    Line,
    OutOfPurposeUse,
    OutOfPurposeVersion,
    OutsourcingContract,
    PreApprovalCriterion,
    ProcessingActivity,
    ProcessingVersion,
)
from governance.registry.validation import (
    as_bool,
    as_certifications,
    as_choice,
    as_lines,
    as_text,
    period,
    reject_unknown_keys,
    resolve,
)
from governance.tenancy.models import Membership, Party, User

TEXT, LINES, BOOL, CERTS, JSON, PRECISION = "text", "lines", "bool", "certs", "json", "precision"


def _scalars(content: dict, schema: dict[str, str]) -> dict[str, Any]:
    checked = {}
    for field, kind in schema.items():
        value = content.get(field)
        if kind == TEXT:
            checked[field] = as_text(value, field)
        elif kind == LINES:
            checked[field] = as_lines(value, field)
        elif kind == BOOL:
            checked[field] = as_bool(False if value is None else value, field)
        elif kind == CERTS:
            checked[field] = as_certifications(value, field)
        elif kind == JSON:
            if value is not None and not isinstance(value, dict):
                raise InvalidInput(_("%(field)s must be an object") % {"field": field}, field=field)
            checked[field] = value or {}
        elif kind == PRECISION:
            checked[field] = as_choice(value or DatePrecision.DAY, field, DatePrecision)
    return checked


def _items_of(part, businesses, value: Any, field: str):
    """The data items `value` names, each of one of the part's businesses."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InvalidInput(_("%(field)s must be a list") % {"field": field}, field=field)
    return [_item_of(part, businesses, v, f"{field}[{i}]") for i, v in enumerate(value)]


def _item_of(part, businesses, value: Any, field: str) -> DataItem:
    """One data item of one of the part's businesses."""
    allowed = DataItem.objects.filter(business__in=businesses)
    return resolve(DataItem, value, municipality=part.municipality, field=field, queryset=allowed,
                   label=_("data item"),
                   not_allowed=_("is not an item of %(businesses)s") % {"businesses": ", ".join(map(str, businesses))})


def _entries(value: Any, field: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, dict) for v in value):
        raise InvalidInput(_("%(field)s must be a list of objects") % {"field": field}, field=field)
    return list(value)


@dataclass(frozen=True)
class PartKind(ABC):
    name: str
    label: str
    identity: type
    version: type
    schema: dict[str, str]
    extra: frozenset[str]

    @property
    def fields(self) -> set[str]:
        return set(self.schema) | set(self.extra) | {"period_start", "period_end"}

    def departments(self, part) -> set[int]:
        businesses = self.businesses(part)
        ids = {b.department_id for b in businesses}
        for business in businesses:
            ids |= set(business.other_departments.values_list("pk", flat=True))
        return ids

    def businesses(self, part) -> list:
        if isinstance(part, ProcessingActivity):
            return [part.business]
        if isinstance(part, OutOfPurposeUse):
            return [part.using_business, part.providing_business]
        return list(part.businesses.all())

    # Each kind below fills these three in.
    @abstractmethod
    def validate(self, part, content: dict) -> dict: ...

    @abstractmethod
    def write(self, version, checked: dict) -> None: ...

    @abstractmethod
    def content_of(self, version) -> dict: ...

    def _save_scalars(self, version, checked: dict) -> None:
        for field in self.schema:
            setattr(version, field, checked[field])
        if "period_start" in checked:
            version.period_start, version.period_end = checked["period_start"], checked["period_end"]

    def _scalar_content(self, version) -> dict:
        content = {field: getattr(version, field) for field in self.schema}
        if hasattr(version, "period_start"):
            content.update(period_start=version.period_start, period_end=version.period_end)
        return content


class ProcessingKind(PartKind):
    def validate(self, part, content):
        reject_unknown_keys(content, self.fields - {"period_start", "period_end"})
        checked = _scalars(content, self.schema)
        checked["items"] = _items_of(part, [part.business], content.get("items"), "items")
        return checked

    def write(self, version, checked):
        self._save_scalars(version, checked)
        version.save()
        version.items.set(checked["items"])

    def content_of(self, version):
        return {**self._scalar_content(version), "items": [i.pk for i in version.items.order_by("order", "pk")]}


class ConnectionKind(PartKind):
    def validate(self, part, content):
        reject_unknown_keys(content, self.fields)
        m = part.municipality
        checked = _scalars(content, self.schema)
        checked["line"] = as_choice(content.get("line"), "line", Line)
        checked["period_start"], checked["period_end"] = period(content.get("period_start"), content.get("period_end"))
        counterparty = resolve(Party, content.get("counterparty"), municipality=m, field="counterparty",
                               label=_("party"))
        checked["counterparty"] = counterparty
        lines, seen = [], set()
        businesses = self.businesses(part)
        for i, entry in enumerate(_entries(content.get("items"), "items")):
            party = resolve(Party, entry.get("party") or counterparty, municipality=m, field=f"items[{i}].party",
                            label=_("party"))
            item = _item_of(part, businesses, entry.get("item"), f"items[{i}].item")
            direction = as_choice(entry.get("direction"), f"items[{i}].direction", ConnectionDirection)
            if (party.pk, item.pk, direction) in seen:
                raise InvalidInput(
                    _(
                        "'%(label)s' is listed twice for %(party)s (%(direction)s)"
                    )
                    % {
                        "label": item.label,
                        "party": party,
                        "direction": direction,
                    }, field=f"items[{i}]")
            seen.add((party.pk, item.pk, direction))
            lines.append((party, item, direction))
        checked["items"] = lines
        return checked

    def write(self, version, checked):
        self._save_scalars(version, checked)
        version.line, version.counterparty = checked["line"], checked["counterparty"]
        version.save()
        version.item_lines.all().delete()
        ConnectionItem.objects.bulk_create(
            ConnectionItem(version=version, party=party, item=item, direction=direction, order=order)
            for order, (party, item, direction) in enumerate(checked["items"]))

    def content_of(self, version):
        lines = version.item_lines.order_by("order", "pk")
        return {**self._scalar_content(version), "line": version.line, "counterparty": version.counterparty_id,
                "items": [{"party": line.party_id, "item": line.item_id, "direction": line.direction}
                          for line in lines]}


class ContractKind(PartKind):
    def validate(self, part, content):
        reject_unknown_keys(content, self.fields)
        m = part.municipality
        checked = _scalars(content, self.schema)
        checked["period_start"], checked["period_end"] = period(content.get("period_start"), content.get("period_end"))
        members = User.objects.filter(pk__in=Membership.objects.filter(municipality=m).values("user"))
        checked["handlers"] = [
            resolve(User, h, municipality=m, field=f"handlers[{i}]", queryset=members, label=_("user"),
                    not_allowed=_("does not act for this municipality"))
            for i, h in enumerate(content.get("handlers") or [])]
        businesses = self.businesses(part)
        contractors, party_ids = [], []
        for i, entry in enumerate(_entries(content.get("contractors"), "contractors")):
            field = f"contractors[{i}]"
            reject_unknown_keys(entry, {"party", "group", "role_label", "reason", "work", "media", "delivers_to",
                                        "subcontractor_of", "items"})
            party = resolve(Party, entry.get("party"), municipality=m, field=f"{field}.party", label=_("party"))
            if party.pk in party_ids:
                raise InvalidInput(
                    _(
                        "The party '%(party)s' is listed twice"
                    )
                    % {
                        "party": party,
                    }, field=f"{field}.party")
            party_ids.append(party.pk)
            items, seen = [], set()
            for j, line in enumerate(_entries(entry.get("items"), f"{field}.items")):
                item = _item_of(part, businesses, line.get("item"), f"{field}.items[{j}].item")
                direction = as_choice(line.get("direction"), f"{field}.items[{j}].direction", ContractDirection)
                if (item.pk, direction) not in seen:
                    seen.add((item.pk, direction))
                    items.append((item, direction))
            contractors.append({
                "party": party, "items": items,
                "group": as_text(entry.get("group"), f"{field}.group", max_length=100),
                "role_label": as_text(entry.get("role_label"), f"{field}.role_label", max_length=100),
                "reason": as_text(entry.get("reason"), f"{field}.reason"),
                "work": as_lines(entry.get("work"), f"{field}.work"),
                "media": as_lines(entry.get("media"), f"{field}.media"),
                "delivers_to": entry.get("delivers_to") or [], "subcontractor_of": entry.get("subcontractor_of"),
            })
        # The chain may only point at contractors of the same version.
        for i, contractor in enumerate(contractors):
            for key in ("delivers_to", "subcontractor_of"):
                targets = contractor[key] if key == "delivers_to" else [contractor[key]] * (contractor[key] is not None)
                resolved = []
                for target in targets:
                    target_id = target.pk if isinstance(target, Party) else target
                    try:
                        target_id = int(target_id)
                    except (TypeError, ValueError):
                        target_id = None
                    if target_id not in party_ids or target_id == contractor["party"].pk:
                        raise InvalidInput(
                            _(
                                "%(key)s of '%(contractor)s' must name another contractor of this contract, not "
                                "%(target)s"
                            )
                            % {
                                "key": key,
                                "contractor": contractor['party'],
                                "target": f"{target!r}",
                            }, field=f"contractors[{i}].{key}")
                    resolved.append(target_id)
                contractor[key] = resolved if key == "delivers_to" else (resolved[0] if resolved else None)
        checked["contractors"] = contractors
        return checked

    def write(self, version, checked):
        self._save_scalars(version, checked)
        version.save()
        version.handlers.set(checked["handlers"])
        version.contractors.all().delete()
        rows = {}
        for order, c in enumerate(checked["contractors"]):
            rows[c["party"].pk] = ContractParty.objects.create(
                version=version, party=c["party"], group=c["group"], role_label=c["role_label"], reason=c["reason"],
                work=c["work"],
                media=c["media"], order=order)
            ContractItem.objects.bulk_create(
                ContractItem(contractor=rows[c["party"].pk], item=item, direction=direction, order=n)
                for n, (item, direction) in enumerate(c["items"]))
        for c in checked["contractors"]:
            row = rows[c["party"].pk]
            row.delivers_to.set([rows[pid] for pid in c["delivers_to"]])
            if c["subcontractor_of"]:
                row.subcontractor_of = rows[c["subcontractor_of"]]
                row.save(update_fields=["subcontractor_of"])

    def content_of(self, version):
        contractors = []
        for c in version.contractors.order_by("order", "pk"):
            contractors.append({
                "party": c.party_id, "group": c.group, "role_label": c.role_label, "reason": c.reason,
                "work": list(c.work),
                "media": list(c.media), "delivers_to": [d.party_id for d in c.delivers_to.all()],
                "subcontractor_of": c.subcontractor_of.party_id if c.subcontractor_of else None,
                "items": [{"item": line.item_id, "direction": line.direction}
                          for line in c.item_lines.order_by("direction", "order", "pk")],
            })
        return {**self._scalar_content(version), "handlers": [u.pk for u in version.handlers.all()],
                "contractors": contractors}


class OutOfPurposeKind(PartKind):
    def validate(self, part, content):
        reject_unknown_keys(content, self.fields)
        checked = _scalars(content, self.schema)
        checked["period_start"], checked["period_end"] = period(content.get("period_start"), content.get("period_end"))
        checked["legal_basis"] = as_choice(content.get("legal_basis"), "legal_basis", LegalBasis, blank=True)
        criterion = content.get("criterion")
        checked["criterion"] = None if criterion in (None, "") else resolve(
            PreApprovalCriterion, criterion, municipality=part.municipality, field="criterion",
            label=_("pre-approval criterion"))
        checked["items"] = _items_of(part, [part.providing_business], content.get("items"), "items")
        return checked

    def write(self, version, checked):
        self._save_scalars(version, checked)
        version.legal_basis, version.criterion = checked["legal_basis"], checked["criterion"]
        version.save()
        version.items.set(checked["items"])

    def content_of(self, version):
        return {**self._scalar_content(version), "legal_basis": version.legal_basis,
                "criterion": version.criterion_id, "items": [i.pk for i in version.items.order_by("order", "pk")]}


PROCESSING = ProcessingKind(
    "processing", "processing activity", ProcessingActivity, ProcessingVersion,
    {"system_name": TEXT, "subject_scope": TEXT, "items_reference": TEXT, "storage": TEXT, "reason": TEXT,
     "content": LINES, "schedule": LINES}, frozenset({"items"}))
CONNECTION = ConnectionKind(
    "connection", "external connection", ExternalConnection, ConnectionVersion,
    {"reason": TEXT, "line_note": TEXT, "ward_endpoints": LINES, "party_endpoints": LINES, "period_note": TEXT,
     "period_precision": PRECISION,
     "renews_yearly": BOOL, "requires_japanese_jurisdiction": BOOL, "required_certifications": CERTS,
     "items_reference": TEXT, "ward_measures": LINES, "party_measures": LINES, "approval_reference": TEXT,
     "record_form_items": JSON}, frozenset({"counterparty", "line", "items"}))
CONTRACT = ContractKind(
    "contract", "outsourcing contract", OutsourcingContract, ContractVersion,
    {"summary": TEXT, "period_note": TEXT, "period_precision": PRECISION, "renews_yearly": BOOL,
     "requires_japanese_jurisdiction": BOOL,
     "required_certifications": CERTS, "items_reference": TEXT, "items_note": TEXT, "approval_reference": TEXT},
    frozenset({"handlers", "contractors"}))
OUT_OF_PURPOSE = OutOfPurposeKind(
    "out_of_purpose_use", "out-of-purpose use", OutOfPurposeUse, OutOfPurposeVersion,
    {"purpose": TEXT, "period_note": TEXT, "record_kinds": LINES, "forms": LINES, "usage_method": TEXT,
     "responsible_officer": TEXT}, frozenset({"legal_basis", "criterion", "items"}))

KINDS = {kind.identity: kind for kind in (PROCESSING, CONNECTION, CONTRACT, OUT_OF_PURPOSE)}
KINDS_BY_VERSION = {kind.version: kind for kind in KINDS.values()}


def kind_of(obj) -> PartKind:
    """The PartKind of a registry part or of one of its versions."""
    return KINDS.get(type(obj)) or KINDS_BY_VERSION[type(obj)]
