"""Consistency review: what the registry says about a business (or the versions a submission bundles)
that does not add up — the checks no form on paper makes.

Each finding has a code, a severity (error / warning / info), a message naming the objects, and references
({type, id, label}) to them. `business_findings` reviews the latest version of every part of a business;
`version_findings` reviews any list of versions (what a committee submission bundles).
"""

import datetime
from dataclasses import asdict, dataclass, field

from django.utils import timezone

from governance.registry.models import (
    ConnectionVersion,
    ContractVersion,
    DataItem,
    ItemCategory,
    RegisteredBusiness,
)
from governance.registry.selectors import business_parts
from governance.registry.versioning import version_latest
from governance.tenancy.models import Party, PartySelection

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    references: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _ref(obj) -> dict:
    if isinstance(obj, ConnectionVersion | ContractVersion):
        kind = "connection" if isinstance(obj, ConnectionVersion) else "contract"
        return {"type": f"{kind}_version", "id": obj.pk, "part_id": obj.part_id, "number": obj.number,
                "label": f"{obj.part} v{obj.number}"}
    return {"type": obj._meta.model_name, "id": obj.pk, "label": str(obj)}


def _names(items) -> str:
    return "、".join(item.label for item in items)


def _connection_grants(version: ConnectionVersion) -> dict[int, set[int]]:
    grants: dict[int, set[int]] = {}
    for line in version.item_lines.all():
        grants.setdefault(line.party_id, set()).add(line.item_id)
    return grants


def _contract_grants(version: ContractVersion) -> dict[int, set[int]]:
    grants: dict[int, set[int]] = {}
    for contractor in version.contractors.all():
        grants[contractor.party_id] = set(contractor.item_lines.values_list("item_id", flat=True))
    return grants


def _period(version) -> tuple[datetime.date | None, datetime.date | None]:
    return version.period_start, version.period_end


def _items_between_sections(connections, contracts) -> list[Finding]:
    """A party the contract lets process items that the connection does not carry for it, or vice versa."""
    findings = []
    items = {i.pk: i for i in DataItem.objects.filter(pk__in={
        pk for v in [*connections, *contracts]
        for grants in [(_connection_grants if isinstance(v, ConnectionVersion) else _contract_grants)(v)]
        for ids in grants.values() for pk in ids})}
    for connection in connections:
        connection_grants = _connection_grants(connection)
        for contract in contracts:
            contract_grants = _contract_grants(contract)
            for party_id in sorted(set(connection_grants) & set(contract_grants)):
                in_contract, in_connection = contract_grants[party_id], connection_grants[party_id]
                if not in_contract or not in_connection or in_contract == in_connection:
                    continue
                party = Party.objects.get(pk=party_id)
                only_contract = sorted((items[i] for i in in_contract - in_connection), key=lambda i: i.order)
                only_connection = sorted((items[i] for i in in_connection - in_contract), key=lambda i: i.order)
                parts = []
                if only_contract:
                    parts.append(f"the contract lets it process {_names(only_contract)}, which the connection "
                                 f"does not carry for it")
                if only_connection:
                    parts.append(f"the connection carries {_names(only_connection)} for it, which the contract "
                                 f"does not let it process")
                findings.append(Finding(
                    "items_disagree_between_sections", ERROR,
                    f"'{party}': {'; '.join(parts)} ('{contract.part}' v{contract.number} vs "
                    f"'{connection.part}' v{connection.number})",
                    [_ref(party), _ref(contract), _ref(connection),
                     *(_ref(i) for i in only_contract + only_connection)]))
    return findings


def _record_form(version: ConnectionVersion) -> list[Finding]:
    """The 電算結合記録票 must list the same items as the connection, per direction."""
    findings = []
    for direction, names in sorted((version.record_form_items or {}).items()):
        carried = [line.item for line in version.item_lines.filter(direction=direction).select_related("item")]
        carried_names = [item.name for item in carried]
        only_form = [n for n in names if n not in carried_names]
        only_items = [n for n in carried_names if n not in names]
        if only_form or only_items:
            findings.append(Finding(
                "record_form_disagrees", WARNING,
                f"The 電算結合記録票 of '{version.part}' v{version.number} ({direction}) names "
                f"{'、'.join(only_form) or 'nothing else'} where the connection's item list names "
                f"{'、'.join(only_items) or 'nothing else'}",
                [_ref(version), *(_ref(i) for i in carried if i.name in only_items)]))
    return findings


def _credentials(version) -> list[Finding]:
    if isinstance(version, ConnectionVersion):
        carried = {line.item for line in version.item_lines.select_related("item")}
    else:
        carried = {line.item for c in version.contractors.all() for line in c.item_lines.select_related("item")}
    credentials = sorted((i for i in carried if i.category == ItemCategory.CREDENTIAL or "パスワード" in i.name),
                         key=lambda i: i.order)
    return [Finding("credential_in_flow", WARNING,
                    f"'{version.part}' v{version.number} carries the credential '{item.label}': a password should be "
                    f"stored hashed and never exchanged",
                    [_ref(version), _ref(item)]) for item in credentials]


def _parties_of(version) -> list[Party]:
    if isinstance(version, ConnectionVersion):
        ids = {version.counterparty_id, *version.item_lines.values_list("party_id", flat=True)}
    else:
        ids = set(version.contractors.values_list("party_id", flat=True))
    return list(Party.objects.filter(pk__in=ids).prefetch_related("certifications").order_by("name"))


def _certifications(version, today: datetime.date) -> list[Finding]:
    findings = []
    _start, end = _period(version)
    for party in _parties_of(version):
        held = {c.kind: c for c in party.certifications.all()}
        for kind in version.required_certifications:
            certificate = held.get(kind)
            if certificate is None:
                pending = party.selection != PartySelection.NAMED
                findings.append(Finding(
                    "certification_missing", WARNING if pending else ERROR,
                    f"'{party}' has no {kind} certification recorded, which '{version.part}' v{version.number} "
                    f"requires" + (f" (the party is {party.get_selection_display()})" if pending else ""),
                    [_ref(party), _ref(version)]))
            elif certificate.valid_until is None or not certificate.number:
                findings.append(Finding(
                    "certification_unverifiable", WARNING,
                    f"The {kind} certification of '{party}' has no number or expiry recorded, so its validity for "
                    f"'{version.part}' cannot be checked", [_ref(party), _ref(certificate), _ref(version)]))
            elif certificate.valid_until < today or (end and certificate.valid_until < end):
                findings.append(Finding(
                    "certification_expired", ERROR,
                    f"The {kind} certification of '{party}' is valid until {certificate.valid_until.isoformat()}, "
                    f"before the end of '{version.part}' v{version.number}",
                    [_ref(party), _ref(certificate), _ref(version)]))
    return findings


def _hosting(version) -> list[Finding]:
    findings = []
    for party in _parties_of(version):
        outside = (party.hosting_country not in ("", "JP")) or party.japanese_law_applies is False
        if outside:
            where = party.hosting_country or "Japanese law does not apply"
            findings.append(Finding(
                "hosting_outside_japan", ERROR if version.requires_japanese_jurisdiction else WARNING,
                f"'{party}' hosts outside Japanese jurisdiction ({where}) in '{version.part}' v{version.number}",
                [_ref(party), _ref(version)]))
        elif version.requires_japanese_jurisdiction and party.japanese_law_applies is None \
                and party.selection == PartySelection.NAMED:
            findings.append(Finding(
                "hosting_unknown", INFO,
                f"'{version.part}' requires servers under Japanese law; where '{party}' hosts is not recorded",
                [_ref(party), _ref(version)]))
    return findings


def _periods(connections, contracts) -> list[Finding]:
    findings = []
    for version in [*connections, *contracts]:
        if version.period_start is None:
            findings.append(Finding("period_missing", WARNING,
                                    f"'{version.part}' v{version.number} states no start date"
                                    + (f" ({version.period_note})" if version.period_note else ""), [_ref(version)]))
    for connection in connections:
        for contract in contracts:
            if connection.counterparty_id not in set(contract.contractors.values_list("party_id", flat=True)):
                continue
            (cs, ce), (ks, ke) = _period(connection), _period(contract)
            if (cs and ks and cs < ks) or (ce and ke and ce > ke) or (ce is None and ke is not None and cs):
                findings.append(Finding(
                    "period_outside_contract", ERROR,
                    f"'{connection.part}' runs {cs} – {ce or 'open'}, outside '{contract.part}' ({ks} – {ke})",
                    [_ref(connection), _ref(contract)]))
    return findings


def _recipients(connections, contracts) -> list[Finding]:
    """Every party data flows to must be bound by a contract (or be a connection's counterparty)."""
    findings = []
    contracted = {pid for c in contracts for pid in c.contractors.values_list("party_id", flat=True)}
    for connection in connections:
        for party in _parties_of(connection):
            if party.pk not in contracted:
                is_counterparty = party.pk == connection.counterparty_id
                findings.append(Finding(
                    "recipient_without_contract", INFO if is_counterparty else WARNING,
                    f"'{party}' receives items over '{connection.part}' but is a contractor in no outsourcing "
                    f"contract of the business" + (" (it is the connection's counterparty)" if is_counterparty else ""),
                    [_ref(party), _ref(connection)]))
    return findings


def _by_reference(versions) -> list[Finding]:
    findings = []
    for version in versions:
        has_items = version.item_lines.exists() if isinstance(version, ConnectionVersion) else any(
            c.item_lines.exists() for c in version.contractors.all())
        if not has_items:
            findings.append(Finding(
                "items_not_listed", WARNING,
                f"'{version.part}' v{version.number} lists no items"
                + (f" (they are in {version.items_reference})" if version.items_reference else "")
                + ": nothing can be checked against what it carries", [_ref(version)]))
    return findings


def _sensitive(items) -> list[Finding]:
    return [Finding("sensitive_without_reason", WARNING,
                    f"'{item.label}' of '{item.business}' is marked 要配慮個人情報 with no reason stated",
                    [_ref(item), _ref(item.business)])
            for item in items if item.sensitive and not item.sensitive_reason]


def version_findings(versions, *, today: datetime.date | None = None) -> list[Finding]:
    """Findings for a set of connection and contract versions reviewed together (e.g. one submission)."""
    today = today or timezone.localdate()
    connections = [v for v in versions if isinstance(v, ConnectionVersion)]
    contracts = [v for v in versions if isinstance(v, ContractVersion)]
    findings = _items_between_sections(connections, contracts)
    for version in connections:
        findings += _record_form(version)
    for version in [*connections, *contracts]:
        findings += _credentials(version) + _certifications(version, today) + _hosting(version)
    findings += _periods(connections, contracts) + _recipients(connections, contracts)
    findings += _by_reference([*connections, *contracts])
    return findings


def business_findings(*, business: RegisteredBusiness, today: datetime.date | None = None) -> list[Finding]:
    """Findings for the latest version of every connection and contract of a business, and for its items."""
    parts = business_parts(business=business)
    versions = [version_latest(part=p) for p in parts["connections"] + parts["contracts"]]
    return _sensitive(business.items.all()) + version_findings(versions, today=today)
