"""Operations support's sync with the ASP vendor of seed 002 (保育業務支援システムの外部結合), through the gate.

Built from the pieces temporary care's sync uses too (``childcare.children.vendor_sync``: how a ward's connection
is found, which items its approval lets travel) and the exchange gate: the approved version's items only, a
purpose code of its own, a handover-ledger entry per file, denied — with nothing moved — once the approval's
period is over.

The registry lists the same item names for the child, the guardian and the household member (氏名, 生年月日 …)
and no identifier item, so one file cannot say whose 氏名 a column is. A sync therefore sends three files, one
per subject (children, guardians, household members), each keyed by the registry's item names; all three are
asked of the gate before any leaves, so a denial moves nothing at all.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from childcare.children.models import Child, ChildGuardian, Guardian, HouseholdMember
from childcare.children.vendor_sync import approved_items, connection_titled
from childcare.operations.errors import OperationsNotFound
from childcare.operations.setup import OPERATIONS_BUSINESS
from governance.exchange.builders import PayloadRequest
from governance.exchange.gate import ExchangeDenied, ExchangeResult, exchange_check, exchange_request
from governance.registry.models import ExternalConnection
from governance.tenancy.models import Municipality, User

PURPOSE_CODE = "childcare.operations.vendor_sync"
OPERATIONS_EXCHANGE_PURPOSES = {PURPOSE_CODE: gettext_lazy(
    "synchronising the nurseries' children, guardians and households with the operations-support system's ASP "
    "vendor")}
CONNECTION_TITLE = "保育業務支援システムの外部結合"

# subject → (payload name, ledger subject type, item name → how the value is read)
CHILD_ITEMS = {
    "氏名": lambda c: c.name, "性別": lambda c: c.sex, "生年月日": lambda c: c.birth_date.isoformat(),
    "国籍": lambda c: c.nationality,
    # 健康状態 covers both of the child's health notes (childcare.children.fields).
    "健康状態": lambda c: "\n".join(v for v in (c.allergy_notes, c.health_notes) if v),
    "発育状況": lambda c: c.development_notes, "保育状況": lambda c: c.care_status,
    "かかりつけ医療機関": lambda c: c.family_doctor,
}
GUARDIAN_ITEMS = {
    "氏名": lambda g: g.name, "住所": lambda g: g.address,
    "生年月日": lambda g: g.birth_date.isoformat() if g.birth_date else "", "国籍": lambda g: g.nationality,
    "続柄": lambda g: g.relationship_to_child, "自宅電話番号": lambda g: g.home_phone,
    "携帯電話番号": lambda g: g.phone,
    "Fax番号": lambda g: g.fax, "勤務先名称": lambda g: g.employer_name, "勤務先住所": lambda g: g.employer_address,
    "勤務先電話番号": lambda g: g.employer_phone, "家庭状況": lambda g: g.family_situation,
    "疾病内容": lambda g: g.illness_notes, "障害内容": lambda g: g.disability_notes, "居住状況": lambda g: g.housing,
}
HOUSEHOLD_ITEMS = {
    "氏名": lambda m: m.name, "続柄": lambda m: m.relationship, "性別": lambda m: m.sex,
    "生年月日": lambda m: m.birth_date.isoformat() if m.birth_date else "",
}
PAYLOADS = {
    "child": ("childcare.operations.vendor.children", "childcare.child", CHILD_ITEMS),
    "guardian": ("childcare.operations.vendor.guardians", "childcare.guardian", GUARDIAN_ITEMS),
    "household_member": ("childcare.operations.vendor.household", "childcare.householdmember", HOUSEHOLD_ITEMS),
}


def vendor_connection(municipality: Municipality) -> ExternalConnection:
    connection = connection_titled(municipality, CONNECTION_TITLE)
    if connection is None:
        raise OperationsNotFound("operations.vendor_connection_missing",
                                 _("%(ward)s has no registered connection with the operations-support system's "
                                   "vendor") % {"ward": municipality.name})
    return connection


def _rows(model, items, pks) -> Iterator[dict]:
    for record in model.objects.filter(pk__in=pks).order_by("pk"):
        yield {item: read(record) or "" for item, read in items.items()}


def child_rows(request: PayloadRequest) -> Iterator[dict]:
    return _rows(Child, CHILD_ITEMS, request.record_ids)


def guardian_rows(request: PayloadRequest) -> Iterator[dict]:
    # 続柄 is held on the link: the relationship to the guardian's first child of this business.
    links = {}
    for link in ChildGuardian.objects.filter(guardian_id__in=request.record_ids, child__business__name=
                                             OPERATIONS_BUSINESS).order_by("guardian_id", "child_id"):
        links.setdefault(link.guardian_id, link)
    for guardian in Guardian.objects.filter(pk__in=request.record_ids).order_by("pk"):
        guardian.relationship_to_child = links[guardian.pk].relationship if guardian.pk in links else ""
        yield {item: read(guardian) or "" for item, read in GUARDIAN_ITEMS.items()}


def household_rows(request: PayloadRequest) -> Iterator[dict]:
    return _rows(HouseholdMember, HOUSEHOLD_ITEMS, request.record_ids)


BUILDERS = {"child": child_rows, "guardian": guardian_rows, "household_member": household_rows}


def _record_ids(municipality: Municipality, today: datetime.date) -> dict[str, list[int]]:
    """The current children of the business at the ward, their guardians and households (none erased)."""
    children = list(Child.objects.filter(
        municipality=municipality, business__name=OPERATIONS_BUSINESS, data_key__shredded_at__isnull=True,
        enrolled_on__lte=today).filter(Q(left_on__isnull=True) | Q(left_on__gte=today)).order_by("pk")
        .values_list("pk", flat=True))
    guardians = list(Guardian.objects.filter(child_links__child_id__in=children, data_key__shredded_at__isnull=True)
                     .distinct().order_by("pk").values_list("pk", flat=True))
    members = list(HouseholdMember.objects.filter(guardian_id__in=guardians).order_by("pk")
                   .values_list("pk", flat=True))
    return {"child": children, "guardian": guardians, "household_member": members}


@dataclass
class Sent:
    results: dict[str, ExchangeResult]  # subject → the file that left (its ledger entry, password shown once)


def vendor_send(*, actor: User, municipality: Municipality, today: datetime.date | None = None) -> Sent:
    """Send the nurseries' current records to the ASP vendor through the gate: three files, or none."""
    today = today or timezone.localdate()
    connection = vendor_connection(municipality)
    allowed = approved_items(connection, "send")
    ids = _record_ids(municipality, today)
    plans = {subject: [item for item in items if item in allowed] for subject, (_p, _s, items) in PAYLOADS.items()}
    # Asked first for all three: a denial of any (the approval's period over …) moves nothing.
    for subject, fields in plans.items():
        check = exchange_check(actor=actor, channel=connection, direction="send", fields=fields,
                               purpose_code=PURPOSE_CODE, record_count=len(ids[subject]), today=today)
        if not check.decision.allow:
            # The gate itself records the denial and raises it.
            exchange_request(actor=actor, channel=connection, direction="send", fields=fields,
                             purpose_code=PURPOSE_CODE, payload=PAYLOADS[subject][0], record_ids=ids[subject],
                             as_file=True, today=today)
            raise ExchangeDenied(check.decision.reasons)  # not reached: the gate raised it
    return Sent({subject: exchange_request(
        actor=actor, channel=connection, direction="send", fields=fields, purpose_code=PURPOSE_CODE,
        payload=PAYLOADS[subject][0], record_ids=ids[subject], as_file=True, today=today,
        file_name=f"nursery-{subject}-{municipality.code}-{today:%Y%m%d}") for subject, fields in plans.items()})


def vendor_payloads_register() -> None:
    from governance.exchange.builders import register_payload_builder
    from governance.exchange.purposes import register_exchange_purposes

    for subject, (payload, subject_type, _items) in PAYLOADS.items():
        register_payload_builder(payload, BUILDERS[subject], subject_type=subject_type)
    register_exchange_purposes(OPERATIONS_EXCHANGE_PURPOSES)
