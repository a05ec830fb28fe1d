"""A policy's reasons in the reader's language.

The Rego policies write each reason's ``message`` in English (for logs, and for whoever queries the OPA server
directly). What a user reads comes from the catalogue instead: each area registers, per reason code, how to
word the reason from its keys and the input the policy was asked about; ``decide`` rewrites the messages in
the active language. A code without a wording keeps the policy's own message.
"""

from collections.abc import Callable, Mapping
from typing import Any

Wording = Callable[[Mapping[str, Any], Mapping[str, Any]], str]

_wordings: dict[str, dict[str, Wording]] = {}


def register_reason_wordings(area: str, wordings: Mapping[str, Wording]) -> None:
    """Register, for the ``area`` policy, a function per reason code: (reason, input) → the message to show."""
    _wordings.setdefault(area, {}).update(wordings)


def reason_message(area: str, reason: Mapping[str, Any], policy_input: Mapping[str, Any]) -> str:
    wording = _wordings.get(area, {}).get(reason.get("code", ""))
    if wording is None:
        return reason["message"]
    try:
        return str(wording(reason, policy_input))
    except (KeyError, TypeError, ValueError, AttributeError):
        return reason["message"]  # an ill-formed input is itself a reason; its wording may lack a key
