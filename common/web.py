"""Small helpers for server-rendered pages."""


def is_htmx(request) -> bool:
    """An htmx request wants a fragment, not the whole page."""
    return request.headers.get("HX-Request") == "true"
