"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): SHA-1, 6 digits, 30-second steps.

These are the parameters every authenticator app (Google Authenticator, Microsoft Authenticator,
FreeOTP, 1Password …) uses by default.
"""

import base64
import hashlib
import hmac
import os
import struct
import time
from urllib.parse import quote, urlencode

# Published TOTP secret of every demo user with a staff role. Add it to an
# authenticator app, or print the current code with `manage.py demo_totp`. Development only, like the password.
DEMO_TOTP_SECRET = "MIMAMORIDEMOKEY2MIMAMORIDEMOKEY2"

DIGITS = 6
PERIOD = 30
SECRET_BYTES = 20


def new_secret() -> str:
    """A random 160-bit secret in base32 (as authenticator apps expect it)."""
    return base64.b32encode(os.urandom(SECRET_BYTES)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    text = secret.replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def hotp(secret: str, counter: int) -> str:
    """RFC 4226: the code for one counter value."""
    mac = hmac.new(_key(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def time_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // PERIOD)


def code_at(secret: str, at: float | None = None) -> str:
    """The code an authenticator shows at a moment (now by default)."""
    return hotp(secret, time_step(at))


def matching_step(secret: str, code: str, *, at: float | None = None, drift: int = 1) -> int | None:
    """The time step whose code equals ``code``, allowing ``drift`` steps of clock skew either way."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = time_step(at)
    for step in range(now - drift, now + drift + 1):
        if hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str = "Mimamori") -> str:
    """The otpauth:// URI an authenticator app imports (typed in, or scanned from a QR code)."""
    label = quote(f"{issuer}:{account}")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": PERIOD})
    return f"otpauth://totp/{label}?{query}"
