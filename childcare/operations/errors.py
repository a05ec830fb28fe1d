"""Refusals of operations support, each with a stable machine code (``code``) beside its translated message."""

from common.errors import Conflict, Forbidden, InvalidInput, NotFound


class _Coded:
    def __init__(self, code: str, message: str, *, field: str | None = None, details: dict | None = None):
        super().__init__(str(message), field=field, details=details)
        self.code = code

    def as_dict(self) -> dict:
        return {**super().as_dict(), "code": self.code}


class OperationsInvalid(_Coded, InvalidInput):
    """400: the request names something that does not fit (another facility's class, a past date)."""


class OperationsRefused(_Coded, Forbidden):
    """403: the actor's role or position does not allow it, or the kiosk is locked."""


class OperationsConflict(_Coded, Conflict):
    """409: already done (a used check-in code, a child already placed this year)."""


class OperationsNotFound(_Coded, NotFound):
    """404: no such class, child or notice for this actor."""
