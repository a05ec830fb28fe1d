"""個人情報ファイル簿 exports: CSV (UTF-8 with BOM) and PDF (Japanese, 和暦 cover), each recorded in the audit log."""

import csv
import io
import shutil
import subprocess

import pytest

from audit.models import AuditEvent
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import Municipality
from tests.conftest import require

pytestmark = pytest.mark.django_db
EXPORTED = "governance.file_register.exported"


def test_csv_has_every_business_of_the_tenant_with_its_sources_and_recipients(as_user):
    shinjuku = Municipality.objects.get(name="新宿区")
    response = as_user("committee").get("/registry/file-register.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row["業務名"]: row for row in rows}
    assert sorted(by_name) == sorted(["ベビーシッター利用支援事業（一時預かり利用支援）", "一時保育", "保育料収納",
                                      "保育業務支援システム", "延長保育料等の収納"])
    babysitter = by_name["ベビーシッター利用支援事業（一時預かり利用支援）"]
    assert babysitter["保有課"] == "子ども総合センター子ども家庭支援課"
    assert babysitter["記録項目"] == "申請者: 氏名、住所、生年月日、電話番号、メールアドレス、銀行口座情報、相談内容"
    assert babysitter["収集元"] == "本人（株式会社バックスグループが収集）"
    assert babysitter["提供先"] == "株式会社バックスグループ"
    assert by_name["一時保育"]["記録項目"] == "資料74-2のとおり"
    assert by_name["延長保育料等の収納"]["提供先"].split("、") == [
        "株式会社NTTデータ", "電子マネー事業者", "コンビニ事業者", "ビリングシステム株式会社"]
    [event] = AuditEvent.objects.filter(name=EXPORTED)
    assert (event.tenant_id, event.data) == (shinjuku.pk, {"format": "csv", "businesses": 5})


def test_csv_of_nerima_lists_the_out_of_purpose_uses_as_sources_and_recipients(as_user):
    rows = list(csv.DictReader(io.StringIO(
        as_user("shingikai").get("/registry/file-register.csv").content.decode("utf-8-sig"))))
    by_number = {row["業務登録番号"]: row for row in rows}
    assert sorted(by_number) == ["0403-01", "0608-06", "0804-01", "1309-04"]
    assert by_number["1309-04"]["収集元"] == ("0403-01 特別区民税・都民税に関する業務（目的外利用）、"
                                           "0608-06 生活保護に関する業務（目的外利用）")
    assert by_number["0403-01"]["提供先"] == "1309-04 消費者への経済対策に関する業務（目的外利用）"
    assert by_number["0804-01"]["収集元"] == by_number["0804-01"]["提供先"] == "株式会社内田洋行"


def test_pdf_opens_and_reads_in_japanese_with_a_reiwa_date(as_user, tmp_path):
    require(shutil.which("pdftotext") is not None, "pdftotext is not installed (apt-get install poppler-utils)")
    response = as_user("committee").get("/registry/file-register.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="file-register-131041-')
    path = tmp_path / "register.pdf"
    path.write_bytes(response.content)
    # -raw keeps the content-stream order, so a table cell wrapped over lines reads as one run of text.
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    squeezed = "".join(text.split())
    assert "個人情報ファイル簿" in squeezed and "新宿区" in squeezed and "令和" in squeezed
    for name in ("延長保育料等の収納", "保育業務支援システム", "株式会社バックスグループ"):
        assert name in squeezed
    assert AuditEvent.objects.filter(name=EXPORTED, data__format="pdf").count() == 1


def test_an_administrator_of_two_wards_must_choose_one_and_nothing_is_recorded(as_user):
    client = as_user("admin")
    response = client.get("/registry/file-register.csv")
    assert response.status_code == 302 and response["Location"] == "/registry/"
    nerima = Municipality.objects.get(name="練馬区")
    assert client.get("/registry/file-register.csv", {"municipality": nerima.pk}).status_code == 200
    assert list(AuditEvent.objects.filter(name=EXPORTED).values_list("tenant_id", flat=True)) == [nerima.pk]


def test_vendor_and_guardian_may_not_export_and_nothing_is_recorded(as_user):
    assert as_user("uchida").get("/registry/file-register.csv").status_code == 403
    assert as_user("guardian").get("/registry/file-register.pdf").status_code == 403
    nerima = Municipality.objects.get(name="練馬区")
    assert as_user("committee").get("/registry/file-register.csv", {"municipality": nerima.pk}).status_code == 404
    assert not AuditEvent.objects.filter(name=EXPORTED).exists()


def test_csv_writes_registry_text_that_a_spreadsheet_would_run_inert(as_user):
    """Tab and carriage return start a formula too, besides = + - @."""
    RegisteredBusiness.objects.filter(municipality__name="新宿区", name="一時保育").update(purpose="\t=1+1")
    RegisteredBusiness.objects.filter(municipality__name="新宿区", name="保育料収納").update(purpose="\r@SUM(A1)")

    rows = list(csv.DictReader(io.StringIO(
        as_user("committee").get("/registry/file-register.csv").content.decode("utf-8-sig"), newline="")))

    by_name = {row["業務名"]: row["利用目的"] for row in rows}
    assert (by_name["一時保育"], by_name["保育料収納"]) == ("'\t=1+1", "'\r@SUM(A1)")
