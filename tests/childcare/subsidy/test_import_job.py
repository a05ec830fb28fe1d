"""The LoGo import started from its page runs as a background job: a refused file lists every problem by row and
column on the job's page and tells its starter; a good one imports, with the counts."""

from django.core.files.uploadedfile import SimpleUploadedFile

from childcare.subsidy.demo import DEMO_FORM, demo_logo_csv
from childcare.subsidy.models import Application
from governance.jobs.models import BackgroundJob
from governance.notifications.models import Notification
from tests.childcare.conftest import login
from tests.childcare.subsidy.test_import_and_rules import approve_amendment

# A clean slate: the demo's own import waits for the amendment, which the test approves.
DEMO_AMENDMENT_WAITING = True


def _start(client, run_jobs, content: bytes) -> str:
    with run_jobs():
        response = client.post(
            "/subsidy/import/background/", {"form": DEMO_FORM, "file": SimpleUploadedFile("logo.csv", content)}
        )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_a_logo_import_job_refuses_whole_then_imports(client, demo, run_jobs):
    approve_amendment()
    login(client, "shien")
    page = _start(client, run_jobs, demo_logo_csv(count=2).replace(b",C001,", b",ZZ9,"))
    job = BackgroundJob.objects.get()
    assert job.status == "refused" and "job-problems" in page and "ZZ9" in page and "事業者コード1" in page
    assert Application.objects.count() == 0 and "山田" not in str(job.problems) + job.message.split("。")[0]
    assert Notification.objects.get(kind="import_refused").params["kind"] == "subsidy_import"
    page = _start(client, run_jobs, demo_logo_csv(count=2))
    assert Application.objects.count() == 2 and "job-succeeded" in page
    assert BackgroundJob.objects.order_by("pk").last().summary == {"created": 2, "already": 0}


def test_the_contractor_may_not_start_an_import(client, demo):
    login(client, "backs")
    response = client.post(
        "/subsidy/import/background/",
        {"form": DEMO_FORM, "file": SimpleUploadedFile("logo.csv", demo_logo_csv(count=1))},
    )
    assert response.status_code == 403 and not BackgroundJob.objects.exists()


def _run_started(client, content: bytes, monkeypatch) -> tuple[BackgroundJob, list]:
    from governance.jobs import services

    monkeypatch.setattr(services, "_enqueue", lambda job: None)  # played below, as the worker would
    client.post("/subsidy/import/background/", {"form": DEMO_FORM, "file": SimpleUploadedFile("logo.csv", content)})
    seen = []
    job = services.job_run(job_id=BackgroundJob.objects.get().pk,
                           progress=lambda done, total, stage="": seen.append((done, total, stage)))
    return job, seen


def test_a_logo_import_job_reports_rows_checked_then_stored(client, demo, monkeypatch):
    """One bar over both passes: the file's 3 rows checked (the first half), then its 3 answers stored (chunk by
    chunk: the answers of a child answered for twice are stored last)."""
    approve_amendment()
    login(client, "shien")
    job, seen = _run_started(client, demo_logo_csv(count=3), monkeypatch)
    assert job.status == "succeeded" and job.summary == {"created": 3, "already": 0}
    assert seen[:3] == [(1, 6, "checking"), (2, 6, "checking"), (3, 6, "checking")]
    stored = [done for done, total, stage in seen[3:] if (total, stage) == (6, "storing")]
    assert len(stored) == len(seen) - 3 >= 1 and stored == sorted(stored) and stored[-1] == 6


def test_a_logo_jobs_problems_name_row_and_column_in_the_readers_language(client, demo, monkeypatch):
    approve_amendment()
    login(client, "shien")
    job, _seen = _run_started(client, demo_logo_csv(count=1).replace(b",C001,", b",ZZ9,"), monkeypatch)
    assert job.status == "refused" and job.problems[0]["column"] == "事業者コード1"
    japanese = client.get(f"/jobs/{job.pk}/", headers={"Accept-Language": "ja"}).content.decode()
    assert "<td>2</td><td>「事業者コード1」列: 事業者コード「ZZ9」の認定事業者はありません</td>" in japanese
    english = client.get(f"/jobs/{job.pk}/", headers={"Accept-Language": "en"}).content.decode()
    assert "<td>2</td><td>事業者コード1: No certified sitter company has the code “ZZ9”</td>" in english


def test_a_form_without_its_file_goes_back_to_the_import_page(client, demo):
    login(client, "shien")
    response = client.post("/subsidy/import/background/", {"form": DEMO_FORM})
    assert response.status_code == 302 and response["Location"] == "/subsidy/import/"
    assert not BackgroundJob.objects.exists()
