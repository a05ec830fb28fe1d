"""The subsidy's pages as the ward's staff and the contractor: each renders, in Japanese, and acts."""

from childcare.subsidy.demo import DEMO_FORM, demo_logo_csv
from childcare.subsidy.models import Application, LogoFormMapping
from tests.childcare.conftest import login
from tests.childcare.subsidy.test_import_and_rules import approve_amendment

# Each test imports its own file once the amendment is approved: the demo leaves it waiting.
DEMO_AMENDMENT_WAITING = True


def test_import_page_refuses_a_bad_file_listing_rows_then_imports_and_the_flow_runs(client, demo):
    approve_amendment()
    login(client, "shien")
    bad = demo_logo_csv(count=2).replace(b",C001,", b",ZZ9,")
    page = client.post("/subsidy/import/", {"form": DEMO_FORM, "file": _file(bad)})
    text = page.content.decode()
    assert page.status_code == 200 and "ZZ9" in text and "事業者コード1" in text
    assert Application.objects.count() == 0
    page = client.post("/subsidy/import/", {"form": DEMO_FORM, "file": _file(demo_logo_csv(count=2))})
    assert "2" in page.content.decode() and Application.objects.count() == 2
    first = Application.objects.get(answer_id="100001")
    assert client.get("/subsidy/").status_code == 200
    login(client, "backs")
    listing = client.get("/subsidy/").content.decode()
    assert "山田 花子" in listing and "山田 陽向" not in listing  # the child's name is not an approved item
    client.post(f"/subsidy/{first.pk}/pre-check/")
    client.post(f"/subsidy/{first.pk}/decision/", {"outcome": "approved"})  # refused: the contractor never decides
    assert Application.objects.get(pk=first.pk).state == "pre_checked"
    login(client, "shien")
    detail = client.get(f"/subsidy/{first.pk}/").content.decode()
    assert "6,000" in detail and "山田 陽向" in detail
    client.post(f"/subsidy/{first.pk}/decision/", {"outcome": "approved"})
    assert Application.objects.get(pk=first.pk).state == "decided"
    pdf = client.post("/subsidy/notices/", {"ids": [first.pk]})
    assert pdf["Content-Type"] == "application/pdf"
    client.post("/subsidy/transfers/")
    run_page = client.get("/subsidy/transfers/").content.decode()
    assert "6,000" in run_page
    mapping = client.post("/subsidy/mappings/", {"form": DEMO_FORM, **{**LogoFormMapping.objects.get().columns,
                                                                       "child_name": "お子さまの氏名"}})
    assert mapping.status_code == 302
    assert list(LogoFormMapping.objects.values_list("version", flat=True).order_by("version")) == [1, 2]


def test_other_roles_see_the_explanation_not_applications(client, demo):
    login(client, "hoiku")
    page = client.get("/subsidy/")
    assert page.status_code == 403 and "子ども家庭支援課" not in page.content.decode()
    assert "ベビーシッター利用支援は担当課と委託事業者が扱います" in page.content.decode()
    assert client.get("/subsidy/import/").status_code == 403


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("logo.csv", content, "text/csv")
