import copy
from pathlib import Path

import pytest

from policies.testing import RegoTestRunner, format_coverage

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
_runner: RegoTestRunner | None = None


@pytest.fixture(scope="session")
def rego_runner() -> RegoTestRunner:
    """The bundle with its tests, loaded once; coverage accumulates over the Rego tests."""
    global _runner
    if _runner is None:
        _runner = RegoTestRunner()
    return _runner


def pytest_terminal_summary(terminalreporter):
    """Print (and record under test-artifacts/) the Rego coverage when the Rego tests ran."""
    if _runner is None:
        return
    report = format_coverage(_runner.coverage())
    terminalreporter.write_line(report)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "rego-coverage.txt").write_text(report + "\n", encoding="utf-8")


BASE_EXCHANGE = {
    "today": "2026-05-01",
    "direction": "send",
    "purpose": "temporary care booking sync",
    "record_count": 120,
    "requested_fields": ["氏名", "生年月日"],
    "actor": {"user_id": 7, "roles": ["department_staff"], "party_id": None},
    "channel": {
        "kind": "contract",
        "id": 3,
        "name": "一時保育予約システム",
        "approval": {"status": "approved", "approved_version_id": 10, "meeting": "令和5年度第1回"},
        "version_in_use_id": 10,
        "period": {"start": "2026-04-01", "end": "2027-03-31"},
        "checklist": [
            {"code": "W1", "side": "ward", "text": "t", "required": True, "answer": "○", "reason": ""},
            {"code": "C1", "side": "counterparty", "text": "t", "required": True, "answer": "−",
             "reason": "紙媒体なし"},
        ],
        "counterparty": {
            "id": 5,
            "name": "株式会社内田洋行",
            "hosting_in_japan": True,
            "certifications": [{"kind": "privacy_mark", "number": "10820123", "valid_until": "2027-03-31"}],
        },
        "required_certifications": ["privacy_mark"],
        "requires_japanese_jurisdiction": True,
        "allowed_fields": {"send": ["氏名", "生年月日", "予約状況"], "receive": ["利用実績"]},
        "designated_handler_ids": [7],
        "overdue_deletion_requests": [],
    },
    "settings": {"deny_on_overdue_deletion": True},
}


@pytest.fixture
def exchange_input() -> dict:
    """An exchange over seed 003's vendor contract that every rule allows (a fresh copy per test)."""
    return copy.deepcopy(BASE_EXCHANGE)
