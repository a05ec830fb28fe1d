"""Reading the handover ledger, narrowed to what the actor may see."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from common.errors import InvalidInput, NotFound
from governance.exchange.models import HandoverLedgerEntry
from governance.registry.access import reader_tenant_ids, vendor_party_ids
from governance.tenancy.models import User

TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class LedgerFilter:
    channel: str = ""  # "connection" | "contract"
    channel_id: int | None = None
    party_id: int | None = None
    direction: str = ""
    start: date | None = None
    end: date | None = None

    @classmethod
    def from_params(cls, params) -> "LedgerFilter":
        values: dict = {}
        for name, parse in (("channel", str), ("channel_id", int), ("party_id", int), ("direction", str),
                            ("start", date.fromisoformat), ("end", date.fromisoformat)):
            raw = (params.get(name) or "").strip()
            if raw:
                try:
                    values[name] = parse(raw)
                except ValueError as exc:
                    raise InvalidInput(
                        _(
                            "'%(raw)s' is not a valid %(name)s"
                        )
                        % {
                            "raw": raw,
                            "name": name,
                        }, field=name) from exc
        if values.get("channel", "connection") not in {"connection", "contract"}:
            raise InvalidInput(_("channel is 'connection' or 'contract'"), field="channel")
        return cls(**values)


def ledger_list(*, actor: User, filters: LedgerFilter = LedgerFilter()) -> QuerySet[HandoverLedgerEntry]:
    """Entries of the actor's tenants (readers of the registry) or of the actor's own party (vendor users)."""
    entries = HandoverLedgerEntry.objects.filter(
        Q(municipality_id__in=reader_tenant_ids(actor)) | Q(party_id__in=vendor_party_ids(actor))
    ).select_related("actor", "party", "connection", "contract")
    f = filters
    if f.channel and f.channel_id:
        entries = entries.filter(**{f.channel + "_id": f.channel_id})
    elif f.channel:
        entries = entries.filter(**{f.channel + "__isnull": False})
    if f.party_id:
        entries = entries.filter(party_id=f.party_id)
    if f.direction:
        entries = entries.filter(direction=f.direction)
    if f.start:
        entries = entries.filter(occurred_at__gte=datetime.combine(f.start, time.min, tzinfo=TOKYO))
    if f.end:
        entries = entries.filter(occurred_at__lt=datetime.combine(f.end + timedelta(days=1), time.min, tzinfo=TOKYO))
    return entries


def ledger_get(*, actor: User, pk) -> HandoverLedgerEntry:
    entry = ledger_list(actor=actor).filter(pk=pk).first()
    if entry is None:
        raise NotFound(_("No ledger entry %(pk)s that you may see") % {"pk": pk})
    return entry
