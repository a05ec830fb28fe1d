"""A sealer killed mid-batch (a real process, SIGKILL) and run again: every event sealed once, in place."""

import json

import pytest
from django.db import connection

from audit import chain
from audit.models import AuditSeal, AuditTenantHead
from tests.audit.test_chain import record
from tests.support import audit_sealed, command_process, kill_when, rows_locked


def sealer_process():
    return command_process("seal_audit_log", "--batch-size", "10", "--wait", "--checkpoint")


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


def placed(tenant: int) -> list[tuple[int, int]]:
    """(position, seq) of the tenant's sealed events, in chain order, as its seal rows place them."""
    return [(position, seq) for _row, events in chain.sealed(tenant) for position, seq, _event in events]


@pytest.mark.django_db(transaction=True)
def test_a_sealer_killed_between_insert_and_seal_is_rerun_to_the_same_chains_nothing_lost_or_doubled():
    earlier = record(1, tenant_id=2)
    audit_sealed()  # tenant 2's head exists: locking it holds the sealer inside the round that reaches tenant 2
    first = record(10, tenant_id=1)
    second = record(10, tenant_id=2)
    last_seal = AuditSeal.objects.order_by("-id").values_list("id", flat=True).first()

    with rows_locked("SELECT id FROM audit_audittenanthead WHERE chain = 2 FOR UPDATE", []):
        kill_when(sealer_process(),
                  lambda: AuditTenantHead.objects.filter(chain=1, size__gt=0).exists() and waiting_on_a_lock())
    # The rounds before (tenant 1's events only) committed; the one reaching tenant 2 died with its transaction.
    done = placed(1)
    assert done and done == [(n, e.seq) for n, e in enumerate(first[:len(done)], start=1)], done
    assert AuditTenantHead.objects.get(chain=1).size == len(done)
    assert placed(2) == [(1, earlier[0].seq)] and AuditTenantHead.objects.get(chain=2).size == 1
    assert not AuditSeal.objects.filter(chain=2, id__gt=last_seal).exists()  # nor held back: not read at all
    waiting = set(chain.unsealed_events().values_list("seq", flat=True))
    assert waiting == {e.seq for e in first[len(done):] + second}  # nothing lost, nothing sealed twice
    assert chain.verify(1).ok and chain.verify(2).ok  # unsealed events still check against their MACs

    rerun = sealer_process()
    output, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, output
    assert f"Sealed {20 - len(done)} event(s) in {2 if len(done) < 10 else 1} chain(s)" in output

    for tenant, events in ((1, first), (2, earlier + second)):
        # Each event once, at consecutive positions, in the order written; and the export agrees.
        assert placed(tenant) == [(n, e.seq) for n, e in enumerate(events, start=1)], placed(tenant)
        exported = [json.loads(line) for line in chain.export_lines(tenant)]
        assert [(line["chain_seq"], line["seq"]) for line in exported] == placed(tenant)
        result = chain.verify(tenant)
        assert result.ok and (result.checked, result.unsealed) == (len(events), 0), result.summary()
    sealed_seqs = [seq for seqs in AuditSeal.objects.filter(first__isnull=False).values_list("seqs", flat=True)
                   for seq in seqs]
    assert len(sealed_seqs) == len(set(sealed_seqs)) == 21
    assert not chain.unsealed_events().exists()
    assert [(h.size, h.checkpoint_size) for h in AuditTenantHead.objects.order_by("chain")] == [(10, 10), (11, 11)]
