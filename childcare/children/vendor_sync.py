"""What the childcare services' vendor syncs share (temporary care's booking system, operations support's ASP):
finding a ward's registered connection, and the items its approval lets travel. Each service builds its own rows
and purpose; the exchange gate decides."""

from governance.committee.selectors import approval_for_part
from governance.exchange.channels import allowed_items
from governance.registry.models import ExternalConnection
from governance.tenancy.models import Municipality


def connection_titled(municipality: Municipality, phrase: str | None) -> ExternalConnection | None:
    """The ward's registered connection whose title contains the phrase (the oldest), if any."""
    return ExternalConnection.objects.filter(municipality=municipality, title__contains=phrase).order_by(
        "pk").first() if phrase else None


def approved_items(connection: ExternalConnection, direction: str, *, never: frozenset[str] = frozenset()) -> list[str]:
    """The items the approved version (else the latest) lets travel this way, less the ones ``never`` exchanged."""
    approval = approval_for_part(connection)
    version = approval.version if approval else connection.versions.order_by("-number").first()
    return [i for i in allowed_items(version, "connection", version.counterparty)[direction] if i not in never]
