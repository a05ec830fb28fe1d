"""Demo: one exchange in the ledger with its subjects, and an open deletion request for 株式会社内田洋行.

練馬区's centre sends the reservation records of its demo children (childcare's demo, when that app is
installed) to 株式会社内田洋行 over the approved 乳幼児一時預かり予約管理システム connection; then the
first child's records reach the end of their retention and the vendor is asked to erase what it got (the
other children's exchange waits for the retention sweep).
The demo user ``uchida`` (the vendor) sees the request in the portal; ``nerima`` confirms certificates.
The rows carry no personal value — "(デモ)" in every item — only their hash is kept by the ledger anyway.
"""

from django.apps import apps
from django.utils import timezone

from governance.deletion.services import deletion_requests_open_for_subjects
from governance.exchange.models import HandoverLedgerEntry
from governance.registry.models import ExternalConnection
from governance.tenancy.models import Municipality, User

CONNECTION = "乳幼児一時預かり予約管理システム"
VENDOR = "株式会社内田洋行"
PURPOSE = "一時預かり予約管理(デモ)"
PURPOSE_CODE = "governance.system_link"
REASON = "demo: retention of 一時預かり records"


def _demo_children(tenant: Municipality) -> list[tuple[str, str]]:
    """Subjects of the demo exchange: childcare's demo children of the ward (looked up by app registry,
    not imported: governance sits below childcare)."""
    if not apps.is_installed("childcare"):
        return []
    child = apps.get_model("childcare", "Child")
    return [(child._meta.label_lower, str(pk)) for pk in
            child.objects.filter(municipality=tenant).order_by("pk").values_list("pk", flat=True)]


def demo_deletion_load() -> dict[str, int]:
    """Idempotent: once the demo exchange is in the ledger, nothing more is added."""
    from governance.exchange.channels import allowed_items
    from governance.exchange.gate import ExchangeDenied, exchange_request

    added = {"demo exchanges": 0, "demo deletion requests": 0}
    channel = ExternalConnection.objects.filter(title__contains=CONNECTION).first()
    if channel is None or HandoverLedgerEntry.objects.filter(connection=channel, purpose=PURPOSE).exists():
        return added
    subjects = _demo_children(channel.municipality)
    if not subjects:
        return added
    version = channel.versions.order_by("number").first()
    items = allowed_items(version, "connection", version.counterparty)["send"]
    staff = User.objects.get(username="nerima")
    # Two exchanges: the first child's records (already asked back), then the others' (left for the
    # retention sweep to ask back once their period ends).
    for part in (subjects[:1], subjects[1:]):
        if not part:
            continue
        try:
            exchange_request(actor=staff, channel=channel, direction="send", fields=items,
                             purpose_code=PURPOSE_CODE, purpose=PURPOSE,
                             rows=[dict.fromkeys(items, "(デモ)")] * len(part), subjects=part)
        except ExchangeDenied:
            return added  # e.g. the approved period is over on the day the demo is loaded: no demo exchange then
        added["demo exchanges"] += 1
    requests = deletion_requests_open_for_subjects(tenant_id=channel.municipality_id, subjects=subjects[:1],
                                                   reason=REASON, as_of=timezone.localdate())
    added["demo deletion requests"] = len(requests)
    return added

