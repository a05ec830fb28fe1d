"""Hostile files at every upload: each upload path of the product (its page and its API) gets malformed, oversized,
wrong-type and hostile files, and each is refused with a specific error while nothing is stored.

The table is paths × files. A path knows how to send a file as its user (the field, the form around it) and how
to read the refusal: an API answers a 4xx with a ``code`` and a message, a page shows an error message. "Nothing
stored" is checked three ways: no table's row count changes (beyond the audit log and the login bookkeeping; a
payment file's refusal is entered in the handover ledger, as refused, by design), no file is left in the upload
temporary folder (uploads are spooled there: the limit for memory is lowered so every one is) and none in the
media folder.
"""

import base64
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from childcare.children.models import Child
from childcare.operations import newsletters, photos
from childcare.subsidy import services as subsidy_services
from childcare.subsidy.demo import DEMO_FORM, demo_logo_csv
from childcare.subsidy.models import Application
from common.problems import stored_problem_text
from governance.committee.models import Submission
from governance.deletion.models import DeletionRequest
from governance.exchange.models import HandoverLedgerEntry
from governance.jobs.models import BackgroundJob, JobStatus, StagedFile
from governance.tenancy.models import Department, Facility, User
from payments.demo import demo_result_files
from tests.governance.deletion.test_trail_pages_api import PDF
from tests.test_authorization_matrix import row_counts

LIMIT = 256 * 1024  # every path's size limit, lowered for the test so that an oversized file stays small
HTML = b"<!DOCTYPE html><html><body><script>document.location='https://evil.example/'</script></body></html>"
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 120  # a Windows program
BOOKKEEPING = ("audit_", "django_session", "knox_", "governance_loginattempt", "governance_loginfailure")
# A page that runs its import as a background job keeps the job, its sealed upload's row (the file deleted and its
# data key destroyed when the job ends) and the starter's notice of the refusal.
JOB_BOOKKEEPING = ("governance_backgroundjob", "governance_stagedfile", "governance_datakey",
                   "governance_notification")


def zip_bomb() -> bytes:
    """A 200 KiB ZIP (within every limit) that unpacks to 200 MiB of zeros, a thousand times its size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("議事録.txt", b"\0" * (200 * 1024 * 1024))
    assert len(out.getvalue()) < LIMIT
    return out.getvalue()


BOMB = zip_bomb()


def mixed_encodings(text: str) -> bytes:
    """Half the lines in UTF-8, half in Shift_JIS (CP932): a file pasted together from two tools."""
    lines = text.splitlines(keepends=True)
    return b"".join(line.encode("utf-8" if n % 2 == 0 else "cp932", errors="replace") for n, line in enumerate(lines))


@dataclass
class Hostile:
    name: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class UploadPath:
    """One way into the product for a file: who sends it where, with what around it."""

    id: str
    api: bool
    user: str
    url: Callable[[], str]
    field: str
    extension: str  # the extension its files carry
    text: Callable[[], bytes] | None = None  # a valid file of the path, for the text imports
    form: Callable[[], dict] = dict
    json_base64: bool = False  # the file travels as base64 in a JSON body (committee documents)
    ledgered: bool = False  # a refused file is entered in the handover ledger (as refused)
    limits: list[tuple[object, str]] = field(default_factory=list)  # module constants holding its size limit
    setting: str = ""  # the setting holding its size limit

    def send(self, client, hostile: Hostile):
        if self.json_base64:
            body = {
                **self.form(),
                "filename": hostile.name,
                "content_base64": base64.b64encode(hostile.content).decode(),
            }
            return client.post(self.url(), body, content_type="application/json")
        upload = SimpleUploadedFile(hostile.name, hostile.content, hostile.content_type)
        return client.post(self.url(), {**self.form(), self.field: upload})


def _open_deletion_request() -> int:
    return DeletionRequest.objects.get(party__name="株式会社内田洋行").pk


def _certificate_form() -> dict:
    return {
        "method": "overwrite",
        "media_identifiers": "SRV-1",
        "erased_on": timezone.localdate().isoformat(),
        "witness": "立会 次郎",
    }


def _first_application() -> int:
    return Application.objects.order_by("pk").values_list("pk", flat=True)[0]


def _okada() -> Child:
    (child,) = [c for c in Child.objects.all() if c.name == "岡田 葵"]  # names are encrypted: no query by name
    return child


def _himawari() -> dict:
    return {
        "target": f"facility:{Facility.objects.get(name='新宿区立ひまわり保育園').pk}",
        "title": "おたより",
        "body": "12月の予定です。",
    }


def _draft_submission(client) -> int:
    answer = client.post(
        "/api/v1/governance/submissions/",
        {"title": "写真共有連携の外部結合について", "departments": [Department.objects.get(name="保育課").pk]},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    return answer.json()["id"]


def _latest_submission() -> int:
    return Submission.objects.order_by("-pk").values_list("pk", flat=True)[0]


def _payment_file() -> bytes:
    from governance.tenancy.models import Municipality

    return demo_result_files(Municipality.objects.get(name="新宿区"))[0][1]


PATHS = [
    UploadPath(
        "payment-result-file-api",
        True,
        "hoiku",
        lambda: reverse("api-payments-result-files"),
        "file",
        "dat",
        text=_payment_file,
        ledgered=True,
        setting="PAYMENT_RESULT_FILE_MAX_BYTES",
    ),
    UploadPath(
        "payment-result-file-page",
        False,
        "hoiku",
        lambda: reverse("payments-import"),
        "file",
        "dat",
        text=_payment_file,
        ledgered=True,
        setting="PAYMENT_RESULT_FILE_MAX_BYTES",
    ),
    UploadPath(
        "deletion-certificate-api",
        True,
        "uchida",
        lambda: reverse("api-deletion-certificate-upload", args=[_open_deletion_request()]),
        "pdf",
        "pdf",
        form=_certificate_form,
        setting="DELETION_CERTIFICATE_MAX_BYTES",
    ),
    UploadPath(
        "deletion-certificate-page",
        False,
        "uchida",
        lambda: reverse("deletion-certificate-upload", args=[_open_deletion_request()]),
        "pdf",
        "pdf",
        form=_certificate_form,
        setting="DELETION_CERTIFICATE_MAX_BYTES",
    ),
    UploadPath(
        "logo-csv-api",
        True,
        "shien",
        lambda: reverse("api-subsidy-import"),
        "file",
        "csv",
        text=lambda: demo_logo_csv(count=2),
        form=lambda: {"form": DEMO_FORM},
        limits=[(subsidy_services, "MAX_FILE_BYTES")],
    ),
    UploadPath(
        "logo-csv-page",
        False,
        "shien",
        lambda: reverse("subsidy-import"),
        "file",
        "csv",
        text=lambda: demo_logo_csv(count=2),
        form=lambda: {"form": DEMO_FORM},
        limits=[(subsidy_services, "MAX_FILE_BYTES")],
    ),
    UploadPath(
        "subsidy-document-page",
        False,
        "shien",
        lambda: reverse("subsidy-document", args=[_first_application()]),
        "file",
        "pdf",
        form=lambda: {"kind": "receipt"},
        limits=[(subsidy_services, "MAX_DOCUMENT_BYTES")],
    ),
    UploadPath(
        "contact-book-photo-page",
        False,
        "guardian",
        lambda: reverse("operations-contact", args=[_okada().record_uid]),
        "photos",
        "jpg",
        form=lambda: {"body": "写真を送ります。"},
        limits=[(photos, "PHOTO_MAX_BYTES")],
    ),
    UploadPath(
        "newsletter-attachment-page",
        False,
        "himawari",
        lambda: reverse("operations-newsletters"),
        "attachment",
        "pdf",
        form=_himawari,
        limits=[(newsletters, "ATTACHMENT_MAX_BYTES")],
    ),
    UploadPath(
        "committee-attachment-api",
        True,
        "hoiku",
        lambda: reverse("committee-submission-attachments", args=[_latest_submission()]),
        "content_base64",
        "pdf",
        json_base64=True,
        form=lambda: {"label": "別紙1", "title": "構成図"},
        setting="COMMITTEE_FILE_MAX_BYTES",
    ),
]


def hostile_files(path: UploadPath) -> dict[str, Hostile]:
    """The files every path must refuse, named with the path's own extension unless the trick is the name."""
    ext = path.extension
    valid = path.text() if path.text else PDF
    files = {
        "empty": Hostile(f"空.{ext}", b""),
        "html-named-pdf": Hostile("消去証明書.pdf", HTML, "application/pdf"),
        "html-named-as-the-path-expects": Hostile(f"資料.{ext}", HTML, "text/html"),
        "a-program": Hostile(f"資料.{ext}", EXE),
        "png-for-text" if path.text else "png-named-pdf": Hostile(f"資料.{ext}", PNG, "image/png"),
        "nul-bytes-only": Hostile(f"資料.{ext}", b"\0" * 512),
        "oversized": Hostile(f"大きい.{ext}", valid[:LIMIT] + b"\n" * max(0, LIMIT + 1 - len(valid[:LIMIT]))),
        "cp932-and-utf8-mixed": Hostile(
            f"名簿.{ext}", mixed_encodings("利用者,金額\n岡田 葵,2500\n高橋 蓮,3500\n" * 4)
        ),
        "traversal-posix": Hostile("../../etc/passwd", HTML),
        "traversal-absolute": Hostile("/var/www/html/index.html", HTML, "text/html"),
        "traversal-windows": Hostile("..\\..\\Windows\\win.ini", EXE),
        "zip-bomb": Hostile(f"資料.{'zip' if not path.text else ext}", BOMB, "application/zip"),
    }
    if path.text:
        files["nul-inside-the-text"] = Hostile(f"結果.{ext}", valid[:200] + b"\0" + valid[200:])
    if path.id.startswith("logo"):  # the payment layouts are ASCII: their mix-ups are the cases above
        files["text-in-the-other-encoding"] = Hostile(f"結果.{ext}", mixed_encodings(valid.decode("utf-8")))
    return files


def _case_names(path: UploadPath) -> list[str]:
    base = [
        "empty",
        "html-named-pdf",
        "html-named-as-the-path-expects",
        "a-program",
        "png-for-text" if path.text else "png-named-pdf",
        "nul-bytes-only",
        "oversized",
        "cp932-and-utf8-mixed",
        "traversal-posix",
        "traversal-absolute",
        "traversal-windows",
        "zip-bomb",
    ]
    return (
        base
        + (["nul-inside-the-text"] if path.text else [])
        + (["text-in-the-other-encoding"] if path.id.startswith("logo") else [])
    )


CASES = [pytest.param(path, name, id=f"{path.id}:{name}") for path in PATHS for name in _case_names(path)]


def _login(client, username: str):
    client.force_login(User.objects.get(username=username), backend="governance.tenancy.auth.RoleBackend")
    return client


def _refusal(path: UploadPath, response) -> str:
    """The refusal's code and message (API) or the error the page shows; "" when the file was taken."""
    if path.api:
        if response.status_code < 400:
            return ""
        body = response.json()
        assert body.get("code") and body.get("message"), body
        return f"{response.status_code} {body['code']}: {body['message']}"
    if response.status_code == 302 and response["Location"].startswith("/jobs/"):  # the import ran as a job
        job = BackgroundJob.objects.get(pk=int(response["Location"].split("/")[2]))
        assert job.status in (JobStatus.REFUSED, JobStatus.SUCCEEDED), (job.status, job.message)
        return "" if job.status == JobStatus.SUCCEEDED else "; ".join(
            [job.message, *(stored_problem_text(p) for p in job.problems)])
    storage = getattr(response.wsgi_request, "_messages", None)
    # Queued until a page shows them; a page rendered by this request has moved them to the loaded ones.
    added = [*getattr(storage, "_queued_messages", ()), *getattr(storage, "_loaded_messages", ())]
    shown = [m.message for m in added if m.level >= messages.ERROR]
    context = response.context or {}
    if context.get("error"):
        shown.append(context["error"])
    if context.get("rejected"):
        shown.append(context["rejected"].message)
    return "; ".join(str(s) for s in shown)


def _files_under(folder) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(("path", "case"), CASES)
def test_a_hostile_file_is_refused_with_its_reason_and_nothing_is_stored(
    demo, client, settings, monkeypatch, tmp_path, run_jobs, path, case
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload spooled to the temporary folder, to see it go
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "upload-tmp").mkdir()
    (tmp_path / "media").mkdir()
    if path.setting:
        setattr(settings, path.setting, LIMIT)
    for module, name in path.limits:
        monkeypatch.setattr(module, name, LIMIT)
    client = _login(client, path.user)
    if path.id.startswith("subsidy-document"):
        answer = client.post(
            reverse("api-subsidy-import"),
            {"form": DEMO_FORM, "file": SimpleUploadedFile("logo.csv", demo_logo_csv(count=1))},
        )
        assert answer.status_code == 201, answer.content
    if path.json_base64:
        _draft_submission(client)
    hostile = hostile_files(path)[case]
    ledger = HandoverLedgerEntry.objects.filter(direction="receive").count()
    before = row_counts()

    with run_jobs():  # a page that imports in the background: its job runs before the answer is read
        response = path.send(client, hostile)

    refusal = _refusal(path, response)
    assert refusal, f"{hostile.name} ({case}) was taken: {response.status_code} {response.content[:300]!r}"
    assert "/" not in hostile.name or hostile.name not in refusal  # no message repeats a path it was sent
    if path.api:
        assert 400 <= response.status_code < 500
    after = row_counts()
    changed = {
        t: (before[t], after.get(t)) for t in before if before[t] != after.get(t) and not t.startswith(BOOKKEEPING)
        and not (t in JOB_BOOKKEEPING and BackgroundJob.objects.exists())
    }
    assert not StagedFile.objects.filter(data_key__wrapped__isnull=False).exists()  # no sealed upload is kept
    if path.ledgered:
        refused = HandoverLedgerEntry.objects.filter(direction="receive").order_by("-pk")
        if refused.count() > ledger:
            assert refused.first().outcome == "refused"
            changed.pop(HandoverLedgerEntry._meta.db_table, None)
    assert not changed, f"{case} at {path.id} changed rows: {changed} ({refusal})"
    assert _files_under(tmp_path / "upload-tmp") == [] and _files_under(tmp_path / "media") == []


def test_a_zip_bomb_is_refused_as_one_where_archives_are_accepted_and_a_real_archive_is_kept(demo, client, settings):
    """Committee documents may be ZIP or Office files: the bomb is named as such, an ordinary archive goes in."""
    settings.COMMITTEE_FILE_MAX_BYTES = LIMIT
    client = _login(client, "hoiku")
    url = reverse("committee-submission-attachments", args=[_draft_submission(client)])

    def attach(name: str, content: bytes, label: str = "別紙1"):
        return client.post(
            url,
            {
                "label": label,
                "title": "構成図",
                "filename": name,
                "content_base64": base64.b64encode(content).decode(),
            },
            content_type="application/json",
        )

    refused = attach("議事録.zip", BOMB)
    assert (refused.status_code, refused.json()["code"]) == (400, "upload_zip_bomb")
    assert "ZIP" in refused.json()["message"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("構成図.txt", "外部結合の構成図です。\n" * 200)
    kept = attach("構成図.zip", archive.getvalue())
    assert kept.status_code == 201, kept.content
    damaged = attach("壊れた.zip", archive.getvalue()[:40], label="別紙2")
    assert (damaged.status_code, damaged.json()["code"]) == (400, "upload_zip_damaged")
    # A whole directory over a corrupt deflate stream (zlib's own error, once a 500).
    corrupt = bytearray(archive.getvalue())
    start = corrupt.find("構成図.txt".encode()) + len("構成図.txt".encode())
    corrupt[start:start + 16] = bytes(b ^ 0xFF for b in corrupt[start:start + 16])
    damaged = attach("壊れた.zip", bytes(corrupt), label="別紙3")
    assert (damaged.status_code, damaged.json()["code"]) == (400, "upload_zip_damaged")


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "/etc/passwd.pdf", "..\\..\\Windows\\passwd.pdf", "C:\\Users\\山田\\passwd.pdf"]
)
def test_a_good_file_sent_with_a_path_for_a_name_is_kept_under_its_last_part_only(
    demo, client, settings, tmp_path, name
):
    """A path in a file's name is never followed: the name keeps its last part, and nothing is written to disk."""
    from childcare.subsidy.models import Document

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client = _login(client, "shien")
    answer = client.post(
        reverse("api-subsidy-import"),
        {"form": DEMO_FORM, "file": SimpleUploadedFile("logo.csv", demo_logo_csv(count=1))},
    )
    assert answer.status_code == 201, answer.content
    earlier = list(Document.objects.values_list("pk", flat=True))  # the demo's receipt
    client.post(
        reverse("subsidy-document", args=[_first_application()]),
        {"kind": "receipt", "file": SimpleUploadedFile(name, PDF, "application/pdf")},
    )
    assert [document.name for document in Document.objects.exclude(pk__in=earlier)] == ["passwd.pdf"]
    assert _files_under(tmp_path) == []
