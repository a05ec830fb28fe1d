"""Whether the personal fields the models hold are the ones ``childcare.children.fields`` declares, and whether a
business held exactly to its registry (``EXACT_BUSINESSES``) holds the items its registry lists and nothing else.

The system check needs no database: every encrypted column of the children's models is a declared field (one
added without a declaration would be held without an item, read without the access policy). The command
``manage.py registry_items_check`` compares each such business with its registry rows, both ways, and counts the
records holding a value in a field the registry does not list. The values are sealed per record, so counting opens
the records in question: no value leaves the count, and the check is one audit event naming the fields it read.
"""

from dataclasses import dataclass, field

from django.core import checks

from audit.services import audit_record
from childcare.children.fields import EXACT_BUSINESSES, FIELDS, held_fields, registry_mismatches
from governance.crypto import EncryptedModel
from governance.crypto.fields import EncryptedField

# The models holding each subject's fields; a guardian's relationship (続柄) is held on the link.
SUBJECT_MODELS = {"child": ("Child",), "guardian": ("Guardian", "ChildGuardian"),
                  "household_member": ("HouseholdMember",)}


def _encrypted_columns() -> dict[str, set[str]]:
    from childcare.children import models

    return {subject: {f.name for name in names for f in getattr(models, name)._meta.concrete_fields
                      if isinstance(f, EncryptedField)} for subject, names in SUBJECT_MODELS.items()}


def declared_fields_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every encrypted column of children, guardians and households is a declared field, and the reverse."""
    columns = _encrypted_columns()
    held = {f"{subject}.{name}" for subject, names in columns.items() for name in names}
    errors = [checks.Error(f"{name} is an encrypted column no personal field declares",
                           hint="Declare it in childcare.children.fields with the registry items it holds",
                           id="childcare.E001") for name in sorted(held - set(FIELDS))]
    errors += [checks.Error(f"The personal field {name} has no encrypted column", id="childcare.E002")
               for name in sorted(set(FIELDS) - held)]
    errors += [checks.Error(f"The personal field {f.name} names no registry item", id="childcare.E003")
               for f in FIELDS.values() if not f.items]
    return errors


@dataclass
class BusinessCheck:
    municipality: str
    business: str
    unheld_items: list[str]  # the registry lists them, no field holds them
    foreign_fields: list[str]  # fields covering no item of this business (must stay empty)
    records_holding_foreign: dict[str, int] = field(default_factory=dict)  # field → records with a value

    @property
    def ok(self) -> bool:
        return not self.unheld_items and not any(self.records_holding_foreign.values())


def _holding(model: type[EncryptedModel], attribute: str, scope) -> tuple[int, int]:
    """(records holding a value in the field, records opened to tell)."""
    records = list(model.objects.filter(scope))
    return sum(getattr(record, attribute) not in (None, "") for record in records), len(records)


def business_check(business) -> BusinessCheck:
    """Compare one business with its registry, and count the records holding a field it does not list."""
    from django.db.models import Q

    from childcare.children.models import Child, ChildGuardian, Guardian, HouseholdMember

    unheld, foreign = registry_mismatches(business)
    result = BusinessCheck(business.municipality.name, business.name, unheld, foreign)
    guardians = ChildGuardian.objects.filter(child__business=business).values("guardian_id")
    scopes = {"child": (Child, Q(business=business)), "guardian": (Guardian, Q(pk__in=guardians)),
              "household_member": (HouseholdMember, Q(guardian__in=guardians))}
    opened = 0
    for name in foreign:
        subject, attribute = name.split(".", 1)
        model, scope = scopes[subject]
        if subject == "guardian" and attribute == "relationship":
            model, scope = ChildGuardian, Q(child__business=business)
        result.records_holding_foreign[name], records = _holding(model, attribute, scope)
        opened += records
    audit_record("childcare.registry_items.checked", obj=business, tenant_id=business.municipality_id,
                 fields=foreign, data={"records_opened": opened,
                                       "records_holding": sum(result.records_holding_foreign.values())})
    return result


def exact_businesses_check() -> list[BusinessCheck]:
    from governance.registry.models import RegisteredBusiness

    return [business_check(b) for b in RegisteredBusiness.objects.filter(name__in=EXACT_BUSINESSES)
            .select_related("municipality").order_by("municipality__code", "pk") if held_fields(b) is not None]
