"""Writes on the handover ledger besides the gate's own: erasing the text written about an exchange."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, Forbidden
from governance.exchange.models import HandoverLedgerEntry
from governance.tenancy.models import Membership, Role, User


@transaction.atomic
def ledger_entry_purpose_erase(*, actor: User, entry: HandoverLedgerEntry) -> HandoverLedgerEntry:
    """Erase the free text of an entry's purpose (administrators of its municipality); its code stays.

    The text was never in the audit log; the event of its erasure names the entry, not the text.
    """
    if not Membership.objects.filter(user=actor, municipality_id=entry.municipality_id,
                                     role=Role.ADMINISTRATOR).exists():
        raise Forbidden(_("Only an administrator of the municipality may erase what was written about an exchange"))
    if entry.purpose_erased_at is not None:
        raise Conflict(_("The text of this exchange's purpose is already erased"))
    entry.purpose, entry.purpose_erased_at = "", timezone.now()
    entry.save(update_fields=["purpose", "purpose_erased_at"])
    audit_record("governance.ledger.purpose_erased", obj=entry, tenant_id=entry.municipality_id, actor_id=actor.pk)
    return entry
