"""The Ed25519 key that signs audit checkpoints: private in the settings, public for auditors.

A checkpoint signature states "tenant T's chain had S events with head hash H at time W". Anyone holding
the public key checks it without the chain key or the database (``verify_audit_export``).
"""

import base64
import functools

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


@functools.cache
def _private(encoded: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(encoded))


def private_key() -> Ed25519PrivateKey:
    return _private(settings.AUDIT_SIGNING_KEY)


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_key_load(pem: str | bytes) -> Ed25519PublicKey:
    """An auditor's copy of the public key (PEM); anything else is refused with ValueError."""
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("The audit checkpoint public key must be an Ed25519 key")
    return key


def sign(message: str) -> str:
    return base64.b64encode(private_key().sign(message.encode())).decode()


def signature_valid(key: Ed25519PublicKey, message: str, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature, validate=True), message.encode())
    except (InvalidSignature, ValueError):
        return False
    return True
