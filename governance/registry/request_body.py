"""Reading a JSON request body: the object itself, and the tenant a new row is for."""

from django.utils.translation import gettext as _

from common.errors import InvalidInput
from governance.registry.access import reader_tenant_ids
from governance.tenancy.models import Municipality


def body_object(data, field: str = "body") -> dict:
    """The request body as a dict, refusing anything but a JSON object."""
    if not isinstance(data, dict):
        raise InvalidInput(_("The request body must be a JSON object"), field=field)
    return dict(data)


def body_municipality(request, data: dict) -> Municipality:
    """The tenant a new row is for: named in the body (popped from it), or the caller's only readable tenant."""
    tenants = reader_tenant_ids(request.user)
    value = data.pop("municipality", None)
    if value is None:
        if len(tenants) != 1:
            raise InvalidInput(_("Name the municipality the row is for"), field="municipality")
        value = next(iter(tenants))
    municipality = Municipality.objects.filter(pk=value).first() if str(value).isdigit() else None
    if municipality is None or municipality.pk not in tenants:
        raise InvalidInput(_("Unknown municipality %(value)s") % {"value": f"{value!r}"}, field="municipality")
    return municipality
