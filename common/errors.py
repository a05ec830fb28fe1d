"""Errors a user can cause. Each carries a specific message; one handler maps them to HTTP."""

from collections.abc import Sequence


class ApplicationError(Exception):
    """A refusal the user can understand and act on: what, where and why."""

    status_code = 400
    # The refusal's problems (``common.problems.Problem``: line, column, message id and parameters), where it lists
    # some: a background job keeps them so that they are read in the reader's language, not the writer's.
    problems: Sequence = ()

    def __init__(self, message: str, *, field: str | None = None, details: dict | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}
        self.code = code  # stable and machine-readable, where programs need more than the class to act on

    def as_dict(self) -> dict:
        body: dict = {"error": type(self).__name__, "message": self.message}
        if self.code:
            body["code"] = self.code
        if self.field:
            body["field"] = self.field
        if self.details:
            body["details"] = self.details
        return body


class CodeFirst:
    """Mixin for a capability's refusals raised as ``CareConflict("care.full", message, field=…)``: code first."""

    def __init__(self, code: str, message: str, *, field: str | None = None, details: dict | None = None):
        super().__init__(str(message), field=field, details=details, code=code)


class InvalidInput(ApplicationError):
    status_code = 400


class Forbidden(ApplicationError):
    status_code = 403


class NotFound(ApplicationError):
    status_code = 404


class Conflict(ApplicationError):
    """An invalid transition or a duplicate."""

    status_code = 409


class TooLarge(ApplicationError):
    """A request or file larger than the limit the answer names."""

    status_code = 413
