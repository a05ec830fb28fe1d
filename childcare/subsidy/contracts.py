"""Seed 004's business and contract as the registry holds them, and what the contractor's approval lets it read.

The subsidy is run under one registered business per ward (ベビーシッター利用支援事業); its contractor reads the
items an outsourcing contract of that business lists for the party in the version the committee approved,
while that approval is in force and its period includes today. Nothing else lets a vendor see an application.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import Conflict
from governance.committee.models import DecisionOutcome
from governance.committee.selectors import approval_for_part
from governance.registry.models import ContractItem, OutsourcingContract, RegisteredBusiness

BUSINESS_NAME = "ベビーシッター利用支援事業（一時預かり利用支援）"
IN_FORCE = {DecisionOutcome.APPROVED.value, DecisionOutcome.APPROVED_WITH_CONDITIONS.value}


def subsidy_business(*, municipality_id: int) -> RegisteredBusiness:
    """The ward's registered business of the babysitter subsidy; Conflict when the registry has none."""
    business = RegisteredBusiness.objects.filter(municipality_id=municipality_id, name=BUSINESS_NAME).first()
    if business is None:
        raise Conflict(_("The registry holds no business “%(name)s” for this ward: register it first")
                       % {"name": BUSINESS_NAME}, field="business")
    return business


def subsidy_contract(*, business: RegisteredBusiness) -> OutsourcingContract:
    """The outsourcing contract (業務委託) of the business, the channel LoGo exports come in through."""
    contract = OutsourcingContract.objects.filter(businesses=business).order_by("pk").first()
    if contract is None:
        raise Conflict(_("The business “%(name)s” has no outsourcing contract in the registry")
                       % {"name": business.name}, field="contract")
    return contract


def approved_items(*, business: RegisteredBusiness, party_ids: set[int],
                   today: datetime.date | None = None) -> set[str]:
    """The item names the approved, in-force, in-period contract versions of the business list for the parties."""
    today = today or timezone.localdate()
    names: set[str] = set()
    for contract in OutsourcingContract.objects.filter(businesses=business):
        approval = approval_for_part(contract)
        if approval is None or approval.status not in IN_FORCE:
            continue
        version = approval.version
        start, end = version.period_start, version.period_end
        if (start and today < start) or (end and today > end):
            continue
        names.update(ContractItem.objects.filter(contractor__version=version, contractor__party_id__in=party_ids,
                                                 item__business=business).values_list("item__name", flat=True))
    return names
