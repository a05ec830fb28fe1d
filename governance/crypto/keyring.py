"""Key rings, key-encryption key versions and data keys: creating, wrapping and unwrapping them.

Unwrapped KEK versions are cached per process by version id (a version never changes once
written; retiring deletes it, and nothing references it then). A ring's *current* version is
read from the database each time a data key is issued, so a rotation in another process is
followed at once.

Unwrapped *data keys* are cached per process too (:func:`data_key_aead`), for a bounded time and
number (``FIELD_DATA_KEY_CACHE_SECONDS``, ``FIELD_DATA_KEY_CACHE_SIZE``). An entry is trusted only
together with what the database says now: either the key's row itself (fetched, then the cache only
saves the unwrap), or the *shredding mark* read in the same statement as the records
(:class:`~governance.crypto.models.ShreddingMark`, changed by a trigger in the transaction of any
shredding): an entry remembers the mark under which its key's row was last seen whole, and a mark
that has changed since sends the reader back to the key rows (one query per batch of records). So a
key shredded by another process is refused at the next read, never served from a cache. The time
bound limits how long key material stays in memory after it was last unwrapped. Nothing here is
ever logged.
"""

import os
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from governance.crypto.errors import CryptoError, DecryptionFailed, RecordShredded
from governance.crypto.models import PLATFORM_SCOPE, DataKey, KeyRing, KeyVersion
from governance.crypto.providers import NONCE_BYTES, get_provider

KEY_BYTES = 32


@dataclass(frozen=True)
class VersionKeys:
    kek: AESGCM
    index_key: bytes
    scope: str  # of the version's ring, which is bound into the wrapped KEK (so it cannot be altered)


_versions: dict[int, VersionKeys] = {}
_index_keys: dict[int, bytes] = {}
# (data key id as an int, ring scope) → (AES-GCM of the data key, monotonic expiry, shredding mark under which
# the key's row was last seen whole, or None). The id's int (not the UUID, whose hash and equality are Python
# code) keeps a lookup in C: reading a list asks once per record. The scope is part of the key, so a data key
# moved to another tenant's record is checked again (unwrap_data_key). A re-wrapped key (rotation) is the same
# key: no entry changes.
_data_keys: OrderedDict[tuple[int, str], tuple[AESGCM, float, int | None]] = OrderedDict()


def clear_caches() -> None:
    """Forget every unwrapped key held by this process (as a freshly started process would)."""
    _versions.clear()
    _index_keys.clear()
    _data_keys.clear()


def data_keys_forget(data_key_ids) -> None:
    """Drop these data keys from this process's cache (after shredding or re-wrapping them)."""
    forget = {data_key_id.int for data_key_id in data_key_ids}
    if forget:
        for entry in [entry for entry in _data_keys if entry[0] in forget]:
            del _data_keys[entry]


def _cache_bounds() -> tuple[float, int]:
    return float(settings.FIELD_DATA_KEY_CACHE_SECONDS), int(settings.FIELD_DATA_KEY_CACHE_SIZE)


def data_key_aead(wrapped: bytes | memoryview | None, data_key_id: uuid.UUID, version_id: int | None,
                  scope: str, *, mark: int | None = None) -> AESGCM:
    """The AES-GCM cipher of a record's data key, given its wrapped bytes and version as the database holds them.

    ``wrapped`` ``None`` (shredded) raises RecordShredded whatever the cache holds. Otherwise an entry of
    the same key and scope younger than the time bound is used; else the key is unwrapped
    (:func:`unwrap_data_key`) and kept, the oldest entries leaving beyond the size bound. ``mark``: the
    shredding mark read no later than the key's row (with the records), remembered with the entry.
    """
    entry = (data_key_id.int, scope)
    return data_keys_aead({entry[0]: (data_key_id, wrapped, version_id)}, [entry], mark=mark, raising=True)[entry]


def data_keys_aead(rows: dict, wanted, *, mark: int | None, raising: bool = False) -> dict:
    """The AES-GCM ciphers of many data keys, given their rows as the database holds them now.

    ``rows``: a data key id's int → (id, wrapped, version id), as :func:`data_key_rows` reads them;
    ``wanted``: (id's int, ring scope) pairs. Returns, by pair, each cipher or the CryptoError that opening
    it raised (raised at once if ``raising``).
    """
    opened: dict = {}
    now = time.monotonic()
    seconds, size = _cache_bounds()
    keep = seconds > 0 and size > 0
    for entry in wanted:
        data_key_id, wrapped, version_id = rows[entry[0]]
        try:
            if wrapped is None or version_id is None:
                raise RecordShredded(f"The data key {data_key_id} was shredded; the record's values are gone")
            cached = _data_keys.get(entry)
            if cached is not None and cached[1] > now:
                aead = cached[0]
                if mark is not None and cached[2] != mark:
                    _data_keys[entry] = (aead, cached[1], mark)
            else:
                aead = AESGCM(unwrap_data_key(wrapped, data_key_id, version_id, entry[1]))
                if keep:
                    if cached is not None:  # expired: it leaves its old place for the newest
                        del _data_keys[entry]
                    _data_keys[entry] = (aead, now + seconds, mark)
        except CryptoError as error:
            if raising:
                raise
            opened[entry] = error
            continue
        opened[entry] = aead
    if keep:
        while len(_data_keys) > size:
            _data_keys.popitem(last=False)
    return opened


def data_key_rows(data_key_ids: list[uuid.UUID]) -> dict:
    """A data key id's int → (id, wrapped, version id) as the database holds them now; one query per 1,000 keys."""
    rows = {}
    for start in range(0, len(data_key_ids), 1000):
        ids = data_key_ids[start:start + 1000]
        if connection.vendor == "postgresql":  # one text parameter, not 1,000 parameters built and quoted apiece
            with connection.cursor() as cursor:
                cursor.execute("SELECT id, wrapped, version_id FROM governance_datakey "
                               "WHERE id = ANY(string_to_array(%s, ',')::uuid[])",
                               [",".join([f"{key_id.int:032x}" for key_id in ids])])
                found = cursor.fetchall()
        else:
            found = DataKey.objects.filter(pk__in=ids).values_list("pk", "wrapped", "version_id")
        rows.update((row[0].int, row) for row in found)
    return rows


def tenant_scope(municipality_id: int) -> str:
    return f"tenant:{municipality_id}"


def _context(ring: KeyRing, number: int, purpose: str) -> bytes:
    return f"mimamori/{purpose}|{ring.scope}|v{number}".encode()


def version_create(*, ring: KeyRing, index_key: bytes | None = None) -> KeyVersion:
    """Add a KEK version to a ring, wrapped by the provider's current master key (index key kept)."""
    provider = get_provider()
    master = provider.current_key_id()
    number = (ring.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    kek = AESGCM.generate_key(bit_length=256)
    index_key = index_key if index_key is not None else os.urandom(KEY_BYTES)
    version = KeyVersion.objects.create(
        ring=ring, number=number, master_key_id=master,
        wrapped_kek=provider.wrap(master, kek, context=_context(ring, number, "kek")),
        wrapped_index_key=provider.wrap(master, index_key, context=_context(ring, number, "index")),
    )
    _versions[version.pk] = VersionKeys(AESGCM(kek), index_key, ring.scope)
    return version


def version_keys(version_id: int) -> VersionKeys:
    """The unwrapped KEK and index key of a version (cached)."""
    keys = _versions.get(version_id)
    if keys is None:
        version = KeyVersion.objects.select_related("ring").get(pk=version_id)
        provider = get_provider()
        kek = provider.unwrap(version.master_key_id, bytes(version.wrapped_kek),
                              context=_context(version.ring, version.number, "kek"))
        index_key = provider.unwrap(version.master_key_id, bytes(version.wrapped_index_key),
                                    context=_context(version.ring, version.number, "index"))
        keys = _versions[version_id] = VersionKeys(AESGCM(kek), index_key, version.ring.scope)
    return keys


def ring_get(*, municipality_id: int | None, create: bool = True) -> KeyRing | None:
    """The key ring of a tenant (``None``: the platform ring for secrets of no tenant), created on first use."""
    scope = PLATFORM_SCOPE if municipality_id is None else tenant_scope(municipality_id)
    ring = KeyRing.objects.filter(scope=scope).first()
    if ring is None and not create:
        return None
    if ring is None:
        try:
            with transaction.atomic():
                ring = KeyRing.objects.create(scope=scope, municipality_id=municipality_id)
                ring.current_version = version_create(ring=ring)
                ring.save(update_fields=["current_version"])
        except IntegrityError:  # another process created it first
            ring = KeyRing.objects.get(scope=scope)
    return ring


def index_key(ring_id: int) -> bytes:
    """The ring's blind-index key (the same in every version)."""
    key = _index_keys.get(ring_id)
    if key is None:
        version_id = KeyRing.objects.filter(pk=ring_id).values_list("current_version_id", flat=True).get()
        key = _index_keys[ring_id] = version_keys(version_id).index_key
    return key


_DEK_CONTEXT = b"mimamori/dek|"


def _dek_context(data_key_id: uuid.UUID) -> bytes:
    return _DEK_CONTEXT + data_key_id.bytes


def wrap_data_key(dek: bytes, *, data_key_id: uuid.UUID, version_id: int) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + version_keys(version_id).kek.encrypt(nonce, dek, _dek_context(data_key_id))


def unwrap_data_key(wrapped: bytes | memoryview | None, data_key_id: uuid.UUID, version_id: int | None,
                    scope: str) -> bytes:
    """The plaintext data key of a record of ``scope``'s ring; RecordShredded when it was destroyed,
    DecryptionFailed when altered or when it belongs to another ring (moved from another tenant's record).

    Called once per record read (see governance.crypto.fields.record_crypto), hence the cached
    version looked up directly and no copy of a wrapped key that is already ``bytes``.
    """
    if wrapped is None or version_id is None:
        raise RecordShredded(f"The data key {data_key_id} was shredded; the record's values are gone")
    keys = _versions.get(version_id) or version_keys(version_id)
    # The version that wraps the key decides its ring (DataKey.ring is a plain column anyone could change).
    if keys.scope != scope:
        raise DecryptionFailed(f"The data key {data_key_id} belongs to the key ring of {keys.scope}, not to that of "
                               f"the record's {scope}: it was moved from another tenant's record")
    try:
        # int.to_bytes is UUID.bytes without its Python frame (a cold list unwraps one key per record).
        return keys.kek.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:],
                                _DEK_CONTEXT + data_key_id.int.to_bytes(16, "big"))
    except InvalidTag:
        raise DecryptionFailed(f"The data key {data_key_id} does not unwrap under key version {version_id}") from None


def data_keys_issue(*, ring: KeyRing, count: int) -> list[tuple[DataKey, bytes]]:
    """Create ``count`` data keys wrapped by the ring's current version; return them with their plaintext."""
    version_id = KeyRing.objects.filter(pk=ring.pk).values_list("current_version_id", flat=True).get()
    issued = []
    for _ in range(count):
        dek = AESGCM.generate_key(bit_length=256)
        key_id = uuid.uuid4()
        issued.append((DataKey(id=key_id, ring=ring, version_id=version_id,
                               wrapped=wrap_data_key(dek, data_key_id=key_id, version_id=version_id)), dek))
    DataKey.objects.bulk_create([key for key, _ in issued], batch_size=1000)
    return issued
