"""`decide(area, input)`: the one interface to the policy engines, failing closed.

The engine is chosen by settings (POLICY_ENGINE = "embedded" | "opa", OPA_URL, OPA_TIMEOUT_SECONDS),
built once per configuration and reused. Whatever goes wrong — the engine raises or panics, times
out, the server answers 500 or nonsense, the decision is missing or ill-typed — the answer is a
denial whose reason says so, never an allow. Logs name the area and the failure, never the input.
"""

import logging
import threading
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from policies.decision import Decision, decision_from_result
from policies.engines import EngineError, EngineTimeout
from policies.messages import reason_message

logger = logging.getLogger(__name__)

_engines: dict[tuple, Any] = {}
_engines_lock = threading.Lock()


def engine_config() -> tuple[str, str, float]:
    return (
        getattr(settings, "POLICY_ENGINE", "embedded"),
        getattr(settings, "OPA_URL", ""),
        float(getattr(settings, "OPA_TIMEOUT_SECONDS", 0.5)),
    )


def get_engine():
    """The engine the settings select, built on first use and then shared (one per configuration)."""
    key = engine_config()
    engine = _engines.get(key)
    if engine is None:
        with _engines_lock:
            engine = _engines.get(key)
            if engine is None:
                engine = _engines[key] = _build(*key)
    return engine


def _build(kind: str, url: str, timeout: float):
    if kind == "embedded":
        from policies.engines.embedded import EmbeddedEngine

        return EmbeddedEngine()
    if kind == "opa":
        from policies.engines.opa import OpaServerEngine

        return OpaServerEngine(url, timeout)
    raise EngineError(f"POLICY_ENGINE must be 'embedded' or 'opa', not {kind!r}")


def decide(area: str, input: dict[str, Any]) -> Decision:
    """Ask the `area` policy (exchange, access, committee) about `input`; a denial on any failure."""
    try:
        engine = get_engine()
        result = engine.evaluate(area, input)
    except EngineTimeout as exc:
        logger.warning("policy %s: engine timed out (%s)", area, exc)
        return Decision.deny(
            "policy_engine_timeout",
            _("The policy engine did not answer in time for the %(area)s policy; the request is denied.")
            % {"area": area},
            policy=area,
        )
    except BaseException as exc:  # pyo3 panics derive from BaseException; they must deny too
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        # The exception text may quote the input, so only its type is logged and shown.
        logger.error("policy %s: engine failed (%s)", area, type(exc).__name__)
        return Decision.deny(
            "policy_engine_error",
            _("The policy engine failed on the %(area)s policy (%(error)s); the request is denied.")
            % {"area": area, "error": type(exc).__name__},
            policy=area,
        )
    decision = decision_from_result(area, result)
    if decision.reasons and decision.reasons[0]["code"] == "policy_decision_invalid":
        logger.error("policy %s: invalid decision from the %s engine", area, getattr(engine, "name", "?"))
        return decision
    if not decision.reasons:
        return decision
    # The reasons as the reader reads them (the policy's English stays in the engine's answer and the logs).
    reasons = tuple({**r, "message": reason_message(area, r, input)} for r in decision.reasons)
    return Decision(allow=decision.allow, reasons=reasons, output=decision.output)
