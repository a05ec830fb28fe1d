"""Refusals of temporary care, each with a stable machine code (``code``) beside its translated message."""

from common.errors import Conflict, Forbidden, InvalidInput, NotFound


class _Coded:
    def __init__(self, code: str, message: str, *, field: str | None = None, details: dict | None = None):
        super().__init__(str(message), field=field, details=details)
        self.code = code

    def as_dict(self) -> dict:
        return {**super().as_dict(), "code": self.code}


class CareInvalid(_Coded, InvalidInput):
    """400: the request names something that does not fit (an unknown slot, a closed day)."""


class CareRefused(_Coded, Forbidden):
    """403: a rule of the facility or the registration refuses it."""


class CareConflict(_Coded, Conflict):
    """409: the place is gone, or the child already holds one that day."""


class CareNotFound(_Coded, NotFound):
    """404: no such facility, child, booking or offer for this actor."""
