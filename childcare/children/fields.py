"""The personal fields of children and guardians: their names for the access policy and the audit log,
whether they are sensitive (要配慮個人情報) or financial, and the registry items (情報項目) that cover them.

A field's name is ``"<subject>.<attribute>"`` ("child.allergy_notes", "guardian.phone"): the access
policy is asked about these names and access events list them, never values.

``items`` ties a field to the registry: a vendor may read a field only when an approved connection or
contract of the child's business lists one of these items for the vendor's party. The registry words
items differently per business (練馬区 0804-01 "児童氏名", 新宿区 保育業務支援システム "氏名"), so
each field lists every wording of the registered businesses, as (subject, item name). A child's
address is the household's: the registry holds it as the guardian's 住所.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PersonalField:
    subject: str  # "child" | "guardian" | "household_member"
    attribute: str  # the model attribute
    label: Promise
    items: frozenset[tuple[str, str]]
    sensitive: bool = False
    financial: bool = False

    @property
    def name(self) -> str:
        return f"{self.subject}.{self.attribute}"

    def policy_input(self) -> dict:
        return {"name": self.name, "sensitive": self.sensitive, "financial": self.financial}


def _items(*pairs: tuple[str, str]) -> frozenset[tuple[str, str]]:
    return frozenset(pairs)


_CHILD_NAME = _items(("child", "児童氏名"), ("child", "氏名"))
_GUARDIAN_NAME = _items(("guardian", "保護者氏名"), ("guardian", "氏名"))

CHILD_FIELDS: tuple[PersonalField, ...] = (
    PersonalField("child", "name", _("Full name"), _CHILD_NAME),
    PersonalField("child", "kana", _("Full name in kana"), _CHILD_NAME),
    PersonalField("child", "birth_date", _("Date of birth"), _items(("child", "児童生年月日"), ("child", "生年月日"))),
    PersonalField("child", "address", _("Home address"), _items(("child", "住所"), ("guardian", "住所"))),
    PersonalField("child", "allergy_notes", _("Allergies"),
                  _items(("child", "アレルギーの有無・内容"), ("child", "健康状態")), sensitive=True),
    PersonalField("child", "health_notes", _("Illness and injuries"),
                  _items(("child", "疾病・ケガの有無・内容"), ("child", "健康状態")), sensitive=True),
    PersonalField("child", "disability_notes", _("Disabilities"), _items(("child", "障害の有無・内容")),
                  sensitive=True),
    PersonalField("child", "sex", _("Sex"), _items(("child", "性別"), ("child", "児童性別"))),
    PersonalField("child", "nationality", _("Nationality"), _items(("child", "国籍"))),
    # 発育状況 holds check-up and developmental findings: the registry marks it 要配慮.
    PersonalField("child", "development_notes", _("Development"), _items(("child", "発育状況")), sensitive=True),
    PersonalField("child", "care_status", _("Care situation"), _items(("child", "保育状況"))),
    PersonalField("child", "family_doctor", _("Family doctor or clinic"), _items(("child", "かかりつけ医療機関"))),
)

GUARDIAN_FIELDS: tuple[PersonalField, ...] = (
    PersonalField("guardian", "name", _("Full name"), _GUARDIAN_NAME),
    PersonalField("guardian", "kana", _("Full name in kana"), _GUARDIAN_NAME),
    PersonalField("guardian", "relationship", _("Relationship"), _items(("guardian", "続柄"))),
    PersonalField("guardian", "phone", _("Mobile phone"),
                  _items(("guardian", "電話番号"), ("guardian", "電話番号(携帯)"), ("guardian", "携帯電話番号"))),
    PersonalField("guardian", "email", _("E-mail"), _items(("guardian", "メールアドレス"))),
    PersonalField("guardian", "address", _("Home address"), _items(("guardian", "住所"))),
    PersonalField("guardian", "bank_account", _("Bank account for direct debit"),
                  _items(("guardian", "銀行口座情報")), financial=True),
    PersonalField("guardian", "birth_date", _("Date of birth"), _items(("guardian", "生年月日"))),
    PersonalField("guardian", "nationality", _("Nationality"), _items(("guardian", "国籍"))),
    PersonalField("guardian", "home_phone", _("Home phone"), _items(("guardian", "自宅電話番号"))),
    PersonalField("guardian", "fax", _("Fax"), _items(("guardian", "Fax番号"))),
    PersonalField("guardian", "employer_name", _("Employer"), _items(("guardian", "勤務先名称"))),
    PersonalField("guardian", "employer_address", _("Employer's address"), _items(("guardian", "勤務先住所"))),
    PersonalField("guardian", "employer_phone", _("Employer's phone"), _items(("guardian", "勤務先電話番号"))),
    # A household's situation (single parent, care of a relative, DV …) is read as sensitively as health.
    PersonalField("guardian", "family_situation", _("Family situation"), _items(("guardian", "家庭状況")),
                  sensitive=True),
    PersonalField("guardian", "illness_notes", _("Illnesses"), _items(("guardian", "疾病内容")), sensitive=True),
    PersonalField("guardian", "disability_notes", _("Disabilities"), _items(("guardian", "障害内容")),
                  sensitive=True),
    PersonalField("guardian", "housing", _("Housing situation"), _items(("guardian", "居住状況"))),
)

HOUSEHOLD_FIELDS: tuple[PersonalField, ...] = (
    PersonalField("household_member", "name", _("Full name"), _items(("household_member", "氏名"))),
    PersonalField("household_member", "relationship", _("Relationship"), _items(("household_member", "続柄"))),
    PersonalField("household_member", "sex", _("Sex"), _items(("household_member", "性別"))),
    PersonalField("household_member", "birth_date", _("Date of birth"), _items(("household_member", "生年月日"))),
)

FIELDS: dict[str, PersonalField] = {f.name: f for f in (*CHILD_FIELDS, *GUARDIAN_FIELDS, *HOUSEHOLD_FIELDS)}

# Where each subject's fields live: the relationship is the link's (ChildGuardian), the rest the models'.
MODELS = {"child": "Child", "guardian": "Guardian", "household_member": "HouseholdMember"}

# What each view asks for. A list shows who the children are; the detail shows everything the actor may read.
LIST_FIELDS = ("child.name", "child.kana", "child.birth_date")
DETAIL_FIELDS = tuple(FIELDS)
# The guardian portal shows the family's own records, except the account (changed at the ward's counter).
PORTAL_FIELDS = tuple(name for name in FIELDS if name != "guardian.bank_account")


def fields_for_items(items: set[tuple[str, str]]) -> frozenset[str]:
    """The field names that registry items (subject, item name) cover."""
    return frozenset(f.name for f in FIELDS.values() if f.items & items)


# Businesses whose records hold exactly the items their registry lists, by name (operations support registers
# 保育業務支援システム): a field no item of the business covers is never written for its children, their guardians
# or their households — it stays NULL, no ciphertext at all. Other businesses list their items by reference
# only (一時保育: "資料74-2のとおり") and are not held to it.
EXACT_BUSINESSES: set[str] = set()


def registry_items(business) -> set[tuple[str, str]]:
    """The items (subject, item name) the registry lists for a business."""
    return set(business.items.values_list("subject", "name"))


def held_fields(business) -> frozenset[str] | None:
    """The field names a business may hold, or None when it is not held to its registry's list."""
    if business.name not in EXACT_BUSINESSES:
        return None
    return fields_for_items(registry_items(business))


def registry_mismatches(business) -> tuple[list[str], list[str]]:
    """Compare the fields with the registry's list of a business, both ways.

    Returns the items the registry lists that no field holds ("child:保育状況"), and the fields that cover
    only items of other businesses ("guardian.email") — which therefore must stay empty for this one.
    """
    items = registry_items(business)
    unheld = sorted(f"{s}:{n}" for s, n in items if not any((s, n) in f.items for f in FIELDS.values()))
    foreign = sorted(f.name for f in FIELDS.values() if not f.items & items)
    return unheld, foreign
