"""TOTP against the RFC 6238 test vectors (SHA-1), and its tolerance of clock drift."""

import base64

import pytest

from governance.security import totp

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize(("at", "code"), [
    (59, "287082"), (1111111109, "081804"), (1111111111, "050471"),
    (1234567890, "005924"), (2000000000, "279037"), (20000000000, "353130"),
])
def test_rfc_6238_vectors(at, code):
    assert totp.code_at(RFC_SECRET, at) == code


def test_one_step_of_drift_either_way_is_accepted():
    at = 1234567890
    step = totp.time_step(at)
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, at - 30), at=at) == step - 1
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, at + 30), at=at) == step + 1
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, at + 90), at=at) is None
    assert totp.matching_step(RFC_SECRET, "12345", at=at) is None
    assert totp.matching_step(RFC_SECRET, "abcdef", at=at) is None


def test_new_secrets_are_random_base32_and_the_uri_names_the_issuer():
    secret = totp.new_secret()
    assert len(secret) == 32 and secret != totp.new_secret()
    assert len(base64.b32decode(secret)) == 20
    assert totp.provisioning_uri("ABC", account="hoiku") == (
        "otpauth://totp/Mimamori%3Ahoiku?secret=ABC&issuer=Mimamori&algorithm=SHA1&digits=6&period=30")
