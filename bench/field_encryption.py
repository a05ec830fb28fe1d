"""Benchmark: reading 10,000 records with 5 encrypted fields vs the same records in plaintext.

Both tables live in a database of their own on PostgreSQL; each run times the real read path —
one queryset, the model instances Django builds, every one of the 5 fields read — and reports the
median of several alternating rounds. Target: encrypted / plaintext ≤ 1.5.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_crypto python bench/field_encryption.py
"""

import argparse
import gc
import random
import statistics
import time

from _crypto_tables import declare, ensure_table, setup, tenant

FIELDS = ("name", "kana", "phone", "email", "address")


def aes_work(records: int) -> float:
    """The cryptography alone that reading ``records`` records needs, without Django or the database.

    Shows the floor of the design (one AES-GCM key set-up and unwrap per record, one open per
    field) next to the measured read, so the ratio's remainder can be told apart from it.
    """
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek, dek = AESGCM(os.urandom(32)), os.urandom(32)
    nonce, aad = os.urandom(12), os.urandom(48)
    wrapped = nonce + kek.encrypt(nonce, dek, aad)
    sealed = [nonce + AESGCM(dek).encrypt(nonce, os.urandom(24), aad) for _ in FIELDS]
    start = time.perf_counter()
    for _ in range(records):
        aead = AESGCM(kek.decrypt(wrapped[:12], wrapped[12:], aad))
        for value in sealed:
            aead.decrypt(value[:12], value[12:], aad)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    setup("postgres://postgres@127.0.0.1:5432/mimamori_bench_crypto")

    from django.db import models

    from governance.crypto import EncryptedModel, EncryptedTextField, data_keys_provision, keyring

    common = {"municipality": models.ForeignKey("governance.Municipality", on_delete=models.PROTECT,
                                                related_name="+")}
    Encrypted = declare("EncryptedPerson", {**common, **{f: EncryptedTextField() for f in FIELDS}},
                        base=EncryptedModel)
    Plain = declare("PlainPerson", {**common, **{f: models.TextField() for f in FIELDS}})
    for model in (Encrypted, Plain):
        ensure_table(model)

    ward = tenant()
    rng = random.Random(6)
    if Encrypted.objects.count() != args.records or Plain.objects.count() != args.records:
        Encrypted.objects.all().delete()
        Plain.objects.all().delete()
        rows = []
        for i in range(args.records):
            rows.append({"name": f"{rng.choice('山田佐藤鈴木高橋田中伊藤渡辺')}{rng.choice('太郎花子一郎陽菜蓮')}",
                         "kana": "ヤマダ タロウ", "phone": f"090-{i // 10000:04d}-{i % 10000:04d}",
                         "email": f"user{i}@example.jp", "address": f"東京都新宿区歌舞伎町{i % 9 + 1}-{i % 30 + 1}"})
        encrypted = [Encrypted(municipality=ward, **row) for row in rows]
        data_keys_provision(encrypted)
        Encrypted.objects.bulk_create(encrypted, batch_size=2000)
        Plain.objects.bulk_create([Plain(municipality=ward, **row) for row in rows], batch_size=2000)

    def read(model) -> float:
        keyring.clear_caches()  # as a fresh process: the ring's key version is unwrapped again
        gc.collect()  # each read starts from the same collector state, so one read does not pay for another
        start = time.perf_counter()
        count = 0
        for person in model.objects.all():
            for field in FIELDS:
                count += len(getattr(person, field))
        elapsed = time.perf_counter() - start
        assert count > 0
        return elapsed

    def ratio(collector: bool) -> tuple[float, float]:
        """Median plaintext and encrypted read over alternating rounds, with Python's collector on or off."""
        (gc.enable if collector else gc.disable)()
        try:
            read(Plain), read(Encrypted)  # warm the database's buffers and Python's imports
            plain, encrypted = [], []
            for _ in range(args.rounds):
                plain.append(read(Plain))
                encrypted.append(read(Encrypted))
            return statistics.median(plain), statistics.median(encrypted)
        finally:
            gc.enable()

    p, e = ratio(collector=True)
    p_off, e_off = ratio(collector=False)
    aes = statistics.median(aes_work(args.records) for _ in range(args.rounds))
    assert [getattr(a, f) for a in Encrypted.objects.order_by("pk")[:50] for f in FIELDS] == \
        [getattr(b, f) for b in Plain.objects.order_by("pk")[:50] for f in FIELDS]
    print(f"records: {args.records}, encrypted fields per record: {len(FIELDS)}, rounds: {args.rounds}")
    print(f"plaintext read:  median {p * 1000:8.1f} ms  ({p / args.records * 1e6:5.1f} µs/record)")
    print(f"encrypted read:  median {e * 1000:8.1f} ms  ({e / args.records * 1e6:5.1f} µs/record)")
    print(f"ratio encrypted/plaintext: {e / p:.2f}  (target ≤ 1.5: {'met' if e / p <= 1.5 else 'NOT met'})")
    # Python's cyclic collector runs a full collection every so many thousand new objects, wherever it
    # falls: it makes single reads bimodal. With it off, the ratio compares the two read paths' own work.
    print(f"with the collector off: plaintext {p_off * 1000:.1f} ms, encrypted {e_off * 1000:.1f} ms, "
          f"ratio {e_off / p_off:.2f}")
    print(f"of which AES-GCM work alone (per record: 1 key set-up, 1 unwrap, {len(FIELDS)} opens): "
          f"{aes * 1000:.1f} ms = {aes / p_off:.2f} × the plaintext read (collector off)")


if __name__ == "__main__":
    main()
