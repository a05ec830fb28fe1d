"""The product's own error pages (400, 403, 404, 500), in the user's language, with a way home.

Under /api/ the same errors stay JSON, shaped like the API's other refusals.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _error(request, status: int, error: str, title: str, explanation: str):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"error": error, "message": title}, status=status)
    return render(request, "errors/page.html", {"status": status, "title": title, "explanation": explanation},
                  status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "BadRequest", _("The request could not be understood"),
                  _("Go back, check what you entered and try again."))


def permission_denied(request, exception=None):
    return _error(request, 403, "Forbidden", _("Your role does not allow this page"),
                  _("If you need it for your work, ask an administrator of your municipality."))


def page_not_found(request, exception=None):
    return _error(request, 404, "NotFound", _("There is no such page"),
                  _("The address may be mistyped, or the page has moved or been removed."))


def server_error(request):
    return _error(request, 500, "ServerError", _("Something went wrong on our side"),
                  _("Please try again in a moment. If it happens again, tell an administrator."))
