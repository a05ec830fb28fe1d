"""The beat schedule, the Celery task on a real worker, and manage.py retention_sweep."""

import time
import uuid
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from kombu import Connection

from audit.models import AuditEvent
from config.celery import app as celery_app
from governance.retention.models import RetentionErasure, RetentionRun
from governance.retention.tasks import retention_sweep
from tests.governance.retention.conftest import make_files, rule_for
from tests.test_celery_worker import broker, worker  # noqa: F401 — the real-worker fixtures


def test_the_beat_schedule_runs_the_sweep_daily():
    entry = celery_app.conf.beat_schedule["governance-retention-sweep"]
    assert entry["task"] == "governance.retention_sweep"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {0})
    assert "governance.retention_sweep" in celery_app.tasks


def test_the_task_sweeps_on_a_real_worker(worker, business):  # noqa: F811
    url, transport_options, queue, log = worker
    files = make_files(business, [date(2020, 1, 1), date(2030, 1, 1)])
    rule_for(business)
    task_id = uuid.uuid4().hex

    with Connection(url, transport_options=transport_options) as conn:
        retention_sweep.apply_async(kwargs={"as_of": "2031-04-02", "tenant_id": business.municipality_id},
                                    task_id=task_id, queue=queue, connection=conn)

    deadline = time.monotonic() + 90
    while not RetentionRun.objects.filter(status="finished").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    run = RetentionRun.objects.get()
    assert (run.status, run.erased, run.as_of, run.municipality_id) == (
        "finished", 1, date(2031, 4, 2), business.municipality_id), log.read_text()
    assert list(RetentionErasure.objects.values_list("object_id", flat=True)) == [str(files[0].pk)]
    event = AuditEvent.objects.get(name="governance.retention_batch.erased")
    assert (event.channel, event.request_id) == ("task", task_id)


def test_the_command_dry_run_lists_and_the_real_run_removes(business, other_ward):
    files = make_files(business, [date(2020, 1, 1), date(2020, 1, 2), date(2030, 1, 1)])
    rule = rule_for(business)
    out = StringIO()

    call_command("retention_sweep", "--dry-run", "--as-of", "2031-04-02", "--tenant", "131041", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[:2] == [f"would crypto_shred crypto_testapp.retainedfile {f.pk} (subject crypto_testapp.person "
                         f"{f.person_id}, since {f.last_used_on})" for f in files[:2]]
    assert lines[2] == (f"rule {rule.pk} crypto_testapp.retainedfile (crypto_shred, before 2026-04-02): "
                        "2 record(s) would go")
    assert lines[3] == "As of 2031-04-02: would remove 2 record(s) under 1 rule(s)."
    assert RetentionErasure.objects.count() == 0

    out = StringIO()
    call_command("retention_sweep", "--as-of", "2031-04-02", "--batch-size", "1", stdout=out)
    run = RetentionRun.objects.get()
    assert out.getvalue().splitlines() == [
        f"batch 1 of rule {rule.pk} (crypto_testapp.retainedfile): 1 record(s) committed",
        f"batch 2 of rule {rule.pk} (crypto_testapp.retainedfile): 1 record(s) committed",
        f"rule {rule.pk} crypto_testapp.retainedfile (crypto_shred, before 2026-04-02): 2 record(s) removed",
        f"As of 2031-04-02: removed 2 record(s) under 1 rule(s). Run #{run.pk}.",
    ]
    assert AuditEvent.objects.filter(name="governance.retention_batch.erased", channel="cli").count() == 2


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "2031-13-01"],
     "--as-of は 2031-04-01 のような日付で指定してください（「2031-13-01」は日付ではありません）"),
    (["--tenant", "999999"], "自治体コード「999999」の自治体はありません"),
    (["--batch-size", "0"], "バッチサイズは1以上にしてください (0 は指定できません)"),
])
def test_the_command_refuses_bad_arguments_and_changes_nothing(ward, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("retention_sweep", *args, stdout=StringIO())
    assert RetentionRun.objects.count() == 0
