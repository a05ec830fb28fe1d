"""Measure: the share of each seed document's sentences that the official forms carry.

For every demo submission (and out-of-purpose use) of each ward, a committee member of that ward downloads
every form through the API; the forms' text (pdftotext) is searched for each sentence of the seed
(tests/governance/committee/fidelity.py defines the split and the comparison). Prints the share per seed and,
with --missing, the sentences not found.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_forms .venv/bin/python bench/form_fidelity.py
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["DEBUG"] = "1"  # the demo users exist only in a debug run
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

from _crypto_tables import setup  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--missing", action="store_true", help="list the sentences not found")
    args = parser.parse_args()
    setup("postgres://postgres@127.0.0.1:5432/mimamori_bench_forms")

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
        total = len(fidelity.seed_sentences(seed))
        print(f"seed {seed} ({ward}): {share:.1%} of {total} sentences ({len(missing)} missing)")
        if args.missing:
            for sentence in missing:
                print(f"    {sentence}")


if __name__ == "__main__":
    main()
