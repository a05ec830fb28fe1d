"""Refusals of the babysitter subsidy, each with a stable machine code beside its translated message."""

from common.errors import Conflict, Forbidden, InvalidInput, NotFound


class SubsidyInvalid(InvalidInput):
    """400: a file, a mapping or a decision that does not fit (every problem listed in ``details``)."""


class SubsidyRefused(Forbidden):
    """403: the actor's role may not do this (the contractor never decides)."""


class SubsidyConflict(Conflict):
    """409: the application is not in the state the step needs, or a duplicate blocks it."""


class SubsidyNotFound(NotFound):
    """404: no such application for this actor."""
