"""The Rego bundle on disk: policies/rego/<area>/<area>.rego with <area>_test.rego beside it.

Each area's package is `mimamori.<area>` and exposes one `decision` rule; the same files serve the
embedded engine and an OPA server.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

REGO_DIR = Path(__file__).resolve().parent / "rego"
PACKAGE_PREFIX = "mimamori"


@dataclass(frozen=True)
class Module:
    path: str  # relative to REGO_DIR, e.g. "exchange/exchange.rego"
    text: str

    @property
    def policy_id(self) -> str:
        """The id under which an OPA server stores this module (PUT /v1/policies/<id>)."""
        return f"{PACKAGE_PREFIX}/{self.path}"

    @property
    def is_test(self) -> bool:
        return self.path.endswith("_test.rego")


@cache
def modules() -> tuple[Module, ...]:
    """Every .rego file of the bundle, tests included, in path order (read once per process)."""
    return tuple(
        Module(path=p.relative_to(REGO_DIR).as_posix(), text=p.read_text(encoding="utf-8"))
        for p in sorted(REGO_DIR.rglob("*.rego"))
    )


def policy_modules() -> tuple[Module, ...]:
    """The modules that decide (no tests): what engines load and what is pushed to OPA."""
    return tuple(m for m in modules() if not m.is_test)


def test_modules() -> tuple[Module, ...]:
    return tuple(m for m in modules() if m.is_test)


@cache
def areas() -> tuple[str, ...]:
    """The policy areas, one per folder with an <area>.rego: ("access", "committee", "exchange")."""
    return tuple(sorted(p.parent.name for p in REGO_DIR.glob("*/*.rego") if p.stem == p.parent.name))


def package(area: str) -> str:
    return f"{PACKAGE_PREFIX}.{area}"


def decision_rule(area: str) -> str:
    """The full path of an area's decision rule, e.g. "data.mimamori.exchange.decision"."""
    return f"data.{package(area)}.decision"
