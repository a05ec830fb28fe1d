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
    subject: str  # "child" | "guardian"
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
)

GUARDIAN_FIELDS: tuple[PersonalField, ...] = (
    PersonalField("guardian", "name", _("Full name"), _GUARDIAN_NAME),
    PersonalField("guardian", "kana", _("Full name in kana"), _GUARDIAN_NAME),
    PersonalField("guardian", "relationship", _("Relationship"), _items(("guardian", "続柄"))),
    PersonalField("guardian", "phone", _("Phone"),
                  _items(("guardian", "電話番号"), ("guardian", "電話番号(携帯)"), ("guardian", "自宅電話番号"),
                         ("guardian", "携帯電話番号"))),
    PersonalField("guardian", "email", _("E-mail"), _items(("guardian", "メールアドレス"))),
    PersonalField("guardian", "address", _("Home address"), _items(("guardian", "住所"))),
    PersonalField("guardian", "bank_account", _("Bank account for direct debit"),
                  _items(("guardian", "銀行口座情報")), financial=True),
)

FIELDS: dict[str, PersonalField] = {f.name: f for f in (*CHILD_FIELDS, *GUARDIAN_FIELDS)}

# What each view asks for. A list shows who the children are; the detail shows everything the actor may read.
LIST_FIELDS = ("child.name", "child.kana", "child.birth_date")
DETAIL_FIELDS = tuple(FIELDS)
# The guardian portal shows the family's own records, except the account (changed at the ward's counter).
PORTAL_FIELDS = tuple(name for name in FIELDS if name != "guardian.bank_account")


def fields_for_items(items: set[tuple[str, str]]) -> frozenset[str]:
    """The field names that registry items (subject, item name) cover."""
    return frozenset(f.name for f in FIELDS.values() if f.items & items)
