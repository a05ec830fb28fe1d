"""Benchmark: exact-match search through a blind index among 1,000,000 encrypted rows (PostgreSQL).

Loads (once; reruns reuse it) a million people with an encrypted name and phone number and their
blind indexes into a database of its own, then times the real lookup path —
``Model.objects.matching(tenant=…, phone=…)`` with the typed value normalised and HMAC'd, the row
fetched and its name decrypted — for random people typed in varied ways (full-width digits,
hyphens). Baseline in the same run: fetching the same rows by primary key. Target: p95 ≤ 5 ms.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_blind python bench/blind_index.py
"""

import argparse
import random
import statistics
import time

from _crypto_tables import declare, ensure_table, setup, tenant

SURNAMES = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山本", "松本",
            "井上", "木村"]
GIVEN = ["太郎", "花子", "一郎", "陽菜", "蓮", "結衣", "大翔", "葵", "湊", "凛"]
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def phone(i: int) -> str:
    return f"090-{i // 10000:04d}-{i % 10000:04d}"


def typed(i: int, rng: random.Random) -> str:
    """The same number as a person might type it."""
    plain = phone(i)
    return rng.choice([plain, plain.replace("-", ""), plain.translate(FULL_WIDTH), plain.replace("-", " "),
                       "+81 " + plain[1:]])


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()
    setup("postgres://postgres@127.0.0.1:5432/mimamori_bench_blind")

    from django.db import connection, models, transaction

    from governance.crypto import BlindIndexField, EncryptedModel, EncryptedTextField, data_keys_provision

    Person = declare("BlindPerson", {
        "municipality": models.ForeignKey("governance.Municipality", on_delete=models.PROTECT, related_name="+"),
        "name": EncryptedTextField(),
        "phone": EncryptedTextField(),
        "name_index": BlindIndexField(source="name", kind="name"),
        "phone_index": BlindIndexField(source="phone", kind="phone"),
    }, base=EncryptedModel)
    ensure_table(Person)
    ward = tenant()

    have = Person.objects.count()
    if have < args.rows:
        print(f"loading {args.rows - have} rows (once) …", flush=True)
        start = time.perf_counter()
        batch = 5000
        for offset in range(have, args.rows, batch):
            people = [Person(municipality=ward, name=f"{SURNAMES[i % 15]} {GIVEN[(i // 15) % 10]}", phone=phone(i))
                      for i in range(offset, min(offset + batch, args.rows))]
            with transaction.atomic():
                data_keys_provision(people)
                Person.objects.bulk_create(people)
            if (offset // batch) % 20 == 0:
                print(f"  {offset + len(people)} rows, {time.perf_counter() - start:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Person._meta.db_table}")
            cursor.execute("ANALYZE governance_datakey")

    rng = random.Random(6)
    first_pk = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    sample = [rng.randrange(args.rows) for _ in range(args.lookups)]

    def by_index(i: int) -> float:
        start = time.perf_counter()
        found = list(Person.objects.matching(tenant=ward, phone=typed(i, rng)))
        assert len(found) == 1 and found[0].phone == phone(i), i
        return time.perf_counter() - start

    def by_pk(i: int) -> float:
        start = time.perf_counter()
        found = list(Person.objects.filter(pk=first_pk + i))
        assert len(found) == 1 and found[0].phone == phone(i), i
        return time.perf_counter() - start

    for i in sample[:50]:
        by_index(i), by_pk(i)  # warm
    index_times, pk_times = [], []
    for i in sample:
        index_times.append(by_index(i))
        pk_times.append(by_pk(i))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN SELECT id FROM {Person._meta.db_table} "
                       "WHERE municipality_id = %s AND phone_index = %s", [ward.pk, b"x" * 16])
        plan = " / ".join(row[0].strip() for row in cursor.fetchall())
    ms = 1000
    print(f"rows: {Person.objects.count()}, lookups: {len(sample)} (phone typed in five ways)")
    print(f"plan: {plan}")
    print(f"blind-index lookup:  p50 {percentile(index_times, 50) * ms:.2f} ms  "
          f"p95 {percentile(index_times, 95) * ms:.2f} ms  p99 {percentile(index_times, 99) * ms:.2f} ms  "
          f"mean {statistics.mean(index_times) * ms:.2f} ms")
    print(f"primary-key fetch:   p50 {percentile(pk_times, 50) * ms:.2f} ms  "
          f"p95 {percentile(pk_times, 95) * ms:.2f} ms  (baseline)")
    p95 = percentile(index_times, 95)
    print(f"ratio p95 index/pk: {p95 / percentile(pk_times, 95):.2f}; "
          f"target p95 ≤ 5 ms: {'met' if p95 * ms <= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
