"""Benchmark: policy decisions of the embedded engine on the exchange policy.

    .venv/bin/python bench/policy_decisions.py [--decisions 10000] [--records 100000]

Prints decisions per second and p50/p99 latency of `policies.decide("exchange", …)` — the whole
call the gate makes (JSON encoding, VM run, decoding, validation of the decision) — on a realistic
input: 30 requested items, a 60-item checklist (○, justified −, unrequired items), two
certifications, three designated handlers. Target: p99 ≤ 1 ms. Also prints the same figures for
a denial with several reasons, and the throughput of two threads (one VM per thread, no lock).

`export_figures()` then times a 100,000-record export through the real gate (decision, minimisation,
CSV, hash, ledger entry and audit event, on seed 003's approved connection from the demo data, in a
PostgreSQL database of its own) against the same export ungated (the same rows, minimisation, CSV and
hash, nothing asked or recorded). Target: gated ÷ ungated ≤ 1.10.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mimamori_bench_gate")
os.environ.setdefault("DEBUG", "1")  # the demo data (seeds approved as decided) loads only with DEBUG on

import django

django.setup()

from policies import decide  # noqa: E402
from policies.engine import get_engine  # noqa: E402

ITEMS = [
    "氏名", "性別", "生年月日", "国籍", "健康状態", "発育状況", "保育状況", "かかりつけ医療機関",
    "アレルギーの有無・内容", "疾病・ケガの有無・内容", "障害の有無・内容", "児童ID", "保護者氏名", "住所", "続柄",
    "自宅電話番号", "携帯電話番号",
    "メールアドレス", "世帯ID", "更新日始期", "更新日終期", "初回登録日", "登録施設名", "登録有効期限", "申送事項",
    "予約状況", "料金支払状況", "利用実績", "勤務先名称", "勤務先電話番号",
]


def realistic_exchange_input() -> dict:
    """An allowed send of 30 items over a contract with a 60-item checklist (seed-like answers)."""
    checklist = []
    for i in range(60):
        side = "ward" if i < 30 else "counterparty"
        if i % 7 == 3:
            answer, reason = "−", "紙媒体での受渡しは行わないため"
        else:
            answer, reason = "○", ""
        checklist.append({
            "code": f"{'W' if side == 'ward' else 'C'}-{i + 1:02d}", "side": side,
            "text": "個人情報の受渡しにあたっては、管理簿に記載する", "required": i % 10 != 9,
            "answer": answer, "reason": reason,
        })
    return {
        "today": "2026-05-01",
        "direction": "send",
        "purpose": "一時保育予約システムへの利用者情報の連携",
        "record_count": 100_000,
        "requested_fields": list(ITEMS),
        "actor": {"user_id": 7, "roles": ["department_staff"], "party_id": None},
        "channel": {
            "kind": "contract", "id": 3, "name": "一時保育予約システム運用業務委託",
            "approval": {"status": "approved_with_conditions", "approved_version_id": 12, "meeting": "令和6年度第3回"},
            "version_in_use_id": 12,
            "period": {"start": "2026-04-01", "end": "2027-03-31"},
            "checklist": checklist,
            "counterparty": {
                "id": 5, "name": "株式会社内田洋行", "hosting_in_japan": True,
                "certifications": [
                    {"kind": "privacy_mark", "number": "10820123", "valid_until": "2027-08-31"},
                    {"kind": "isms", "number": "IS 512345", "valid_until": "2028-01-15"},
                ],
            },
            "required_certifications": ["privacy_mark", "isms"],
            "requires_japanese_jurisdiction": True,
            "allowed_fields": {"send": [*ITEMS, "銀行口座情報の有無", "利用料金"], "receive": ["利用実績", "予約状況"]},
            "designated_handler_ids": [7, 8, 11],
            "overdue_deletion_requests": [],
        },
        "settings": {"deny_on_overdue_deletion": True},
    }


def _latencies(input: dict, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        decide("exchange", input)
        out.append(time.perf_counter() - t)
    return out


def _figures(latencies: list[float]) -> dict:
    s = sorted(latencies)
    return {
        "decisions": len(s),
        "per_second": len(s) / sum(s),
        "p50_ms": s[len(s) // 2] * 1e3,
        "p99_ms": s[min(len(s) - 1, int(len(s) * 0.99))] * 1e3,
        "mean_ms": statistics.fmean(s) * 1e3,
    }


def decision_figures(n: int = 10_000) -> dict:
    """Decisions/s and p50/p99 of the embedded engine on the exchange policy (allowed and denied)."""
    assert get_engine().name == "embedded", "run without OPA_URL / POLICY_ENGINE=opa"
    allowed = realistic_exchange_input()
    assert decide("exchange", allowed).allow is True
    denied = realistic_exchange_input()
    denied["requested_fields"] = [*ITEMS, "銀行口座情報", "相談内容"]
    denied["channel"]["checklist"][5]["answer"] = None
    denied["channel"]["designated_handler_ids"] = [8]
    assert len(decide("exchange", denied).reasons) == 4

    _latencies(allowed, 500)  # warm-up: the thread's VM, caches
    result = {"allowed": _figures(_latencies(allowed, n)), "denied": _figures(_latencies(denied, n // 2))}

    # Two threads at once: each has its own VM, so throughput scales with free cores (2 here).
    per_thread = n // 2
    threads = [threading.Thread(target=_latencies, args=(allowed, per_thread)) for _ in range(2)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    result["two_threads_per_second"] = 2 * per_thread / (time.perf_counter() - t)
    return result


def _ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def export_figures(records: int = 100_000, rounds: int = 3) -> dict:
    """Best-of-rounds seconds for the same export through the gate and around it."""
    import hashlib

    from django.core.management import call_command

    from governance.demo import demo_load
    from governance.exchange.builders import PayloadRequest, register_payload_builder
    from governance.exchange.channels import allowed_items
    from governance.exchange.files import rows_to_csv
    from governance.exchange.gate import exchange_request
    from governance.registry.models import ExternalConnection
    from governance.tenancy.models import User

    _ensure_database()
    call_command("migrate", verbosity=0)
    demo_load()
    channel = ExternalConnection.objects.get(title__contains="乳幼児一時預かり")
    actor = User.objects.get(username="nerima")
    version = channel.versions.order_by("number").first()
    fields = allowed_items(version, "connection", version.counterparty)["send"]

    def rows(request: PayloadRequest):
        return ({f: f"{f}-{i}" for f in request.fields} for i in request.record_ids)

    register_payload_builder("bench.rows", rows)
    ids = range(records)

    def ungated() -> None:
        minimised = [{f: row.get(f) for f in fields} for row in rows(PayloadRequest(channel.municipality_id, ids,
                                                                                     fields))]
        content, _ = rows_to_csv(minimised, fields)
        hashlib.sha256(content).hexdigest()

    def gated() -> None:
        exchange_request(actor=actor, channel=channel, direction="send", fields=fields,
                         purpose_code="governance.system_link", payload="bench.rows", record_ids=ids)

    times: dict[str, list[float]] = {"ungated": [], "gated": []}
    for _ in range(rounds):  # interleaved, so both see the same machine load
        for name, run in (("ungated", ungated), ("gated", gated)):
            t = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t)
    best = {name: min(values) for name, values in times.items()}
    return {"records": records, "items": len(fields), **best, "ratio": best["gated"] / best["ungated"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    figures = decision_figures(args.decisions)
    print("Embedded engine, exchange policy (30 requested items, 60-item checklist)")
    for case in ("allowed", "denied"):
        f = figures[case]
        print(f"  {case:<8} {f['decisions']:>6} decisions  {f['per_second']:>8.0f}/s  "
              f"p50 {f['p50_ms']:.3f} ms  p99 {f['p99_ms']:.3f} ms  mean {f['mean_ms']:.3f} ms")
    print(f"  two threads: {figures['two_threads_per_second']:.0f} decisions/s")
    p99 = figures["allowed"]["p99_ms"]
    print(f"  target p99 <= 1 ms: {'met' if p99 <= 1.0 else 'NOT met'} ({p99:.3f} ms)")
    export = export_figures(args.records)
    print(f"Export of {export['records']:,} records x {export['items']} items (best of 3)")
    print(f"  ungated {export['ungated']:.3f} s   gated {export['gated']:.3f} s   ratio {export['ratio']:.3f}  "
          f"(target <= 1.10: {'met' if export['ratio'] <= 1.10 else 'NOT met'})")


if __name__ == "__main__":
    main()
