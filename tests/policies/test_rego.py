"""The bundle's Rego unit tests, one pytest test per `test_*` rule, run by the embedded interpreter."""

import pytest

from policies import bundle
from policies.testing import RegoTestRunner, collect

REGO_TESTS = collect()


@pytest.mark.parametrize("rego_test", REGO_TESTS, ids=[f"{t.module}::{t.name}" for t in REGO_TESTS])
def test_rego(rego_runner, rego_test):
    result = rego_runner.run(rego_test)
    assert result.passed, f"{rego_test.rule} failed: {result.detail}"


def test_every_area_has_a_decision_and_tests():
    assert bundle.areas() == ("access", "committee", "exchange", "subsidy")
    modules = {m.path for m in bundle.modules()}
    for area in bundle.areas():
        assert {f"{area}/{area}.rego", f"{area}/{area}_test.rego"} <= modules
        assert any(t.module == f"{area}/{area}_test.rego" for t in REGO_TESTS)


def test_runner_reports_a_failing_and_an_erroring_rule_by_name():
    policy = bundle.Module("demo/demo.rego", "package mimamori.demo\n\ndecision := {\"allow\": input.ok}\n")
    tests = bundle.Module(
        "demo/demo_test.rego",
        "package mimamori.demo_test\n\nimport data.mimamori.demo\n\n"
        "test_passes if demo.decision.allow with input as {\"ok\": true}\n\n"
        "test_fails if demo.decision.allow with input as {\"ok\": false}\n\n"
        "test_errors if count(5) == 1\n",
    )
    results = {r.test.name: r for r in RegoTestRunner((policy, tests)).run_all()}
    assert [(n, r.passed) for n, r in results.items()] == [
        ("test_passes", True), ("test_fails", False), ("test_errors", False),
    ]
    assert results["test_fails"].detail == "undefined (a condition failed)"
    assert results["test_errors"].detail.startswith("error:")


def test_coverage_is_reported_for_every_policy_module(rego_runner):
    for t in REGO_TESTS:
        rego_runner.run(t)
    coverage = rego_runner.coverage()
    assert sorted(coverage) == ["access/access.rego", "committee/committee.rego", "exchange/exchange.rego",
                                "subsidy/subsidy.rego"]
    assert rego_runner.uncovered_lines() == {path: [] for path in coverage}
