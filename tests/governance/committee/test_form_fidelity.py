"""Every sentence the departments wrote reaches the official forms: for each of the five seed documents, the
share of its sentences found in the text of the forms its ward serves through the API (downloaded by a
committee member of that ward) is at least the floor; a failure lists the sentences missing."""

import pytest

from tests.conftest import require
from tests.governance.committee import fidelity

FLOOR = 0.95
_TEXTS: dict[str, str] = {}  # per ward: the module's demo is one, so its forms are read once


@pytest.mark.parametrize("seed", sorted(fidelity.SEED_WARDS))
def test_the_forms_carry_the_seed_sentences(as_user, seed):
    require(fidelity.pdftotext_available(), "pdftotext (poppler-utils) is not installed")
    require(fidelity.SEEDS.is_dir(), f"the seed documents are not at {fidelity.SEEDS}")
    ward, member = fidelity.SEED_WARDS[seed]
    if ward not in _TEXTS:
        _TEXTS[ward] = fidelity.ward_text(as_user(member))
    share, missing = fidelity.coverage(seed, _TEXTS[ward])
    assert share >= FLOOR, f"{share:.0%} of seed {seed}'s sentences; missing:\n" + "\n".join(missing)
