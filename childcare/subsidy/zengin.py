"""Zengin transfer files (全銀協 総合振込): the layout is data (layouts/zengin_sogo_furikomi.json), this module
fills it and pays each decided application once.

Every record is 120 bytes of JIS X 0201: each field is checked against the banks' characters and its width
before anything is written, numbers are zero-filled and right-aligned, text space-filled and left-aligned. Bank
and branch codes (and their kana names) come from the Zengin code list (the ``zengin-code`` package). The trailer
is checked against the data records before the file is kept. A run records what it paid to whom (``Payment``,
one per application ever), so a second run never pays an application again.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from zengin_code import Bank

from audit.services import audit_record, record_access
from childcare.subsidy.access import PURPOSE_TRANSFER
from childcare.subsidy.errors import SubsidyConflict, SubsidyInvalid, SubsidyRefused
from childcare.subsidy.kana import ALLOWED, zengin_kana
from childcare.subsidy.models import Application, ApplicationState, DecisionOutcome, Payment, Step, TransferRun
from childcare.subsidy.selectors import SubsidyActor

LAYOUT_DIR = Path(__file__).resolve().parent / "layouts"


@dataclass(frozen=True)
class Requester:
    """The ward as the transfer's requester (依頼人): its code at the bank and the account it pays from."""

    code: str
    name: str
    bank_code: str
    branch_code: str
    account_kind: str
    account_number: str


def transfer_requester() -> Requester:
    """The ward's own account, from ``settings.SUBSIDY_ZENGIN_REQUESTER`` (MIMAMORI_SUBSIDY_ZENGIN_REQUESTER; the
    settings refuse to start without it when DEBUG is off, and give the demo's made-up account otherwise)."""
    configured = getattr(settings, "SUBSIDY_ZENGIN_REQUESTER", None)
    if not configured:
        raise SubsidyConflict(_("The ward's requester code and account for transfer files are not configured "
                                "(MIMAMORI_SUBSIDY_ZENGIN_REQUESTER)"), code="subsidy.zengin_requester_missing")
    return Requester(**configured)


@cache
def layout(name: str = "zengin_sogo_furikomi") -> dict:
    return json.loads((LAYOUT_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _cell(field: dict, value, where: str) -> bytes:
    value = field.get("value", value)
    length = field["length"]
    if field["format"] == "N":
        text = str(value if value is not None else 0)
        if not text.isdigit() or len(text) > length:
            raise SubsidyInvalid(_("%(where)s: %(label)s must be at most %(length)d digits")
                                 % {"where": where, "label": field["label"], "length": length},
                                 code="subsidy.zengin_field")
        return text.zfill(length).encode("ascii")
    text = zengin_kana(str(value or ""))
    wrong = sorted({c for c in text if c not in ALLOWED})
    if wrong:
        raise SubsidyInvalid(_("%(where)s: %(label)s holds characters the banks do not accept: %(chars)s")
                             % {"where": where, "label": field["label"], "chars": " ".join(wrong)},
                             code="subsidy.zengin_characters")
    encoded = text.encode("shift_jis")  # the accepted characters are JIS X 0201, one byte each
    return encoded[:length].ljust(length, b" ")


def record(kind: str, values: dict, where: str = "") -> bytes:
    """One record of the layout, exactly ``record_length`` bytes."""
    spec = layout()
    out = b"".join(_cell(field, values.get(field["name"]), where or kind) for field in spec["records"][kind])
    if len(out) != spec["record_length"]:
        raise AssertionError(f"{kind} record is {len(out)} bytes")
    return out


def bank_names(bank_code: str, branch_code: str) -> tuple[str, str]:
    """The kana names of a bank and branch from the Zengin code list; refused for a code not on it."""
    bank = Bank.all.get(bank_code)
    branch = bank.branches.get(branch_code) if bank else None
    if branch is None:
        raise SubsidyInvalid(_("The bank %(bank)s / branch %(branch)s is not in the Zengin code list")
                             % {"bank": bank_code, "branch": branch_code}, code="subsidy.zengin_bank")
    return bank.kana, branch.kana


@dataclass(frozen=True)
class Transfer:
    bank_code: str
    branch_code: str
    account_kind: str
    account_number: str
    payee: str
    amount: int
    customer_code: str


def transfer_file(*, requester: Requester, transfer_on: datetime.date, transfers: list[Transfer]) -> bytes:
    """The whole file: header, one data record per transfer, trailer (count and total, checked), end."""
    separator = layout()["record_separator"].encode("ascii")
    bank, branch = bank_names(requester.bank_code, requester.branch_code)
    records = [record("header", {
        "requester_code": requester.code, "requester_name": requester.name, "transfer_date": f"{transfer_on:%m%d}",
        "bank_code": requester.bank_code, "bank_name": bank, "branch_code": requester.branch_code,
        "branch_name": branch, "account_kind": requester.account_kind, "account_number": requester.account_number})]
    for n, t in enumerate(transfers, start=1):
        bank, branch = bank_names(t.bank_code, t.branch_code)
        records.append(record("data", {
            "bank_code": t.bank_code, "bank_name": bank, "branch_code": t.branch_code, "branch_name": branch,
            "account_kind": t.account_kind, "account_number": t.account_number, "payee_name": t.payee,
            "amount": t.amount, "customer_code_1": t.customer_code}, where=_("transfer %(n)d") % {"n": n}))
    count, total = len(transfers), sum(t.amount for t in transfers)
    records.append(record("trailer", {"count": count, "total": total}))
    records.append(record("end", {}))
    trailer_check(records)
    return separator.join(records) + separator


def trailer_check(records: list[bytes]) -> None:
    """The trailer's count and total must equal the data records'; refused otherwise."""
    data = [r for r in records if r[:1] == b"2"]
    (trailer,) = [r for r in records if r[:1] == b"8"]
    amount = next(f for f in layout()["records"]["data"] if f["name"] == "amount")
    start = sum(f["length"] for f in layout()["records"]["data"][:layout()["records"]["data"].index(amount)])
    total = sum(int(r[start:start + amount["length"]]) for r in data)
    if int(trailer[1:7]) != len(data) or int(trailer[7:19]) != total:
        raise SubsidyConflict(_("The trailer's count and total do not match the data records"),
                              code="subsidy.zengin_trailer")


@transaction.atomic
def transfer_run_create(*, who: SubsidyActor, requester: Requester, transfer_on: datetime.date) -> TransferRun:
    """Pay every decided and notified application not yet paid: the file, and a payment row per application."""
    if not who.ward_staff:
        raise SubsidyRefused(_("Only the ward's staff make transfer files"), code="subsidy.ward_only")
    # Locked, then those without a payment: a concurrent run waits and then finds them paid.
    due = [a for a in Application.objects.select_for_update().filter(
        municipality_id=who.municipality_id, business=who.business, state=ApplicationState.NOTIFIED,
        outcome__in=[DecisionOutcome.APPROVED, DecisionOutcome.PARTLY]).order_by("pk")
        if not Payment.objects.filter(application=a).exists()]
    if not due:
        raise SubsidyConflict(_("No notified application is waiting for payment"), code="subsidy.nothing_to_pay")
    transfers = []
    for application in due:
        account = application.bank_account
        transfers.append(Transfer(account["bank_code"], account["branch_code"], account["kind"],
                                  account["number"], account["holder"], application.decided_yen,
                                  f"{application.pk:010d}"))
    content = transfer_file(requester=requester, transfer_on=transfer_on, transfers=transfers)
    run = TransferRun.objects.create(municipality_id=who.municipality_id, transfer_on=transfer_on, file=content,
                                     sha256=hashlib.sha256(content).hexdigest(), record_count=len(due),
                                     total_yen=sum(t.amount for t in transfers), created_by=who.user)
    Payment.objects.bulk_create([Payment(run=run, application=a, amount_yen=a.decided_yen) for a in due])
    for application in due:
        Step.objects.create(application=application, from_state=application.state, to_state=ApplicationState.PAID,
                            actor=who.user)
        application.state = ApplicationState.PAID
    Application.objects.bulk_update(due, ["state"])
    record_access(subjects=due, fields=["applicant.bank_account"], purpose=PURPOSE_TRANSFER,
                  tenant_id=who.municipality_id)
    audit_record("childcare.subsidy_transfer.created", obj=run, tenant_id=who.municipality_id, actor_id=who.user.pk,
                 subjects=due, data={"record_count": run.record_count, "total_yen": run.total_yen,
                                     "sha256": run.sha256})
    return run


def transfer_file_open(*, who: SubsidyActor, run: TransferRun, channel: str | None = None) -> bytes:
    """A run's file, decrypted for ward staff; it names every payee and account, so the read is recorded."""
    if not who.ward_staff:
        raise SubsidyRefused(_("Only the ward's staff make transfer files"), code="subsidy.ward_only")
    paid = list(Application.objects.filter(payment__run=run))
    record_access(subjects=paid or [run], fields=["applicant.bank_account"], purpose=PURPOSE_TRANSFER,
                  tenant_id=who.municipality_id, channel=channel)
    return bytes(run.file)
