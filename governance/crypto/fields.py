"""Encrypted model fields, blind-index fields and the abstract model that carries a record's data key.

How a value is sealed: ``AES-256-GCM(data key, nonce, plaintext, aad)`` stored as
``0x02 | nonce(12) | ciphertext+tag`` in a binary column, where
``aad = "mimamori/v2" | model label | record_uid | key ring scope | bound relations | field name``.
``record_uid`` is a UUID made when the instance is created (before the INSERT, so before the
primary key exists); the scope names the tenant, and the bound relations are the ids of the
foreign keys that decide who may read the record (``EncryptedModel.encryption_bound_to``). A
ciphertext copied to another row, field, tenant, facility … no longer opens
(:class:`~governance.crypto.errors.DecryptionFailed`), and a data key is used only for a record of
the tenant whose ring wraps it. See docs/decisions/0017-binding-and-erasure.md.

Reading is lazy: the database value stays sealed on the instance until the attribute is read.
The records of a list (up to BATCH_SIZE per batch) are opened together on the first read of any of
them: one loop finds their data keys (from the process's cache under the shredding mark the list was
read with, else from the keys' rows, one query per batch) and opens the group read for all of them.
"""

import datetime
import inspect
import json
import os
import time
import uuid
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from itertools import chain, compress, islice, repeat
from operator import attrgetter, contains, itemgetter, methodcaller
from typing import Any, ClassVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django import forms
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Subquery, Value
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

from governance.crypto import blind_index, keyring, reading
from governance.crypto.errors import DecryptionFailed, PlaintextRefused
from governance.crypto.models import DataKey, ShreddingMark

# Format 2 binds the tenant and relations (format 1, before it, bound neither and is no longer read).
FORMAT_V2 = b"\x02"
FORMAT_V1 = b"\x01"
NONCE_BYTES = 12
_BODY = 1 + NONCE_BYTES  # where the ciphertext starts, after the format byte and the nonce (13)


# On an instance, an encrypted attribute holds either the plaintext (str, date, int, JSON value —
# never bytes) or, until it is first read, the stored ciphertext as bytes. Nothing converts rows on
# load: a list of records pays for decryption only for the fields it reads.
SEALED_TYPES = (bytes, memoryview)


class Sealed(bytes):
    """A ciphertext as loaded from the database, for a field whose plaintext is bytes as well.

    :class:`EncryptedBinaryField` cannot tell "still sealed" from "plaintext" by the type ``bytes``;
    its ``from_db_value`` marks what the database returned with this type instead, so a plaintext
    assigned by code (always plain ``bytes``) is never mistaken for a ciphertext, nor the reverse.
    """

    __slots__ = ()


# --- the record's data key -------------------------------------------------------------------

def _tenant_id(instance: models.Model) -> int | None:
    tenant_attname = _binding(instance.__class__)[3]
    if tenant_attname is None:
        return None
    tenant_id = getattr(instance, tenant_attname)
    if tenant_id is None:
        raise ValueError(f"{instance._meta.label}.{type(instance).encryption_tenant} must be set before encrypted "
                         "values are saved")
    return tenant_id


def _scope(tenant_id: int | None) -> str:
    """The scope of the key ring a tenant's data keys come from (``None``: the platform's)."""
    return keyring.PLATFORM_SCOPE if tenant_id is None else keyring.tenant_scope(tenant_id)


def _ring_id(instance: models.Model) -> int:
    ring_id = instance.__dict__.get("_crypto_ring_id")
    if ring_id is None:
        ring_id = instance.__dict__["_crypto_ring_id"] = keyring.ring_get(municipality_id=_tenant_id(instance)).pk
    return ring_id


# What an instance keeps once its data key is open, under ``instance.__dict__[RECORD_CRYPTO]``:
# ``(AESGCM of the data key, AAD head)``, where the head is ``mimamori/v2 | model label | record uid |
# ring scope | relation=id …``; a sealed group appends ``|@group|`` and the data key id, a value of
# format 2 ``| field name``. The process also keeps unwrapped data keys for a bounded time
# (keyring.data_key_aead), but only ever asks for one with the key's row as the database holds it
# now, so a shredding is effective at once in every process. ``BOUND`` keeps the tenant and relation
# ids the head was made from.
RECORD_CRYPTO = "_crypto"
BOUND = "_crypto_bound"
_AAD_V2 = b"mimamori/v2|"
_MISSING = object()
_bindings: dict[type, tuple[bytes, tuple[str, ...], tuple[str, ...], str | None]] = {}
# The AAD's end (``| scope | relation=id …``) per model and bound ids: records of one facility and
# business share it. Emptied when it grows past the bound (ids of relations such as a child vary).
_tails: dict[tuple, bytes] = {}
_TAILS_BOUND = 4096


def _binding(cls: type[models.Model]) -> tuple[bytes, tuple[str, ...], tuple[str, ...], str | None]:
    """The model's label, the names and attribute names of the relations bound into its values, the tenant's."""
    binding = _bindings.get(cls)
    if binding is None:
        names = tuple(cls.encryption_bound_to)
        attnames = tuple(cls._meta.get_field(name).attname for name in names)
        tenant = cls._meta.get_field(cls.encryption_tenant).attname if cls.encryption_tenant else None
        binding = _bindings[cls] = (cls._meta.label_lower.encode(), names, attnames, tenant)
    return binding


def _bound(instance: models.Model) -> tuple:
    """The tenant and relation ids the record's values are bound to, as they are on the instance now."""
    state = instance.__dict__
    _, _, attnames, tenant_attname = _binding(instance.__class__)
    # Straight from the instance dict (a foreign key's descriptor costs a call), unless deferred.
    tenant_id = (state[tenant_attname] if tenant_attname in state else _tenant_id(instance)) if tenant_attname else None
    if tenant_id is None and tenant_attname:
        _tenant_id(instance)  # raises: the tenant must be set
    return (tenant_id, *(state[a] if a in state else getattr(instance, a) for a in attnames))


_bound_pickers: dict[type, Callable[[dict], Any]] = {}


def _bound_picker(cls: type[models.Model]) -> Callable[[dict], Any]:
    """A C-level picker of the tenant and relation ids from an instance dict (a value, or a tuple of them)."""
    picker = _bound_pickers.get(cls)
    if picker is None:
        _, _, attnames, tenant_attname = _binding(cls)
        names = ((tenant_attname,) if tenant_attname else ()) + attnames
        picker = _bound_pickers[cls] = itemgetter(*names) if names else (lambda state: None)
    return picker


def _aad_tail(cls: type[models.Model], bound: tuple) -> tuple[bytes, str]:
    """The AAD's end for these bound ids, and the scope of the ring (cached: many records share them)."""
    found = _tails.get((cls, bound))
    if found is None:
        tenant_id, *relation_ids = bound
        names = _binding(cls)[1]
        relations = "".join(f"|{name}={pk}" for name, pk in zip(names, relation_ids, strict=True))
        scope = _scope(tenant_id)
        if len(_tails) >= _TAILS_BOUND:
            _tails.clear()
        found = _tails[(cls, bound)] = (f"|{scope}{relations}".encode(), scope)
    return found


def _aad_head(instance: models.Model, bound: tuple) -> bytes:
    cls = instance.__class__
    uid = instance.record_uid
    uid = uid if uid.__class__ is uuid.UUID else uuid.UUID(str(uid))
    return _AAD_V2 + _binding(cls)[0] + b"|" + uid.bytes + _aad_tail(cls, bound)[0]


def _record_crypto_keep(instance: models.Model, aead: AESGCM, bound: tuple) -> tuple[AESGCM, bytes]:
    state = instance.__dict__
    state[BOUND] = bound
    crypto = state[RECORD_CRYPTO] = (aead, _aad_head(instance, bound))
    return crypto


def _bound_unchanged(instance: models.Model) -> None:
    """Refuse to seal under a tenant or relation other than the one the record's values are bound to."""
    if instance.__dict__.get(BOUND, _MISSING) != _bound(instance):
        names = [type(instance).encryption_tenant, *type(instance).encryption_bound_to]
        raise ValueError(f"{instance._meta.label} {instance.record_uid}: {', '.join(filter(None, names))} are bound "
                         "into the record's encrypted values and cannot change once they are sealed")


def _provision(instance: models.Model) -> AESGCM:
    owner_path = type(instance).encryption_key_from
    if owner_path:
        owner = getattr(instance, owner_path)
        if owner is None or owner.data_key_id is None:
            raise ValueError(f"{instance._meta.label} shares the data key of its {owner_path}: save that first")
        if _tenant_id(owner) != _tenant_id(instance):
            raise ValueError(f"{instance._meta.label} shares the data key of its {owner_path}, which belongs to "
                             "another tenant")
        instance.data_key_id = owner.data_key_id
        return record_aead(owner)
    ring = keyring.ring_get(municipality_id=_tenant_id(instance))
    ((key, dek),) = keyring.data_keys_issue(ring=ring, count=1)
    instance.data_key_id = key.pk
    instance.__dict__["_crypto_ring_id"] = ring.pk
    return AESGCM(dek)


def record_crypto(instance: models.Model) -> tuple[AESGCM, bytes]:
    """The record's open data key (an AES-GCM cipher) and AAD head: issued on first save, else unwrapped once."""
    state = instance.__dict__
    crypto = state.get(RECORD_CRYPTO)
    return crypto if crypto is not None else _record_crypto_open(instance, state)


def _record_crypto_open(instance: models.Model, state: dict) -> tuple[AESGCM, bytes]:
    """Unwrap (or find in the process's cache) the record's data key; once per record read, so written flat."""
    batch = state.get(BATCH)
    if batch is not None and not batch.keys_done:  # loaded in a list: its keys are found for the whole list
        batch.keys_find()
        crypto = state.get(RECORD_CRYPTO)
        if crypto is not None:
            return crypto
    data_key_id = state.get("data_key_id", _MISSING)
    if data_key_id is _MISSING:  # deferred
        data_key_id = instance.data_key_id
    if data_key_id is None:
        return _record_crypto_keep(instance, _provision(instance), _bound(instance))
    cls = instance.__class__
    bound = _bound(instance)
    tail, scope = _aad_tail(cls, bound)
    wrapped = state.pop("_dek_wrapped", _MISSING)  # the key's row, as its list's batch found it
    if wrapped is not _MISSING:
        version_id = state.pop("_dek_version")
    else:
        wrapped, version_id = DataKey.objects.filter(pk=data_key_id).values_list("wrapped", "version_id").get()
    # The key's row as it is now (shredded: refused) decides; the cache only saves the unwrap.
    aead = keyring.data_key_aead(wrapped, data_key_id, version_id, scope)
    uid = instance.record_uid
    uid = uid if uid.__class__ is uuid.UUID else uuid.UUID(str(uid))
    state[BOUND] = bound
    # int.to_bytes is UUID.bytes without its Python frame.
    crypto = state[RECORD_CRYPTO] = (aead, _AAD_V2 + _bindings[cls][0] + b"|" + uid.int.to_bytes(16, "big") + tail)
    return crypto


def record_aead(instance: models.Model) -> AESGCM:
    """The AES-GCM cipher of the instance's data key: issued on first save, else unwrapped once and kept."""
    return record_crypto(instance)[0]


def data_keys_provision(instances: list[models.Model]) -> None:
    """Issue data keys for many new instances at once (before ``bulk_create``): one INSERT per tenant."""
    by_tenant: dict[int | None, list[models.Model]] = {}
    for instance in instances:
        if instance.data_key_id is None:
            by_tenant.setdefault(_tenant_id(instance), []).append(instance)
    for tenant_id, group in by_tenant.items():
        ring = keyring.ring_get(municipality_id=tenant_id)
        for instance, (key, dek) in zip(group, keyring.data_keys_issue(ring=ring, count=len(group)), strict=True):
            instance.data_key_id = key.pk
            instance.__dict__["_crypto_ring_id"] = ring.pk
            _record_crypto_keep(instance, AESGCM(dek), _bound(instance))


class DataKeyField(models.ForeignKey):
    """The record's data key; issued when the record is first saved."""

    def __init__(self, to="governance.DataKey", on_delete=models.PROTECT, **kwargs):
        kwargs.setdefault("related_name", "+")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(to, on_delete, **kwargs)

    def pre_save(self, model_instance, add):
        record_aead(model_instance)
        _bound_unchanged(model_instance)
        return model_instance.data_key_id


# --- encrypted values --------------------------------------------------------------------------

# --- sealed records ----------------------------------------------------------------------------

# The two groups a record's values are sealed in: its ordinary personal fields, and its sensitive
# ones (要配慮個人情報: health, disability …), declared ``sensitive=True``. Each group is ONE AES-GCM
# value per record (format 3) in the model's ``sealed_personal`` / ``sealed_sensitive`` column, so
# reading a record costs one open per group read, and a page that shows no sensitive field never
# decrypts them. The per-field columns stay for values of format 2 until ``seal_records`` has moved
# them, and for EncryptedBinaryField (documents, sealed on their own so a name never decrypts a PDF).
PERSONAL = "personal"
SENSITIVE = "sensitive"
GROUPS = (PERSONAL, SENSITIVE)
FORMAT_V3 = b"\x03"
OPENED = "_crypto_open"  # instance.__dict__ key: the set of groups whose values are on the instance
_SEP = b"\x00"  # between the header and the values of a sealed group; a value never contains it


class _SealPlan:
    """For one model: each group's seal column and fields, and how a group's header maps to attributes."""

    def __init__(self, cls: type[models.Model]):
        self.model = cls
        self.seals = {f.group: f for f in cls._meta.concrete_fields if isinstance(f, SealedRecordField)}
        grouped = [f for f in cls._meta.concrete_fields if isinstance(f, EncryptedField) and f.in_record]
        self.fields = {group: tuple(f for f in grouped if f.group == group) for group in GROUPS}
        self.by_name = {f.name: f for f in grouped}
        self.grouped_attnames = frozenset(f.attname for f in grouped)
        self.layouts: dict[bytes, tuple[tuple, tuple]] = {}
        # Per group, the headers naming every field of the group, each with its text, none None: the attributes.
        self.whole: dict[str, dict[str, tuple[str, ...]]] = {group: {} for group in GROUPS}

    def layout(self, header: str) -> tuple[tuple, tuple, tuple, bool]:
        """For a seal's header: the attribute of each value, its parser (``None``: the text itself), the
        attributes sealed as None, and whether every value is text of a field still declared (the fast path)."""
        layout = self.layouts.get(header)
        if layout is None:
            attnames, parsers, nulls = [], [], []
            for name in header.split(","):
                field = self.by_name.get(name.lstrip("-"))
                if name.startswith("-"):
                    if field is not None:
                        nulls.append(field.attname)
                else:  # a field since removed from the model still occupies its place (attname None)
                    attnames.append(field.attname if field is not None else None)
                    parsers.append(field.parse if field is not None else None)
            fast = None not in attnames and not any(parsers)
            layout = self.layouts[header] = (tuple(attnames), tuple(parsers), tuple(nulls), fast)
            for group, fields in self.fields.items():
                if fast and not nulls and len(attnames) == len(fields) and set(attnames) == {
                        f.attname for f in fields}:
                    self.whole[group][header] = tuple(attnames)
        return layout


_plans: dict[type, _SealPlan] = {}


def _plan(cls: type[models.Model]) -> _SealPlan:
    plan = _plans.get(cls)
    if plan is None:
        plan = _plans[cls] = _SealPlan(cls)
    return plan


_GROUP_TAGS = {group: b"|@" + group.encode() + b"|" for group in GROUPS}


def _seal_aad(instance: models.Model, head: bytes, group: str) -> bytes:
    state = instance.__dict__
    key_id = state.get("data_key_id", _MISSING)
    if key_id is _MISSING:  # deferred
        key_id = instance.data_key_id
    key_id = key_id if key_id.__class__ is uuid.UUID else uuid.UUID(str(key_id))
    return head + _GROUP_TAGS[group] + key_id.bytes


def _group_open(instance: models.Model, state: dict, group: str) -> None:
    """Open the record's sealed ``group`` once and put its fields' plaintexts on the instance."""
    opened = state.get(OPENED)
    if opened is not None and group in opened:
        return
    batch = state.get(BATCH)
    if batch is not None and group not in batch.opened:  # loaded in a list: the list opens the group at once
        batch.group_open(group)
        opened = state.get(OPENED)
        if opened is not None and group in opened:
            return
    plan = _plans.get(instance.__class__) or _plan(instance.__class__)
    seal = plan.seals[group]
    sealed = state[seal.attname] if seal.attname in state else getattr(instance, seal.attname)
    if sealed is None:  # nothing sealed in this group (a new record, values of format 2, or all empty)
        _opened_add(state, group)
        return
    if sealed[:1] != FORMAT_V3:
        raise DecryptionFailed(f"The {group} values of {instance._meta.label} record {instance.record_uid} are "
                               "not in a known format")
    try:
        aead, head = state["_crypto"]  # RECORD_CRYPTO
    except KeyError:
        aead, head = _record_crypto_open(instance, state)
    key_id = state.get("data_key_id", _MISSING)
    if key_id.__class__ is not uuid.UUID:
        key_id = uuid.UUID(str(instance.data_key_id))
    try:
        data = aead.decrypt(sealed[1:13], sealed[13:], head + _GROUP_TAGS[group] + key_id.int.to_bytes(16, "big"))
    except InvalidTag:
        raise DecryptionFailed(f"The {group} values of {instance._meta.label} record {instance.record_uid} do not "
                               "decrypt: altered, or sealed for another row, tenant, relation or key") from None
    _group_values_put(instance, state, plan, group, data)


# The groups opened on an instance, under OPENED: an immutable set, replaced when a group opens, so the
# records of a list share one (no set per record).
_OPENED_ALONE = {group: frozenset((group,)) for group in GROUPS}


def _opened_add(state: dict, group: str) -> None:
    opened = state.get(OPENED)
    state[OPENED] = _OPENED_ALONE[group] if not opened else opened | _OPENED_ALONE[group]


def _group_values_put(instance: models.Model, state: dict, plan: "_SealPlan", group: str, data: bytes) -> None:
    """Put the values of an opened seal on the instance (a value assigned since loading stays)."""
    # Every value of a seal is UTF-8 text (text, ISO dates, digits, JSON): one decode, one split.
    parts = data.decode("utf-8").split("\x00")
    attnames, parsers, nulls, fast = plan.layouts.get(parts[0]) or plan.layout(parts[0])
    if fast and not nulls and len(attnames) == len(plan.fields[group]) and state.keys().isdisjoint(attnames):
        # The commonest case, all in one: every field's text, none None, nothing assigned since loading.
        state.update(zip(attnames, islice(parts, 1, None), strict=True))
        opened = state.get(OPENED)
        state[OPENED] = _OPENED_ALONE[group] if not opened else opened | _OPENED_ALONE[group]
        return
    if fast and state.keys().isdisjoint(attnames):  # the common case: text only, nothing assigned since loading
        state.update(zip(attnames, islice(parts, 1, None), strict=True))
    else:
        for attname, parse, text in zip(attnames, parsers, islice(parts, 1, None), strict=True):
            if attname is not None and attname not in state:  # a value assigned since loading stays
                state[attname] = text if parse is None else parse(text)
    for attname in nulls:
        if attname not in state:
            state[attname] = None
    _opened_add(state, group)
    if len(attnames) + len(nulls) < len(plan.fields[group]):
        _group_missing_fill(instance, state, plan, group, attnames, nulls)


BATCH = "_crypto_batch"  # instance.__dict__ key: the _RecordBatch of the list the record was loaded in
# Records of one list found and opened together: at most this many per batch (and per query of their keys).
BATCH_SIZE = 1000


class _RecordBatch:
    """The records of one list (up to BATCH_SIZE), loaded by one query: their keys are found and each
    group opened for all of them at once, on the first read of any of them (a list never read opens nothing).

    The records are held weakly (each record holds its batch), so a list is freed as soon as it is dropped.
    ``mark`` is the shredding mark the records' query read with them (``None``: not read), under which
    the process's cache may serve their data keys without looking at the keys' rows. A record whose key
    or seal does not open is left as it was loaded: reading it raises, as it would alone.
    """

    __slots__ = ("keys_done", "mark", "members", "model", "opened")

    def __init__(self, model: type[models.Model], members: list, mark: int | None):
        self.model, self.members, self.mark = model, members, mark
        self.keys_done = False
        self.opened: set[str] = set()

    def instances(self) -> list[models.Model]:
        return [instance for ref in self.members if (instance := ref()) is not None]

    def keys_find(self) -> None:
        """Put each record's open data key and AAD head on it (see :meth:`_open`)."""
        if not self.keys_done:
            self._open(self.instances(), None)

    def group_open(self, group: str) -> None:
        """Open ``group`` of every record of the batch not opened yet (finding their keys first if needed)."""
        if group not in self.opened:
            self.opened.add(group)
            self._open(self.instances(), group)

    def _open(self, instances: list, group: str | None) -> None:
        """Find the records' data keys (unless done) and open ``group`` of each (unless ``None``).

        One loop finds the keys and gathers each record's seal and associated data; the seals are then
        opened together (``_seals_open``). A key comes from the process's cache when its entry was made under
        the batch's shredding mark; the keys of the other records are read together (one query per 1,000)
        and unwrapped (or found in the cache) with their rows as the database holds them now, then those
        records' group is opened the same way.
        """
        cls = self.model
        plan = _plans.get(cls) or _plan(cls)
        find = not self.keys_done
        if find and self._open_cached(instances, plan, group):
            return
        self.keys_done = True
        if find:
            label, _, attnames, tenant_attname = _binding(cls)
            bound_of = _bound_picker(cls)
            prefix = _AAD_V2 + label + b"|"
            cache_get = keyring._data_keys.get
            mark = _MISSING if self.mark is None else self.mark  # no mark: no entry is trusted without its row
            now = time.monotonic()
            tails: dict[tuple, tuple[bytes, str, tuple]] = {}  # AAD end, scope, one bound tuple for all records
            waiting: dict[int, list] = {}  # by the key id's int (a UUID's hash is Python code)
        if group is not None:
            seal = plan.seals[group].attname
            tag = _GROUP_TAGS[group]
            # The records whose group opens now, with their keys, associated data and seals: opened together.
            ready: list = []
            aeads: list = []
            aads: list = []
            seals: list = []
            ready_add, aeads_add, aads_add, seals_add = ready.append, aeads.append, aads.append, seals.append
        for instance in instances:
            state = instance.__dict__
            crypto = state.get(RECORD_CRYPTO)
            if crypto is None:
                if not find:
                    continue
                key_id = state.get("data_key_id")
                uid = state.get("record_uid")
                if key_id.__class__ is not uuid.UUID or uid.__class__ is not uuid.UUID:
                    continue  # not saved, deferred or of another type: the record finds its key on its own
                try:
                    picked = bound_of(state)
                except KeyError:  # a deferred relation
                    continue
                found = tails.get(picked)
                if found is None:
                    bound = (state[tenant_attname] if tenant_attname else None, *(state[a] for a in attnames))
                    if tenant_attname and bound[0] is None:
                        continue
                    found = tails[picked] = (*_aad_tail(cls, bound), bound)
                key_int = key_id.int
                head = prefix + uid.int.to_bytes(16, "big") + found[0]
                cached = cache_get((key_int, found[1]))
                if cached is None or cached[2] != mark or cached[1] <= now:
                    waiting.setdefault(key_int, []).append((instance, found[2], head, found[1]))
                    continue
                state[BOUND] = found[2]
                crypto = state[RECORD_CRYPTO] = (cached[0], head)
                if group is None:
                    continue
            elif group is None:
                continue
            else:
                key_int = state["data_key_id"].int
            opened = state.get(OPENED)
            if opened is not None and group in opened:
                continue
            sealed = state.get(seal)
            if sealed is None or sealed[0] != 3:  # FORMAT_V3
                continue
            ready_add(instance)
            aeads_add(crypto[0])
            aads_add(crypto[1] + tag + key_int.to_bytes(16, "big"))
            seals_add(sealed)
        if group is not None and ready:
            _seals_open(ready, aeads, aads, seals, plan, group)
        if find and waiting:
            self._keys_read(waiting, plan, group)

    def _open_cached(self, instances: list, plan: "_SealPlan", group: str | None) -> bool:
        """``_open``'s common case as C-level loops (``map``): every record as loaded (no key open, nothing
        opened), saved, of one tenant and bound relations, its data key in the process's cache under the
        batch's shredding mark. ``False``: not that case, and nothing was done."""
        mark = self.mark
        if mark is None or not instances:
            return False
        cls = self.model
        label, _, attnames, tenant_attname = _binding(cls)
        states = list(map(_STATE, instances))
        try:
            key_ids = list(map(_DATA_KEY_ID, states))
            uids = list(map(_RECORD_UID, states))
            picked = set(map(_bound_picker(cls), states))
        except KeyError:  # a deferred column
            return False
        if (len(picked) != 1 or set(map(type, key_ids)) != {uuid.UUID} or set(map(type, uids)) != {uuid.UUID}
                or any(map(contains, states, repeat(RECORD_CRYPTO))) or any(map(contains, states, repeat(OPENED)))):
            return False
        first = states[0]
        bound = (first[tenant_attname] if tenant_attname else None, *(first[a] for a in attnames))
        if tenant_attname and bound[0] is None:
            return False
        tail, scope = _aad_tail(cls, bound)
        key_ints = list(map(_INT, key_ids))
        entries = list(map(keyring._data_keys.get, zip(key_ints, repeat(scope))))
        if None in entries or set(map(_ENTRY_MARK, entries)) != {mark} or min(map(_ENTRY_EXPIRY, entries)) <= \
                time.monotonic():
            return False
        self.keys_done = True
        aeads = list(map(_FIRST, entries))
        heads = list(map(b"".join, zip(repeat(_AAD_V2 + label + b"|"), map(_TO_16, map(_INT, uids)), repeat(tail))))
        deque(map(dict.__setitem__, states, repeat(BOUND), repeat(bound)), maxlen=0)
        deque(map(dict.__setitem__, states, repeat(RECORD_CRYPTO), zip(aeads, heads, strict=True)), maxlen=0)
        if group is not None:
            seals = list(map(dict.get, states, repeat(plan.seals[group].attname)))
            aads = list(map(b"".join, zip(heads, repeat(_GROUP_TAGS[group]), map(_TO_16, key_ints))))
            if None in seals or set(map(_HEADER, seals)) != {3}:  # some groups empty (or not of format 3)
                kept = [sealed is not None and sealed[:1] == FORMAT_V3 for sealed in seals]
                instances, aeads, aads, seals = (list(compress(values, kept))
                                                 for values in (instances, aeads, aads, seals))
            if instances:
                _seals_open(instances, aeads, aads, seals, plan, group)
        return True

    def _keys_read(self, waiting: dict, plan: "_SealPlan", group: str | None) -> None:
        """The records whose keys the cache did not serve: their key rows read at once, then as ``_open``."""
        rows = keyring.data_key_rows([records[0][0].__dict__["data_key_id"] for records in waiting.values()])
        wanted = dict.fromkeys((key_id, scope) for key_id, records in waiting.items() if key_id in rows
                               for _, _, _, scope in records)  # in the records' order: the oldest leave first
        opened = keyring.data_keys_aead(rows, wanted, mark=self.mark)
        ready: list = []
        aeads: list = []
        aads: list = []
        seals: list = []
        if group is not None:
            seal, tag = plan.seals[group].attname, _GROUP_TAGS[group]
        for key_id, records in waiting.items():
            row = rows.get(key_id)
            for instance, bound, head, scope in records:
                state = instance.__dict__
                aead = opened.get((key_id, scope))
                if aead is None or isinstance(aead, Exception):
                    if row is not None:  # the record raises on its own when read, with the row found here
                        state["_dek_wrapped"], state["_dek_version"] = row[1:]
                    continue
                state[BOUND] = bound
                state[RECORD_CRYPTO] = (aead, head)
                if group is not None and (sealed := state.get(seal)) is not None and sealed[:1] == FORMAT_V3 and (
                        (done := state.get(OPENED)) is None or group not in done):
                    ready.append(instance)
                    aeads.append(aead)
                    aads.append(head + tag + state["data_key_id"].int.to_bytes(16, "big"))
                    seals.append(sealed)
        if ready:
            _seals_open(ready, aeads, aads, seals, plan, group)


# C-level pickers for opening many seals at once (map runs them without a Python frame per record).
_STATE = attrgetter("__dict__")
_NONCE = itemgetter(slice(1, 13))  # after the format byte
_CIPHERTEXT = itemgetter(slice(13, None))
_HEADER = itemgetter(0)  # also a seal's format byte, and an entry's cipher (_FIRST)
_FIRST = _HEADER
_VALUES = itemgetter(slice(1, None))
_DATA_KEY_ID = itemgetter("data_key_id")
_RECORD_UID = itemgetter("record_uid")
_INT = attrgetter("int")
_TO_16 = methodcaller("to_bytes", 16, "big")  # a UUID's int as its 16 bytes
_ENTRY_EXPIRY = itemgetter(1)  # of an entry of keyring._data_keys
_ENTRY_MARK = itemgetter(2)


def _seals_open(instances: list, aeads: list, aads: list, seals: list, plan: "_SealPlan", group: str) -> None:
    """Open ``group`` of these records (data keys open, seals of format 3) and put the values on them.

    The common case — every seal opens, all name the group's fields with no None, nothing assigned or opened
    on the records since loading — runs as C-level loops (``map``: no Python frame per record). Otherwise
    each record on its own, as ``_group_values_put``; a record whose seal does not open is left as loaded.
    """
    states = list(map(_STATE, instances))
    try:
        datas = list(map(AESGCM.decrypt, aeads, map(_NONCE, seals), map(_CIPHERTEXT, seals), aads))
    except InvalidTag:  # one of them does not open: each on its own, below
        datas = None
    if datas is not None:
        parts = list(map(str.split, map(bytes.decode, datas), repeat("\x00")))
        headers = set(map(_HEADER, parts))
        into = plan.whole[group].get(headers.pop()) if len(headers) == 1 else None
        if (into is not None and set(map(len, parts)) == {len(into) + 1}
                and not any(any(map(contains, states, repeat(name))) for name in (*into, OPENED))):
            deque(map(dict.update, states, map(zip, repeat(into), map(_VALUES, parts))), maxlen=0)
            deque(map(dict.__setitem__, states, repeat(OPENED), repeat(_OPENED_ALONE[group])), maxlen=0)
            return
        for instance, state, data in zip(instances, states, datas, strict=True):
            _group_values_put(instance, state, plan, group, data)
        return
    for instance, state, aead, aad, sealed in zip(instances, states, aeads, aads, seals, strict=True):
        try:
            data = aead.decrypt(sealed[1:13], sealed[13:], aad)
        except InvalidTag:
            continue
        _group_values_put(instance, state, plan, group, data)


def _group_missing_fill(instance, state, plan: _SealPlan, group: str, attnames, nulls) -> None:
    """Fields of ``group`` the seal does not name: added to the model since, or moved from the other group."""
    named = {*attnames, *nulls}
    legacy = state.get(LEGACY) or {}
    missing = [f for f in plan.fields[group] if f.attname not in named and f.attname not in legacy]
    other = SENSITIVE if group == PERSONAL else PERSONAL
    if any(f.attname not in state for f in missing):
        _group_open(instance, state, other)  # a field declared sensitive (or no longer) since it was sealed
    for field in missing:
        if field.attname not in state:
            state[field.attname] = field.get_default()


LEGACY = "_crypto_v2"  # instance.__dict__ key: {attname: ciphertext of format 2} loaded from per-field columns
DEFERRED = "_crypto_deferred"  # instance.__dict__ key: attnames of sealed fields whose column was deferred


class _EncryptedAttribute(DeferredAttribute):
    """A field sealed in its record's group: opens the group on first read; later reads never come here.

    A *non-data* descriptor: the instance dict holds a field's plaintext only once its group was
    opened (or the value assigned), and from then on reading the attribute is a plain dict lookup,
    as for an unencrypted field. Loading a record leaves these attributes out of the instance dict
    (``EncryptedModel.from_db``), so the first read comes here, opens the group (one AES-GCM open
    for all its fields) and puts every value of it on the instance.
    """

    def __init__(self, field):
        super().__init__(field)
        self.attname = field.attname
        self.group = field.group

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        state = instance.__dict__
        attname = self.attname
        if attname not in state:
            _group_open(instance, state, self.group)
            if attname not in state:  # not in the seal: a value of format 2, a deferred column, or None
                state[attname] = _unsealed_value(instance, state, self.field)
        return state[attname]


def _unsealed_value(instance: models.Model, state: dict, field: "EncryptedField") -> Any:
    legacy = state.get(LEGACY)
    if legacy and field.attname in legacy:
        return field.open(instance, legacy.pop(field.attname))
    deferred = state.get(DEFERRED)
    if deferred and field.attname in deferred:
        deferred.discard(field.attname)
        sealed = (type(instance)._base_manager.filter(pk=instance.pk)
                  .values_list(field.attname, flat=True).get())
        return None if sealed is None else field.open(instance, sealed)
    return None


class _EncryptedBinaryAttribute(DeferredAttribute):
    """A value sealed on its own (bytes plaintexts): only a :class:`Sealed` value is still sealed."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        state = instance.__dict__
        attname = self.field.attname
        value = state[attname] if attname in state else DeferredAttribute.__get__(self, instance, cls)
        if value.__class__ is Sealed:
            value = state[attname] = self.field.open(instance, value)
        return value

    # A data descriptor (with __set__), so reads always come here rather than to the instance dict.
    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class EncryptedField(models.Field):
    """Base of the encrypted field types; subclasses say how a value becomes bytes and back."""

    descriptor_class = _EncryptedAttribute
    empty_strings_allowed = False
    # The types an attribute value has while it is still the stored ciphertext (see SEALED_TYPES).
    sealed_types: tuple[type, ...] = SEALED_TYPES
    # Sealed with the record's other values of its group (False: a value of its own, in its column).
    in_record = True
    non_db_attrs = (*models.Field.non_db_attrs, "sensitive")

    def __init__(self, *args, sensitive: bool = False, **kwargs):
        for option in ("unique", "db_index", "primary_key"):
            if kwargs.get(option):
                raise ValueError(f"An encrypted field cannot be {option}; add a BlindIndexField to search it")
        self.sensitive = sensitive
        self.group = SENSITIVE if sensitive else PERSONAL
        super().__init__(*args, **kwargs)
        # The column itself is always nullable: a sealed record's values live in its group's seal and
        # the column stays empty. ``declared_null`` keeps what the model declared, for validation.
        self.declared_null, self.null = self.null, True

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("null", None)
        if self.declared_null:
            kwargs["null"] = True
        if self.sensitive:
            kwargs["sensitive"] = True
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        if value is None and not self.declared_null:
            raise ValidationError(self.error_messages["null"], code="null")
        super().validate(value, model_instance)

    def unchanged(self, instance: models.Model) -> bool:
        """Whether the instance still holds the value as loaded (never opened, so never changed)."""
        if self.in_record:  # a loaded record's sealed values enter the instance dict when read or assigned
            return self.attname not in instance.__dict__ and not instance._state.adding
        return isinstance(instance.__dict__.get(self.attname), self.sealed_types)

    def get_internal_type(self):
        return "BinaryField"

    # Each concrete field type (text, date, integer, JSON) says how its values become bytes and back.
    def encode(self, value: Any) -> bytes:
        raise NotImplementedError(f"{type(self).__name__} must define encode()")

    def decode(self, data: bytes) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define decode()")

    def parse(self, text: str) -> Any:
        """The value from its encoding as text, as a sealed record holds it (``None`` on a class: the text)."""
        return self.decode(text.encode("utf-8"))

    def seal(self, instance: models.Model, value: Any) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        aead, head = record_crypto(instance)
        _bound_unchanged(instance)
        return FORMAT_V2 + nonce + aead.encrypt(nonce, self.encode(value), head + b"|" + self.name.encode())

    def where(self, instance: models.Model) -> str:
        return f"{instance._meta.label}.{self.name} of record {instance.record_uid}"

    def failure(self, instance: models.Model) -> str:
        return (f"The value of {self.where(instance)} does not decrypt: it was altered, or it was sealed for "
                "another row, field, tenant, relation or key")

    def unknown_format(self, instance: models.Model, sealed: bytes | memoryview) -> str:
        if sealed[:1] == FORMAT_V1:
            return (f"The value of {self.where(instance)} was sealed in format 1, which bound it to no tenant; "
                    "this version reads format 2 only (recreate the database: make clean)")
        return f"The value of {self.where(instance)} is not in a known ciphertext format"

    def open(self, instance: models.Model, sealed: bytes | memoryview) -> Any:
        """The plaintext of a sealed value of this field on ``instance`` (DecryptionFailed if it does not open)."""
        if sealed[:1] != FORMAT_V2:
            raise DecryptionFailed(self.unknown_format(instance, sealed))
        aead, head = record_crypto(instance)
        try:
            data = aead.decrypt(sealed[1:_BODY], sealed[_BODY:], head + b"|" + self.name.encode())
        except InvalidTag:
            raise DecryptionFailed(self.failure(instance)) from None
        return self.decode(data)

    def pre_save(self, model_instance, add):
        if self.in_record:  # the value goes into its group's seal (SealedRecordField); the column empties
            return None
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, self.sealed_types):  # unchanged since it was loaded
            return value
        return self.seal(model_instance, self.to_python(value))

    def get_prep_value(self, value):
        if value is None or isinstance(value, self.sealed_types):
            return value
        raise PlaintextRefused(
            f"{self.model._meta.label}.{self.name} is encrypted: it cannot be compared or written with a "
            "plaintext in a query (use the model's blind index to search, and save() to write)")

    def get_db_prep_value(self, value, connection, prepared=False):
        value = value if prepared else self.get_prep_value(value)
        return None if value is None else connection.Database.Binary(bytes(value))

    def value_to_string(self, obj):
        raise PlaintextRefused(f"{self.model._meta.label}.{self.name} is encrypted and is not serialised")


class EncryptedTextField(EncryptedField):
    """Text (氏名, 住所, notes …) stored encrypted."""

    def to_python(self, value):
        return value if value is None or isinstance(value, str) else str(value)

    def encode(self, value: str) -> bytes:
        if "\x00" in value:  # as PostgreSQL's text, and Django's forms: it separates a seal's values
            raise ValidationError(f"{self.name}: a NUL character cannot be stored", code="null_characters_not_allowed")
        return value.encode("utf-8")

    # bytes.decode itself (UTF-8, strict): no Python frame per value read; in a seal the text is the value.
    decode = staticmethod(bytes.decode)
    parse = None

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.CharField, **kwargs})


class EncryptedDateField(EncryptedField):
    """A date (生年月日 …) stored encrypted."""

    def to_python(self, value):
        if value is None or (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)):
            return value
        if isinstance(value, datetime.datetime):
            raise ValidationError(f"{self.name}: a date is expected, not a date and time", code="invalid")
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(f"{self.name}: a date is expected as YYYY-MM-DD", code="invalid") from None

    def encode(self, value: datetime.date) -> bytes:
        return value.isoformat().encode("ascii")

    def decode(self, data: bytes) -> datetime.date:
        return datetime.date.fromisoformat(data.decode("ascii"))

    parse = staticmethod(datetime.date.fromisoformat)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.DateField, **kwargs})


class EncryptedIntegerField(EncryptedField):
    """An integer (income in yen, a count …) stored encrypted."""

    def to_python(self, value):
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise ValidationError(f"{self.name}: a whole number is expected", code="invalid") from None

    def encode(self, value: int) -> bytes:
        return str(value).encode("ascii")

    # int() parses ASCII digits given as bytes: no Python frame per value read.
    decode = staticmethod(int)
    parse = staticmethod(int)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.IntegerField, **kwargs})


class EncryptedJSONField(EncryptedField):
    """A JSON document (allergies, a list of contacts …) stored encrypted as a whole."""

    def to_python(self, value):
        return value

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")).encode("utf-8")

    decode = staticmethod(json.loads)
    parse = staticmethod(json.loads)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


class EncryptedBinaryField(EncryptedField):
    """Bytes (a scanned certificate, an uploaded PDF …) stored encrypted as a whole.

    The plaintext is ``bytes`` here, so the ciphertext loaded from the database is marked as
    :class:`Sealed` (``from_db_value``) rather than recognised by its type ``bytes``. Reading the
    attribute returns the plaintext ``bytes``; assigning ``bytes`` (or a bytearray/memoryview,
    converted on save) replaces it. Values are read into memory whole: meant for documents of a
    few megabytes at most.
    """

    descriptor_class = _EncryptedBinaryAttribute
    sealed_types = (Sealed,)
    in_record = False

    def __init__(self, *args, **kwargs):
        # As Django's BinaryField: not offered in model forms (an upload is turned into bytes by the view).
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.editable:
            kwargs["editable"] = True
        else:
            kwargs.pop("editable", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else Sealed(value)

    def to_python(self, value):
        if value is None or value.__class__ is bytes:
            return value
        if isinstance(value, bytes | bytearray | memoryview):
            return bytes(value)
        raise ValidationError(f"{self.name}: bytes are expected", code="invalid")

    def seal(self, instance: models.Model, value: bytes) -> Sealed:
        return Sealed(super().seal(instance, value))

    def encode(self, value: bytes) -> bytes:
        return value

    def decode(self, data: bytes) -> bytes:
        return data


class SealedRecordField(models.BinaryField):
    """One group of a record's values (its ordinary or its sensitive personal fields) as ONE AES-GCM value.

    Stored as ``0x03 | nonce(12) | ciphertext+tag``; the plaintext is a header naming the fields
    (``name,kana,-phone``: a leading ``-`` is a value of ``None``) then each value as its field
    encodes it, separated by NUL bytes. The associated data binds it to the row (model, record
    uid, tenant ring, bound relations), to its group and to the record's data key. Empty (NULL)
    when the group has no value.
    """

    def __init__(self, *args, group: str, **kwargs):
        if group not in GROUPS:
            raise ValueError(f"Unknown group '{group}'; use one of {GROUPS}")
        self.group = group
        kwargs.setdefault("null", True)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["group"] = self.group
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        state = model_instance.__dict__
        fields = _plan(type(model_instance)).fields[self.group]
        legacy = state.get(LEGACY) or ()
        if not any(f.attname in state or f.attname in legacy for f in fields):
            return state.get(self.attname)  # nothing of the group read, assigned or left in format 2
        _group_open(model_instance, state, self.group)  # the values not read or assigned come from the seal
        names, values = [], []
        for field in fields:
            value = getattr(model_instance, field.attname)  # a value of format 2 opens here and moves in
            if value is None:
                names.append("-" + field.name)
            else:
                names.append(field.name)
                values.append(field.encode(field.to_python(value)))
        sealed = None
        if values:
            aead, head = record_crypto(model_instance)
            _bound_unchanged(model_instance)
            nonce = os.urandom(NONCE_BYTES)
            plaintext = _SEP.join([",".join(names).encode("ascii"), *values])
            sealed = FORMAT_V3 + nonce + aead.encrypt(nonce, plaintext, _seal_aad(model_instance, head, self.group))
        state[self.attname] = sealed
        _opened_add(state, self.group)
        return sealed


# --- blind indexes -----------------------------------------------------------------------------

class BlindIndexField(models.BinaryField):
    """A keyed HMAC of another encrypted field's normalised value, for exact-match search.

    The digest covers the model and the source field (``domain``), so equal values in two fields or
    models (a child and a guardian of the same name) have unrelated indexes.
    """

    def __init__(self, *args, source: str, kind: str, **kwargs):
        if kind not in blind_index.NORMALISERS:
            raise ValueError(f"Unknown blind-index kind '{kind}'; use one of {sorted(blind_index.NORMALISERS)}")
        self.source, self.kind = source, kind
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("null", True)
        kwargs["editable"] = False
        kwargs.setdefault("max_length", blind_index.DIGEST_BYTES)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        self.domain = f"{cls._meta.label_lower}.{self.source}"

    def from_db_value(self, value, expression, connection):
        return None if value is None else bytes(value)

    def pre_save(self, model_instance, add):
        source_field = model_instance._meta.get_field(self.source)
        if source_field.unchanged(model_instance):
            return getattr(model_instance, self.attname)  # the source is unchanged since it was loaded
        value = getattr(model_instance, self.source)
        return blind_index.digest(keyring.index_key(_ring_id(model_instance)), self.domain, self.kind, value)


# --- the abstract model ------------------------------------------------------------------------

class EncryptedQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._iterable_class = _SealedRecordsIterable

    def matching(self, *, tenant: models.Model | int | None, **values: Any) -> "EncryptedQuerySet":
        """Rows of ``tenant`` whose encrypted fields equal the given values (through their blind indexes).

        ``Guardian.objects.matching(tenant=ward, name="山田　太郎", phone="03-1234-5678")``.
        """
        model = self.model
        tenant_id = getattr(tenant, "pk", tenant)
        indexes = {f.source: f for f in model._meta.fields if isinstance(f, BlindIndexField)}
        filters: dict[str, Any] = {}
        if model.encryption_tenant is not None:
            filters[model._meta.get_field(model.encryption_tenant).attname] = tenant_id
        for source in values:
            if source not in indexes:
                raise ValueError(f"{model._meta.label}.{source} has no blind index; it cannot be searched")
        ring = keyring.ring_get(municipality_id=tenant_id, create=False)
        if ring is None:
            return self.none()
        key = keyring.index_key(ring.pk)
        for source, value in values.items():
            found = blind_index.digest(key, indexes[source].domain, indexes[source].kind, value)
            if found is None:
                return self.none()
            filters[indexes[source].attname] = found
        return self.filter(**filters)


MARK = "_shredding_mark"  # the annotation of the encrypted models' default manager: the shredding mark


class _SealedRecordsIterable(ModelIterable):
    """Django's model instances, the records of each BATCH_SIZE rows sharing one :class:`_RecordBatch`.

    Without select_related or known related objects (a related manager's), the rows are turned into
    instances here, as ModelIterable does, so the shredding mark is read once per batch (never converted
    or stored per row); a plain list of the model (every column, no other annotation) is built directly
    (see ``EncryptedModel.from_db``). Anything else takes Django's path, batched the same way.
    """

    def __iter__(self):
        queryset = self.queryset
        model = queryset.model
        if queryset.query.select_related or queryset._known_related_objects:
            yield from self._batched(super().__iter__(), model)
            return
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        query = queryset.query
        batches = reading.row_batches(compiler, BATCH_SIZE, chunked_fetch=self.chunked_fetch,
                                      chunk_size=self.chunk_size, binary=query.group_by is None
                                      and not query.extra_select and query.annotation_select.keys() <= {MARK})
        first = next(batches, None)
        if first is None:
            return
        select, klass_info, annotations = compiler.select, compiler.klass_info, dict(compiler.annotation_col_map or {})
        columns = [column[0] for column in select[:compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise NotImplementedError(f"{model._meta.label}: an encrypted model cannot have a composite key")
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        mark_at = annotations.pop(MARK, None)
        converters = compiler.get_converters(columns)
        converters.pop(mark_at, None)  # read once per batch, not converted on every row
        if converters:
            batches = (list(compiler.apply_converters(chunk, converters)) for chunk in chain((first,), batches))
        else:
            batches = chain((first,), batches)
        direct = _direct_loader(model) if start == 0 and not annotations else None
        if direct is not None and (end != direct[0] or tuple(init_list) != _attnames(model)):
            direct = None
        new = model.__new__
        from_db = model.from_db
        for chunk in batches:
            mark = None if mark_at is None else chunk[0][mark_at]
            members: list = []
            batch = _RecordBatch(model, members, None if mark is None else int(mark))
            if direct is not None:
                _, kept, kept_values, grouped, grouped_values = direct
                unsealed = (None,) * len(grouped)
                instances = []
                for row in chunk:  # EncryptedModel.from_db's direct path, with its batch
                    instance = new(model)
                    state = ModelState()  # ``adding`` is False by default (a class attribute)
                    state.db = db
                    fields = instance.__dict__
                    fields["_state"] = state
                    fields[BATCH] = batch
                    fields.update(zip(kept, kept_values(row), strict=True))
                    if grouped and (found := grouped_values(row)) != unsealed:  # a record not sealed yet: rare
                        fields[LEGACY] = {a: v for a, v in zip(grouped, found, strict=True) if v is not None}
                    instances.append(instance)
            else:
                instances = [from_db(db, init_list, row[start:end]) for row in chunk]
                for instance, row in zip(instances, chunk, strict=True):
                    for name, position in annotations.items():
                        setattr(instance, name, row[position])
                    instance.__dict__[BATCH] = batch
            members.extend(map(weakref.ref, instances))
            yield from instances

    @staticmethod
    def _batched(objects, model):
        while chunk := list(islice(objects, BATCH_SIZE)):
            mark = chunk[0].__dict__.get(MARK)
            batch = _RecordBatch(model, [weakref.ref(instance) for instance in chunk], mark)
            for instance in chunk:
                if instance.__class__ is model:
                    instance.__dict__[BATCH] = batch
            yield from chunk


class EncryptedManager(models.Manager.from_queryset(EncryptedQuerySet)):
    def get_queryset(self):
        # The shredding mark comes with the rows (one scalar subquery, evaluated once per query, in the same
        # snapshot as the rows): under an unchanged mark the data keys of a list come from the process's cache
        # with no look at the keys' rows; the keys it does not hold are read for the whole list in one query.
        return super().get_queryset().annotate(**{MARK: Coalesce(Subquery(
            ShreddingMark.objects.filter(pk=1).values("value")), Value(0), output_field=models.BigIntegerField())})


class EncryptedModel(models.Model):
    """Abstract base of a model with encrypted fields: a record uid (bound into every ciphertext) and a data key.

    Class attributes say which keys the record uses and what its values are bound to:

    - ``encryption_tenant``: the name of the ForeignKey to ``governance.Municipality`` whose key
      ring wraps the record's data key (``None``: the platform ring, for secrets of no tenant);
      the tenant is bound into every value, and a data key of another ring is refused;
    - ``encryption_key_from``: the name of a ForeignKey to another encrypted record whose data key
      this record shares (shredding that record then shreds this one too); ``None``: its own key;
    - ``encryption_bound_to``: the ForeignKeys, besides the tenant, that decide who may read the
      record (a child's facility …); their ids are bound into every value, so the values do not
      open in a row pointing elsewhere, and they cannot change once values are sealed.
    """

    record_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    data_key = DataKeyField()
    sealed_personal = SealedRecordField(group=PERSONAL)
    sealed_sensitive = SealedRecordField(group=SENSITIVE)

    objects = EncryptedManager()

    encryption_tenant: ClassVar[str | None] = "municipality"
    encryption_key_from: ClassVar[str | None] = None
    encryption_bound_to: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def __getstate__(self):
        state = super().__getstate__()
        state.pop(BATCH, None)  # the list it was loaded in (weak references) stays behind
        return state

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # Sealed fields not read are absent from the instance dict, which Django takes for deferred
            # fields (it would then save only the others): name what is really to be saved.
            state = self.__dict__
            absent = {f.attname for f in self._meta.concrete_fields if f.attname not in state}
            if absent:
                deferred = (absent - _plan(type(self)).grouped_attnames) | (absent & state.get(DEFERRED, set()))
                update_fields = [f.name for f in self._meta.concrete_fields
                                 if not f.primary_key and f.attname not in deferred]
        if update_fields is not None:
            update_fields = _with_seals(type(self), update_fields)
        return super().save(*args, update_fields=update_fields, **kwargs)

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        """As Django's, and the sealed values opened on the instance are forgotten with their seals."""
        plan = _plan(type(self))
        state = self.__dict__
        opened = state.get(OPENED) or frozenset()
        names = None if fields is None else set(fields)
        forget = [g for g in GROUPS if (names is None and (g in opened or any(f.attname in state for f in
                                                                              plan.fields[g])))
                  or (names is not None and g in opened and (plan.seals[g].name in names or any(
                      f.name in names or f.attname in names for f in plan.fields[g])))]
        legacy = state.get(LEGACY) or {}
        for group in forget:
            for field in plan.fields[group]:
                state.pop(field.attname, None)
                legacy.pop(field.attname, None)
        if forget and opened:
            state[OPENED] = opened - frozenset(forget)
        if names is not None and forget:
            fields = [*fields, *(plan.seals[g].name for g in forget if plan.seals[g].name not in names)]
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        attnames = [f.attname for g in forget for f in plan.fields[g]]
        if attnames:  # values of format 2 still in their columns come back as they were loaded
            row = type(self)._base_manager.filter(pk=self.pk).values_list(*attnames).get()
            found = {a: v for a, v in zip(attnames, row, strict=True) if v is not None}
            if found:
                state.setdefault(LEGACY, {}).update(found)

    @classmethod
    def from_db(cls, db, field_names, values):
        """A loaded instance, built without ``Model.__init__`` when that is exactly equivalent.

        ``Model.__init__`` assigns every loaded value through its field's descriptor; on a fresh
        instance the descriptors of plain, foreign-key and encrypted fields just store the value
        (there is no cached related object to forget), so the values go into the instance dict
        directly. Anything else — deferred fields, an ``__init__`` of the model's own, another
        descriptor, a pre_init/post_init receiver — takes Django's own path.

        The columns of sealed fields stay out of the instance dict (their values come from the
        group's seal on first read); one still holding a value of format 2 is kept aside (LEGACY).
        """
        loader = _loaders.get(cls, _MISSING)
        if loader is _MISSING:
            loader = _loaders[cls] = _loader(cls)
        if (loader is None or len(values) != loader[0]
                or (pre_init.receivers and pre_init.has_listeners(cls))
                or (post_init.receivers and post_init.has_listeners(cls))):
            new = super().from_db(db, field_names, values)
            state = new.__dict__
            for attname in _plan(cls).grouped_attnames:
                if attname not in state:
                    state.setdefault(DEFERRED, set()).add(attname)
                elif (value := state.pop(attname)) is not None:
                    state.setdefault(LEGACY, {})[attname] = value
            return new
        _, kept, kept_values, grouped, grouped_values = loader
        new = cls.__new__(cls)
        state = ModelState()
        state.adding = False
        state.db = db
        fields = new.__dict__
        fields["_state"] = state
        fields.update(zip(kept, kept_values(values), strict=True))
        if grouped:
            found = grouped_values(values)
            if found.count(None) != len(grouped):  # a record not sealed yet (format 2): rare
                fields[LEGACY] = {a: v for a, v in zip(grouped, found, strict=True) if v is not None}
        return new


def _with_seals(cls: type[models.Model], update_fields) -> list[str]:
    """``update_fields`` plus what saving those encrypted fields writes: their group's seal and columns, indexes."""
    names = list(update_fields)
    plan = _plan(cls)
    for group, fields in plan.fields.items():
        if any(f.name in names or f.attname in names for f in fields):
            names.extend(n for n in (plan.seals[group].name, *(f.name for f in fields)) if n not in names)
    names.extend(f.name for f in cls._meta.concrete_fields
                 if isinstance(f, BlindIndexField) and f.source in names and f.name not in names)
    return names


# Descriptors whose ``__set__`` (if any) only stores the value on a freshly made instance.
_STORING_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute, _EncryptedAttribute,
                        _EncryptedBinaryAttribute)
_loaders: dict[type, tuple | None] = {}


def _getter(indexes: list[int]) -> Callable[[Sequence], tuple]:
    """A C-level picker of these positions that always returns a tuple."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda values: (values[index],)
    return itemgetter(*indexes) if indexes else (lambda values: ())


def _direct_loader(cls: type[models.Model]) -> tuple | None:
    """``_loader(cls)`` when instances may be built directly now (no pre_init/post_init receiver), else ``None``."""
    loader = _loaders.get(cls, _MISSING)
    if loader is _MISSING:
        loader = _loaders[cls] = _loader(cls)
    if loader is None or cls.from_db.__func__ is not EncryptedModel.from_db.__func__ or (
            pre_init.receivers and pre_init.has_listeners(cls)) or (
            post_init.receivers and post_init.has_listeners(cls)):
        return None
    return loader


def _attnames(cls: type[models.Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in cls._meta.concrete_fields)


def _loader(cls: type[models.Model]) -> tuple | None:
    """How ``from_db`` fills an instance of ``cls`` directly: ``None`` when it may not (see there)."""
    if cls.__init__ is not models.Model.__init__:
        return None
    attnames = tuple(field.attname for field in cls._meta.concrete_fields)
    for attname in attnames:
        descriptor = inspect.getattr_static(cls, attname, None)
        if type(descriptor) not in _STORING_DESCRIPTORS:
            return None
    grouped_set = _plan(cls).grouped_attnames
    kept = [i for i, a in enumerate(attnames) if a not in grouped_set]
    grouped = [i for i, a in enumerate(attnames) if a in grouped_set]
    return (len(attnames), tuple(attnames[i] for i in kept), _getter(kept),
            tuple(attnames[i] for i in grouped), _getter(grouped))
