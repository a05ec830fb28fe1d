"""Load the seed transcription (governance.registry.seeds) into the registry: all-or-nothing, idempotent.

Everything is looked up by its natural key (tenant + name or title) before it is created, and created
through the same services the API uses, so the seeds pass the same checks as any user's input.
"""

from django.db import transaction

from audit.services import audit_record
from governance.registry import services, versioning
from governance.registry.models import (
    DataItem,
    ExternalConnection,
    FacilityUse,
    OutOfPurposeUse,
    OutsourcingContract,
    PreApprovalCriterion,
    ProcessingActivity,
    RegisteredBusiness,
)
from governance.registry.seeds import WARDS
from governance.tenancy.models import Department, Facility, Municipality, Party

COUNTS = ("municipalities", "departments", "facilities", "parties", "certifications", "businesses", "items",
          "facility_uses", "criteria", "examples", "processing", "connections", "contracts", "out_of_purpose_uses",
          "versions")


class _Ward:
    def __init__(self, spec: dict, added: dict[str, int]):
        self.spec, self.added = spec, added
        code, name = spec["municipality"]
        self.tenant, created = Municipality.objects.get_or_create(code=code, defaults={"name": name})
        added["municipalities"] += created

    def party(self, name: str) -> Party:
        return Party.objects.get(municipality=self.tenant, name=name)

    def business(self, name: str) -> RegisteredBusiness:
        return RegisteredBusiness.objects.get(municipality=self.tenant, name=name)

    def item_map(self, businesses) -> dict[str, DataItem]:
        return {item.qualified_label: item for item in DataItem.objects.filter(business__in=businesses)}

    def items(self, refs, businesses) -> list[DataItem]:
        known = self.item_map(businesses)
        missing = [ref for ref in refs if ref not in known]
        if missing:
            raise ValueError(f"The seed transcription names unknown items {missing} for {businesses}")
        return [known[ref] for ref in refs]

    def load(self) -> None:
        for step in (self._departments, self._facilities, self._parties, self._businesses, self._facility_uses,
                     self._criteria, self._processing, self._connections, self._contracts, self._out_of_purpose):
            step()

    def _departments(self):
        for division, name in self.spec["departments"]:
            _, created = Department.objects.get_or_create(municipality=self.tenant, name=name,
                                                          defaults={"division": division})
            self.added["departments"] += created

    def _facilities(self):
        for name, department, kind in self.spec["facilities"]:
            _, created = Facility.objects.get_or_create(
                municipality=self.tenant, name=name,
                defaults={"department": Department.objects.get(municipality=self.tenant, name=department),
                          "kind": kind})
            self.added["facilities"] += created

    def _parties(self):
        for spec in self.spec["parties"]:
            spec = dict(spec)
            kinds = spec.pop("certifications", [])
            party = Party.objects.filter(municipality=self.tenant, name=spec["name"]).first()
            if party is None:
                party = services.party_create(municipality=self.tenant, data=spec)
                self.added["parties"] += 1
            elif not party.roles:
                # A party the demo created by name only (内田洋行) gets the seed's details once.
                services.party_update(party=party, data={k: v for k, v in spec.items() if k != "name"})
            for kind in kinds:
                if not party.certifications.filter(kind=kind).exists():
                    # The seeds state the certificate but not its number, scope or expiry.
                    services.certification_set(party=party, kind=kind)
                    self.added["certifications"] += 1

    def _businesses(self):
        for spec in self.spec["businesses"]:
            spec = dict(spec)
            rows = spec.pop("items")
            business = RegisteredBusiness.objects.filter(municipality=self.tenant, name=spec["name"]).first()
            if business is None:
                data = {**spec, "department": Department.objects.get(municipality=self.tenant, name=spec["department"])}
                data["other_departments"] = [Department.objects.get(municipality=self.tenant, name=name)
                                             for name in spec.get("other_departments", [])]
                business = services.business_create(municipality=self.tenant, data=data)
                self.added["businesses"] += 1
            known = self.item_map([business])
            for order, (subject, group, name, category, reason) in enumerate(rows):
                if f"{subject}:{f'{group}({name})' if group else name}" in known:
                    continue
                services.data_item_create(business=business, data={
                    "subject": subject, "group": group, "name": name, "category": category,
                    "sensitive": bool(reason), "sensitive_reason": reason, "order": order})
                self.added["items"] += 1

    def _facility_uses(self):
        for spec in self.spec["facility_uses"]:
            business = self.business(spec["business"])
            for order, (facility, address, capacity, operator) in enumerate(spec["uses"]):
                facility = Facility.objects.get(municipality=self.tenant, name=facility)
                if FacilityUse.objects.filter(business=business, facility=facility).exists():
                    continue
                services.facility_use_set(business=business, facility=facility, address=address, capacity=capacity,
                                          operator=self.party(operator) if operator else None, order=order)
                self.added["facility_uses"] += 1

    def _criteria(self):
        for spec in self.spec["criteria"]:
            criterion = PreApprovalCriterion.objects.filter(municipality=self.tenant,
                                                            type_number=spec["type_number"]).first()
            if criterion is None:
                criterion = services.criterion_create(municipality=self.tenant, type_number=spec["type_number"],
                                                      description=spec["description"])
                self.added["criteria"] += 1
            for providing, using in spec["examples"]:
                providing, using = self.business(providing), self.business(using)
                if not criterion.examples.filter(providing_business=providing, using_business=using).exists():
                    services.criterion_example_add(criterion=criterion, providing_business=providing,
                                                   using_business=using)
                    self.added["examples"] += 1

    def _versions(self, part, versions, to_content, businesses) -> None:
        """Version 1 was written by the create call; later ones are edits of the frozen one before."""
        for index, spec in enumerate(versions):
            if index:
                versioning.registry_part_update(part=part, content=to_content(spec["content"], businesses))
            self.added["versions"] += 1
            if spec.get("freeze"):
                versioning.registry_version_freeze(version=versioning.version_latest(part=part),
                                                   reason=spec["freeze"])

    def _processing(self):
        for spec in self.spec["processing"]:
            if ProcessingActivity.objects.filter(municipality=self.tenant, title=spec["title"]).exists():
                continue
            business = self.business(spec["business"])
            content = self._plain_items(spec["versions"][0]["content"], [business])
            part = versioning.processing_create(municipality=self.tenant, business=business, title=spec["title"],
                                                content=content)
            self._versions(part, spec["versions"], self._plain_items, [business])
            self.added["processing"] += 1

    def _plain_items(self, content: dict, businesses) -> dict:
        return {**content, "items": self.items(content.get("items", []), businesses)}

    def _connection_content(self, content: dict, businesses) -> dict:
        lines = [{"party": self.party(group["party"]), "item": item, "direction": group["direction"]}
                 for group in content.get("items", []) for item in self.items(group["items"], businesses)]
        return {**content, "counterparty": self.party(content["counterparty"]), "items": lines}

    def _contract_content(self, content: dict, businesses) -> dict:
        contractors = []
        for c in content.get("contractors", []):
            lines = [{"item": item, "direction": direction}
                     for direction, refs in c.get("items", {}).items() for item in self.items(refs, businesses)]
            contractors.append({**c, "party": self.party(c["party"]), "items": lines,
                                "delivers_to": [self.party(name) for name in c.get("delivers_to", [])]})
        return {**content, "contractors": contractors}

    def _connections(self):
        self._multi(ExternalConnection, "connections", versioning.connection_create, self._connection_content)

    def _contracts(self):
        self._multi(OutsourcingContract, "contracts", versioning.contract_create, self._contract_content)

    def _multi(self, model, key, create, to_content):
        for spec in self.spec[key]:
            if model.objects.filter(municipality=self.tenant, title=spec["title"]).exists():
                continue
            businesses = [self.business(name) for name in spec["businesses"]]
            part = create(municipality=self.tenant, businesses=businesses, title=spec["title"],
                          content=to_content(spec["versions"][0]["content"], businesses))
            self._versions(part, spec["versions"], to_content, businesses)
            self.added[key] += 1

    def _out_of_purpose(self):
        for spec in self.spec["out_of_purpose_uses"]:
            using, providing = self.business(spec["using"]), self.business(spec["providing"])
            if OutOfPurposeUse.objects.filter(using_business=using, providing_business=providing).exists():
                continue

            def to_content(content, businesses):
                criterion = PreApprovalCriterion.objects.get(municipality=self.tenant, type_number=content["criterion"])
                return {**self._plain_items(content, businesses), "criterion": criterion}

            part = versioning.out_of_purpose_use_create(
                municipality=self.tenant, using_business=using, providing_business=providing,
                content=to_content(spec["versions"][0]["content"], [providing]))
            self._versions(part, spec["versions"], to_content, [providing])
            self.added["out_of_purpose_uses"] += 1


@transaction.atomic
def seed_registry_load() -> dict[str, int]:
    """Load whatever of the five seeds is missing (both wards); return how many rows of each kind were added."""
    added = dict.fromkeys(COUNTS, 0)
    for spec in WARDS:
        _Ward(spec, added).load()
    if any(added.values()):
        audit_record("governance.registry.seeded", data=added)
    return added
