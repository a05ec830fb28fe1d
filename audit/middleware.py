"""Binds the audit context (request id, channel, address, the request for its actor) per request."""

from audit.context import AuditContext, Channel, activate, deactivate, new_request_id


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id()
        channel = Channel.API if request.path.startswith("/api/") else Channel.WEB
        # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy sets it.
        context = AuditContext(
            channel=channel,
            request_id=request_id,
            ip_address=request.META.get("REMOTE_ADDR") or None,
            request=request,
        )
        token = activate(context)
        try:
            response = self.get_response(request)
        finally:
            deactivate(token)
        response["X-Request-ID"] = request_id
        return response
