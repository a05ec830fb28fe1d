"""Files that leave the ward: CSV inside an AES-256 encrypted ZIP, the password shown once.

The seeds require personal data files to be password-encrypted, with the password delivered
separately (パスワードを付してデータを暗号化). A standard AES ZIP opens with the tools vendors have.
"""

import io
import secrets
from collections.abc import Iterable, Mapping, Sequence

import pyzipper

from common.csv import csv_bytes

PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # no look-alikes


def rows_to_csv(rows: Iterable[Mapping], fields: Sequence[str]) -> tuple[bytes, int]:
    """The shared export CSV (BOM, no formula runs), only the given columns; returns (bytes, row count)."""
    rows = [[row.get(f) for f in fields] for row in rows]
    return csv_bytes(fields, rows), len(rows)


def new_password(length: int = 20) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def encrypted_zip(*, name: str, content: bytes, password: str) -> bytes:
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
        zf.setpassword(password.encode())
        zf.setencryption(pyzipper.WZ_AES, nbits=256)
        zf.writestr(name, content)
    return buffer.getvalue()


def read_encrypted_zip(data: bytes, password: str) -> dict[str, bytes]:
    with pyzipper.AESZipFile(io.BytesIO(data)) as zf:
        zf.setpassword(password.encode())
        return {info.filename: zf.read(info.filename) for info in zf.infolist()}
