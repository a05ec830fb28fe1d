"""Registered purposes of an exchange (交換の目的): the codes the immutable audit log carries for it.

The hash-chained audit log can never be erased, so an exchange's audit event names its purpose by a code
from this register, never by text someone typed; words about an exchange live in its ledger entry, which
an administrator can erase (``ledger_entry_purpose_erase``). Apps register the purposes of their own
exchanges in ``AppConfig.ready()``, as they register their audit events.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import InvalidInput

EXCHANGE_PURPOSES = {
    "governance.outsourced_processing": gettext_lazy("processing by a contracted vendor"),
    "governance.system_link": gettext_lazy("linking the ward's system with an outside system"),
    "governance.provision": gettext_lazy("provision to an outside party"),
}

_purposes: dict[str, str] = {}


def register_exchange_purposes(purposes: Mapping[str, str]) -> None:
    """Add purpose codes (``"<app>.<purpose>"``) and their labels to the register."""
    _purposes.update(purposes)


def exchange_purposes() -> dict[str, str]:
    """Every registered purpose code and its label, by code."""
    return dict(sorted(_purposes.items()))


def exchange_purpose_check(code: str) -> str:
    """The code, if it is registered; else an InvalidInput naming the registered ones."""
    if code not in _purposes:
        raise InvalidInput(_("Choose a registered purpose for the exchange: %(codes)s")
                           % {"codes": ", ".join(sorted(_purposes))}, field="purpose_code")
    return code
