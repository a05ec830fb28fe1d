"""Every result file the gate lets in is in the handover ledger with its name and hash, and the entry says what
became of it — taken in, already taken in, or refused with its problems — as the import page and API say."""

import csv
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from governance.exchange.models import HandoverLedgerEntry
from payments.collection.models import ResultFile
from payments.collection.services import PaymentFileRejected
from tests.payments.conftest import import_bytes

# The ledger as the demo has it before the subsidy's LoGo import (seed 004's amendment left waiting): these
# tests count and list its entries.
DEMO_AMENDMENT_WAITING = True

PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 64


@pytest.fixture
def staff(client, demo):
    from governance.tenancy.models import User

    client.force_login(User.objects.get(username="hoiku"), backend="governance.tenancy.auth.RoleBackend")
    return client


def _received():
    return HandoverLedgerEntry.objects.filter(direction="receive").order_by("pk")


@pytest.mark.parametrize(("name", "content", "code"), [
    ("empty.dat", b"", "upload_empty"),
    ("scan.png", PNG, "upload_type"),
    ("memo.txt", "収納データではありません\r\n".encode("cp932"), "result_file_rejected"),
    ("short.dat", b"1" * 40 + b"\r\n", "result_file_rejected"),
])
def test_a_refused_file_is_entered_as_refused_with_its_name_hash_and_problems(hoiku, shinjuku, name, content, code):
    with pytest.raises(PaymentFileRejected) as refused:
        import_bytes(content, actor=hoiku, municipality=shinjuku, filename=name)
    (entry,) = _received()
    assert (entry.outcome, entry.file_name, entry.content_sha256) == (
        "refused", name, hashlib.sha256(content).hexdigest())
    assert entry.problem_count == refused.value.problem_count >= 1
    first = refused.value.problems[0]
    assert entry.problems[0] == {"line": first.line, "reason": first.reason, **first.stored()}
    assert (refused.value.code, refused.value.details["ledger_entry_id"]) == (code, entry.pk)
    assert not ResultFile.objects.exists()
    settled = AuditEvent.objects.get(name="governance.exchange.incoming_settled")
    assert settled.data["outcome"] == "refused" and name not in str(settled.data)


def test_taken_in_and_already_taken_in_are_told_apart(hoiku, shinjuku, demo_files):
    name, data = next(iter(demo_files.items()))
    first = import_bytes(data, actor=hoiku, municipality=shinjuku, filename=name)
    again = import_bytes(data, actor=hoiku, municipality=shinjuku, filename=name)
    assert [(e.outcome, e.file_name, e.problem_count) for e in _received()] == [
        ("taken_in", name, 0), ("already_taken_in", name, 0)]
    assert (first.ledger_entry, again.ledger_entry) == tuple(_received())


def _upload(staff, run_jobs, name, data) -> str:
    """Upload on the import page, let the background job run, and read the job's page it leads to."""
    with run_jobs():
        response = staff.post("/payments/import/", {"file": SimpleUploadedFile(name, data)})
    return staff.get(response["Location"]).content.decode()


def test_the_import_page_and_the_ledger_page_agree_on_a_refused_file(staff, demo, run_jobs):
    page = _upload(staff, run_jobs, "scan.png", PNG)
    (entry,) = _received()
    assert "job-problems" in page and f'href="/exchanges/ledger/{entry.pk}/"' in page
    ledger = staff.get("/exchanges/ledger/").content.decode()
    assert f'<a href="/exchanges/ledger/{entry.pk}/">受信拒否: 問題 1 件</a>' in ledger and "scan.png" in ledger
    detail = staff.get(f"/exchanges/ledger/{entry.pk}/").content.decode()
    assert 'id="problems"' in detail and "PNG" in detail


def test_the_import_page_links_a_file_taken_in_to_its_ledger_entry(staff, demo_files, run_jobs):
    name, data = next(iter(demo_files.items()))
    page = _upload(staff, run_jobs, name, data)
    (entry,) = _received()
    assert "job-succeeded" in page and f'href="/exchanges/ledger/{entry.pk}/"' in page


def test_the_ledger_api_and_csv_carry_the_outcome(staff, hoiku, shinjuku):
    with pytest.raises(PaymentFileRejected):
        import_bytes(b"", actor=hoiku, municipality=shinjuku, filename="empty.dat")
    (entry,) = _received()
    body = staff.get(f"/api/v1/governance/ledger/{entry.pk}/").json()
    assert (body["outcome"], body["problem_count"], body["file_name"], body["has_file"], body["problems_url"]) == (
        "refused", 1, "empty.dat", False, f"/exchanges/ledger/{entry.pk}/")
    rows = list(csv.reader(io.StringIO(staff.get("/exchanges/ledger/?format=csv").content.decode("utf-8-sig"))))
    header, row = rows[0], next(r for r in rows[1:] if r[0] == str(entry.pk))
    values = dict(zip(header, row, strict=True))
    assert (values["ファイル名"], values["受信結果"], values["問題件数"], values["問題の一覧"]) == (
        "empty.dat", "受信拒否（取込なし）", "1", f"/exchanges/ledger/{entry.pk}/")


def test_the_api_refuses_an_empty_file_with_its_reason_not_a_missing_field(staff, demo):
    response = staff.post("/api/v1/payments/result-files/", {"file": SimpleUploadedFile("empty.dat", b"")})
    body = response.json()
    assert (response.status_code, body["code"], body["details"]["ledger_entry_id"]) == (
        400, "upload_empty", _received().get().pk)


def test_a_result_file_named_in_shift_jis_arrives_with_its_name(staff, demo_files):
    data = next(iter(demo_files.values()))
    boundary = "mimamoriBoundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="'.encode()
            + "収納データ.dat".encode("cp932") + b'"\r\nContent-Type: text/plain\r\n\r\n' + data
            + f"\r\n--{boundary}--\r\n".encode())
    response = staff.generic("POST", "/api/v1/payments/result-files/", data=body,
                             content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 201, response.content
    assert ResultFile.objects.get().filename == "収納データ.dat"
    assert _received().get().file_name == "収納データ.dat"
