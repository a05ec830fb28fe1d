"""Which vendor parties may read which children's fields: derived from the registry's approvals.

A party may read a field of a child when an external connection (外部結合) or outsourcing contract
(業務委託) of the child's registered business

- has a committee approval that is in force (approved or approved with conditions, not revoked —
  ``governance.committee.selectors.approval_for_part``, the question the exchange gate asks too),
- whose approved version's period includes today (an open end counts; a version whose period has
  ended gives nothing until the renewal is approved — fail closed, as the gate does), and
- whose approved version lists, for that party, an item of that business covering the field
  (``childcare.children.fields``), in either direction: either way the party holds the item.

Nothing else lets a vendor see a child: no approval, no children.
"""

import datetime
from collections import defaultdict

from django.utils import timezone

from childcare.children.fields import fields_for_items
from governance.committee.models import DecisionOutcome
from governance.committee.selectors import approval_for_part
from governance.registry.models import ConnectionItem, ContractItem, ExternalConnection, OutsourcingContract

# business id → party id → field names the party may read of that business's children
PartyFields = dict[int, dict[int, frozenset[str]]]

IN_FORCE = {DecisionOutcome.APPROVED.value, DecisionOutcome.APPROVED_WITH_CONDITIONS.value}


def _in_period(version, today: datetime.date) -> bool:
    start, end = version.period_start, version.period_end
    return (start is None or start <= today) and (end is None or today <= end)


def approved_party_fields(*, municipality_id: int, today: datetime.date | None = None) -> PartyFields:
    """For every business of the tenant, the parties an approval in force lets read its children, and which fields."""
    today = today or timezone.localdate()
    items: dict[tuple[int, int], set[tuple[str, str]]] = defaultdict(set)
    parts = [*ExternalConnection.objects.filter(municipality_id=municipality_id),
             *OutsourcingContract.objects.filter(municipality_id=municipality_id)]
    for part in parts:
        approval = approval_for_part(part)
        if approval is None or approval.status not in IN_FORCE or not _in_period(approval.version, today):
            continue
        if isinstance(part, ExternalConnection):
            lines = ConnectionItem.objects.filter(version=approval.version).values_list(
                "item__business_id", "party_id", "item__subject", "item__name")
        else:
            lines = ContractItem.objects.filter(contractor__version=approval.version).values_list(
                "item__business_id", "contractor__party_id", "item__subject", "item__name")
        for business_id, party_id, subject, name in lines:
            items[(business_id, party_id)].add((subject, name))
    result: PartyFields = defaultdict(dict)
    for (business_id, party_id), pairs in items.items():
        fields = fields_for_items(pairs)
        if fields:
            result[business_id][party_id] = fields
    return dict(result)


def businesses_for_parties(*, municipality_id: int, party_ids: set[int],
                           today: datetime.date | None = None) -> set[int]:
    """Businesses of whose children at least one of the parties may read some field."""
    return {business_id for business_id, parties in approved_party_fields(municipality_id=municipality_id,
                                                                           today=today).items()
            if parties.keys() & party_ids}
