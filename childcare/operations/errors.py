"""Refusals of operations support, each with a stable machine code (``code``) beside its translated message."""

from common.errors import CodeFirst, Conflict, Forbidden, InvalidInput, NotFound


class OperationsInvalid(CodeFirst, InvalidInput):
    """400: the request names something that does not fit (another facility's class, a past date)."""


class OperationsRefused(CodeFirst, Forbidden):
    """403: the actor's role or position does not allow it, or the kiosk is locked."""


class OperationsConflict(CodeFirst, Conflict):
    """409: already done (a used check-in code, a child already placed this year)."""


class OperationsNotFound(CodeFirst, NotFound):
    """404: no such class, child or notice for this actor."""
