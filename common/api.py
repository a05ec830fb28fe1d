"""DRF glue: the one exception handler that turns domain errors into specific HTTP answers, and query parameters
read through a serializer."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import ApplicationError, InvalidInput, TooLarge

# Primary keys are PostgreSQL bigints: a larger number names no row (and would overflow the driver).
ID_MAX = 2**63 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    """An integer naming a row, refused when it cannot be a primary key."""
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


def query_params(serializer_class: type[serializers.Serializer], request) -> dict:
    """The request's query parameters validated by ``serializer_class``; the first bad one is a 400 naming it,
    with DRF's error code (``invalid``, ``max_value`` …) as the machine-readable detail."""
    serializer = serializer_class(data=request.query_params)
    if serializer.is_valid():
        return serializer.validated_data
    name, errors = next(iter(serializer.errors.items()))
    error = errors[0] if isinstance(errors, list) else errors
    raise InvalidInput(_("The query parameter %(name)s is not valid: %(reason)s") % {"name": name, "reason": error},
                       field=name, details={"code": getattr(error, "code", "invalid")})


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE while DRF parses it; left alone it is a 400
        # page in HTML (the debug page with DEBUG on), not an answer a program can read.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = TooLarge(_("The request body is larger than the limit of %(limit)s bytes for data sent in the body "
                         "(files sent as multipart/form-data have limits of their own).") % {"limit": f"{limit:,}"},
                       code="request_too_large", details={"max_bytes": limit})
    if isinstance(exc, ApplicationError):
        return Response(exc.as_dict(), status=exc.status_code)
    return drf_exception_handler(exc, context)
