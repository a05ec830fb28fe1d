"""Killing a payment import midway (a real process, SIGKILL) and running it again: taken in once, nothing lost."""

import pytest
from django.db import connection

from governance.exchange.models import HandoverLedgerEntry, IncomingOutcome
from payments.collection.models import PaymentRecord, Receipt, ResultFile
from tests.support import command_process, kill_when, rows_locked


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_nothing_and_the_rerun_takes_the_file_in_once(demo_files, shinjuku, tmp_path):
    name, data = next(iter(demo_files.items()))
    earlier = list(HandoverLedgerEntry.objects.filter(direction="receive").values_list("pk", flat=True))  # the demo's
    path = tmp_path / name
    path.write_bytes(data)

    def import_process():
        return command_process("import_payment_file", str(path), "--municipality", "131041", "--user", "hoiku")

    # The ward's slips held locked: the import has written its file and records (uncommitted) and waits to
    # mark the slips paid when it is killed.
    with rows_locked("SELECT id FROM payments_slip WHERE municipality_id = %s FOR UPDATE", [shinjuku.pk]):
        kill_when(import_process(), waiting_on_a_lock)
    assert not ResultFile.objects.exists() and not PaymentRecord.objects.exists() and not Receipt.objects.exists()
    [interrupted] = HandoverLedgerEntry.objects.filter(direction="receive").exclude(pk__in=earlier)
    assert interrupted.outcome == IncomingOutcome.RECEIVED, "the ledger shows the file arrived, with no outcome"

    second = import_process()
    output, _ = second.communicate(timeout=120)
    assert second.returncode == 0 and output.startswith("データレコード3件を取り込みました: 新規3件"), output
    assert ResultFile.objects.count() == 1 and PaymentRecord.objects.count() == 3

    third = import_process()
    output, _ = third.communicate(timeout=120)
    assert third.returncode == 0 and "何も変わっていません" in output, output
    assert ResultFile.objects.count() == 1 and PaymentRecord.objects.count() == 3
    outcomes = list(HandoverLedgerEntry.objects.filter(direction="receive").exclude(pk__in=earlier).order_by("pk")
                    .values_list("outcome", flat=True))
    assert outcomes == [IncomingOutcome.RECEIVED, IncomingOutcome.TAKEN_IN, IncomingOutcome.ALREADY_TAKEN_IN]
