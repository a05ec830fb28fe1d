"""Refusals of temporary care, each with a stable machine code (``code``) beside its translated message."""

from common.errors import CodeFirst, Conflict, Forbidden, InvalidInput, NotFound


class CareInvalid(CodeFirst, InvalidInput):
    """400: the request names something that does not fit (an unknown slot, a closed day)."""


class CareRefused(CodeFirst, Forbidden):
    """403: a rule of the facility or the registration refuses it."""


class CareConflict(CodeFirst, Conflict):
    """409: the place is gone, or the child already holds one that day."""


class CareNotFound(CodeFirst, NotFound):
    """404: no such facility, child, booking or offer for this actor."""
