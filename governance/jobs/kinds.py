"""The kinds of background job, registered by the apps that own the work (in ``AppConfig.ready``).

A kind's ``body(job, progress)`` does the work by calling the app's own service, with the same transaction
and checks as the page or command that calls it directly, and returns a :class:`JobResult`; an
``ApplicationError`` it raises (a refused file …) ends the job as refused, with the error's problems.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.functional import Promise


class Progress(Protocol):
    def __call__(self, done: int, total: int, stage: str = "") -> None: ...


@dataclass
class JobResult:
    summary: dict[str, int] = field(default_factory=dict)
    message: str = ""
    result_url: str = ""
    output: tuple[bytes, str] | None = None  # (content, file name) kept sealed for the starter to download


@dataclass(frozen=True)
class JobKind:
    """What a kind of job is called, how it runs, what its counts mean and where one starts another."""

    name: str
    title: str | Promise
    body: Callable[..., JobResult]
    counts: dict[str, str | Promise] = field(default_factory=dict)  # summary key → label, in display order
    stages: dict[str, str | Promise] = field(default_factory=dict)  # progress stage → label
    start_url: str = ""  # URL name of the page that starts it
    notify_refusal: bool = False  # tell the person who started it when the work is refused (an import …)
    refusal_url: Callable[..., str] | None = None  # where a refusal is recorded (the error given), if anywhere


_kinds: dict[str, JobKind] = {}


def register_job_kind(kind: JobKind) -> None:
    if kind.name in _kinds and _kinds[kind.name] is not kind:
        raise ValueError(f"The job kind {kind.name!r} is already registered")
    _kinds[kind.name] = kind


def job_kind(name: str) -> JobKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No background job kind {name!r} is registered") from None


def job_kinds() -> dict[str, JobKind]:
    return dict(_kinds)
