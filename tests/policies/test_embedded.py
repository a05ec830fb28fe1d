"""policies.decide on the embedded engine: real decisions, reuse across calls and threads, fail closed."""

import threading

import pytest
from django.utils import translation

from policies import Decision, decide
from policies.decision import decision_from_result
from policies.engine import get_engine


def test_exchange_allowed_with_allowed_fields(exchange_input):
    d = decide("exchange", exchange_input)
    assert d == Decision(allow=True, reasons=(), output={"allowed_fields": ["氏名", "生年月日"]})


def test_exchange_denied_with_every_reason(exchange_input):
    exchange_input["requested_fields"] = ["氏名", "銀行口座情報"]
    exchange_input["today"] = "2027-04-01"
    exchange_input["actor"]["user_id"] = 9
    d = decide("exchange", exchange_input)
    assert d.allow is False
    assert d.codes == ["actor_not_designated_handler", "after_period", "certification_expired", "field_not_allowed"]
    assert d.reasons[3] == {
        "code": "field_not_allowed",
        "field": "銀行口座情報",
        "direction": "send",
        "message": "項目 銀行口座情報 は、委託契約「一時保育予約システム」で "
        "株式会社内田洋行 へ渡すことが承認されていません。",
    }
    assert d["allowed_fields"] == ["氏名"]
    with translation.override("en"):  # the reader's language: English when the browser asks for it
        english = decide("exchange", exchange_input)
    assert english.reasons[3]["message"] == ("The item 銀行口座情報 is not approved to be sent to 株式会社内田洋行 "
                                            "over the outsourcing contract “一時保育予約システム”.")


def test_access_and_committee_decisions():
    access = decide("access", {
        "actor": {"user_id": 1, "roles": ["facility_staff"], "facility_ids": [2], "party_ids": [], "positions": []},
        "subject": {"facility_id": 2, "contract_party_ids": [], "approved_items_by_party": {}},
        "fields": [{"name": "氏名", "sensitive": False}, {"name": "障害の有無・内容", "sensitive": True}],
    })
    assert (access.allow, access["fields"], access.codes) == (False, ["氏名"], ["sensitive_field_not_permitted"])
    committee = decide("committee", {
        "actor": {"user_id": 2, "roles": ["committee_member"], "department_ids": [20]},
        "submission": {"state": "under_review", "department_ids": [10], "unanswered_required": 0},
        "transition": "approve",
    })
    assert committee == Decision(allow=True, reasons=(), output={"to_state": "approved"})


def test_engine_is_built_once_and_each_thread_keeps_its_vm(exchange_input):
    engine = get_engine()
    decide("exchange", exchange_input)
    vm = engine._vm()
    decide("exchange", exchange_input)
    assert get_engine() is engine and engine._vm() is vm


def test_concurrent_decisions_from_threads_agree(exchange_input):
    denied = dict(exchange_input, requested_fields=["銀行口座情報"])
    expected = {True: decide("exchange", exchange_input), False: decide("exchange", denied)}
    results, errors = [], []

    def work():
        try:
            for i in range(50):
                ok = i % 2 == 0
                results.append((ok, decide("exchange", exchange_input if ok else denied)))
        except BaseException as exc:  # a pyo3 panic would surface here
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 200
    assert all(d == expected[ok] for ok, d in results)


def test_unknown_area_is_denied(exchange_input):
    d = decide("exchanges", exchange_input)
    assert d == Decision.deny(
        "policy_engine_error",
        "ポリシーエンジンが exchanges ポリシーで失敗したため (EngineError)、要求を拒否しました。",
        policy="exchanges",
    )


def test_input_that_is_not_json_is_denied(exchange_input):
    exchange_input["record_count"] = object()
    d = decide("exchange", exchange_input)
    assert (d.allow, d.codes) == (False, ["policy_engine_error"])


def test_misconfigured_engine_is_denied(settings, exchange_input):
    settings.POLICY_ENGINE = "magic"
    d = decide("exchange", exchange_input)
    assert (d.allow, d.codes) == (False, ["policy_engine_error"])


def test_malformed_input_is_denied_by_the_policy_itself():
    d = decide("exchange", {"direction": "send"})
    assert d.allow is False
    assert set(d.codes) == {"input_invalid"}
    assert "today" in [r["field"] for r in d.reasons]


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (None, "The exchange policy returned no decision object (undefined); the request is denied."),
        ("<undefined>", "The exchange policy returned no decision object (undefined); the request is denied."),
        ([True], "The exchange policy returned no decision object (list); the request is denied."),
        ({"allow": "true", "reasons": []}, None),
        ({"allow": True}, None),
        ({"allow": False, "reasons": [{"code": "x"}]}, None),
        ({"allow": True, "reasons": "none"}, None),
        (
            {"allow": True, "reasons": [{"code": "x", "message": "m"}]},
            "The exchange policy allowed the request but gave reasons against it; the request is denied.",
        ),
    ],
)
def test_ill_typed_decisions_are_denials(result, message):
    d = decision_from_result("exchange", result)
    assert d.allow is False
    assert d.codes == ["policy_decision_invalid"]
    assert d.messages == [message or "The exchange policy returned a decision without a boolean allow and "
                          "well-formed reasons; the request is denied."]


def test_well_formed_decision_keeps_extra_output():
    d = decision_from_result("exchange", {"allow": False, "reasons": [{"code": "c", "message": "m", "field": "f"}],
                                          "allowed_fields": []})
    assert d == Decision(allow=False, reasons=({"code": "c", "message": "m", "field": "f"},),
                         output={"allowed_fields": []})
    assert d.as_dict() == {"allow": False, "reasons": [{"code": "c", "message": "m", "field": "f"}],
                           "allowed_fields": []}


def test_compiled_program_agrees_with_the_interpreter(exchange_input):
    """Decisions run on regorus' compiled RVM; the Rego tests run on its interpreter: same answers."""
    import copy

    import regorus

    from policies import bundle

    interpreter = regorus.Engine()
    for module in bundle.policy_modules():
        interpreter.add_policy(module.path, module.text)
    broken = copy.deepcopy(exchange_input)
    broken["channel"]["checklist"] = "done"
    broken["channel"]["approval"] = None
    broken["requested_fields"] = ["氏名", "口座番号"]
    cases = [
        ("exchange", exchange_input),
        ("exchange", broken),
        ("exchange", {}),
        ("access", {"actor": {"roles": ["vendor_user"], "party_ids": [5]},
                    "subject": {"contract_party_ids": [5], "approved_items_by_party": {"5": ["氏名"]}},
                    "fields": [{"name": "氏名", "sensitive": False}, {"name": "住所", "sensitive": False}]}),
        ("committee", {"actor": {"user_id": 1, "roles": ["department_staff"], "department_ids": [1]},
                       "submission": {"state": "draft", "department_ids": [1], "unanswered_required": 2},
                       "transition": "submit"}),
    ]
    engine = get_engine()
    for area, input in cases:
        interpreter.set_input(input)
        assert engine.evaluate(area, input) == interpreter.eval_rule(bundle.decision_rule(area)), area
