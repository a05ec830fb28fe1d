"""What the exchange policy is asked: the policy input, built from the APPROVED version of a channel.

A channel is an external connection (外部結合) or an outsourcing contract (業務委託). Everything the
policy weighs — period, items per party and direction, checklist answers, certifications, hosting,
designated handlers — comes from the version the committee approved, never from a later draft.
"""

from typing import Any

from django.db.models import Q

from governance.registry.models import (
    ConnectionDirection,
    ConnectionItem,
    ContractDirection,
    ContractItem,
    ContractParty,
    ExternalConnection,
    OutsourcingContract,
)
from governance.tenancy.models import Membership, Party, Role, User

Channel = ExternalConnection | OutsourcingContract

# Which registry directions let an item travel which way (for the party concerned).
CONNECTION_DIRECTIONS = {
    "send": {ConnectionDirection.SENT, ConnectionDirection.HANDLED},
    "receive": {ConnectionDirection.RECEIVED, ConnectionDirection.HANDLED},
}
CONTRACT_DIRECTIONS = {
    "send": {ContractDirection.PROVIDED, ContractDirection.PROCESSED},
    "receive": {ContractDirection.COLLECTED, ContractDirection.PROCESSED},
}


def channel_kind(channel: Channel) -> str:
    return "connection" if isinstance(channel, ExternalConnection) else "contract"


def channel_parties(version, kind: str) -> list[Party]:
    """The parties an approved version lets the ward exchange with."""
    if kind == "connection":
        ids = {version.counterparty_id, *ConnectionItem.objects.filter(version=version).values_list("party_id",
                                                                                                     flat=True)}
    else:
        ids = set(ContractParty.objects.filter(version=version).values_list("party_id", flat=True))
    return list(Party.objects.filter(pk__in=ids).order_by("name"))


def allowed_items(version, kind: str, party: Party) -> dict[str, list[str]]:
    """Item names approved for the party, per direction (send = ward → party)."""
    if kind == "connection":
        lines = ConnectionItem.objects.filter(version=version, party=party).values_list("item__name", "direction")
        table = CONNECTION_DIRECTIONS
    else:
        lines = ContractItem.objects.filter(contractor__version=version, contractor__party=party).values_list(
            "item__name", "direction")
        table = CONTRACT_DIRECTIONS
    allowed: dict[str, list[str]] = {"send": [], "receive": []}
    for name, direction in lines:
        for way, directions in table.items():
            if direction in directions and name not in allowed[way]:
                allowed[way].append(name)
    return allowed


def approved_media(version, kind: str, party: Party) -> list[str]:
    """The media (記録媒体) a contract version lists for the party; connections list none."""
    if kind == "connection":
        return []
    media: list[str] = []
    for lines in ContractParty.objects.filter(version=version, party=party).values_list("media", flat=True):
        media.extend(m for m in lines or [] if m not in media)
    return media


def designated_handler_ids(version, kind: str, channel: Channel) -> list[int]:
    """取扱者: the handlers a contract version names; where it names none (and for connections), the
    seeds' 決められた区職員および施設職員 — staff of the departments owning the channel's businesses and
    of those departments' facilities."""
    if kind == "contract":
        named = list(version.handlers.values_list("pk", flat=True))
        if named:
            return sorted(named)
    departments = list(channel.businesses.values_list("department_id", flat=True))
    staff = Membership.objects.filter(
        Q(role=Role.DEPARTMENT_STAFF, department_id__in=departments)
        | Q(role=Role.FACILITY_STAFF, facility__department_id__in=departments),
        municipality_id=channel.municipality_id,
    )
    return sorted(set(staff.values_list("user_id", flat=True)))


def period_of(version) -> dict[str, str | None]:
    """The approved period. A part that renews yearly (次年度以降も同様) still ends where its approved
    version ends: the renewal is a new approved version, never an assumption (fail closed)."""
    return {"start": version.period_start.isoformat() if version.period_start else None,
            "end": version.period_end.isoformat() if version.period_end else None}


def actor_input(actor: User, municipality_id: int) -> dict[str, Any]:
    memberships = actor.memberships.filter(municipality_id=municipality_id)
    party_ids = [m.party_id for m in memberships if m.party_id]
    return {"user_id": actor.pk, "roles": sorted({m.role for m in memberships}),
            "party_id": party_ids[0] if party_ids else None}


def party_input(party: Party) -> dict[str, Any]:
    hosting_in_japan = party.japanese_law_applies is not False and party.hosting_country in ("", "JP")
    # A certificate whose expiry the registry does not know cannot be relied on: it counts as missing.
    certifications = [{"kind": c.kind, "number": c.number, "valid_until": c.valid_until.isoformat()}
                      for c in party.certifications.all() if c.valid_until]
    return {"id": party.pk, "name": party.name, "hosting_in_japan": hosting_in_japan,
            "certifications": certifications}
