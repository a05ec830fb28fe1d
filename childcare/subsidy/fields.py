"""The subsidy's personal fields: their names for access events, the model attribute holding each, and the
registry item (seed 004: 氏名, 住所, 生年月日, 電話番号, メールアドレス, 銀行口座情報, 相談内容) that lets the
contractor read it. A field without an item (the child's name and date of birth) is read by the ward's staff only."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SubsidyField:
    name: str  # "applicant.name": what the access events list
    attribute: str  # the model attribute
    label: Promise
    item: str | None  # the registry item covering it, None: no contractor reads it


FIELDS: dict[str, SubsidyField] = {f.name: f for f in (
    SubsidyField("applicant.name", "applicant_name", _("Applicant"), "氏名"),
    SubsidyField("applicant.address", "applicant_address", _("Home address"), "住所"),
    SubsidyField("applicant.birth_date", "applicant_birth_date", _("Applicant's date of birth"), "生年月日"),
    SubsidyField("applicant.phone", "applicant_phone", _("Phone"), "電話番号"),
    SubsidyField("applicant.email", "applicant_email", _("E-mail"), "メールアドレス"),
    SubsidyField("applicant.bank_account", "bank_account", _("Bank account"), "銀行口座情報"),
    SubsidyField("child.name", "child_name", _("Child"), None),
    SubsidyField("child.birth_date", "child_birth_date", _("Child's date of birth"), None),
    SubsidyField("inquiry.content", "content", _("Inquiry"), "相談内容"),
)}
APPLICATION_FIELDS = tuple(n for n in FIELDS if n != "inquiry.content")
LIST_FIELDS = ("applicant.name", "child.name")
# The registry items a LoGo export carries (what the exchange gate is asked to receive).
IMPORT_ITEMS = ("氏名", "住所", "生年月日", "電話番号", "メールアドレス", "銀行口座情報")


def fields_for_items(items: set[str]) -> frozenset[str]:
    """The field names the approved registry items cover."""
    return frozenset(f.name for f in FIELDS.values() if f.item in items)

# What each kind of document shows of whom, so that the contractor opens only a document whose every field its
# approved items cover: a receipt names the payer (the applicant); the company's itemised statement and the form
# name the child too, which no contract item covers.
DOCUMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "receipt": ("applicant.name",),
    "statement": ("applicant.name", "child.name"),
    "form": APPLICATION_FIELDS,
}
