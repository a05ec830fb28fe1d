"""DRF glue: the one exception handler that turns domain errors into specific HTTP answers."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import ApplicationError, TooLarge


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
