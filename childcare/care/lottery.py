"""抽選 — a reproducible draw for a month's places at the opening of its booking window, where the facility says so.

1. The lottery opens with the window: a 256-bit seed is drawn, sealed in the row, and its SHA-256 is written to
   the (hash-chained, immutable) audit log — the commitment, made before any application is drawn.
2. For ``lottery_hours`` families apply for places (the same rules as booking, except the places left);
   booking directly is refused meanwhile.
3. After the applications close, the draw: for each place, the applications ordered by
   HMAC-SHA256(seed, entry id); the first ones win as many places as are left (booked through the same
   locks as any booking), the others lose. The seed is revealed with the order per place.
4. Anyone re-runs the draw from the revealed seed: ``lottery_verify`` checks the seed against the committed
   hash in the audit log and recomputes every order (``manage.py care_lottery_verify``, the API).
"""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from childcare.care import rules, services
from childcare.care.errors import CareConflict, CareNotFound, CareRefused
from childcare.care.models import CareFacility, CareLottery, CareLotteryEntry, CarePlace, LotteryOutcome
from childcare.children.models import Child
from common.errors import ApplicationError
from governance.tenancy.models import User


def _rank(seed: str, entry_id: int) -> str:
    return hmac.new(bytes.fromhex(seed), str(entry_id).encode(), hashlib.sha256).hexdigest()


def draw_order(seed: str, entry_ids: list[int]) -> list[int]:
    """The drawn order of a place's applications: a pure function of the seed and the entry ids."""
    return sorted(entry_ids, key=lambda entry_id: (_rank(seed, entry_id), entry_id))


@transaction.atomic
def lottery_open(*, care: CareFacility, month: datetime.date) -> CareLottery:
    """The month's lottery, opened (seed drawn and committed to the audit log) on first need."""
    month = month.replace(day=1)
    CareFacility.objects.select_for_update().get(pk=care.pk)  # one lottery per month, even when two open at once
    lottery = CareLottery.objects.filter(care_facility=care, month=month).first()
    if lottery is not None:
        return lottery
    seed = secrets.token_hex(32)
    lottery = CareLottery.objects.create(
        municipality_id=care.facility.municipality_id, care_facility=care, month=month,
        closes_at=rules.lottery_window(care, month)[1], seed=seed,
        seed_sha256=hashlib.sha256(seed.encode()).hexdigest())
    audit_record("childcare.care_lottery.committed", obj=lottery, tenant_id=lottery.municipality_id,
                 data={"facility_id": care.facility_id, "month": f"{month:%Y-%m}",
                       "seed_sha256": lottery.seed_sha256, "closes_at": lottery.closes_at.isoformat()})
    return lottery


@transaction.atomic
def lottery_apply(*, actor: User, child: Child, facility_id: int, date: datetime.date, slot_code: str,
                  now: datetime.datetime | None = None) -> CareLotteryEntry:
    """Apply for a place in the lottery while its applications are open (the booking rules apply)."""
    now = now or timezone.now()
    req = services.check_request(actor=actor, child=child, facility_id=facility_id, date=date, slot_code=slot_code,
                                 now=now)
    if not rules.in_lottery_window(req.rules, date, now):
        raise CareRefused("care.lottery_closed", _("%(facility)s takes no lottery applications for %(date)s now")
                          % {"facility": req.rules.facility.name, "date": date.isoformat()}, field="date")
    lottery = lottery_open(care=req.rules, month=date)
    place = services.place_get(req)
    if CareLotteryEntry.objects.filter(lottery=lottery, child=child, place__date=date).exists():
        raise CareConflict("care.lottery_already_applied", _("The child has already applied for %(date)s")
                           % {"date": date.isoformat()}, field="date")
    entry = CareLotteryEntry.objects.create(lottery=lottery, place=place, child=child,
                                           registration=req.registration, applied_by=actor)
    audit_record("childcare.care_lottery.applied", obj=entry, tenant_id=lottery.municipality_id, actor_id=actor.pk,
                 subjects=[child], data={"lottery_id": lottery.pk, "place_id": place.pk})
    return entry


def lottery_draw(*, actor: User | None, lottery: CareLottery, now: datetime.datetime | None = None) -> CareLottery:
    """Draw every place of the lottery once its applications are closed, book the winners, reveal the seed."""
    now = now or timezone.now()
    with transaction.atomic():
        lottery = CareLottery.objects.select_for_update().get(pk=lottery.pk)
        if lottery.drawn_at is not None:
            raise CareConflict("care.lottery_drawn", _("This lottery has already been drawn"), field="lottery")
        if now < lottery.closes_at:
            raise CareRefused("care.lottery_not_closed", _("Applications are open until %(time)s; the draw follows")
                              % {"time": f"{timezone.localtime(lottery.closes_at):%Y-%m-%d %H:%M}"},
                              field="lottery")
        by_place: dict[int, list[int]] = {}
        for entry_id, place_id in lottery.entries.order_by("pk").values_list("pk", "place_id"):
            by_place.setdefault(place_id, []).append(entry_id)
        places = {p.pk: p for p in CarePlace.objects.filter(pk__in=by_place)}
        result = {}
        for place_id, entry_ids in sorted(by_place.items()):
            place = places[place_id]
            result[str(place_id)] = {"places": max(place.capacity - place.taken, 0),
                                     "order": draw_order(lottery.seed, entry_ids)}
        lottery.result, lottery.revealed_seed, lottery.drawn_at = result, lottery.seed, now
        lottery.save(update_fields=["result", "revealed_seed", "drawn_at"])
        audit_record("childcare.care_lottery.drawn", obj=lottery, tenant_id=lottery.municipality_id,
                     actor_id=actor.pk if actor else None,
                     data={"seed": lottery.revealed_seed, "seed_sha256": lottery.seed_sha256,
                           "result_sha256": hashlib.sha256(repr(sorted(result.items())).encode()).hexdigest()})
    # Each winner booked in its own transaction under the usual locks; a rule may still refuse one (a cap).
    entries = {e.pk: e for e in lottery.entries.select_related("child", "place__slot__care_facility__facility")}
    for drawn in result.values():
        for position, entry_id in enumerate(drawn["order"]):
            entry = entries[entry_id]
            if position >= drawn["places"]:
                CareLotteryEntry.objects.filter(pk=entry_id).update(outcome=LotteryOutcome.LOST)
                continue
            try:
                booking = services.booking_create(
                    actor=entry.applied_by, child=entry.child, facility_id=entry.place.slot.care_facility.facility_id,
                    date=entry.place.date, slot_code=entry.place.slot.code, now=now, check_window=False)
            except ApplicationError as exc:
                CareLotteryEntry.objects.filter(pk=entry_id).update(outcome=LotteryOutcome.REFUSED,
                                                                   refusal_code=getattr(exc, "code", "")[:40])
            else:
                CareLotteryEntry.objects.filter(pk=entry_id).update(outcome=LotteryOutcome.WON, booking=booking)
    return lottery


def lotteries_due(*, now: datetime.datetime | None = None) -> int:
    """Draw every lottery whose applications have closed (run by beat or the command); returns how many."""
    now = now or timezone.now()
    drawn = 0
    for lottery in CareLottery.objects.filter(drawn_at__isnull=True, closes_at__lte=now):
        lottery_draw(actor=None, lottery=lottery, now=now)
        drawn += 1
    return drawn


@dataclass(frozen=True)
class Verification:
    lottery_id: int
    seed_matches_commitment: bool
    committed_first: bool
    orders_match: bool
    winners_match: bool

    @property
    def ok(self) -> bool:
        return self.seed_matches_commitment and self.committed_first and self.orders_match \
            and self.winners_match


def lottery_verify(*, actor: User | None, lottery_id: int) -> Verification:
    """Re-run a drawn lottery from its revealed seed: the same orders and winners, the seed the one committed."""
    lottery = CareLottery.objects.filter(pk=lottery_id).first()
    if lottery is None or lottery.drawn_at is None:
        raise CareNotFound("care.lottery_not_drawn", _("No drawn lottery %(id)s") % {"id": lottery_id},
                           field="lottery")
    events = AuditEvent.objects.filter(object_id=str(lottery.pk), name__in=[
        "childcare.care_lottery.committed", "childcare.care_lottery.drawn"]).order_by("seq")
    commitment = next((e for e in events if e.name == "childcare.care_lottery.committed"), None)
    drawn_event = next((e for e in events if e.name == "childcare.care_lottery.drawn"), None)
    applied = AuditEvent.objects.filter(name="childcare.care_lottery.applied", object_id__in=[
        str(pk) for pk in lottery.entries.values_list("pk", flat=True)]).order_by("seq").first()
    seed = lottery.revealed_seed
    by_place: dict[str, list[int]] = {}
    for entry_id, place_id in lottery.entries.order_by("pk").values_list("pk", "place_id"):
        by_place.setdefault(str(place_id), []).append(entry_id)
    orders = {place: draw_order(seed, ids) for place, ids in by_place.items()}
    won = {e.pk for e in lottery.entries.all() if e.outcome in (LotteryOutcome.WON, LotteryOutcome.REFUSED)}
    expected_won = {i for place, drawn in lottery.result.items() for i in orders.get(place, [])[:drawn["places"]]}
    verification = Verification(
        lottery_id=lottery.pk,
        seed_matches_commitment=commitment is not None and hashlib.sha256(seed.encode()).hexdigest()
        == commitment.data.get("seed_sha256"),
        # In the hash-chained log's order: the commitment before any application and before the draw.
        committed_first=commitment is not None and drawn_event is not None and commitment.seq < drawn_event.seq
        and (applied is None or commitment.seq < applied.seq),
        orders_match=orders == {place: drawn["order"] for place, drawn in lottery.result.items()},
        winners_match=won == expected_won)
    audit_record("childcare.care_lottery.verified", obj=lottery, tenant_id=lottery.municipality_id,
                 actor_id=actor.pk if actor else None, data={"ok": verification.ok})
    return verification
