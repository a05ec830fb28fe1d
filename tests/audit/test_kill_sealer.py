"""A sealer killed mid-batch (a real process, SIGKILL) and run again: every event sealed once, in place."""

import pytest
from django.db import connection

from audit import chain
from audit.models import AuditEvent, AuditTenantHead
from tests.audit.test_chain import record
from tests.support import audit_sealed, command_process, kill_when, rows_locked


def sealer_process():
    return command_process("seal_audit_log", "--batch-size", "10", "--wait", "--checkpoint")


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_sealer_killed_between_insert_and_seal_is_rerun_to_the_same_chains_nothing_lost_or_doubled():
    record(1, tenant_id=2)
    audit_sealed()  # tenant 2's head exists: locking it holds the sealer inside its second batch
    first = record(10, tenant_id=1)
    second = record(10, tenant_id=2)

    with rows_locked("SELECT id FROM audit_audittenanthead WHERE chain = 2 FOR UPDATE", []):
        kill_when(sealer_process(),
                  lambda: AuditTenantHead.objects.filter(chain=1, size=10).exists() and waiting_on_a_lock())
    # The first batch (tenant 1) committed; the second (tenant 2) died with its transaction.
    assert AuditEvent.objects.filter(seq__in=[e.seq for e in first], chain_seq__isnull=True).count() == 0
    assert AuditEvent.objects.filter(seq__in=[e.seq for e in second], chain_seq__isnull=True).count() == 10
    assert AuditTenantHead.objects.get(chain=2).size == 1
    assert chain.verify(1).ok and chain.verify(2).ok  # unsealed events still check against their MACs

    rerun = sealer_process()
    output, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, output
    assert "Sealed 10 event(s) in 1 chain(s)" in output

    for tenant, size in ((1, 10), (2, 11)):
        positions = list(AuditEvent.objects.filter(tenant_id=tenant).order_by("seq").values_list("chain_seq",
                                                                                                  flat=True))
        assert positions == list(range(1, size + 1)), positions  # each once, in the order written
        result = chain.verify(tenant)
        assert result.ok and (result.checked, result.unsealed) == (size, 0), result.summary()
    assert [(h.size, h.checkpoint_size) for h in AuditTenantHead.objects.order_by("chain")] == [(10, 10), (11, 11)]
