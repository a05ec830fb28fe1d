"""The host's appender (a real process, on the test database): the events of reads from many threads written in
one INSERT and one commit, each read answered with its own event; refusals, crashes and bad messages."""

import marshal
import shutil
import signal
import socket
import stat
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.db import DataError, OperationalError, connection, transaction
from django.utils import timezone

from audit import appender as appender_link
from audit import chain
from audit.appender import _HELLO, _LENGTH, _database, _message
from audit.context import Channel, bound
from audit.models import AuditEvent, AuditEventSubject
from audit.services import record_access
from tests.audit.test_kill_sealer import waiting_on_a_lock
from tests.support import audit_sealed, command_process, rows_locked

LOCKED = "LOCK TABLE audit_auditevent IN SHARE MODE"  # the appender's INSERT waits until it is released


def started(path: Path):
    process = command_process("audit_appender", "--socket", str(path))
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, process.stdout.read()
        assert time.monotonic() < deadline, "the appender never listened"
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
            return process
        except OSError:
            time.sleep(0.1)
        finally:
            probe.close()


def stopped(process) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    return output


@pytest.fixture
def appender(settings):
    """An appender listening where this test's reads look for it (a short path: a socket's is at most 107 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="mimamori-"))
    settings.AUDIT_APPENDER_SOCKET = str(folder / "appender.sock")
    process = started(folder / "appender.sock")
    yield process
    output = stopped(process)
    assert not (folder / "appender.sock").exists(), output  # a stopped appender leaves no socket behind
    shutil.rmtree(folder)


def read(child: int, *, request_id: str = "req-1", tenant_id: int = 1) -> chain.NewEvent:
    with bound(channel=Channel.API, actor_id=7, request_id=request_id):
        return record_access(subjects=[("childcare.child", child)], fields=["child.name"], purpose="保育の実施",
                             tenant_id=tenant_id)


class Reader(threading.Thread):
    """A request thread: one read, its event (or the error its read failed with)."""

    def __init__(self, child: int, **kwargs):
        super().__init__(daemon=True)
        self.child, self.kwargs, self.event, self.error = child, kwargs, None, None
        self.start()

    def run(self):
        try:
            self.event = read(self.child, **self.kwargs)
        except Exception as error:  # handed to the test
            self.error = error
        finally:
            connection.close()

    def outcome(self):
        self.join(timeout=60)
        assert not self.is_alive(), "the read never returned"
        return self.event, self.error


def stored(event: chain.NewEvent) -> AuditEvent:
    row = AuditEvent.objects.get(seq=event.seq)
    assert (row.xact, row.occurred_at, row.digest, row.mac) == (event.xact, event.occurred_at, event.digest,
                                                                 event.mac)
    return row


@pytest.mark.django_db(transaction=True)
def test_reads_of_many_threads_are_written_in_one_commit_each_answered_with_its_own_event(appender, settings):
    path = Path(settings.AUDIT_APPENDER_SOCKET)
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0  # the socket is its owner's only
    second = command_process("audit_appender", "--socket", str(path))
    output, _ = second.communicate(timeout=60)
    assert second.returncode != 0 and f"An audit appender already listens at {path}" in output, output

    with rows_locked(LOCKED, []):
        first = Reader(1)
        deadline = time.monotonic() + 60
        while not waiting_on_a_lock():  # the appender's first INSERT waits for the lock
            assert time.monotonic() < deadline
            time.sleep(0.05)
        readers = [Reader(child, tenant_id=1 + child % 2) for child in range(2, 8)]
        time.sleep(1.5)  # they send their events meanwhile: the appender takes them together once the first is in
    events = [first.outcome()[0], *(r.outcome()[0] for r in readers)]
    assert all(events), [r.outcome()[1] for r in [first, *readers]]

    rows = [stored(e) for e in events]
    assert len({e.seq for e in events}) == 7
    assert len({row.xact for row in rows[1:]}) < 6  # several events, one transaction: one commit
    assert {row.subjects[0][1] for row in rows} == {str(n) for n in range(1, 8)}
    audit_sealed()
    assert chain.verify(1).ok and chain.verify(2).ok
    assert AuditEventSubject.objects.filter(event_id__in=[e.seq for e in events]).count() == 7


@pytest.mark.django_db(transaction=True)
def test_an_event_the_database_refuses_fails_only_its_own_read(appender):
    with rows_locked(LOCKED, []):
        first = Reader(1)
        while not waiting_on_a_lock():
            time.sleep(0.05)
        good = Reader(2)
        bad = Reader(3, request_id="r" * 65)  # longer than the column: the database refuses the row
        also_good = Reader(4)
        time.sleep(1.5)
    assert first.outcome()[1] is None and good.outcome()[1] is None and also_good.outcome()[1] is None
    _event, error = bad.outcome()
    assert isinstance(error, DataError) and "value too long" in str(error), error
    assert AuditEvent.objects.count() == 3
    for reader in (first, good, also_good):
        stored(reader.event)


@pytest.mark.django_db(transaction=True)
def test_an_event_inside_a_transaction_is_written_by_it_and_without_an_appender_by_the_request(appender, settings):
    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        inside = read(1)
        assert AuditEvent.objects.filter(seq=inside.seq).exists()  # this transaction's own row
        raise Undone
    assert not AuditEvent.objects.exists()  # rolled back with the change it described

    through = read(2)
    assert appender_link._link.sock is not None  # written by the appender
    settings.AUDIT_APPENDER_SOCKET = str(Path(settings.AUDIT_APPENDER_SOCKET).with_name("nothing.sock"))
    alone = read(3)  # no appender there: the request writes its own event
    assert appender_link._link.sock is None and appender_link._link.missing[0] == settings.AUDIT_APPENDER_SOCKET
    assert stored(through).xact != stored(alone).xact
    settings.AUDIT_APPENDER_SOCKET = ""  # none configured
    assert stored(read(4)).seq > alone.seq and appender_link._link.sock is None


@pytest.mark.django_db(transaction=True)
def test_an_appender_killed_with_an_event_in_flight_fails_that_read_and_a_restarted_one_takes_the_next(
        appender, settings):
    path = Path(settings.AUDIT_APPENDER_SOCKET)
    before = read(1)  # this thread's link to the appender is open
    with rows_locked(LOCKED, []):
        flying = Reader(2)
        while not waiting_on_a_lock():
            time.sleep(0.05)
        appender.send_signal(signal.SIGKILL)
        appender.wait(timeout=30)
        _event, error = flying.outcome()
    assert isinstance(error, OperationalError) and "may have been written" in str(error), error

    restarted = started(path)  # over the socket the killed one left
    try:
        after = read(3)  # over the link to the killed appender first: sent again, to the new one
        assert stored(after).seq > stored(before).seq
    finally:
        stopped(restarted)


def raw_link(path: str) -> socket.socket:
    """A connection to the appender speaking its protocol by hand, greeted as the test database's."""
    link = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    link.settimeout(30)
    link.connect(path)
    link.sendall(_message([_HELLO, _database()]))
    assert link.recv(17) == b"+" + bytes(16)
    return link


def refusal(link: socket.socket) -> str:
    """The refusal the appender answered on ``link``, as its text."""
    assert link.recv(1) == b"-"
    (length,) = _LENGTH.unpack(link.recv(_LENGTH.size))
    return link.recv(length).decode()


def event_params(**changed) -> list:
    new = chain.NewEvent(occurred_at=timezone.now(), name="audit.personal_data.read", tenant_id=1, actor_id=7,
                         channel="api", request_id="raw", ip_address=None, object_type="", object_id="",
                         fields=["child.name"], subjects=[["childcare.child", "9"]], purpose="", data={})
    params = [new.occurred_at.isoformat(), *new.params()[1:]]
    for index, value in changed.items():
        params[int(index.removeprefix("p"))] = value
    return params


@pytest.mark.django_db(transaction=True)
def test_a_connection_must_name_the_appenders_database_and_send_events_only(appender, settings):
    path = settings.AUDIT_APPENDER_SOCKET
    for first in ([_HELLO, "elsewhere@db.example:5432"], "not a greeting"):
        stranger = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stranger.settimeout(30)
        stranger.connect(path)
        stranger.sendall(_message(first))
        assert refusal(stranger).startswith(f" this appender writes to {_database()}, not to ")
        assert stranger.recv(16) == b""  # and closed
        stranger.close()
    for message in (b"\x00not marshal data", marshal.dumps(["too", "short"]),
                    marshal.dumps(event_params(p5="req-\ud800"))):  # a lone surrogate no database holds
        rogue = raw_link(path)
        rogue.sendall(_LENGTH.pack(len(message)) + message)
        assert rogue.recv(16) == b""  # closed, unanswered
        rogue.close()
    huge = raw_link(path)
    huge.sendall(_LENGTH.pack(1 << 30))  # longer than any event: not waited for
    assert huge.recv(16) == b""
    stored(read(1))  # the appender goes on


@pytest.mark.django_db(transaction=True)
def test_an_event_the_database_cannot_parse_fails_alone_and_the_connection_stays(appender, settings):
    rogue = raw_link(settings.AUDIT_APPENDER_SOCKET)
    with rows_locked(LOCKED, []):
        first = Reader(1)
        while not waiting_on_a_lock():
            time.sleep(0.05)
        # Nested deeper than the server's stack allows: refused as an OperationalError (54001), the connection
        # still up — the others of its INSERT are written one by one.
        rogue.sendall(_message(event_params(p9="[" * 30000 + "]" * 30000)))
        good = Reader(2)
        time.sleep(1.5)
    assert first.outcome()[1] is None and good.outcome()[1] is None
    state, _, text = refusal(rogue).partition(" ")
    assert state == "54001" and "stack depth" in text and "[[" not in text  # never the value itself
    assert AuditEvent.objects.count() == 2
    stored(good.event)


class Interrupted(Exception):
    pass


def interrupt(_signum, _frame):
    raise Interrupted


@pytest.mark.django_db(transaction=True)
def test_a_read_interrupted_while_waiting_leaves_no_answer_for_the_next_one(appender):
    read(1)  # the link is open
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with rows_locked(LOCKED, []):
            signal.setitimer(signal.ITIMER_REAL, 0.5)
            with pytest.raises(Interrupted):
                read(2)  # a time limit ends the request while its event waits for the lock
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    after = read(3)
    assert stored(after).subjects == [["childcare.child", "3"]]  # its own event, not the interrupted one's
