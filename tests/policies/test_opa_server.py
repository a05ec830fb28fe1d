"""The OPA-server engine against a real HTTP server speaking the OPA REST API on 127.0.0.1."""

import copy

import pytest

from policies import bundle, decide
from policies.engine import get_engine
from tests.policies.opa_server import OpaTestServer


@pytest.fixture
def opa(settings):
    server = OpaTestServer().start()
    settings.POLICY_ENGINE = "opa"
    settings.OPA_URL = server.url
    settings.OPA_TIMEOUT_SECONDS = 10.0  # generous: a loaded CI machine must not turn answers into timeouts
    yield server
    server.stop()


@pytest.fixture
def pushed(opa):
    get_engine().push_bundle()
    return opa


def test_push_puts_every_policy_module_and_no_test(opa):
    ids = get_engine().push_bundle()
    assert ids == ["mimamori/access/access.rego", "mimamori/committee/committee.rego",
                   "mimamori/exchange/exchange.rego", "mimamori/subsidy/subsidy.rego"]
    assert sorted(opa.policies) == ids
    assert opa.policies["mimamori/exchange/exchange.rego"] == (bundle.REGO_DIR / "exchange/exchange.rego").read_text()


def _embedded(settings, area, input):
    settings.POLICY_ENGINE, url = "embedded", settings.OPA_URL
    try:
        return decide(area, input)
    finally:
        settings.POLICY_ENGINE, settings.OPA_URL = "opa", url


def test_server_decisions_match_the_embedded_engine(pushed, settings, exchange_input):
    denied = copy.deepcopy(exchange_input)
    denied["requested_fields"].append("銀行口座情報")
    denied["channel"]["approval"] = None
    committee = {
        "actor": {"user_id": 2, "roles": ["committee_member"], "department_ids": [10]},
        "submission": {"state": "under_review", "department_ids": [10], "unanswered_required": 0},
        "transition": "approve",
    }
    for area, input in [("exchange", exchange_input), ("exchange", denied), ("committee", committee)]:
        over_http = decide(area, input)
        assert over_http == _embedded(settings, area, input)
    assert pushed.queries == ["mimamori/exchange/decision", "mimamori/exchange/decision", "mimamori/committee/decision"]
    assert decide("exchange", denied).codes == ["field_not_allowed", "no_approval"]
    assert decide("exchange", exchange_input).allow is True


def test_timeout_is_a_denial(pushed, exchange_input, settings):
    settings.OPA_TIMEOUT_SECONDS = 0.3
    pushed.mode, pushed.delay = "slow", 3.0
    d = decide("exchange", exchange_input)
    assert d.allow is False
    assert d.codes == ["policy_engine_timeout"]
    assert d.messages == ["ポリシーエンジンが exchange ポリシーに時間内に応答しなかったため、要求を拒否しました。"]


def test_server_error_is_a_denial(pushed, exchange_input):
    pushed.mode = "error"
    d = decide("exchange", exchange_input)
    assert (d.allow, d.codes) == (False, ["policy_engine_error"])
    assert d.messages == ["ポリシーエンジンが exchange ポリシーで失敗したため (EngineError)、要求を拒否しました。"]


def test_malformed_result_is_a_denial(pushed, exchange_input):
    pushed.mode = "malformed"
    d = decide("exchange", exchange_input)
    assert (d.allow, d.codes) == (False, ["policy_decision_invalid"])


def test_answer_that_is_not_json_is_a_denial(pushed, exchange_input):
    pushed.mode = "not_json"
    assert decide("exchange", exchange_input).codes == ["policy_engine_error"]


def test_missing_policy_is_a_denial(opa, exchange_input):
    d = decide("exchange", exchange_input)
    assert (d.allow, d.codes) == (False, ["policy_decision_invalid"])
    assert d.messages == ["The exchange policy returned no decision object (undefined); the request is denied."]


def test_unreachable_server_is_a_denial(settings, exchange_input):
    server = OpaTestServer()
    settings.POLICY_ENGINE, settings.OPA_URL = "opa", server.url
    server.server_close()  # the port is now closed: connection refused
    d = decide("exchange", exchange_input)
    assert (d.allow, d.codes) == (False, ["policy_engine_error"])


def test_push_policies_command(opa, settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("push_policies", stdout=out)
    assert out.getvalue().splitlines() == [
        "pushed mimamori/access/access.rego", "pushed mimamori/committee/committee.rego",
        "pushed mimamori/exchange/exchange.rego", "pushed mimamori/subsidy/subsidy.rego",
    ]
    assert len(opa.policies) == 4
