"""Benchmark: reading 10,000 records with 5 encrypted fields vs the same records in plaintext, and vs a peer.

Three tables of the same rows live in a database of their own on PostgreSQL: plaintext, sealed records
(governance.crypto: the 5 fields in one AES-GCM value per record, under the record's data key), and
django-fernet-encrypted-fields (the peer: one Fernet token per field under one key derived from
SECRET_KEY — no envelope, no row binding, no rotation). Each read times the real read path — one
queryset, the model instances Django builds, every one of the 5 fields read — and the figures are
medians of alternating rounds in the same run; a ratio is the median of each round's own ratio (a
round's reads follow each other, so a slow spell of the machine weighs on both sides of it). Ours is
read two ways: *cold*, as the first read in a fresh process (every data key unwrapped), and *warm*, with
the data keys in the process's bounded cache (a later request). Target: encrypted / plaintext ≤ 1.5. The
floor is the bare AES-GCM calls.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_crypto python bench/field_encryption.py

Needs the optional ``bench`` dependencies (``pip install -e .[bench]``) for the peer.
"""

import argparse
import gc
import os
import random
import statistics
import time

from _crypto_tables import declare, ensure_table, setup, tenant

FIELDS = ("name", "kana", "phone", "email", "address")


def aes_floor(records: int, rows: list[dict]) -> tuple[float, float, float]:
    """The cryptography alone that reading ``records`` sealed records needs, without Django or the database.

    Cold: per record one unwrap, one AES-GCM key set-up and one open of the record's seal; warm: the open
    (under one key, as the floor always printed); and warm under a key per record, as the records really are
    (each record's cipher object from the process cache: the same work, with one key's state per record).
    """
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek, dek = AESGCM(os.urandom(32)), os.urandom(32)
    nonce, aad = os.urandom(12), os.urandom(64)
    wrapped = nonce + kek.encrypt(nonce, dek, aad)
    payload = b"\x00".join([",".join(FIELDS).encode(), *(rows[0][f].encode() for f in FIELDS)])
    sealed = nonce + AESGCM(dek).encrypt(nonce, payload, aad)
    start = time.perf_counter()
    for _ in range(records):
        AESGCM(kek.decrypt(wrapped[:12], wrapped[12:], aad)).decrypt(sealed[:12], sealed[12:], aad)
    cold = time.perf_counter() - start
    aead = AESGCM(dek)
    start = time.perf_counter()
    for _ in range(records):
        aead.decrypt(sealed[:12], sealed[12:], aad)
    warm = time.perf_counter() - start
    aeads = [AESGCM(os.urandom(32)) for _ in range(records)]
    seals = [nonce + each.encrypt(nonce, payload, aad) for each in aeads]
    start = time.perf_counter()
    for each, one in zip(aeads, seals, strict=True):
        each.decrypt(one[:12], one[12:], aad)
    return cold, warm, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    setup("postgres://postgres@127.0.0.1:5432/mimamori_bench_crypto")

    from django.conf import settings
    from django.db import models

    from governance.crypto import EncryptedModel, EncryptedTextField, data_keys_provision, keyring

    settings.SALT_KEY = "mimamori-bench-salt"  # the peer derives its Fernet key from SECRET_KEY and this salt
    try:
        from encrypted_fields.fields import EncryptedTextField as FernetTextField
    except ImportError:
        raise SystemExit("The peer is missing: pip install -e '.[bench]' (django-fernet-encrypted-fields)") from None

    common = {"municipality": models.ForeignKey("governance.Municipality", on_delete=models.PROTECT,
                                                related_name="+")}
    Encrypted = declare("EncryptedPerson", {**common, **{f: EncryptedTextField() for f in FIELDS}},
                        base=EncryptedModel)
    Plain = declare("PlainPerson", {**common, **{f: models.TextField() for f in FIELDS}})
    Fernet = declare("FernetPerson", {**common, **{f: FernetTextField() for f in FIELDS}})
    for model in (Encrypted, Plain, Fernet):
        ensure_table(model)

    ward = tenant()
    rng = random.Random(6)
    rows = []
    for i in range(args.records):
        rows.append({"name": f"{rng.choice('山田佐藤鈴木高橋田中伊藤渡辺')}{rng.choice('太郎花子一郎陽菜蓮')}",
                     "kana": "ヤマダ タロウ", "phone": f"090-{i // 10000:04d}-{i % 10000:04d}",
                     "email": f"user{i}@example.jp", "address": f"東京都新宿区歌舞伎町{i % 9 + 1}-{i % 30 + 1}"})
    if any(m.objects.count() != args.records for m in (Encrypted, Plain, Fernet)):
        for model in (Encrypted, Plain, Fernet):
            model.objects.all().delete()
        encrypted = [Encrypted(municipality=ward, **row) for row in rows]
        data_keys_provision(encrypted)
        Encrypted.objects.bulk_create(encrypted, batch_size=2000)
        Plain.objects.bulk_create([Plain(municipality=ward, **row) for row in rows], batch_size=2000)
        Fernet.objects.bulk_create([Fernet(municipality=ward, **row) for row in rows], batch_size=2000)

    def read(model, *, cold: bool = False) -> float:
        if cold:
            keyring.clear_caches()  # as a fresh process: ring version and every data key unwrapped again
        gc.collect()  # each read starts from the same collector state, so one read does not pay for another
        start = time.perf_counter()
        count = 0
        for person in model.objects.all():
            for field in FIELDS:
                count += len(getattr(person, field))
        elapsed = time.perf_counter() - start
        assert count > 0
        return elapsed

    def fetch(model) -> float:
        """The rows alone, as the model's queryset fetches them (its SQL and cursor, the driver's parsing; no
        instance): Django's text cursor for plaintext, binary results for the sealed records (governance.crypto)."""
        from django.db import connection

        from governance.crypto import reading

        compiler = model.objects.all().query.get_compiler(using="default")
        gc.collect()
        start = time.perf_counter()
        if model is Encrypted:
            count = sum(map(len, reading.row_batches(compiler, 1000, chunked_fetch=False, chunk_size=100,
                                                              binary=True)))
        else:
            sql, params = compiler.as_sql()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                count = len(cursor.fetchall())
        assert count == args.records
        return time.perf_counter() - start

    def medians(collector: bool) -> dict[str, float]:
        """Median read of each table over alternating rounds, with Python's collector on or off."""
        (gc.enable if collector else gc.disable)()
        try:
            read(Plain), read(Encrypted, cold=True), read(Fernet)  # warm the database's buffers and imports
            times: dict[str, list[float]] = {"plain": [], "cold": [], "warm": [], "fernet": [], "rows_plain": [],
                                              "rows_sealed": []}
            for _ in range(args.rounds):
                times["plain"].append(read(Plain))
                times["cold"].append(read(Encrypted, cold=True))
                times["warm"].append(read(Encrypted))  # the keys the cold read unwrapped are cached
                times["fernet"].append(read(Fernet))
                times["rows_plain"].append(fetch(Plain))
                times["rows_sealed"].append(fetch(Encrypted))
            figures = {name: statistics.median(values) for name, values in times.items()}
            # Each round's own ratio (its reads follow each other): a slow spell of the machine slows both sides
            # of a round, where it would shift one side's median alone.
            for name in ("cold", "warm", "fernet"):
                figures[f"{name}_paired"] = statistics.median(
                    t / plain for t, plain in zip(times[name], times["plain"], strict=True))
            return figures
        finally:
            gc.enable()

    on = medians(collector=True)
    off = medians(collector=False)
    floors = [aes_floor(args.records, rows) for _ in range(args.rounds)]
    floor_cold = statistics.median(f[0] for f in floors)
    floor_warm = statistics.median(f[1] for f in floors)
    floor_keys = statistics.median(f[2] for f in floors)
    keyring.clear_caches()
    expected = [[r[f] for f in FIELDS] for r in rows[:50]]
    for model in (Encrypted, Fernet):
        assert [[getattr(p, f) for f in FIELDS] for p in model.objects.order_by("pk")[:50]] == expected

    p = on["plain"]
    print(f"records: {args.records}, encrypted fields per record: {len(FIELDS)}, rounds: {args.rounds}")
    print(f"plaintext read:            median {p * 1000:8.1f} ms  ({p / args.records * 1e6:5.1f} µs/record)")
    for key, label in (("cold", "sealed, cold (fresh process)"), ("warm", "sealed, warm (keys cached)"),
                       ("fernet", "django-fernet-encrypted-fields")):
        t = on[key]
        print(f"{label + ':':31s}median {t * 1000:8.1f} ms  ({t / args.records * 1e6:5.1f} µs/record)  "
              f"ratio {t / p:5.2f}")
    for key, label in (("cold", "cold"), ("warm", "warm")):
        ratio = on[f"{key}_paired"]
        print(f"ratio sealed {label}/plaintext, median of each round's ratio: {ratio:.2f} (of the medians "
              f"{on[key] / p:.2f}; collector off {off[f'{key}_paired']:.2f})  "
              f"(target ≤ 1.5: {'met' if ratio <= 1.5 else 'NOT met'})")
    print(f"ratio django-fernet-encrypted-fields/plaintext, median of each round's ratio: {on['fernet_paired']:.2f} "
          f"(of the medians {on['fernet'] / p:.2f})")
    # Python's cyclic collector runs a full collection every so many thousand new objects, wherever it
    # falls: it makes single reads bimodal. With it off, the ratios compare the read paths' own work.
    print(f"with the collector off: plaintext {off['plain'] * 1000:.1f} ms; ratios sealed cold "
          f"{off['cold'] / off['plain']:.2f}, warm {off['warm'] / off['plain']:.2f}, "
          f"django-fernet-encrypted-fields {off['fernet'] / off['plain']:.2f}")
    print(f"floor, the AES-GCM calls alone: cold (per record 1 unwrap, 1 key set-up, 1 open) "
          f"{floor_cold * 1000:.1f} ms = {floor_cold / off['plain']:.2f} × the plaintext read; warm (1 open) "
          f"{floor_warm * 1000:.1f} ms = {floor_warm / off['plain']:.2f} × (collector off); warm with a key per record "
          f"(as stored) {floor_keys * 1000:.1f} ms = {floor_keys / off['plain']:.2f} ×")
    # What the database and its driver cost, apart from Python's work on the rows (same rounds, collector off).
    print(f"the rows alone (query + driver, no instance; collector off): plaintext {off['rows_plain'] * 1000:.1f} ms "
          f"= {off['rows_plain'] / off['plain']:.2f} × the plaintext read, sealed {off['rows_sealed'] * 1000:.1f} ms "
          f"= {off['rows_sealed'] / off['plain']:.2f} ×")


if __name__ == "__main__":
    main()
