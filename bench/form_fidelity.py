"""Measure: the share of each seed document's sentences that the official forms carry.

For every demo submission (and out-of-purpose use) of each ward, a committee member of that ward downloads
every form through the API; the forms' text (pdftotext) is searched for each sentence of the seed
(tests/governance/committee/fidelity.py defines the split and the comparison). Prints the share per seed and,
with --missing, the sentences not found.

    .venv/bin/python bench/form_fidelity.py [--missing]

Works in a database of its own, ``mimamori_bench_forms`` (or $BENCH_DATABASE) on the server of DATABASE_URL,
dropped and created afresh for every run, migrated and loaded with the demo.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DATABASE = os.environ.get("BENCH_DATABASE", "mimamori_bench_forms")
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]
os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "1"  # the demo users exist only in a debug run
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import psycopg  # noqa: E402
from _crypto_tables import setup  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--missing", action="store_true", help="list the sentences not found")
    args = parser.parse_args()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    setup(os.environ["DATABASE_URL"])

    from django.test import Client

    from audit.context import Channel, bound
    from governance.demo import DEMO_PASSWORD, demo_load
    from tests.governance.committee import fidelity

    with bound(channel=Channel.CLI):
        demo_load()
    texts = {}
    for seed, (ward, member) in sorted(fidelity.SEED_WARDS.items()):
        if ward not in texts:
            client = Client()
            assert client.login(username=member, password=DEMO_PASSWORD)
            started = time.perf_counter()
            urls = fidelity.ward_form_urls(client)
            texts[ward] = fidelity.ward_text(client)
            print(f"{ward}: {len(urls)} forms downloaded and read in {time.perf_counter() - started:.1f} s")
        share, missing = fidelity.coverage(seed, texts[ward])
        total, left_out = len(fidelity.counted_sentences(seed)), len(fidelity.seed_sentences(seed))
        left_out -= total
        print(f"seed {seed} ({ward}): {share:.1%} of {total} sentences ({len(missing)} missing"
              + (f"; {left_out} of attachments that are no form not counted)" if left_out else ")"))
        if args.missing:
            for sentence in missing:
                print(f"    {sentence}")


if __name__ == "__main__":
    main()
