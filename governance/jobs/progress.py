"""Progress out of band: a running job tells how far it got through its Celery task state, never the database.

The work's own transaction stays whole (a file is applied entirely or not at all), so nothing it writes is
visible before it ends; the task state (Redis in production, files under var/ on the embedded run) is what
the progress bar polls.
"""

import time

from celery.result import AsyncResult

PROGRESS_STATE = "PROGRESS"
_INTERVAL = 0.25  # seconds between two updates: a poll a second sees every step, a file of a million lines costs little


class TaskProgress:
    """The progress callback handed to a service: ``progress(done, total, stage)``, throttled."""

    def __init__(self, task, *, interval: float = _INTERVAL):
        self._task = task
        self._interval = interval
        self._last = 0.0
        self.updates = 0

    def __call__(self, done: int, total: int, stage: str = "") -> None:
        now = time.monotonic()
        if now - self._last < self._interval and done < total:
            return
        self._last = now
        self.updates += 1
        if self._task.request.is_eager:  # run in the caller's process: nobody polls it
            return
        self._task.update_state(state=PROGRESS_STATE, meta={"done": done, "total": total, "stage": stage})


def task_progress(task_id: str) -> dict:
    """``{"done", "total", "stage"}`` as the task last reported (zeros before it has)."""
    result = AsyncResult(task_id)
    try:
        info = result.info if result.state == PROGRESS_STATE else None
    except Exception:  # a result backend that cannot answer shows no progress; the job row still tells the end
        info = None
    if not isinstance(info, dict):
        return {"done": 0, "total": 0, "stage": ""}
    return {"done": int(info.get("done", 0)), "total": int(info.get("total", 0)), "stage": str(info.get("stage", ""))}
