"""Run the bundle's Rego unit tests (`test_*` rules of every *_test.rego) with the regorus
interpreter, with line coverage of the policy modules. Used by tests/policies (so `make test`
runs them) and by `manage.py test_policies`."""

import json
import re
from dataclasses import dataclass

import regorus

from policies import bundle

_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)
_TEST_RULE = re.compile(r"^(test_\w+)\b", re.MULTILINE)


@dataclass(frozen=True)
class RegoTest:
    module: str  # e.g. "exchange/exchange_test.rego"
    rule: str  # e.g. "data.mimamori.exchange_test.test_allow_path"

    @property
    def name(self) -> str:
        return self.rule.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class RegoTestResult:
    test: RegoTest
    passed: bool
    detail: str  # "" when passed; the value or the error otherwise


def collect(modules: tuple[bundle.Module, ...] | None = None) -> list[RegoTest]:
    """Every test rule of the given test modules (default: the bundle's), in file order."""
    found = []
    for module in modules if modules is not None else bundle.test_modules():
        package = _PACKAGE.search(module.text)
        if package is None:
            continue
        for name in dict.fromkeys(_TEST_RULE.findall(module.text)):  # a rule may have several bodies
            found.append(RegoTest(module=module.path, rule=f"data.{package.group(1)}.{name}"))
    return found


class RegoTestRunner:
    """One interpreter with the whole bundle (tests included) loaded once, coverage on."""

    def __init__(self, modules: tuple[bundle.Module, ...] | None = None) -> None:
        self.modules = modules if modules is not None else bundle.modules()
        self.engine = regorus.Engine()
        self.engine.set_enable_coverage(True)
        for module in self.modules:
            self.engine.add_policy(module.path, module.text)

    def run(self, test: RegoTest) -> RegoTestResult:
        try:
            value = self.engine.eval_rule(test.rule)
        except Exception as exc:
            return RegoTestResult(test, False, f"error: {_first_lines(exc)}")
        if value is True:
            return RegoTestResult(test, True, "")
        return RegoTestResult(test, False, "undefined (a condition failed)" if value is None else f"value {value!r}")

    def run_all(self) -> list[RegoTestResult]:
        return [self.run(t) for t in collect(tuple(m for m in self.modules if m.is_test))]

    def coverage(self) -> dict[str, tuple[int, int]]:
        """Per policy module (tests excluded): (lines covered, lines coverable)."""
        report = json.loads(self.engine.get_coverage_report_as_json())
        result = {}
        for f in report.get("files", []):
            if f["path"].endswith("_test.rego"):
                continue
            covered, not_covered = len(f.get("covered", [])), len(f.get("not_covered", []))
            result[f["path"]] = (covered, covered + not_covered)
        return result

    def uncovered_lines(self) -> dict[str, list[int]]:
        report = json.loads(self.engine.get_coverage_report_as_json())
        return {
            f["path"]: sorted(f.get("not_covered", []))
            for f in report.get("files", [])
            if not f["path"].endswith("_test.rego")
        }


def format_coverage(coverage: dict[str, tuple[int, int]]) -> str:
    lines = ["Rego coverage (lines covered by the *_test.rego rules):"]
    total_c = total_n = 0
    for path, (c, n) in sorted(coverage.items()):
        total_c, total_n = total_c + c, total_n + n
        lines.append(f"  {path:<36} {c:>4}/{n:<4} {100 * c / n if n else 100:6.1f}%")
    lines.append(f"  {'total':<36} {total_c:>4}/{total_n:<4} {100 * total_c / total_n if total_n else 100:6.1f}%")
    return "\n".join(lines)


def _first_lines(exc: BaseException) -> str:
    text = str(exc).split("Stack backtrace")[0].strip()
    return " ".join(line.strip() for line in text.splitlines() if line.strip())[:500]
