"""Pages and API: department staff of the owning department only, tenant-scoped; CSV exports; upload."""

from governance.demo import DEMO_PASSWORD
from governance.security.totp import DEMO_TOTP_SECRET, code_at
from payments.collection.models import ReconciliationCase, ResultFile
from payments.slips.models import Slip


def login(client, username):
    assert client.login(username=username, password=DEMO_PASSWORD)


def test_staff_see_only_their_departments_slips(client, demo):
    login(client, "hoiku")
    page = client.get("/payments/slips/").content.decode()
    assert "延長保育料" in page and "幼稚園預かり保育料" not in page
    login(client, "gakko")
    page = client.get("/payments/slips/").content.decode()
    assert "幼稚園預かり保育料" in page and "延長保育料" not in page


def test_other_roles_are_refused_pages_and_api(client, demo):
    for username in ("committee", "auditor", "admin", "guardian"):
        login(client, username)
        assert client.get("/payments/").status_code == 403
        assert client.get("/api/v1/payments/slips/").status_code == 403


def test_a_slip_of_another_department_is_not_found(client, demo):
    school_slip = Slip.objects.filter(fee_type__name="幼稚園預かり保育料").first()
    login(client, "hoiku")
    assert client.get(f"/api/v1/payments/slips/{school_slip.pk}/pdf/").status_code == 404
    login(client, "gakko")
    response = client.get(f"/api/v1/payments/slips/{school_slip.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def _upload(client, run_jobs, name, data) -> str:
    """Upload on the import page, let the background job run, and read the job's page it leads to."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    with run_jobs():
        response = client.post("/payments/import/", {"file": SimpleUploadedFile(name, data)})
    return client.get(response["Location"]).content.decode()


def test_upload_page_imports_and_says_a_second_upload_changed_nothing(client, demo, demo_files, run_jobs):
    login(client, "hoiku")
    name, data = next(iter(demo_files.items()))
    page = _upload(client, run_jobs, name, data)
    assert "job-succeeded" in page and "job-counts" in page
    page = _upload(client, run_jobs, name, data)
    assert "job-succeeded" in page and "何も変わっていません" in page
    assert ResultFile.objects.count() == 1


def test_upload_page_lists_every_problem_of_a_rejected_file(client, demo, demo_files, run_jobs):
    login(client, "hoiku")
    name, data = next(iter(demo_files.items()))
    bad = data.replace(b"\r\n201", b"\r\n207", 1)
    page = _upload(client, run_jobs, name, bad)
    assert "job-problems" in page
    assert "データ識別コード（2〜3バイト目）が「07」です。01, 02, 03のいずれかでなければなりません" in page
    assert not ResultFile.objects.exists()


def test_api_import_then_reports_cases_and_csv(client, demo, demo_files):
    token = client.post("/api/v1/auth/token/", {"username": "hoiku", "password": DEMO_PASSWORD,
                                                "code": code_at(DEMO_TOTP_SECRET)}).json()["token"]
    auth = {"Authorization": f"Token {token}"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    statuses = []
    for name, data in demo_files.items():
        response = client.post("/api/v1/payments/result-files/", {"file": SimpleUploadedFile(name, data)},
                               headers=auth)
        statuses.append(response.status_code)
    assert statuses == [201, 201, 201]
    again = client.post("/api/v1/payments/result-files/",
                        {"file": SimpleUploadedFile(name, data)}, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "already_imported"

    reports = client.get("/api/v1/payments/reports/?day=2026-06-01&year=2026", headers=auth).json()
    assert reports["expected_credits"] == [{"transfer_date": "2026-06-12", "count": 2, "amount": 17300}]
    assert {(r["channel__name"], r["amount"]) for r in reports["receipts_by_channel"]} == {
        ("セブン‐イレブン", 4500), ("PayPay 請求書払い", 12800)}
    assert {(r["fee_type__name"], r["total"]) for r in reports["monthly_totals"]} == {
        ("延長保育料", 4500), ("子ども園預かり保育料", 12800)}
    assert {r["fee_type__name"]: r["confirmed"] for r in reports["monthly_totals"]} == {
        "延長保育料": 4500, "子ども園預かり保育料": 12800}

    cases = client.get("/api/v1/payments/cases/", headers=auth).json()
    assert [c["kind"] for c in cases] == ["flash_cancelled"]
    resolved = client.post(f"/api/v1/payments/cases/{cases[0]['id']}/resolve/",
                           {"resolution": "店舗に確認済み"}, headers=auth)
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert ReconciliationCase.objects.get().status == "resolved"

    login(client, "hoiku")
    csv_body = client.get("/payments/credits/?format=csv").content.decode("utf-8-sig")
    assert csv_body.splitlines() == ["transfer_date,count,amount", "2026-06-12,2,17300"]


def test_a_case_of_another_department_cannot_be_resolved(client, demo, demo_files, shinjuku, hoiku):
    from tests.payments.conftest import import_bytes

    for data in list(demo_files.values())[:2]:
        import_bytes(data, actor=hoiku, municipality=shinjuku)
    case = ReconciliationCase.objects.get()
    login(client, "gakko")
    response = client.post("/payments/cases/", {"case": case.pk, "resolution": "x"}, follow=True)
    assert response.status_code == 200
    assert ReconciliationCase.objects.get().status == "open"
