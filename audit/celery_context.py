"""Binds the audit context for each Celery task from its keyword arguments.

Tasks take ids: ``actor_id`` and ``tenant_id`` keyword arguments, when given, name who the task
acts for; the task id becomes the request id, so a task's events correlate with each other.
"""

from celery.signals import task_postrun, task_prerun

from audit.context import AuditContext, Channel, activate, deactivate

_tokens: dict[str, object] = {}


def _on_prerun(task_id=None, task=None, args=None, kwargs=None, **_):
    kwargs = kwargs or {}
    _tokens[task_id] = activate(
        AuditContext(
            channel=Channel.TASK,
            request_id=task_id or "",
            actor_id=kwargs.get("actor_id"),
            tenant_id=kwargs.get("tenant_id"),
        )
    )


def _on_postrun(task_id=None, **_):
    token = _tokens.pop(task_id, None)
    if token is not None:
        deactivate(token)


def connect() -> None:
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="audit.context.prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="audit.context.postrun")
