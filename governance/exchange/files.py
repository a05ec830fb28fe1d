"""Files that leave the ward: CSV inside an AES-256 encrypted ZIP, the password shown once.

The seeds require personal data files to be password-encrypted, with the password delivered
separately (パスワードを付してデータを暗号化). A standard AES ZIP opens with the tools vendors have.
"""

import csv
import io
import secrets
from collections.abc import Iterable, Mapping, Sequence

import pyzipper

PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # no look-alikes


def rows_to_csv(rows: Iterable[Mapping], fields: Sequence[str]) -> tuple[bytes, int]:
    """UTF-8 CSV with a BOM (Excel on Japanese Windows), only the given columns; returns (bytes, row count)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    count = 0
    for row in rows:
        writer.writerow(["" if row.get(f) is None else row.get(f) for f in fields])
        count += 1
    return ("\ufeff" + out.getvalue()).encode("utf-8"), count


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
