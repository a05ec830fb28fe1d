"""Group commit of the events of reads: one process per host writes the events many requests send it.

A read's event is durable before the read answers. Written by the request itself it is one INSERT and one
commit, and the commit is most of what the database spends on it. The appender (``manage.py audit_appender``,
beside the web workers and Celery's) reads the events that arrived from every process while its last INSERT
committed, writes them as one multi-row INSERT, commits once and answers each request with its event's seq and
transaction: each request still waits until its own event is committed, and the events share the commit. It holds
no key: an event arrives with its digest and MAC, made by the request (``chain.NewEvent``). It trusts its socket's
peers as the database trusts the application's role: the socket is its owner's only.

An event inside a transaction is written by that transaction (it commits or rolls back with the change it
describes) and never comes here. With no appender listening, a request writes its own event. A failure after an
event was sent is raised, not retried: the event may be committed, and is never written twice.
"""

import contextlib
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
from django.db import DatabaseError, InterfaceError, OperationalError, connection

MAX_ROWS = 64  # events per INSERT: one prepared statement per number of rows up to this
MAX_MESSAGE = 1 << 20  # bytes: an event is references and codes, never near this
RETRY_CONNECT = 1.0  # seconds a process writes its own events after finding no appender, before looking again

_LENGTH = struct.Struct("!I")  # each message: its length, then its body
_PLACED = struct.Struct("!qq")  # the answer to an event written: "+", then its seq and transaction
_EVENT_TYPES = (str, int, type(None))


# --- the request's side -------------------------------------------------------------------------------------


class _Link(threading.local):
    """A thread's connection to the appender (each thread of a worker waits for its own answers)."""

    sock: socket.socket | None = None
    missing: tuple[str, float] = ("", 0.0)  # the socket found missing, and when


_link = _Link()


def _drop() -> None:
    if _link.sock is not None:
        _link.sock.close()
        _link.sock = None


os.register_at_fork(after_in_child=_drop)  # a forked worker opens its own


def _connected() -> socket.socket | None:
    if _link.sock is not None:
        return _link.sock
    path = str(settings.AUDIT_APPENDER_SOCKET or "")
    if not path or (_link.missing[0] == path and time.monotonic() < _link.missing[1] + RETRY_CONNECT):
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(settings.AUDIT_APPENDER_TIMEOUT)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        _link.missing = (path, time.monotonic())
        return None
    _link.sock = sock
    return sock


def appended(params: list) -> tuple[int, int] | None:
    """Have the host's appender write one event (``NewEvent.params()``) and wait until it is committed: its
    (seq, xact). None: no appender listens (the caller writes the event itself)."""
    params = [params[0].isoformat(), *params[1:]]  # the timestamp as text: exact to the microsecond
    body = marshal.dumps(params)
    message = _LENGTH.pack(len(body)) + body
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
    else:
        return None
    try:
        return _answer(sock)
    except OSError as error:
        _drop()
        raise OperationalError("the audit appender stopped before confirming this event (it may have been "
                               f"written): {error or type(error).__name__}") from error


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
    """A connected process and what it sent that is not a whole message yet."""

    __slots__ = ("pending", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.pending = sock, b""

    def events(self, data: bytes) -> list[list]:
        """The events the data completes; a message that is not an event ends the connection."""
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
                event = marshal.loads(body)
            except (EOFError, ValueError, TypeError):
                event = None
            if not _is_event(event):
                raise ValueError("a message that is not an audit event")
            events.append(event)
        return events

    def answer(self, data: bytes) -> None:
        with contextlib.suppress(OSError):  # the process is gone: its request failed, the event stays written
            self.sock.sendall(data)


def _is_event(event) -> bool:
    from audit.chain import _INSERT_COLUMNS

    return (type(event) is list and len(event) == len(_INSERT_COLUMNS)
            and all(type(value) in _EVENT_TYPES for value in event))


def serve(path: Path, *, stop: threading.Event, started: Callable[[], None] = lambda: None) -> None:
    """Listen on ``path`` and write the events that arrive until ``stop`` is set (``started``: called once
    listening)."""
    listener = _listen(path)
    started()
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, None)
    try:
        while not stop.is_set():
            batch: list[tuple[_Peer, list]] = []
            ready = [key.data for key, _mask in selector.select(timeout=0.5)]
            if None in ready:  # processes connecting: all of them, and what they sent already
                ready = [peer for peer in ready if peer is not None] + _accepted(listener, selector)
            for peer in ready:
                try:
                    data = peer.sock.recv(1 << 16)
                    batch += [(peer, event) for event in peer.events(data)] if data else []
                except (BlockingIOError, InterruptedError):
                    continue
                except (OSError, ValueError):
                    data = b""
                if not data:
                    selector.unregister(peer.sock)
                    peer.sock.close()
            for start in range(0, len(batch), MAX_ROWS):
                write(batch[start:start + MAX_ROWS])
    finally:
        selector.close()
        listener.close()
        path.unlink(missing_ok=True)
        connection.close()


def _accepted(listener: socket.socket, selector: selectors.BaseSelector) -> list["_Peer"]:
    peers = []
    while True:
        try:
            sock, _address = listener.accept()
        except (BlockingIOError, InterruptedError):
            return peers
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


def write(batch: list[tuple["_Peer", list]]) -> None:
    """Write the events as one INSERT and answer each peer. An event the database refuses fails alone: the others
    are written one by one after a refused INSERT (which wrote nothing). A lost connection fails them all."""
    from audit.chain import insert_rows

    try:
        placed = insert_rows(connection, [value for _peer, event in batch for value in event], len(batch))
    except (OperationalError, InterfaceError) as error:  # the INSERT may have committed: nothing is retried
        connection.close()
        for peer, _event in batch:
            peer.answer(_refusal(error))
        return
    except DatabaseError as error:
        if len(batch) == 1:
            batch[0][0].answer(_refusal(error))
        else:
            for one in batch:
                write([one])
        return
    for (peer, _event), (seq, xact) in zip(batch, placed, strict=True):
        peer.answer(b"+" + _PLACED.pack(seq, xact))


def _refusal(error: DatabaseError) -> bytes:
    cause = error.__cause__
    state = getattr(getattr(cause, "diag", None), "sqlstate", None) or ""
    text = f"{state} {str(cause or error).strip()}".encode()
    return b"-" + _LENGTH.pack(len(text)) + text
