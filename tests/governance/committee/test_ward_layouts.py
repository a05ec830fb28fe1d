"""A ward's forms are its layout directory (layout.toml and templates, found by the municipality's code under
settings.FORM_LAYOUT_DIRS): a ward is added, or its labels changed, by writing files, not code."""

import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from governance.committee.forms_pdf import checklists_pdf, submission_forms, submission_pdf
from governance.committee.models import Submission
from governance.committee.ward_layouts import ward_layout
from governance.tenancy.models import Municipality
from tests.conftest import require

SHINJUKU = "延長保育料等におけるコンビニ収納等の導入について"


def _text(pdf: bytes, tmp_path) -> str:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is not installed")
    (tmp_path / "form.pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", str(tmp_path / "form.pdf"), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.fixture
def layout_root(settings, tmp_path):
    root = tmp_path / "form_layouts"
    root.mkdir()
    settings.FORM_LAYOUT_DIRS = [root, *settings.FORM_LAYOUT_DIRS]
    return root


def test_each_ward_is_found_by_its_code():
    shinjuku = ward_layout(SimpleNamespace(code="131041", name="新宿区"))
    nerima = ward_layout(SimpleNamespace(code="131202", name="練馬区"))
    assert (shinjuku.submission_template, shinjuku.submission_title) == ("fugi.html", "付議事項")
    assert (nerima.submission_template, nerima.submission_title) == ("ketsugo.html", "電子計算組織の結合について")
    assert shinjuku.checklist_numbers == {"external_connection": "4", "outsourcing": "5"}
    assert nerima.checklist_numbers == {"external_connection": "7"}
    assert shinjuku.subject_headings["child"] == "【利用者(児童)に係る情報項目】" and not nerima.subject_headings
    # A ward with no layout of its own prints 新宿区's.
    assert ward_layout(SimpleNamespace(code="999999", name="どこか区")).code == "131041"


def test_a_third_ward_is_added_by_its_layout_files_alone(layout_root, settings, seeded, tmp_path):
    """千代田区 prints like 新宿区 except what its directory says: its own name for the submission form, its
    checklist numbering and its own 外部結合 別紙 template."""
    ward = layout_root / "131016"
    ward.mkdir()
    (ward / "layout.toml").write_text(
        'name = "千代田区"\nextends = "131041"\nsubmission_title = "審議案件"\n'
        '[checklist_numbers]\nexternal_connection = "様式6"\noutsourcing = "様式7"\n', encoding="utf-8")
    source = next(root / "131041" / "annex_connection.html" for root in settings.FORM_LAYOUT_DIRS
                  if (root / "131041" / "annex_connection.html").is_file())
    own = source.read_text(encoding="utf-8").replace("<th>結合の相手方</th>", "<th>接続先の事業者</th>")
    (ward / "annex_connection.html").write_text(own, encoding="utf-8")
    submission = Submission.objects.get(title=SHINJUKU)
    Municipality.objects.filter(pk=submission.municipality_id).update(code="131016")
    submission.refresh_from_db()
    submission.municipality.refresh_from_db()

    assert ward_layout(submission.municipality).name == "千代田区"
    assert submission_forms(submission)[0] == ("submission", "審議案件")
    text = _text(submission_pdf(submission), tmp_path)
    assert "接続先の事業者" in text and "結合の相手方" not in text
    assert "個人情報保護管理運営会議 付議事項" in text  # fugi.html comes from 新宿区's directory
    checklists = _text(checklists_pdf(submission), tmp_path)
    assert "様式6 外部結合にかかる個人情報保護対策チェックリスト" in checklists


def test_a_layout_that_is_not_well_formed_is_refused_naming_its_file(layout_root):
    ward = layout_root / "131016"
    ward.mkdir()
    (ward / "layout.toml").write_text('extends = "131041"\nsubmision_title = "審議案件"\n', encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"131016/layout.toml: unknown keys submision_title"):
        ward_layout(SimpleNamespace(code="131016", name="千代田区"))
    (ward / "layout.toml").write_text('extends = "131016"\n', encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="extends 131016, which extends it back"):
        ward_layout(SimpleNamespace(code="131016", name="千代田区"))
    (ward / "layout.toml").write_text('name = "千代田区"\n', encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="does not say its submission_template, submission_title"):
        ward_layout(SimpleNamespace(code="131016", name="千代田区"))
