"""Small helpers for server-rendered pages."""


def is_htmx(request) -> bool:
    """An htmx request wants a fragment, not the whole page."""
    return request.headers.get("HX-Request") == "true"


def page_view(view):
    """A page that needs a login; a refusal from a selector or service becomes 403 or 404, never a 500."""
    import functools

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from common.errors import Forbidden, NotFound

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        except NotFound as exc:
            raise Http404(exc.message) from exc
    return wrapped
