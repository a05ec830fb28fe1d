"""Where master keys come from: a small, KMS-shaped interface and two local implementations.

A provider never hands out key material; it wraps and unwraps keys by key id, as a KMS does
(``Encrypt``/``Decrypt`` with an encryption context). Select one with ``FIELD_KEY_PROVIDER``
(a dotted path); plug in a real KMS by implementing :class:`KeyProvider`.
"""

import base64
import binascii
import os
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from governance.crypto.errors import DecryptionFailed, KeyUnavailable

NONCE_BYTES = 12
MIN_KEY_MATERIAL = 32


class KeyProvider(Protocol):
    """Wraps and unwraps keys under master keys that it keeps to itself."""

    def current_key_id(self) -> str:
        """The id of the master key that wraps new key-encryption keys."""

    def key_ids(self) -> tuple[str, ...]:
        """Every master key id this provider can unwrap with."""

    def wrap(self, key_id: str, key: bytes, *, context: bytes) -> bytes:
        """Encrypt ``key`` under master key ``key_id``, bound to ``context``."""

    def unwrap(self, key_id: str, wrapped: bytes, *, context: bytes) -> bytes:
        """Reverse :meth:`wrap`; raise KeyUnavailable or DecryptionFailed."""


def parse_key_list(text: str, *, source: str) -> dict[str, bytes]:
    """Parse ``"id:base64,id:base64"`` (commas or new lines); keep the order, the first is current."""
    keys: dict[str, bytes] = {}
    for position, item in enumerate(part.strip() for part in text.replace("\n", ",").split(",")):
        if not item or item.startswith("#"):
            continue
        key_id, sep, encoded = item.partition(":")
        key_id = key_id.strip()
        if not sep or not key_id:
            raise ImproperlyConfigured(f"{source}: entry {position + 1} is not 'id:base64'")
        try:
            material = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"{source}: key '{key_id}' is not valid base64") from None
        if len(material) < MIN_KEY_MATERIAL:
            raise ImproperlyConfigured(f"{source}: key '{key_id}' has {len(material)} bytes; "
                                       f"at least {MIN_KEY_MATERIAL} are needed")
        if key_id in keys:
            raise ImproperlyConfigured(f"{source}: key id '{key_id}' appears twice")
        keys[key_id] = material
    if not keys:
        raise ImproperlyConfigured(f"{source}: no key-encryption key is configured")
    return keys


class LocalKeyProvider:
    """Master keys held in this process; each id's material is stretched to an AES-256 key with HKDF."""

    def __init__(self, keys: dict[str, bytes]):
        self._current = next(iter(keys))
        self._aeads = {key_id: AESGCM(self._derive(key_id, material)) for key_id, material in keys.items()}

    @staticmethod
    def _derive(key_id: str, material: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=b"mimamori/master-key/" + key_id.encode()).derive(material)

    def current_key_id(self) -> str:
        return self._current

    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._aeads)

    def _aead(self, key_id: str) -> AESGCM:
        try:
            return self._aeads[key_id]
        except KeyError:
            raise KeyUnavailable(f"The master key '{key_id}' is not configured in the key provider") from None

    def wrap(self, key_id: str, key: bytes, *, context: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead(key_id).encrypt(nonce, key, context)

    def unwrap(self, key_id: str, wrapped: bytes, *, context: bytes) -> bytes:
        aead = self._aead(key_id)
        try:
            return aead.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], context)
        except InvalidTag:
            raise DecryptionFailed(f"A key wrapped by master key '{key_id}' does not unwrap "
                                   "(altered, or wrapped for another context)") from None

    def __repr__(self):  # never the material
        return f"<{type(self).__name__} ids={list(self._aeads)}>"


class SettingsKeyProvider(LocalKeyProvider):
    """Master keys from ``settings.FIELD_ENCRYPTION_KEYS`` (environment ``MIMAMORI_FIELD_KEYS``)."""

    def __init__(self):
        super().__init__(parse_key_list(settings.FIELD_ENCRYPTION_KEYS, source="MIMAMORI_FIELD_KEYS"))


class FileKeyProvider(LocalKeyProvider):
    """Master keys from a file readable only by the service (``MIMAMORI_FIELD_KEY_FILE``), one ``id:base64`` a line."""

    def __init__(self, path: str | Path | None = None):
        path = Path(path or settings.FIELD_KEY_FILE or "")
        if not path.is_file():
            raise ImproperlyConfigured(f"The field key file '{path}' does not exist (MIMAMORI_FIELD_KEY_FILE)")
        super().__init__(parse_key_list(path.read_text(encoding="ascii"), source=str(path)))


_cache: dict[tuple, KeyProvider] = {}


def get_provider() -> KeyProvider:
    """The configured provider, built once per configuration (settings may change in tests)."""
    signature = (settings.FIELD_KEY_PROVIDER, settings.FIELD_ENCRYPTION_KEYS, str(settings.FIELD_KEY_FILE or ""))
    provider = _cache.get(signature)
    if provider is None:
        _cache.clear()
        provider = _cache[signature] = import_string(settings.FIELD_KEY_PROVIDER)()
    return provider
