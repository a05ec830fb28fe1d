"""The kinds of background job, registered by the apps that own the work (in ``AppConfig.ready``).

A kind also says who may start one (``may_start``, checked by ``job_start`` before anything is written) and what a
form that starts one is told when its file is missing: every page starts its job through
``governance.jobs.views.job_start_from_page``.

A kind's ``body(job, progress)`` does the work by calling the app's own service, with the same transaction
and checks as the page or command that calls it directly, and returns a :class:`JobResult`; an
``ApplicationError`` it raises (a refused file …) ends the job as refused, with the error's problems.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.functional import Promise

from common.problems import Problem


class Progress(Protocol):
    def __call__(self, done: int, total: int, stage: str = "") -> None: ...


@dataclass
class JobResult:
    summary: dict[str, int] = field(default_factory=dict)
    message: str = ""
    result_url: str = ""
    output: tuple[bytes, str] | None = None  # (content, file name) kept sealed for the starter to download
    problems: list[Problem] = field(default_factory=list)  # what the work passed over (a rule it could not apply …)


@dataclass(frozen=True)
class JobKind:
    """What a kind of job is called, how it runs, what its counts mean and where one starts another."""

    name: str
    title: str | Promise
    body: Callable[..., JobResult]
    counts: dict[str, str | Promise] = field(default_factory=dict)  # summary key → label, in display order
    stages: dict[str, str | Promise] = field(default_factory=dict)  # progress stage → label
    # How far it got in things a person counts ("%(done)s of %(total)s rules"); none where the progress counts
    # bytes or mixes passes (a file's import): the bar and its percentage say it.
    counted: str | Promise = ""
    start_url: str = ""  # URL name of the page that starts it
    may_start: Callable[..., bool] | None = None  # (actor, municipality_id) → may they start one; None: the page says
    start_refused: str | Promise = ""  # what a person who may not start one is told
    upload_missing: str | Promise = ""  # what a form posted without the file the job reads is told
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
