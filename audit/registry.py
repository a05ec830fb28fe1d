"""Audit event names, registered by each app so the audit core imports no domain code.

Names are namespaced ``"<app>.<entity>.<past_verb>"``; recording an unregistered name is a bug.
"""

import re

_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+){2}$")
_events: dict[str, str] = {}


def register_events(events: dict[str, str]) -> None:
    """Register event names with a one-line description each (shown to auditors)."""
    for name, description in events.items():
        if not _NAME.match(name):
            raise ValueError(f"Audit event name {name!r} is not '<app>.<entity>.<past_verb>'")
        if _events.get(name, description) != description:
            raise ValueError(f"Audit event {name!r} is already registered with another description")
        _events[name] = description


def is_registered(name: str) -> bool:
    return name in _events


def registered_events() -> dict[str, str]:
    return dict(sorted(_events.items()))
