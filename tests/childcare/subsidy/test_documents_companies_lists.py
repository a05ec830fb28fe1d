"""On the demo as make run loads it: documents opened (audited, within the approved items), the certified
companies and their sitters kept on staff pages, the lists paged and filtered, notices and transfer files
through the API, the mapping page in Japanese."""

import datetime

import pytest

from audit.models import AuditEvent
from childcare.subsidy.demo import DEMO_FORM
from childcare.subsidy.downloads import document_response
from childcare.subsidy.errors import SubsidyConflict, SubsidyInvalid
from childcare.subsidy.models import Application, EligibleSitter, SitterCompany, TransferRun
from childcare.subsidy.selectors import applications_with_duplicates, subsidy_actor
from childcare.subsidy.services import (
    application_decide,
    application_pre_check,
    company_save,
    document_add,
    sitter_save,
)
from governance.tenancy.models import User
from tests.childcare.conftest import READ, api_headers, login

API = "/api/v1/subsidy"


def who(username):
    return subsidy_actor(actor=User.objects.get(username=username))


def first():
    return Application.objects.get(answer_id="100001")


# --- documents ----------------------------------------------------------------------------------------------

def test_staff_and_the_contractor_open_the_receipt_decrypted_and_the_read_is_recorded(client, demo):
    receipt = first().documents.get()
    for username in ("shien", "backs"):
        login(client, username)
        before = AuditEvent.objects.filter(name=READ, purpose="childcare.subsidy.document").count()
        response = client.get(f"/subsidy/{first().pk}/documents/{receipt.pk}/")
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-") and len(body) == receipt.size
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            "inline; filename*=utf-8''%E9%A0%98%E5%8F%8E%E6%9B%B8_%E3%81%95%E3%81%8F%E3%82%89%E3%83%99%E3%83%93"
            "%E3%83%BC%E3%82%B7%E3%83%83%E3%82%BF%E3%83%BC.pdf")
        assert response["Cache-Control"] == "private, no-store"
        events = AuditEvent.objects.filter(name=READ, purpose="childcare.subsidy.document")
        assert events.count() == before + 1
        assert events.order_by("-seq").first().fields == ["applicant.name"]


def test_the_contractor_cannot_open_a_statement_naming_the_child(client, demo):
    statement = document_add(who=who("shien"), application_id=first().pk, kind="statement",
                             name='明細 "1".txt', content="利用明細\n".encode())
    login(client, "backs")
    page = client.get(f"/subsidy/{first().pk}/").content.decode()
    assert f'documents/{statement.pk}/"' not in page and "あなたの役割には表示されません" in page
    assert client.get(f"/subsidy/{first().pk}/documents/{statement.pk}/").status_code == 403
    listing = client.get(f"{API}/applications/{first().pk}/documents/", headers=api_headers(client, "backs")).json()
    assert {d["kind"]: d["openable"] for d in listing} == {"receipt": True, "statement": False}
    assert "name" not in listing[0]
    login(client, "shien")
    response = client.get(f"/subsidy/{first().pk}/documents/{statement.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")  # the quote cannot break out
    # Another application's document is not found through this one.
    other = Application.objects.get(answer_id="100002")
    assert client.get(f"/subsidy/{other.pk}/documents/{statement.pk}/").status_code == 404


def test_only_pictures_and_pdf_are_shown_inline():
    svg = document_response(content=b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", name="a.svg")
    assert svg["Content-Type"] == "application/octet-stream" and svg["Content-Disposition"].startswith("attachment")
    png = document_response(content=b"\x89PNG\r\n\x1a\n" + b"\0" * 20, name="receipt.png")
    assert png["Content-Type"] == "image/png" and png["Content-Disposition"] == 'inline; filename="receipt.png"'


# --- companies and sitters ----------------------------------------------------------------------------------

def test_staff_add_and_change_a_company_and_its_sitters_each_step_audited(client, demo):
    login(client, "shien")
    assert "さくらベビーシッター株式会社" in client.get("/subsidy/companies/").content.decode()
    added = client.post("/subsidy/companies/", {"code": "C010", "name": "あおぞらシッター株式会社",
                                                "hourly_price_yen": "2,900", "certified_from": "2026-04-01"})
    company = SitterCompany.objects.get(code="C010")
    assert added.status_code == 302 and added["Location"] == f"/subsidy/companies/{company.pk}/"
    client.post(f"/subsidy/companies/{company.pk}/", {"action": "sitter", "number": "A0001",
                                                      "eligible_from": "2026-05-01"})
    sitter = EligibleSitter.objects.get(company=company, number="A0001")
    client.post(f"/subsidy/companies/{company.pk}/sitters/{sitter.pk}/", {
        "number": "A0001", "eligible_from": "2026-05-01", "eligible_until": "2027-03-31"})
    sitter.refresh_from_db()
    assert sitter.eligible_until == datetime.date(2027, 3, 31)
    client.post(f"/subsidy/companies/{company.pk}/", {
        "action": "company", "code": "C010", "name": "あおぞらシッター株式会社", "hourly_price_yen": "3100",
        "certified_from": "2026-04-01"})
    company.refresh_from_db()
    assert company.hourly_price_yen == 3100
    changes = [e.data["changed"] for e in AuditEvent.objects.filter(
        name__in=["childcare.subsidy_company.saved", "childcare.subsidy_sitter.saved"]).order_by("seq")]
    assert changes[-4:] == [["certified_from", "certified_until", "code", "hourly_price_yen", "name"],
                            ["eligible_from", "eligible_until", "number"], ["eligible_until"], ["hourly_price_yen"]]
    page = client.get(f"/subsidy/companies/{company.pk}/").content.decode()
    assert "A0001" in page and "3100" in page


def test_a_company_is_refused_with_the_field_and_the_reason(demo):
    staff = who("shien")
    day = datetime.date(2026, 4, 1)
    cases = [({"code": "C 1"}, "code", "subsidy.company_code"),
             ({"code": "C001"}, "code", "subsidy.company_code_taken"),
             ({"hourly_price_yen": 0}, "hourly_price_yen", "subsidy.company_price"),
             ({"certified_until": day - datetime.timedelta(days=1)}, "certified_until", "subsidy.company_dates"),
             ({"name": " "}, "name", "subsidy.company_name")]
    for change, field, code in cases:
        values = {"code": "C020", "name": "X", "hourly_price_yen": 2000, "certified_from": day, **change}
        with pytest.raises((SubsidyInvalid, SubsidyConflict)) as refused:
            company_save(who=staff, **values)
        assert (refused.value.field, refused.value.code) == (field, code)
    used = SitterCompany.objects.get(code="C001")
    with pytest.raises(SubsidyConflict) as refused:
        company_save(who=staff, company=used, code="C009", name=used.name, hourly_price_yen=3000,
                     certified_from=used.certified_from)
    assert refused.value.code == "subsidy.company_code_in_use"
    with pytest.raises(SubsidyConflict):
        sitter_save(who=staff, company=used, number="S0002", eligible_from=day)
    assert not SitterCompany.objects.filter(code="C020").exists()


def test_the_contractor_and_other_staff_cannot_keep_companies(client, demo):
    for username in ("backs", "hoiku"):
        login(client, username)
        assert client.get("/subsidy/companies/").status_code == 403
        assert client.post("/subsidy/companies/", {"code": "C030", "name": "X", "hourly_price_yen": "1",
                                                   "certified_from": "2026-04-01"}).status_code == 403
    assert not SitterCompany.objects.filter(code="C030").exists()


# --- lists ----------------------------------------------------------------------------------------------------

def test_the_list_is_paged_and_filtered_on_the_page_and_through_the_api(client, demo, monkeypatch):
    from childcare.subsidy import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    login(client, "shien")
    page = client.get("/subsidy/").content.decode()
    assert page.count("data-application=") == 5 and "1 / 3 ページ（全 12 件）" in page
    third = client.get("/subsidy/?page=3").content.decode()
    assert third.count("data-application=") == 2
    duplicates = client.get("/subsidy/?duplicates=1").content.decode()
    assert duplicates.count("data-application=") == 2 and "重複の疑い" in duplicates
    assert {a.answer_id for a in Application.objects.filter(pk__in=applications_with_duplicates(who=who("shien")))} \
        == {"100001", "100003"}
    today = datetime.date.today()
    none = client.get(f"/subsidy/?from={today + datetime.timedelta(days=1)}").content.decode()
    assert "data-application=" not in none
    bad = client.get("/subsidy/?from=2026-13-01")
    assert bad.status_code == 200 and "日付（YYYY-MM-DD）ではありません" in bad.content.decode()

    headers = api_headers(client, "backs")
    listed = client.get(f"{API}/applications/?page_size=5&page=2", headers=headers).json()
    assert listed["count"] == 12 and len(listed["results"]) == 5 and listed["next"] and listed["previous"]
    dup = client.get(f"{API}/applications/?duplicates=true", headers=headers).json()
    assert sorted(a["answer_id"] for a in dup["results"]) == ["100001", "100003"]
    received = client.get(f"{API}/applications/?received_from={today}&received_until={today}&state=received",
                          headers=headers).json()
    assert received["count"] == 12
    wrong = client.get(f"{API}/applications/?received_from={today}&received_until={today - datetime.timedelta(1)}",
                       headers=headers)
    assert wrong.status_code == 400


def test_the_mapping_page_shows_our_fields_in_japanese(client, demo):
    login(client, "shien")
    page = client.get(f"/subsidy/mappings/?form={DEMO_FORM}").content.decode()
    assert "申請者氏名" in page and "口座名義（カナ）" in page
    assert "対象外経費（入会金・交通費・キャンセル料・保険料）{n}" in page
    assert ">applicant_name <" not in page and "account_holder <input" not in page


# --- notices and transfers through the API ----------------------------------------------------------------

def test_notices_and_the_transfer_file_through_the_api(client, demo):
    def first():  # the walk's daytime answer (100001 is held back by its duplicate)
        return Application.objects.get(answer_id="100002")

    application_pre_check(who=who("backs"), application_id=first().pk)
    application_decide(who=who("shien"), application_id=first().pk, outcome="approved")
    headers = api_headers(client, "shien")
    contractor = api_headers(client, "backs")
    assert client.post(f"{API}/notices/", {"ids": [first().pk]}, content_type="application/json",
                       headers=contractor).status_code == 403
    pdf = client.post(f"{API}/notices/", {"ids": [first().pk]}, content_type="application/json", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-") and pdf["Content-Type"] == "application/pdf"
    assert first().state == "notified"
    undecided = Application.objects.get(answer_id="100004")
    refused = client.post(f"{API}/notices/", {"ids": [undecided.pk]}, content_type="application/json",
                          headers=headers)
    assert refused.status_code == 409 and refused.json()["code"] == "subsidy.not_decided"

    made = client.post(f"{API}/transfers/", {}, content_type="application/json", headers=headers)
    assert made.status_code == 201 and made.json()["record_count"] == 1
    assert made.json()["total_yen"] == first().decided_yen > 0
    again = client.post(f"{API}/transfers/", {}, content_type="application/json", headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "subsidy.nothing_to_pay"
    run = TransferRun.objects.get()
    listed = client.get(f"{API}/transfers/", headers=headers).json()
    assert [r["id"] for r in listed] == [run.pk]
    file = client.get(f"{API}/transfers/{run.pk}/file/", headers=headers)
    assert file.status_code == 200 and len(file.content) == 4 * 122 and file.content[:1] == b"1"
    assert client.get(f"{API}/transfers/{run.pk}/file/", headers=contractor).status_code == 403
    assert AuditEvent.objects.filter(name=READ, purpose="childcare.subsidy.transfer", channel="api").exists()


def test_the_requester_comes_from_the_settings(demo, settings):
    from childcare.subsidy.zengin import transfer_requester

    assert transfer_requester().code == settings.DEV_SUBSIDY_ZENGIN_REQUESTER["code"]
    settings.SUBSIDY_ZENGIN_REQUESTER = None
    with pytest.raises(SubsidyConflict) as refused:
        transfer_requester()
    assert refused.value.code == "subsidy.zengin_requester_missing"
