"""Killing the sweep midway (a real process, SIGKILL) and running it again: nothing removed twice, nothing missed."""

from datetime import date

from audit.models import AuditEvent
from governance.crypto.models import DataKey
from governance.retention.models import RetentionErasure, RetentionProgress, RetentionRun
from tests.governance.retention.conftest import make_files, rule_for
from tests.support import command_process, kill_when, rows_locked


def sweep_process():
    return command_process("retention_sweep", "--as-of", "2031-04-02", "--batch-size", "2")


def test_a_killed_sweep_resumes_and_removes_every_expired_record_exactly_once(business):
    files = make_files(business, [date(2020, 1, d) for d in range(1, 8)] + [date(2030, 1, 1)])
    expired = files[:7]
    rule_for(business)

    # The third and fourth expired records held locked, the second batch cannot commit: the kill then lands
    # after exactly one committed batch.
    with rows_locked("SELECT id FROM crypto_testapp_retainedfile WHERE id = ANY(%s) FOR UPDATE",
                     [[f.pk for f in expired[2:4]]]):
        kill_when(sweep_process(), lambda: RetentionProgress.objects.filter(batches=1).exists())
    run = RetentionRun.objects.get()
    assert (run.status, run.erased, run.batches) == ("running", 2, 1)
    assert RetentionErasure.objects.count() == 2

    second = sweep_process()
    output, _ = second.communicate(timeout=120)

    assert second.returncode == 0, output
    assert f"removed 5 record(s) under 1 rule(s). Run #{run.pk} (resumed)." in output
    run.refresh_from_db()
    assert (run.status, run.erased, run.batches, run.attempts) == ("finished", 7, 4, 2)
    erased = list(RetentionErasure.objects.values_list("object_id", flat=True))
    assert sorted(erased) == sorted(str(f.pk) for f in expired)          # none missed, none twice
    assert DataKey.objects.filter(shredded_at__isnull=False).count() == 7
    assert DataKey.objects.get(pk=files[7].data_key_id).shredded_at is None
    batches = AuditEvent.objects.filter(name="governance.retention_batch.erased").order_by("seq")
    references = [ref for event in batches for ref in event.data["references"]]
    assert sorted(references) == sorted(erased) and sum(e.data["count"] for e in batches) == 7
    assert [e.data["batch"] for e in batches] == [1, 2, 3, 4]
    assert AuditEvent.objects.filter(name="governance.retention_run.started").count() == 2
    assert AuditEvent.objects.get(name="governance.retention_run.finished").data["erased"] == 7

    third = sweep_process()
    output, _ = third.communicate(timeout=120)
    assert third.returncode == 0 and "removed 0 record(s)" in output, output
    assert RetentionErasure.objects.count() == 7
