"""Group commit of the events of reads: one process per host writes the events many requests send it.

A read's event is durable before the read answers. Written by the request itself it is one INSERT and one
commit, and the commit is most of what the database spends on it. The appender (``manage.py audit_appender``,
beside the web workers and Celery's) reads the events that arrived from every process while its last INSERT
committed, writes them as one multi-row INSERT, commits once and answers each request with its event's seq and
transaction: each request still waits until its own event is committed, and the events share the commit. It holds
no key: an event arrives with its digest and MAC, made by the request (``chain.NewEvent``).

Each side checks the other: the socket is its owner's only, a peer must run as the appender's user (and the
appender as the request's), and a connection starts by naming the database its events belong to, which the
appender refuses unless it writes to that database.

An event inside a transaction is written by that transaction (it commits or rolls back with the change it
describes) and never comes here. With no appender listening (or one writing elsewhere), a request writes its own
event. A failure after an event was sent is raised, not retried: the event may be committed, and is never
written twice.
"""

import logging
import marshal
import os
import selectors
import socket
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import DatabaseError, OperationalError, connection

MAX_ROWS = 64  # events per INSERT: one prepared statement per number of rows up to this
MAX_MESSAGE = 1 << 20  # bytes: an event is references and codes, never near this
GATHER = 0.0002  # seconds an INSERT waits for the events on their way, when the last one carried more
RETRY_CONNECT = 1.0  # seconds a process writes its own events after finding no appender, before looking again

_LENGTH = struct.Struct("!I")  # each message: its length, then its body
_PLACED = struct.Struct("!qq")  # the answer to an event written: "+", then its seq and transaction
_CREDENTIALS = struct.Struct("3i")  # SO_PEERCRED: pid, uid, gid
_HELLO = "mimamori audit appender 1"
_EVENT_TYPES = (str, int, type(None))
_LOST = "08006"  # connection_failure: the SQLSTATE a lost connection is raised with

logger = logging.getLogger(__name__)


def _database() -> str:
    """Which database events are written to, as both sides name it."""
    s = connection.settings_dict
    return f"{s['NAME']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"


def _message(value) -> bytes:
    body = marshal.dumps(value)
    return _LENGTH.pack(len(body)) + body


def _same_user(sock: socket.socket) -> bool:
    _pid, uid, _gid = _CREDENTIALS.unpack(sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                          _CREDENTIALS.size))
    return uid == os.getuid()


# --- the request's side -------------------------------------------------------------------------------------


class _Link(threading.local):
    """A thread's connection to the appender (each thread of a worker waits for its own answers)."""

    sock: socket.socket | None = None
    path = ""  # where ``sock`` is connected
    missing: tuple[str, float] = ("", 0.0)  # the socket found missing (or refused), and when


_link = _Link()


def _drop() -> None:
    if _link.sock is not None:
        _link.sock.close()
        _link.sock = None


os.register_at_fork(after_in_child=_drop)  # a forked worker opens its own


def _connected() -> socket.socket | None:
    path = str(settings.AUDIT_APPENDER_SOCKET or "")
    if _link.sock is not None:
        if _link.path == path:
            return _link.sock
        _drop()  # the setting moved (a test, a reload): the appender is looked for there
    if not path or (_link.missing[0] == path and time.monotonic() < _link.missing[1] + RETRY_CONNECT):
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(settings.AUDIT_APPENDER_TIMEOUT)
    try:
        sock.connect(path)
        if not _same_user(sock):
            raise PermissionError(f"the audit appender at {path} runs as another user")
        sock.sendall(_message([_HELLO, _database()]))
        _answer(sock)
    except (OSError, DatabaseError) as refused:
        sock.close()
        if not isinstance(refused, FileNotFoundError | ConnectionRefusedError):
            logger.warning("Audit events are written by each request: %s", refused)
        _link.missing = (path, time.monotonic())
        return None
    _link.sock, _link.path = sock, path
    return sock


def appended(params: list) -> tuple[int, int] | None:
    """Have the host's appender write one event (``NewEvent.params()``) and wait until it is committed: its
    (seq, xact). None: no appender to write it (the caller writes the event itself)."""
    message = _message([params[0].isoformat(), *params[1:]])  # the timestamp as text: exact to the microsecond
    for _attempt in range(2):
        sock = _connected()
        if sock is None:
            return None
        try:
            sock.sendall(message)
            break
        except OSError:
            # The appender closed this connection before reading any of it (it was restarted): nothing was written.
            # Once more, on a new connection.
            _drop()
        except BaseException:  # interrupted part-way: what was sent cannot be taken back, nor the link trusted
            _drop()
            raise
    else:
        return None
    try:
        return _answer(sock)
    except OSError as error:
        _drop()
        raise OperationalError("the audit appender did not confirm this event (it may have been written): "
                               f"{error or type(error).__name__}") from error
    except DatabaseError:  # the database refused this event: the link stays in step
        raise
    except BaseException:  # interrupted while waiting: the answer would be read by the next event
        _drop()
        raise


def _answer(sock: socket.socket) -> tuple[int, int]:
    kind = _receive(sock, 1)
    if kind == b"+":
        return _PLACED.unpack(_receive(sock, _PLACED.size))
    (length,) = _LENGTH.unpack(_receive(sock, _LENGTH.size))
    state, _, message = _receive(sock, length).decode().partition(" ")
    try:
        error = psycopg.errors.lookup(state)
    except KeyError:
        error = psycopg.DatabaseError
    with connection.wrap_database_errors:  # raised as the database's own refusal would be
        raise error(message)


def _receive(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionResetError("the audit appender closed the connection")
        data += chunk
    return data


# --- the appender -------------------------------------------------------------------------------------------


class _Peer:
    """A connected process: what it sent that is not a whole message yet, and whether it named our database."""

    __slots__ = ("greeted", "pending", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.pending, self.greeted = sock, b"", False

    def events(self, data: bytes, database: str) -> list[list]:
        """The events the data completes; a message that is not one (nor, first, the greeting naming the
        appender's database) ends the connection."""
        self.pending += data
        events = []
        while len(self.pending) >= _LENGTH.size:
            (length,) = _LENGTH.unpack_from(self.pending)
            if length > MAX_MESSAGE:
                raise ValueError("a message longer than any audit event")
            if len(self.pending) < _LENGTH.size + length:
                break
            body, self.pending = self.pending[_LENGTH.size:_LENGTH.size + length], self.pending[_LENGTH.size + length:]
            try:
                message = marshal.loads(body)
            except (EOFError, ValueError, TypeError):
                message = None
            if not self.greeted:
                if message != [_HELLO, database]:
                    self.answer(_refusal(f"this appender writes to {database}, not to "
                                         f"{message[1] if _is_hello(message) else 'an unnamed database'}"))
                    raise ValueError("not a greeting naming this database")
                self.greeted = True
                self.answer(b"+" + _PLACED.pack(0, 0))
            elif _is_event(message):
                events.append(message)
            else:
                raise ValueError("a message that is not an audit event")
        return events

    def answer(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except BlockingIOError:  # it does not read its answers: it is ended (the loop sees it closed)
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # the process is gone: its request failed, its event stays written
            pass


def _is_hello(message) -> bool:
    return type(message) is list and len(message) == 2 and message[0] == _HELLO and type(message[1]) is str


def _is_event(message) -> bool:
    from audit.chain import _INSERT_COLUMNS

    if type(message) is not list or len(message) != len(_INSERT_COLUMNS):
        return False
    for value in message:
        if type(value) not in _EVENT_TYPES:
            return False
        if type(value) is str:
            try:
                value.encode()
            except UnicodeEncodeError:  # a lone surrogate: no database could hold it
                return False
    return True


def serve(path: Path, *, stop: threading.Event, started: Callable[[], None] = lambda: None) -> None:
    """Listen on ``path`` and write the events that arrive until ``stop`` is set (``started``: called once
    listening)."""
    listener = _listen(path)
    database = _database()
    started()
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, None)
    try:
        previous = 0
        while not stop.is_set():
            batch = _received(selector, listener, database, timeout=0.5)
            if 0 < len(batch) < previous:
                # Under load (the last INSERT carried more) the others are on their way: a moment's wait lets them
                # share this commit rather than wait for the next.
                batch += _received(selector, listener, database, timeout=GATHER)
            previous = len(batch)
            for start in range(0, len(batch), MAX_ROWS):
                _write(batch[start:start + MAX_ROWS])
    finally:
        selector.close()
        listener.close()
        path.unlink(missing_ok=True)
        connection.close()


def _received(selector: selectors.BaseSelector, listener: socket.socket, database: str, *,
              timeout: float) -> list[tuple["_Peer", list]]:
    """The events the peers sent, once any did or the time is up."""
    received = []
    ready = [key.data for key, _mask in selector.select(timeout=timeout)]
    if None in ready:  # processes connecting: all of them, and what they sent already
        ready = [peer for peer in ready if peer is not None] + _accepted(listener, selector)
    for peer in ready:
        try:
            data = peer.sock.recv(1 << 16)
            received += [(peer, event) for event in peer.events(data, database)] if data else []
        except (BlockingIOError, InterruptedError):
            continue
        except (OSError, ValueError):
            data = b""
        if not data:
            selector.unregister(peer.sock)
            peer.sock.close()
    return received


def _accepted(listener: socket.socket, selector: selectors.BaseSelector) -> list["_Peer"]:
    peers = []
    while True:
        try:
            sock, _address = listener.accept()
        except (BlockingIOError, InterruptedError):
            return peers
        if not _same_user(sock):  # the socket's mode already says so; a socket is not always where it was made
            sock.close()
            continue
        sock.setblocking(False)
        peers.append(_Peer(sock))
        selector.register(sock, selectors.EVENT_READ, peers[-1])


def _listen(path: Path) -> socket.socket:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(path))
    except OSError:
        path.unlink(missing_ok=True)  # left by an appender that died
    else:
        raise RuntimeError(f"An audit appender already listens at {path}")
    finally:
        probe.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mask = os.umask(0o077)  # the socket is its owner's only, from the moment it exists
    try:
        listener.bind(str(path))
    finally:
        os.umask(mask)
    listener.listen(256)
    listener.setblocking(False)
    return listener


def _write(batch: list[tuple["_Peer", list]]) -> None:
    """Write the events as one INSERT and answer each peer. An event refused fails alone: after a refused
    INSERT (which wrote nothing) the events are written one by one. Only a lost connection, after which the INSERT
    may have committed, fails them all."""
    from audit.chain import insert_rows

    try:
        placed = insert_rows(connection, [value for _peer, event in batch for value in event], len(batch))
    except Exception as error:
        lost = connection.connection is None or connection.connection.pgconn.status != psycopg.pq.ConnStatus.OK
        if lost:
            connection.close()  # the next INSERT connects again
        if lost or len(batch) == 1:
            for peer, _event in batch:
                peer.answer(_refusal(error, lost=lost))
        else:
            for one in batch:
                _write([one])
        return
    for (peer, _event), (seq, xact) in zip(batch, placed, strict=True):
        peer.answer(b"+" + _PLACED.pack(seq, xact))


def _refusal(error: Exception | str, *, lost: bool = False) -> bytes:
    """The answer refusing an event: the database's SQLSTATE and its primary message (never its detail nor its
    context, which may quote the values)."""
    cause = error.__cause__ if isinstance(error, Exception) and error.__cause__ else error
    diag = getattr(cause, "diag", None)
    state = _LOST if lost else getattr(diag, "sqlstate", None) or ""
    text = getattr(diag, "message_primary", None) or (str(cause).splitlines() or [type(cause).__name__])[0]
    body = f"{state} {text}".encode()
    return b"-" + _LENGTH.pack(len(body)) + body
