"""Problems found in an input (a file's line, a CSV's row), said in the reader's language whenever they are shown.

A problem is kept as its message id — the English text, marked for translation where it is written
(``gettext_noop``) — and its parameters, and translated only when it is read: a refusal kept on a background
job or a ledger entry is read later, by someone whose language is not known when it is stored. A parameter may
itself be a message (``{"message": …, "params": …}``: a field's name, a kind of record), translated with it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext


def printable(text: str) -> str:
    """A hostile file's control characters quoted in a problem, shown as their code (a NUL cannot be stored in
    PostgreSQL's text or JSON at all)."""
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 and c not in "\t\n" else c for c in text)


def message(text: str, **params: Any) -> dict:
    """A message as a parameter of another (translated with it)."""
    return {"message": text, "params": params}


def message_render(text: str, params: Mapping[str, Any] | None = None) -> str:
    """``text`` translated into the active language, its parameters put in (a parameter that is a message is
    rendered first). A translation that does not take the parameters falls back to the English text."""
    values = {
        name: message_render(value["message"], value.get("params")) if isinstance(value, Mapping) else value
        for name, value in (params or {}).items()
    }
    translated = gettext(text)
    if not values:
        return translated
    try:
        return translated % values
    except (KeyError, TypeError, ValueError):
        return text % values


def _stored(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, Mapping):
        return {"message": str(value["message"]), "params": {k: _stored(v) for k, v in value.get("params", {}).items()}}
    if isinstance(value, bool | int | type(None)):
        return value
    return printable(str(value))


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: the line (a CSV's row; 0 for the file as a whole), the column where the file heads
    one, and why — a message id and its parameters, translated when read."""

    line: int
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    column: str = ""

    @property
    def reason(self) -> str:
        """Why, in the active language."""
        return message_render(self.message, self.params)

    def __str__(self) -> str:
        where = {"line": self.line, "column": self.column, "reason": self.reason}
        if self.line and self.column:
            return gettext("line %(line)d, %(column)s: %(reason)s") % where
        if self.line:
            return gettext("line %(line)d: %(reason)s") % where
        if self.column:
            return gettext("%(column)s: %(reason)s") % where
        return self.reason

    def stored(self) -> dict:
        """The problem as a job or a ledger entry keeps it (JSON; control characters as their code)."""
        return {"line": self.line, "column": printable(self.column), "message": self.message,
                "params": {k: _stored(v) for k, v in self.params.items()}}


def stored_problem_text(problem: Mapping[str, Any]) -> str:
    """The reason of a kept problem (``Problem.stored()``; or an older one kept as text) in the active language."""
    if "params" in problem and "message" in problem:
        reason = message_render(str(problem["message"]), problem["params"])
    else:
        reason = str(problem.get("reason") or problem.get("message") or "")
    if problem.get("column"):
        reason = gettext("%(column)s: %(reason)s") % {"column": problem["column"], "reason": reason}
    return printable(reason)
