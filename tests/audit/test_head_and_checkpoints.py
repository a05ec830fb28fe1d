"""Each tenant's head is authenticated, and its signed checkpoints outside the database are chained, accounted
for, and verifiable with the public key alone.

Cutting a tenant's newest sealed events means moving its head back (which needs the chain key) or replaying
an old head row (which a checkpoint written since contradicts); removing that checkpoint means shortening or
deleting the file, which the authenticated head contradicts.
"""

import base64
import io
import json
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from audit import chain, signing
from audit.models import AuditSeal, AuditTenantHead
from audit.services import audit_record
from tests.audit.test_chain import record, tamper
from tests.support import audit_sealed


def lines(settings) -> list[str]:
    return settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()


def head(tenant: int = 1) -> chain.Head:
    return chain.Head.of(AuditTenantHead.objects.get(chain=tenant))


def links(tenant: int = 1) -> list[dict]:
    """The tenant's sealed events in chain order, as exported: seq, position (chain_seq), prev_hash and hash."""
    return [json.loads(line) for line in chain.export_lines(tenant)]


def sealed(n: int, *, tenant_id: int = 1) -> list[dict]:
    """``n`` events, sealed and checkpointed (one round); their links in chain order."""
    seqs = {e.seq for e in record(n, tenant_id=tenant_id)}
    audit_sealed()
    return [link for link in links(tenant_id) if link["seq"] in seqs]


def placed(seq: int) -> bool:
    """Whether a seal row places the event in its chain."""
    return any(seq in seqs for seqs in AuditSeal.objects.filter(first__isnull=False).values_list("seqs", flat=True))


# --- the heads' MAC ----------------------------------------------------------------------------------------


def test_the_head_carries_a_mac_over_its_size_hash_and_last_checkpoint(db):
    events = sealed(2)
    current = head()

    assert (current.size, current.hash, current.checkpoint_line, current.checkpoint_size) == (
        2, events[-1]["hash"], 1, 2)
    assert current.authentic()
    for forged in ({"size": 1}, {"hash": events[0]["hash"]}, {"checkpoint_line": 0}, {"checkpoint_signature": ""},
                   {"cutover_size": 1}):
        assert not replace(current, **forged).authentic(), forged


def test_deleting_the_newest_events_and_moving_the_head_back_is_detected_without_any_checkpoint(db, settings):
    record(4)
    chain.seal(checkpoint=False)
    events = links()
    (row,) = AuditSeal.objects.filter(chain=1)
    assert (row.first, row.seqs) == (1, [e["seq"] for e in events])
    # The events at positions 3 and 4 deleted, and their seal cut to positions 1 and 2 with the link at 2 (a seal
    # row carries plain SHA-256 links, which anyone can recompute): only the head still says 4.
    tamper("DELETE FROM audit_auditevent WHERE seq = ANY(%s)", [[e["seq"] for e in events[2:]]])
    tamper("DELETE FROM audit_auditseal WHERE id = %s", [row.id])
    AuditSeal.objects.create(chain=1, first=1, seqs=row.seqs[:2], prev_hash=row.prev_hash, hash=events[1]["hash"],
                             occurred_from=row.occurred_from, occurred_to=row.occurred_to, horizon=row.horizon,
                             sealed_at=row.sealed_at)
    assert [e["chain_seq"] for e in links()] == [1, 2]
    AuditTenantHead.objects.filter(chain=1).update(size=2, hash=events[1]["hash"])
    assert not settings.AUDIT_CHECKPOINT_FILE.exists()

    result = chain.verify(1)

    assert not result.ok and result.first_bad_seq == events[1]["seq"]
    assert "chain head (size 2) fails its MAC" in result.problem


def test_nothing_is_sealed_or_checkpointed_after_a_forged_head_so_the_next_event_cannot_launder_it(db):
    events = sealed(3)
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [events[-1]["seq"]])
    AuditTenantHead.objects.filter(chain=1).update(size=2, hash=events[1]["hash"])
    later = record(1)
    other = record(1, tenant_id=2)

    result = chain.seal()

    assert "fails its MAC" in result.refused[1] and result.sealed == {2: 1}
    assert not placed(later[0].seq) and placed(other[0].seq)
    assert later[0].seq in set(chain.unsealed_events().values_list("seq", flat=True))  # held back, waiting
    assert chain.seal(checkpoint=False).total == 0 and not placed(later[0].seq)
    with pytest.raises(chain.ChainHeadInvalid):
        chain.write_checkpoints(chains=[1], force=True)
    assert not chain.verify(1).ok and chain.verify(2).ok


def test_the_verify_command_reports_a_forged_head(db):
    events = sealed(2)
    AuditTenantHead.objects.filter(chain=1).update(size=1, hash=events[0]["hash"])
    with pytest.raises(CommandError, match="fails its MAC"):
        call_command("verify_audit_chain", "--tenant", "1")


# --- signed, chained checkpoints -----------------------------------------------------------------------------


def test_each_checkpoint_line_is_numbered_chained_to_the_one_before_and_signed(db, settings):
    sealed(1)
    sealed(1, tenant_id=2)

    first, second = (chain.Checkpoint.parse(line) for line in lines(settings))

    assert (first.line, first.chain, first.size, first.prev) == (1, 1, 1, chain.GENESIS)
    assert (second.line, second.chain, second.size, second.prev) == (2, 2, 1, first.signature)
    key = signing.public_key()
    assert first.valid(key) and second.valid(key)
    assert not replace(second, size=2).valid(key) and not replace(second, prev="x").valid(key)
    assert head(1).checkpoint_line == 1 and head(2).checkpoint_line == 2 and chain.verify(1).ok


def test_checkpoints_are_due_after_the_interval_unless_forced(db, settings):
    settings.AUDIT_CHECKPOINT_INTERVAL = 3600
    sealed(1)
    record(1)
    assert chain.seal().checkpoints == 0 and (head().size, head().checkpoint_size) == (2, 1)
    assert chain.seal(force_checkpoint=True).checkpoints == 1 and head().checkpoint_size == 2
    assert chain.seal(force_checkpoint=True).checkpoints == 0  # the head did not move since


def test_a_checkpoint_line_removed_from_the_middle_is_detected(db, settings):
    for _ in range(3):
        sealed(1)
    first, _, third = lines(settings)
    settings.AUDIT_CHECKPOINT_FILE.write_text(f"{first}\n{third}\n")

    result = chain.verify(1)

    assert not result.ok and "checkpoint file line 2 is numbered 3" in result.problem


def test_a_checkpoint_line_renumbered_into_the_gap_fails_its_signature(db, settings):
    for _ in range(3):
        sealed(1)
    first, _, third = lines(settings)
    renumbered = third.split()
    renumbered[1], renumbered[6] = "2", first.split()[-1]
    settings.AUDIT_CHECKPOINT_FILE.write_text(f"{first}\n{' '.join(renumbered)}\n")

    result = chain.verify(1)

    assert not result.ok and "checkpoint file line 2 has an invalid signature" in result.problem


def test_a_checkpoint_signed_with_another_key_is_reported(db, settings):
    sealed(2)
    forger = Ed25519PrivateKey.generate()
    unsigned = chain.Checkpoint(2, 1, 5, "a" * 64, "2026-12-01T00:00:00Z", lines(settings)[0].split()[-1], "")
    forged = replace(unsigned, signature=base64.b64encode(forger.sign(unsigned.message().encode())).decode())
    with open(settings.AUDIT_CHECKPOINT_FILE, "a") as out:
        out.write(forged.text() + "\n")

    result = chain.verify(1)

    assert not result.ok and "line 2 has an invalid signature" in result.problem


def test_a_missing_checkpoint_file_is_a_finding_once_a_checkpoint_was_written(db, settings):
    record(2)
    chain.seal(checkpoint=False)
    assert chain.verify(1).ok  # never checkpointed: no file is expected
    chain.write_checkpoints(force=True)
    settings.AUDIT_CHECKPOINT_FILE.unlink()

    result = chain.verify(1)

    assert not result.ok and "checkpoint file is missing" in result.problem


def test_a_shortened_checkpoint_file_is_a_finding(db, settings):
    sealed(1)
    sealed(1)
    settings.AUDIT_CHECKPOINT_FILE.write_text(lines(settings)[0] + "\n")

    result = chain.verify(1)

    assert not result.ok and "checkpoint file was shortened: it has 1 line(s), the chain head records line 2" \
        in result.problem


def test_checkpointing_refuses_to_start_a_new_file_over_one_that_went_missing(db, settings):
    sealed(1)
    settings.AUDIT_CHECKPOINT_FILE.unlink()
    record(1)

    with pytest.raises(chain.CheckpointFileInvalid, match="ends at line 0, but a chain head records line 1"):
        audit_sealed()

    assert not settings.AUDIT_CHECKPOINT_FILE.exists() and head().checkpoint_line == 1


def test_a_line_written_before_its_head_update_failed_is_continued_not_a_finding(db, settings, monkeypatch):
    """A crash between writing the line and recording it in the head leaves one unrecorded line."""
    sealed(1)
    record(1)
    chain.seal(checkpoint=False)

    def fail(*args, **kwargs):
        raise ConnectionError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(chain, "_write_heads", fail)  # the heads' update, after the lines were written
        with pytest.raises(ConnectionError):
            chain.write_checkpoints(force=True)
    assert len(lines(settings)) == 2 and head().checkpoint_line == 1
    assert chain.verify(1).ok

    chain.write_checkpoints(force=True)

    assert [line.split()[1] for line in lines(settings)] == ["1", "2", "3"]
    assert head().checkpoint_line == 3 and chain.verify(1).ok


def test_a_legacy_checkpoint_file_is_continued_by_the_first_signed_line(db, settings):
    """The single chain's last line is the cut-over: the first signed line chains to it."""
    legacy = f"1 7 {'a' * 64} {'b' * 64}"
    settings.AUDIT_CHECKPOINT_FILE.write_text(legacy + "\n")
    sealed(1)

    first = chain.Checkpoint.parse(lines(settings)[1])

    assert (first.line, first.prev) == (2, "b" * 64) and chain.verify(1).ok


# --- with the public key alone ------------------------------------------------------------------------------


def test_an_auditor_verifies_a_tenant_with_the_public_key_alone(db, settings, tmp_path, capsys):
    # Sealed and checkpointed one by one: each event ends its own seal row, so an edit is named exactly.
    events = [link for _ in range(3) for link in sealed(1)]
    record(1)  # unsealed: not vouched for by any signature yet
    key_file = tmp_path / "public.pem"
    printed = io.StringIO()
    call_command("audit_public_key", stdout=printed)
    key_file.write_text(printed.getvalue())
    settings.AUDIT_CHAIN_KEY = "not-the-chain-key"  # the auditor holds no chain key

    call_command("verify_audit_chain", "--tenant", "1", "--public-key", str(key_file))
    assert "intact: 3 events verified" in capsys.readouterr().out

    tamper("UPDATE audit_auditevent SET data = '{}' WHERE seq = %s", [events[1]["seq"]])
    with pytest.raises(CommandError, match=f"broken at event #{events[1]['seq']}:"):
        call_command("verify_audit_chain", "--tenant", "1", "--public-key", str(key_file))


def test_an_exported_chain_verifies_with_the_public_key_alone_and_names_a_tampered_event(db, tmp_path, capsys):
    events = sealed(3)
    sealed(2, tenant_id=2)
    key_file = tmp_path / "public.pem"
    key_file.write_text(signing.public_key_pem())
    call_command("export_audit_log", "--tenant", "1", str(tmp_path / "export"))
    assert len((tmp_path / "export" / "checkpoints").read_text().splitlines()) == 1  # tenant 1's own line only

    call_command("verify_audit_export", str(tmp_path / "export"), "--public-key", str(key_file))
    assert "Audit chain of tenant 1 intact: 3 events verified" in capsys.readouterr().out

    exported = (tmp_path / "export" / "events.jsonl").read_text().splitlines()
    (tmp_path / "export" / "events.jsonl").write_text("\n".join([exported[0], exported[2]]) + "\n")
    with pytest.raises(CommandError, match=f"broken at event #{events[2]['seq']}: position 2 is missing"):
        call_command("verify_audit_export", str(tmp_path / "export"), "--public-key", str(key_file))

    edited = json.loads(exported[1])
    edited["content"]["actor_id"] = 42
    (tmp_path / "export" / "events.jsonl").write_text("\n".join([exported[0], json.dumps(edited), exported[2]]) + "\n")
    with pytest.raises(CommandError, match=f"broken at event #{events[1]['seq']}: its content does not match its "
                                           "digest"):
        call_command("verify_audit_export", str(tmp_path / "export"), "--public-key", str(key_file))

    (tmp_path / "export" / "events.jsonl").write_text("\n".join(exported[:2]) + "\n")  # the newest cut off
    with pytest.raises(CommandError, match="signed checkpoint reached 3, the export ends at 2"):
        call_command("verify_audit_export", str(tmp_path / "export"), "--public-key", str(key_file))

    other = tmp_path / "other.pem"
    other.write_text(signing.public_key_pem(Ed25519PrivateKey.generate().public_key()))
    with pytest.raises(CommandError, match="invalid signature"):
        call_command("verify_audit_export", str(tmp_path / "export"), "--public-key", str(other))


def test_an_event_recorded_inside_a_rolled_back_transaction_leaves_nothing_to_seal(db):
    with pytest.raises(LookupError), transaction.atomic():
        audit_record("audit.test_record.made", tenant_id=1)
        raise LookupError("the caller fails")
    assert chain.seal().total == 0
