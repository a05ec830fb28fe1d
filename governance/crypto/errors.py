"""Errors of field encryption. Messages name models, fields, record ids and key ids — never a value or a key."""

from common.errors import Conflict


class CryptoError(Exception):
    """Base class: something about keys or ciphertexts is wrong (a fault, not a user's mistake)."""


class KeyUnavailable(CryptoError):
    """The provider does not hold the master key a stored key was wrapped with."""


class DecryptionFailed(CryptoError):
    """A ciphertext does not open: it was altered, or it was sealed for another row, field, tenant, relation or key."""


class RecordShredded(CryptoError):
    """The record's data key was destroyed (crypto-shredding); its values can no longer be read."""


class PlaintextRefused(CryptoError):
    """A plaintext reached the database layer (a filter, update() or bulk_update on an encrypted field)."""


class KeyStillInUse(Conflict):
    """A master key cannot be retired while something still depends on it."""
