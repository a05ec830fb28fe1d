"""The vendor's system: registrations and bookings sent to, and received back from, the booking system's vendor.

Seed 003 (練馬区 → 株式会社内田洋行) and seed 000 (新宿区 → the ASP事業者) connect the ward with the vendor's
booking system. Every sync goes through the exchange gate (``governance.exchange.gate``): the approved
version's items only, a registered purpose code, one handover-ledger entry; with the approval expired or the
items not approved the gate denies it and nothing moves.

Passwords: seed 003 lists パスワード among the items. The ward holds no password meant for the vendor — a
login's password hash is the ward's own secret — so パスワード is never asked of the gate, no builder knows it,
and a received file's パスワード column is dropped unread before the gate sees the rows (and counted, so the
ward can tell the vendor to stop sending it).

Outgoing rows leave as the gate's AES-encrypted ZIP kept in the ledger entry (the vendor downloads it from the
handover ledger); its password is shown once to whoever ran the sync. Received rows are reconciled with the
ward's registrations by 児童ID: how many match, differ or are unknown (ids and item names, never values).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from childcare.care.errors import CareInvalid, CareNotFound
from childcare.care.models import BookingStatus, CareBooking, CareFeeStatement, CareRegistration
from childcare.children.models import ChildGuardian
from childcare.children.vendor_sync import approved_items, connection_titled
from governance.exchange.builders import PayloadRequest
from governance.exchange.gate import ExchangeResult, exchange_request
from governance.registry.models import ExternalConnection
from governance.tenancy.models import Municipality, User

PAYLOAD = "childcare.care.vendor"
PURPOSE_CODE = "childcare.care.vendor_sync"
CARE_EXCHANGE_PURPOSES = {PURPOSE_CODE: gettext_lazy("synchronising temporary-care registrations and bookings "
                                                     "with the booking system's vendor")}
# Never sent, never taken in, whatever an approved version lists (see the module's docstring).
NEVER_EXCHANGED = frozenset({"パスワード"})
# The vendor's connection of each ward, by a phrase of its registered title (seeds 003 and 000).
CONNECTIONS = {"練馬区": "乳幼児一時預かり予約管理システム", "新宿区": "一時保育システムの外部結合"}


def vendor_connection(municipality: Municipality) -> ExternalConnection:
    connection = connection_titled(municipality, CONNECTIONS.get(municipality.name))
    if connection is None:
        raise CareNotFound("care.vendor_connection_missing", _("%(ward)s has no registered connection with the "
                                                               "temporary-care booking system's vendor")
                           % {"ward": municipality.name})
    return connection


def _bookings_text(bookings: list[CareBooking]) -> str:
    return "; ".join(f"{b.date:%Y-%m-%d} {b.place.slot.code}@{b.place.care_facility.facility_id}" for b in bookings)


def registration_rows(request: PayloadRequest) -> Iterator[dict]:
    """One row per registration keyed by seed 003's item names; the gate keeps the allowed ones only."""
    registrations = list(CareRegistration.objects.filter(
        municipality_id=request.municipality_id, pk__in=request.record_ids).select_related(
        "child", "facility").order_by("pk"))
    children = [r.child_id for r in registrations]
    guardians = {}
    for link in ChildGuardian.objects.filter(child_id__in=children).select_related("guardian").order_by(
            "child_id", "order", "pk"):
        guardians.setdefault(link.child_id, link.guardian)
    first_dates = dict(CareRegistration.objects.filter(child_id__in=children).values("child_id").annotate(
        first=Min("applied_at")).values_list("child_id", "first"))
    booked: dict[int, list[CareBooking]] = {}
    for booking in CareBooking.objects.filter(child_id__in=children, status=BookingStatus.BOOKED,
                                              date__gte=timezone.localdate()).select_related(
            "place__slot", "place__care_facility").order_by("date"):
        booked.setdefault(booking.child_id, []).append(booking)
    used = dict(CareBooking.objects.filter(child_id__in=children, checked_in_at__isnull=False).values(
        "child_id").annotate(n=Count("pk")).values_list("child_id", "n"))
    unpaid = dict(CareFeeStatement.objects.filter(
        guardian_id__in=[g.pk for g in guardians.values()], charge__isnull=False).exclude(
        charge__slips__status="paid").values("guardian_id").annotate(n=Count("pk")).values_list("guardian_id", "n"))
    for registration in registrations:
        child, guardian = registration.child, guardians.get(registration.child_id)
        yield {
            "児童ID": str(child.record_uid),
            "児童氏名": child.name,
            "児童生年月日": child.birth_date.isoformat(),
            "住所": child.address,
            "世帯ID": guardian.pk if guardian else "",
            "電話番号": guardian.phone if guardian else "",
            "電話番号(携帯)": guardian.phone if guardian else "",
            "保護者氏名": guardian.name if guardian else "",
            "メールアドレス": guardian.email if guardian else "",
            "更新日始期": datetime.date(registration.fiscal_year, 4, 1).isoformat(),
            "更新日終期": registration.valid_until.isoformat(),
            "初回登録日": timezone.localtime(first_dates[registration.child_id]).date().isoformat(),
            "登録施設名": registration.facility.name,
            "登録有効期限": registration.valid_until.isoformat(),
            "アレルギーの有無・内容": registration.allergy_notes or "",
            "疾病・ケガの有無・内容": registration.health_notes or "",
            "障害の有無・内容": registration.disability_notes or "",
            "申送事項": registration.notes or "",
            "予約状況": _bookings_text(booked.get(registration.child_id, [])),
            "料金支払状況": "未納あり" if guardian and unpaid.get(guardian.pk) else "未納なし",
            "利用実績": used.get(registration.child_id, 0),
        }


def registration_subjects(request: PayloadRequest) -> Iterator[tuple[str, int]]:
    for child_id in CareRegistration.objects.filter(municipality_id=request.municipality_id,
                                                    pk__in=request.record_ids).values_list("child_id", flat=True):
        yield "childcare.child", child_id


def vendor_send(*, actor: User, municipality: Municipality, today: datetime.date | None = None) -> ExchangeResult:
    """Send the ward's current registrations (approved, not expired) with their bookings through the gate."""
    today = today or timezone.localdate()
    connection = vendor_connection(municipality)
    ids = list(CareRegistration.objects.filter(municipality=municipality, status="approved",
                                               valid_until__gte=today).order_by("pk").values_list("pk", flat=True))
    return exchange_request(actor=actor, channel=connection, direction="send",
                            fields=approved_items(connection, "send", never=NEVER_EXCHANGED),
                            purpose_code=PURPOSE_CODE, payload=PAYLOAD, record_ids=ids, as_file=True,
                            file_name=f"care-{municipality.code}-{today:%Y%m%d}", today=today)


@dataclass
class Received:
    result: ExchangeResult
    matched: int = 0
    differing: dict[str, int] = field(default_factory=dict)  # item name → rows whose value differs from ours
    unknown: int = 0
    dropped_passwords: int = 0


def vendor_receive(*, actor: User, municipality: Municipality, rows: list[dict],
                   today: datetime.date | None = None) -> Received:
    """Take the vendor's rows in through the gate and reconcile them with the ward's registrations."""
    connection = vendor_connection(municipality)
    dropped = sum(1 for row in rows if any(k in NEVER_EXCHANGED for k in row))
    rows = [{k: v for k, v in row.items() if k not in NEVER_EXCHANGED} for row in rows]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if rows and "児童ID" not in columns:
        raise CareInvalid("care.vendor_rows_without_id", _("The vendor's rows carry no 児童ID to match them by"),
                          field="rows")
    known = {str(r.child.record_uid): r for r in CareRegistration.objects.filter(
        municipality=municipality).select_related("child", "facility").order_by("fiscal_year")}
    subjects = [("childcare.child", known[str(row.get("児童ID"))].child_id) for row in rows
                if str(row.get("児童ID")) in known]
    result = exchange_request(actor=actor, channel=connection, direction="receive", fields=columns,
                              purpose_code=PURPOSE_CODE, rows=rows, today=today, subjects=subjects)
    received = Received(result=result, dropped_passwords=dropped)
    compared = {"登録有効期限": lambda r: r.valid_until.isoformat(), "登録施設名": lambda r: r.facility.name}
    for row in result.rows or []:
        registration = known.get(str(row.get("児童ID")))
        if registration is None:
            received.unknown += 1
            continue
        received.matched += 1
        for item, ours in compared.items():
            if item in row and str(row[item]) != ours(registration):
                received.differing[item] = received.differing.get(item, 0) + 1
    return received
