"""Tasks round-trip through a real Celery worker process: on the embedded filesystem transport,
and on Redis (CI always has Redis; elsewhere the Redis case runs when a server answers)."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from kombu import Connection

from audit.models import AuditEvent
from audit.tasks import verify_chain
from governance.tenancy.models import User
from tests.conftest import require
from tests.support import audit_sealed, database_url


def redis_answers(url: str) -> bool:
    try:
        with Connection(url, connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


@pytest.fixture(params=["filesystem", "redis"])
def broker(request, tmp_path):
    if request.param == "filesystem":
        # The worker's settings put the queue under MIMAMORI_VAR_DIR, as in the embedded run.
        folder = tmp_path / "celery" / "queue"
        folder.mkdir(parents=True)
        options = {"data_folder_in": str(folder), "data_folder_out": str(folder),
                   "control_folder": str(tmp_path / "celery" / "control"), "store_processed": False}
        return "filesystem://", options, {"MIMAMORI_VAR_DIR": str(tmp_path)}
    url = settings.CELERY_BROKER_URL
    require(url.startswith("redis") and redis_answers(url), "no Redis server (set CELERY_BROKER_URL)")
    return url, {}, {}


@pytest.fixture
def worker(broker, tmp_path, settings):
    url, transport_options, extra_env = broker
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, **extra_env, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": url,
           "MIMAMORI_AUDIT_CHECKPOINT_FILE": str(settings.AUDIT_CHECKPOINT_FILE)}
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue,
         "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel=INFO"],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        yield url, transport_options, queue, log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.django_db(transaction=True)
def test_task_round_trips_through_a_real_worker(worker, demo):
    url, transport_options, queue, log = worker
    auditor = User.objects.get(username="auditor")
    task_id = uuid.uuid4().hex
    audit_sealed()  # the demo's events, sealed: the verification has events to check

    with Connection(url, transport_options=transport_options) as conn:
        verify_chain.apply_async(kwargs={"actor_id": auditor.pk}, task_id=task_id, queue=queue,
                                 connection=conn)

    deadline = time.monotonic() + 90
    event = None
    while event is None and time.monotonic() < deadline:
        event = AuditEvent.objects.filter(name="audit.chain.verified", request_id=task_id).first()
        time.sleep(0.2)
    assert event is not None, "the worker did not run the task:\n" + log.read_text()
    assert event.channel == "task" and event.actor_id == auditor.pk
    assert event.data["ok"] is True and event.data["checked"] > 0
