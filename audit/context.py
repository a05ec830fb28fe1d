"""Who is acting, for which tenant, through which channel: captured once per request or task.

The web request is kept rather than its user, because DRF authenticates tokens after the
middleware has run; the actor is read from the request when an event is recorded.
"""

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any


class Channel:
    WEB = "web"
    API = "api"
    EXPORT = "export"
    TASK = "task"
    CLI = "cli"
    SYSTEM = "system"
    ALL = (WEB, API, EXPORT, TASK, CLI, SYSTEM)


@dataclass(frozen=True)
class AuditContext:
    channel: str = Channel.SYSTEM
    request_id: str = ""
    actor_id: int | None = None
    tenant_id: int | None = None
    ip_address: str | None = None
    request: Any = None

    def resolved_actor_id(self) -> int | None:
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            return user.pk
        return self.actor_id


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)


def current() -> AuditContext:
    return _current.get() or AuditContext(request_id=uuid.uuid4().hex)


def new_request_id() -> str:
    return uuid.uuid4().hex


def activate(context: AuditContext) -> contextvars.Token:
    return _current.set(context)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)


@contextmanager
def bound(**changes: Any) -> Iterator[AuditContext]:
    """Run a block with the current context changed, e.g. ``bound(channel=Channel.CLI, actor_id=3)``."""
    base = _current.get() or AuditContext(request_id=new_request_id())
    token = _current.set(replace(base, **changes))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
