"""The forms as files a ward archives: every font embedded (with its Unicode map), PDF/A-3u declared, tagged,
titled after the form and its 件名 with the department as author; an amendment's changed passages in bold Gothic;
every form reachable from the API's lists, an unknown one refused."""

import re
import shutil
import subprocess

import pytest

from governance.committee.models import Submission
from governance.registry.models import OutOfPurposeUse
from tests.conftest import require

# The amendment's forms are compared while it waits for the committee.
DEMO_AMENDMENT_WAITING = True

API = "/api/v1/governance"


def _run(tool: str, pdf: bytes, tmp_path, *args) -> str:
    require(shutil.which(tool) is not None, f"{tool} (poppler-utils) is not installed")
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, *args, str(path)], capture_output=True, check=True, text=True).stdout


def _fonts(pdf: bytes, tmp_path) -> list[dict]:
    """pdffonts' table: name, emb, sub, uni per font."""
    lines = _run("pdffonts", pdf, tmp_path).splitlines()[2:]
    return [{"name": line.split()[0], "emb": line.split()[-5], "sub": line.split()[-4], "uni": line.split()[-3]}
            for line in lines if line.strip()]


def _download(client, listing: str) -> list[tuple[dict, bytes]]:
    forms = client.get(listing).json()
    out = []
    for form in forms:
        response = client.get(form["url"])
        assert response.status_code == 200, form
        out.append((form, response.content))
    return out


@pytest.mark.parametrize(("member", "title"), [
    ("committee", "延長保育料等におけるコンビニ収納等の導入について"),
    ("iin-nerima", "子育て支援に関する業務に係る電子計算組織の結合について")])
def test_every_form_embeds_its_fonts_and_is_tagged_pdf_a(as_user, tmp_path, member, title):
    submission = Submission.objects.get(title=title)
    forms = _download(as_user(member), f"{API}/submissions/{submission.pk}/forms/")
    names = [form["name"] for form, _pdf in forms]
    assert names[0] == "submission" and "connection-record" in names
    for form, pdf in forms:
        fonts = _fonts(pdf, tmp_path)
        assert fonts and all(f["emb"] == "yes" and f["sub"] == "yes" and f["uni"] == "yes" for f in fonts), (
            form["name"], fonts)
        info = _run("pdfinfo", pdf, tmp_path)
        assert re.search(r"^Tagged:\s+yes", info, re.M), form["name"]
        assert re.search(rf"^Title:\s+.*{re.escape(title)}", info, re.M), (form["name"], info)
        assert re.search(r"^Author:\s+\S", info, re.M) and "anonymous" not in info
        meta = _run("pdfinfo", pdf, tmp_path, "-meta")
        assert re.search(r"pdfaid:part[^0-9]*3", meta) and re.search(r"pdfaid:conformance[^A-Z]*U", meta), form


def test_the_departments_are_the_authors(as_user, tmp_path):
    submission = Submission.objects.get(title="延長保育料等におけるコンビニ収納等の導入について")
    pdf = as_user("committee").get(f"{API}/submissions/{submission.pk}/forms/submission.pdf").content
    info = _run("pdfinfo", pdf, tmp_path)
    assert re.search(r"^Author:\s+子ども家庭部保育課、教育委員会事務局学校運営課$", info, re.M), info
    assert re.search(r"^Title:\s+付議事項 延長保育料等におけるコンビニ収納等の導入について$", info, re.M), info


def test_an_amendment_sets_its_changes_in_bold_gothic_and_the_approved_text_does_not(as_user, tmp_path):
    amendment = Submission.objects.get(amends__isnull=False)
    client = as_user("committee")
    amended = client.get(f"{API}/submissions/{amendment.pk}/forms/submission.pdf").content
    approved = client.get(f"{API}/submissions/{amendment.amends_id}/forms/submission.pdf").content
    assert any("Sans-CJK-JP-Bold" in f["name"] for f in _fonts(amended, tmp_path))
    assert not any("Sans-CJK-JP-Bold" in f["name"] for f in _fonts(approved, tmp_path))
    (tmp_path / "form.pdf").write_bytes(amended)
    text = "".join(subprocess.run(["pdftotext", str(tmp_path / "form.pdf"), "-"], capture_output=True, check=True,
                                  text=True).stdout.split())
    assert "※太字ゴシック（下線）が、令和5年度第1回新宿区個人情報保護管理運営会議承認済の内容からの変更箇所" in text


def test_an_out_of_purpose_use_lists_and_serves_its_forms(as_user, tmp_path):
    use = OutOfPurposeUse.objects.get(providing_business__number="0403-01")
    client = as_user("iin-nerima")
    listed = client.get(f"{API}/out-of-purpose-uses/{use.pk}/forms/").json()
    assert [f["name"] for f in listed] == ["record", "criterion-application"]
    texts = {}
    for form in listed:
        response = client.get(form["url"])
        assert response["Content-Type"] == "application/pdf"
        (tmp_path / "form.pdf").write_bytes(response.content)
        texts[form["name"]] = "".join(subprocess.run(["pdftotext", str(tmp_path / "form.pdf"), "-"],
                                                     capture_output=True, check=True, text=True).stdout.split())
    assert "第3号様式(第8条関係)" in texts["record"] and "平成12年4月日以降継続" in texts["record"]
    assert "目的外利用に関する審議会事前一括承認基準の適用について" in texts["criterion-application"]
    assert "(1)特別区民税・都民税に関する業務" in texts["criterion-application"]
    unknown = client.get(f"{API}/out-of-purpose-uses/{use.pk}/forms/nothing.pdf")
    assert unknown.status_code == 404 and unknown.json()["field"] == "form"
    assert as_user("committee").get(f"{API}/out-of-purpose-uses/{use.pk}/forms/").status_code == 404
