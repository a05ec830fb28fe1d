"""Slips: reissue rules, and the PDF's GS1-128 symbol read back by an independent reader (zbar)."""

import datetime
import shutil
import subprocess

import pytest

from audit.models import AuditEvent
from common.errors import Conflict, Forbidden
from governance.tenancy.models import User
from payments.slips.models import Slip
from payments.slips.pdf import slips_pdf
from payments.slips.services import slip_reissue
from tests.conftest import require
from tests.payments.collection.test_import import file_of, record
from tests.payments.conftest import import_bytes


def _decode(pdf: bytes, tmp_path) -> list[str]:
    require(bool(shutil.which("zbarimg") and shutil.which("pdftoppm")), "zbar-tools and poppler-utils are needed")
    (tmp_path / "slip.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "600", "-gray", "-png", str(tmp_path / "slip.pdf"), str(tmp_path / "page")],
                   check=True)
    pages = sorted(str(p) for p in tmp_path.glob("page*.png"))
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Scode128.enable", *pages],
                         capture_output=True, text=True, check=False).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def test_a_demo_slip_pdf_scans_to_the_digits_printed_under_it(demo, tmp_path):
    slip = Slip.objects.get(charge__payer__reference_number="P0000004")
    pdf = slips_pdf([slip])
    decoded = _decode(pdf, tmp_path)
    # zbar reports GS1-128 as the digits after FNC1 (some builds prefix the AI in brackets).
    assert [d.replace("(", "").replace(")", "") for d in decoded] == [slip.barcode]
    (tmp_path / "t.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "t.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    printed = [line.strip() for line in text.splitlines() if "(91)" in line or line.strip().count("-") == 4]
    digits = "".join(ch for line in printed for ch in line.split("(91)")[-1] if ch.isdigit())
    assert "91" + digits == slip.barcode
    assert "令和8年度" in text and "12,800円" in text and "P0000004" in text


def test_a_batch_pdf_holds_every_slip(demo, tmp_path):
    slips = list(Slip.objects.order_by("pk")[:4])
    assert sorted(_decode(slips_pdf(slips), tmp_path)) == sorted(s.barcode for s in slips)


def test_reissue_raises_the_digit_and_keeps_the_original_payable(demo):
    hoiku = User.objects.get(username="hoiku")
    slip = Slip.objects.get(charge__payer__reference_number="P0000003")
    new = slip_reissue(actor=hoiku, slip=slip, due_date=datetime.date(2026, 7, 31),
                       handling_deadline=datetime.date(2026, 8, 14))
    assert (new.slip_number, new.reissue, new.reissued_from_id) == (slip.slip_number, 1, slip.pk)
    assert new.barcode[:29] == slip.barcode[:29] and new.barcode[29] == "1" and new.barcode[30:36] == "260814"
    assert Slip.objects.get(pk=slip.pk).status == "payable" and new.status == "payable"
    assert AuditEvent.objects.filter(name="payments.slip.reissued", object_id=str(new.pk)).exists()


def test_reissue_is_refused_once_paid_provisionally(demo):
    hoiku = User.objects.get(username="hoiku")
    slip = Slip.objects.get(charge__payer__reference_number="P0000003")
    import_bytes(file_of([record(slip.barcode)]), actor=hoiku, municipality=slip.municipality)
    count = Slip.objects.count()
    with pytest.raises(Conflict):
        slip_reissue(actor=hoiku, slip=slip, due_date=datetime.date(2026, 7, 31),
                     handling_deadline=datetime.date(2026, 8, 14))
    assert Slip.objects.count() == count


def test_reissue_is_refused_to_another_department(demo):
    gakko = User.objects.get(username="gakko")
    slip = Slip.objects.get(charge__payer__reference_number="P0000003")
    count = Slip.objects.count()
    with pytest.raises(Forbidden):
        slip_reissue(actor=gakko, slip=slip, due_date=datetime.date(2026, 7, 31),
                     handling_deadline=datetime.date(2026, 8, 14))
    assert Slip.objects.count() == count
