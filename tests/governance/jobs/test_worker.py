"""A background job runs on a real Celery worker process (the embedded filesystem transport, and Redis): the page's
upload reaches the worker as a sealed staged file named by the job's id, and the job's row tells the outcome."""

import io
import time

import pytest
from celery.result import AsyncResult
from kombu import Connection

from governance.jobs import services
from governance.jobs.models import BackgroundJob, JobStatus
from governance.jobs.staging import _path
from governance.jobs.tasks import background_job_run
from governance.tenancy.models import Municipality, User
from payments.collection.models import ResultFile
from payments.demo import demo_result_files
from tests.test_celery_worker import broker, worker  # noqa: F401 — the real-worker fixtures


@pytest.mark.django_db(transaction=True)
def test_a_payment_import_job_runs_on_a_real_worker(worker, demo, monkeypatch, settings, tmp_path):  # noqa: F811
    url, transport_options, queue, log = worker
    if url.startswith("filesystem"):  # that worker's var folder is the test's (the staged file is read from it)
        settings.VAR_DIR = tmp_path
    monkeypatch.setattr(services, "_enqueue", lambda job: None)  # sent below, to the test worker's queue
    shinjuku, hoiku = Municipality.objects.get(name="新宿区"), User.objects.get(username="hoiku")
    name, data = next(iter(dict(demo_result_files(shinjuku)).items()))
    job = services.job_start(
        actor=hoiku, kind="payment_import", municipality_id=shinjuku.pk, upload=(io.BytesIO(data), name)
    )
    kwargs = {"job_id": job.pk, "actor_id": hoiku.pk, "tenant_id": shinjuku.pk}
    with Connection(url, transport_options=transport_options) as conn:
        background_job_run.apply_async(kwargs=kwargs, task_id=job.task_id, queue=queue, connection=conn)

    deadline = time.monotonic() + 90
    while not (job := BackgroundJob.objects.get(pk=job.pk)).finished and time.monotonic() < deadline:
        time.sleep(0.2)
    assert job.status == JobStatus.SUCCEEDED, "the worker did not run the job:\n" + log.read_text()
    assert job.summary["data_records"] == ResultFile.objects.get().data_count > 0
    assert not _path(job.staged_file).exists()
    assert name not in log.read_text() and data[:30].decode() not in log.read_text()  # ids only in the task
    if url == settings.CELERY_RESULT_BACKEND:  # Redis: the same result store as the pages poll
        assert AsyncResult(job.task_id).get(timeout=10)["progress_updates"] >= 1
