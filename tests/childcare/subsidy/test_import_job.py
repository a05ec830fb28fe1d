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
