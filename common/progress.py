"""A progress bar in the terminal: the management commands hand it to the same services as the tasks do."""

import sys
import time
from typing import TextIO

from django.core.management.base import OutputWrapper


class TerminalProgress:
    """``progress(done, total, stage)`` drawn as ``[#####-----]  50% 5,000/10,000 stage``.

    On a terminal the bar is redrawn in place; written to a file or a pipe, one line at most every few seconds
    (a log should not hold a line per record)."""

    def __init__(self, out: TextIO | None = None, *, width: int = 30):
        self._out = out or sys.stderr
        self._width = width
        self._tty = bool(getattr(self._out, "isatty", lambda: False)())
        # A pipe gets its first line after a few seconds: a quick run writes nothing but its result.
        self._last = 0.0 if self._tty else time.monotonic()
        self._drawn = False

    def __call__(self, done: int, total: int, stage: str = "") -> None:
        now = time.monotonic()
        if now - self._last < (0.1 if self._tty else 5.0) and (done < total or not self._tty):
            return
        self._last = now
        share = done / total if total else 0.0
        filled = int(self._width * share)
        line = f"[{'#' * filled}{'-' * (self._width - filled)}] {share:4.0%} {done:,}/{total:,} {stage}".rstrip()
        self._write(("\r" + line + "\x1b[K") if self._tty else line + "\n")
        self._drawn = True

    def _write(self, text: str) -> None:
        if isinstance(self._out, OutputWrapper):  # a command's stdout would add a line end of its own
            self._out.write(text, ending="")
        else:
            self._out.write(text)
        self._out.flush()

    def close(self) -> None:
        """End the bar's line (on a terminal), so what follows starts on a line of its own."""
        if self._tty and self._drawn:
            self._write("\n")
