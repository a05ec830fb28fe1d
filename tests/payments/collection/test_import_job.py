"""The payment import as a background job: started from its page, run by the one job task, its result on the
job's page; the same all-or-nothing import as before, the upload kept sealed only while the job runs."""

import io
import json

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from governance.crypto.models import DataKey
from governance.jobs.models import BackgroundJob, JobStatus, StagedFile
from governance.jobs.staging import _path
from governance.notifications.models import Notification
from governance.notifications.services import mail_address_set
from governance.tenancy.models import User
from payments.collection.models import ResultFile


def _staff(client):
    user = User.objects.get(username="hoiku")
    client.force_login(user, backend="governance.tenancy.auth.RoleBackend")
    return user


def test_an_import_started_from_its_page_runs_as_a_job_and_shows_its_counts(
    client, demo, demo_files, run_jobs, django_capture_on_commit_callbacks
):
    hoiku = _staff(client)
    name, data = next(iter(demo_files.items()))
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/payments/import/", {"file": SimpleUploadedFile(name, data)})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    # Queued, not run: the task is enqueued once the job row commits; the page shows a bar that polls.
    assert (job.status, job.kind, job.started_by, len(queued)) == (JobStatus.QUEUED, "payment_import", hoiku, 1)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'hx-get="/jobs/{job.pk}/progress/"' in page and 'hx-trigger="every 1s"' in page and "<progress" in page
    staged = job.staged_file
    assert _path(staged).exists() and data[:40] not in _path(staged).read_bytes()  # sealed on disk

    with run_jobs():
        queued[0]()
    job.refresh_from_db()
    result_file = ResultFile.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.summary["data_records"] == result_file.data_count > 0
    assert job.summary["records_new"] == result_file.data_count and job.problem_count == 0
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-progress"' not in page and "job-counts" in page and "新規レコード" in page
    assert job.result_url.startswith("/exchanges/ledger/") and job.result_url in page
    # The upload is gone: its file removed and its data key destroyed.
    assert not _path(staged).exists()
    assert DataKey.objects.get(pk=StagedFile.objects.get(pk=staged.pk).data_key_id).wrapped is None
    events = list(
        AuditEvent.objects.filter(name__startswith="governance.job.").order_by("seq").values_list("name", "data")
    )
    assert [n for n, _ in events] == ["governance.job.queued", "governance.job.finished"]
    assert events[1][1]["status"] == "succeeded" and name not in json.dumps(events)


def test_the_progress_partial_sends_the_browser_to_the_result_once_the_job_ended(client, demo, demo_files, run_jobs):
    _staff(client)
    name, data = next(iter(demo_files.items()))
    with run_jobs():
        client.post("/payments/import/", {"file": SimpleUploadedFile(name, data)})
    job = BackgroundJob.objects.get()
    polled = client.get(f"/jobs/{job.pk}/progress/", headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Redirect"] == f"/jobs/{job.pk}/"


def test_a_refused_file_applies_nothing_lists_its_problems_and_tells_its_starter(client, demo, demo_files, run_jobs):
    hoiku = _staff(client)
    mail_address_set(actor=hoiku, address="hoiku@city.example.jp")
    name, data = next(iter(demo_files.items()))
    bad = data.replace(b"\r\n201", b"\r\n207", 1)
    with run_jobs():
        client.post("/payments/import/", {"file": SimpleUploadedFile(name, bad)})
    job = BackgroundJob.objects.get()
    assert (job.status, job.problem_count, ResultFile.objects.count()) == (JobStatus.REFUSED, 1, 0)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "job-problems" in page and "「07」" in page and job.result_url in page
    (notification,) = Notification.objects.filter(recipient=hoiku)
    assert notification.kind == "import_refused" and notification.params == {
        "job": job.pk,
        "kind": "payment_import",
        "problems": 1,
    }
    (message,) = mail.outbox
    assert message.to == ["hoiku@city.example.jp"] and "取込" in message.subject
    assert f"/jobs/{job.pk}/" in message.body and name not in message.body + message.subject


def test_a_job_is_its_starters_alone(client, demo, demo_files, django_capture_on_commit_callbacks):
    _staff(client)
    name, data = next(iter(demo_files.items()))
    client.post("/payments/import/", {"file": SimpleUploadedFile(name, data)})
    job = BackgroundJob.objects.get()
    client.force_login(User.objects.get(username="gakko"), backend="governance.tenancy.auth.RoleBackend")
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/progress/").status_code == 404


def test_the_task_runs_a_job_once(demo, demo_files, run_jobs, shinjuku):
    from governance.jobs.services import job_start
    from governance.jobs.tasks import background_job_run

    hoiku = User.objects.get(username="hoiku")
    name, data = next(iter(demo_files.items()))
    with run_jobs():
        job = job_start(
            actor=hoiku, kind="payment_import", municipality_id=shinjuku.pk, upload=(io.BytesIO(data), name)
        )
    again = background_job_run.apply(kwargs={"job_id": job.pk}).get()
    assert again["status"] == "already_run" and ResultFile.objects.count() == 1


def test_a_refused_jobs_problems_are_read_in_the_readers_language(client, demo, demo_files, run_jobs):
    """The problems are kept as message ids and parameters: the job's page says them in the language it is read in
    (Japanese by default, English when asked), naming the line and the byte, whichever language started the job."""
    _staff(client)
    name, data = next(iter(demo_files.items()))
    lines = data.split(b"\r\n")
    lines[1] = lines[1][:110] + b"\x82\x20" + lines[1][112:]  # a Shift_JIS lead byte, then no second byte
    with run_jobs():
        client.post("/payments/import/", {"file": SimpleUploadedFile(name, b"\r\n".join(lines))},
                    headers={"Accept-Language": "en"})
    job = BackgroundJob.objects.get()
    assert (job.status, job.language, job.problem_count) == (JobStatus.REFUSED, "en", 1)
    assert job.problems == [{"line": 2, "column": "", "message": "byte %(byte)d is not %(encoding)s",
                             "params": {"byte": 111, "encoding": "Shift_JIS"}}]
    japanese = client.get(f"/jobs/{job.pk}/", headers={"Accept-Language": "ja"}).content.decode()
    assert '<td>2</td><td>111バイト目がShift_JISの文字ではありません</td>' in japanese
    english = client.get(f"/jobs/{job.pk}/", headers={"Accept-Language": "en"}).content.decode()
    assert "<td>2</td><td>byte 111 is not Shift_JIS</td>" in english and "バイト目" not in english
    # The ledger entry of the refused file says them in its reader's language too.
    ledger = client.get(job.result_url, headers={"Accept-Language": "ja"}).content.decode()
    assert "111バイト目がShift_JISの文字ではありません" in ledger


def test_control_characters_quoted_from_a_refused_file_are_kept_as_their_code(client, demo, demo_files, run_jobs):
    """A value quoted from the file is kept with its control characters as codes (PostgreSQL's JSON holds no NUL)."""
    _staff(client)
    name, data = next(iter(demo_files.items()))
    bad = data.replace(b"\r\n201", b"\r\n2\x01\x02", 1).replace(b"\r\n201", b"\r\n20\x00", 1)
    with run_jobs():
        client.post("/payments/import/", {"file": SimpleUploadedFile(name, bad)})
    job = BackgroundJob.objects.get()
    kept = json.dumps(job.problems, ensure_ascii=False)
    assert job.status == JobStatus.REFUSED and "\x00" not in kept and "\x01" not in kept
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "\x00" not in page and "\x01" not in page
    assert "データ識別コード（2〜3バイト目）が「\\x01\\x02」です" in page and "3バイト目がNUL（0x00）です" in page
