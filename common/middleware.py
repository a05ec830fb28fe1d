"""Error pages as in production while DEBUG is on, and denials logged without their traceback."""

import logging

from django.conf import settings
from django.http import Http404

from common.views import page_not_found


class NotFoundPageMiddleware:
    """With DEBUG on, Django answers a missing page with its technical 404 (URL patterns, in English):
    `make run` shows the product's own 404 instead. Errors with DEBUG off go to config.urls' handlers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No resolver match: no route took the address (Resolver404 is raised before any view runs).
        if settings.DEBUG and response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return page_not_found(request)
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class DenialWithoutTraceback(logging.Filter):
    """A refused request (403) is an expected outcome, not a fault: one line in the log, no traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
