"""Keeping an uploaded file for the job that reads it: sealed on disk, read back as a stream, gone afterwards.

Format: a sequence of chunks, each ``length (4 bytes, big-endian) | nonce (12) | AES-GCM(ciphertext + tag)``
under the staged file's own data key, with ``record uid | chunk number | last?`` as associated data, so chunks
cannot be reordered, dropped or swapped between files. Reading holds one chunk (1 MiB) in memory at a time.
"""

import os
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from governance.crypto.fields import record_aead
from governance.crypto.models import DataKey
from governance.jobs.models import StagedFile

CHUNK_BYTES = 1 << 20
NONCE_BYTES = 12


def _path(staged: StagedFile) -> Path:
    return Path(settings.VAR_DIR) / "staged" / f"{staged.record_uid}.sealed"


def _aad(staged: StagedFile, number: int, last: bool) -> bytes:
    return b"mimamori/staged|%s|%d|%d" % (staged.record_uid.bytes, number, int(last))


@transaction.atomic
def staged_file_create(*, municipality_id: int, name: str, stream: BinaryIO) -> StagedFile:
    """Seal ``stream`` (read in chunks, never whole) to disk under a new staged file; return its row."""
    staged = StagedFile(municipality_id=municipality_id, name=name)
    staged.save()
    aead = record_aead(staged)
    path = _path(staged)
    path.parent.mkdir(parents=True, exist_ok=True)
    size, number = 0, 0
    with path.open("wb") as out:
        chunk = stream.read(CHUNK_BYTES)
        while True:
            following = stream.read(CHUNK_BYTES) if chunk else b""
            last = not following
            nonce = os.urandom(NONCE_BYTES)
            sealed = aead.encrypt(nonce, chunk, _aad(staged, number, last))
            out.write(len(sealed).to_bytes(4, "big") + nonce + sealed)
            size += len(chunk)
            number += 1
            if last:
                break
            chunk = following
    staged.size_bytes = size
    staged.save(update_fields=["size_bytes"])
    return staged


class StagedReader:
    """A read-only, seekable-to-start binary stream of a staged file's plaintext (what the services read)."""

    def __init__(self, staged: StagedFile):
        self._staged = staged
        self._aead = record_aead(staged)
        self._file = _path(staged).open("rb")
        self._buffer, self._number, self._done, self._position = b"", 0, False, 0

    def _next_chunk(self) -> None:
        head = self._file.read(4)
        if len(head) < 4:
            raise ValueError("The staged file ends before its last chunk")
        length = int.from_bytes(head, "big")
        nonce = self._file.read(NONCE_BYTES)
        sealed = self._file.read(length)
        last = self._file.peek(1)[:1] == b"" if hasattr(self._file, "peek") else False
        self._buffer += self._aead.decrypt(nonce, sealed, _aad(self._staged, self._number, last))
        self._number += 1
        self._done = last

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._next_chunk()
        if size < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        self._position += len(out)
        return out

    def seek(self, offset: int, whence: int = 0) -> int:
        if (offset, whence) != (0, 0):
            raise ValueError("A staged file can only go back to its start")
        self._file.seek(0)
        self._buffer, self._number, self._done, self._position = b"", 0, False, 0
        return 0

    def tell(self) -> int:
        return self._position

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def staged_file_discard(*, staged: StagedFile) -> None:
    """Remove the sealed content and destroy its data key: no copy of the upload stays readable."""
    _path(staged).unlink(missing_ok=True)
    DataKey.objects.filter(pk=staged.data_key_id).update(wrapped=None, version=None, shredded_at=timezone.now())
