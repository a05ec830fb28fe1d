"""A policy decision, and the one place that turns an engine's raw result into one (fail closed)."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Decision:
    """The answer of a policy: allowed or not, every reason, and any extra output of the policy
    (e.g. "allowed_fields" of the exchange policy, "fields" of the access policy) in `output`."""

    allow: bool
    reasons: tuple[dict[str, Any], ...] = ()
    output: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.output[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.output.get(key, default)

    @property
    def codes(self) -> list[str]:
        return [r["code"] for r in self.reasons]

    @property
    def messages(self) -> list[str]:
        return [r["message"] for r in self.reasons]

    @classmethod
    def deny(cls, code: str, message: str, **keys: Any) -> "Decision":
        return cls(allow=False, reasons=({"code": code, "message": message, **keys},))

    def as_dict(self) -> dict[str, Any]:
        return {**self.output, "allow": self.allow, "reasons": [dict(r) for r in self.reasons]}


def decision_from_result(area: str, result: Any) -> Decision:
    """Check an engine's `decision` value; anything but a well-formed one is a denial.

    Well formed: an object with a boolean "allow" and a list "reasons" of objects that each have a
    string "code" and "message"; an allow must carry no reason.
    """
    if not isinstance(result, dict):
        kind = "undefined" if result is None or result == "<undefined>" else type(result).__name__
        return Decision.deny(
            "policy_decision_invalid",
            f"The {area} policy returned no decision object ({kind}); the request is denied.",
            policy=area,
        )
    allow, reasons = result.get("allow"), result.get("reasons")
    if not isinstance(allow, bool) or not isinstance(reasons, list) or not all(_reason_ok(r) for r in reasons):
        return Decision.deny(
            "policy_decision_invalid",
            f"The {area} policy returned a decision without a boolean allow and well-formed reasons; "
            "the request is denied.",
            policy=area,
        )
    if allow and reasons:
        return Decision.deny(
            "policy_decision_invalid",
            f"The {area} policy allowed the request but gave reasons against it; the request is denied.",
            policy=area,
        )
    output = {k: v for k, v in result.items() if k not in ("allow", "reasons")}
    return Decision(allow=allow, reasons=tuple(reasons), output=output)


def _reason_ok(reason: Any) -> bool:
    return isinstance(reason, dict) and isinstance(reason.get("code"), str) and isinstance(reason.get("message"), str)
