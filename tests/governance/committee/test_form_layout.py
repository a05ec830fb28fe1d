"""Each form's first page looks as it did when its layout was last approved: rendered (pdftoppm, grey, 40 dpi)
and compared pixel by pixel with the reference committed beside this test, so an unintended change of layout
fails. After an intended change, rewrite the references with MIMAMORI_UPDATE_FORM_REFERENCES=1 and review them."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from governance.committee.models import Submission
from governance.registry.models import OutOfPurposeUse
from tests.conftest import require

API = "/api/v1/governance"
REFERENCES = Path(__file__).parent / "form_references"
# Mean difference of the grey levels (0–255) allowed: anti-aliasing may differ a little between runs; a moved
# line, a missing row or another font is well above it.
THRESHOLD = 1.5
SHINJUKU = "延長保育料等におけるコンビニ収納等の導入について"
NERIMA = "子育て支援に関する業務に係る電子計算組織の結合について"
CASES = [
    ("fugi", "committee", "submission", SHINJUKU),
    ("checklists", "committee", "checklists", SHINJUKU),
    ("ketsugo", "iin-nerima", "submission", NERIMA),
    ("densan-ketsugo-kirokuhyo", "iin-nerima", "connection-record", NERIMA),
    ("mokutekigai-riyo-kirokuhyo", "iin-nerima", "record", "0403-01"),
    ("jizen-ikkatsu-shonin-kijun", "iin-nerima", "criterion-application", "0403-01"),
]


def _first_page(pdf: bytes, tmp_path) -> Image.Image:
    require(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils) is not installed")
    (tmp_path / "form.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-gray", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "form.pdf"), str(tmp_path / "page")], check=True)
    return Image.open(tmp_path / "page.png").convert("L")


@pytest.mark.parametrize(("reference", "member", "form", "of"), CASES, ids=[c[0] for c in CASES])
def test_the_first_page_matches_its_reference(as_user, tmp_path, reference, member, form, of):
    client = as_user(member)
    if form in ("record", "criterion-application"):
        use = OutOfPurposeUse.objects.get(providing_business__number=of)
        url = f"{API}/out-of-purpose-uses/{use.pk}/forms/{form}.pdf"
    else:
        url = f"{API}/submissions/{Submission.objects.get(title=of).pk}/forms/{form}.pdf"
    page = _first_page(client.get(url).content, tmp_path)
    path = REFERENCES / f"{reference}.png"
    if os.environ.get("MIMAMORI_UPDATE_FORM_REFERENCES") == "1":
        path.parent.mkdir(exist_ok=True)
        page.save(path)
    expected = Image.open(path).convert("L")
    assert page.size == expected.size, (page.size, expected.size)
    difference = ImageStat.Stat(ImageChops.difference(page, expected)).mean[0]
    assert difference < THRESHOLD, f"{reference}: the first page differs from its reference by {difference:.2f}"
