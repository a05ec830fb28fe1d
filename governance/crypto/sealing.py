"""Moving records stored one value per column (format 2) into sealed records (format 3), batch by batch.

Each batch is one transaction: its rows are locked, each row's per-field values are opened, sealed
into the record's groups and the per-field columns emptied, in one UPDATE per row. What is left to
do is simply the rows that still have a per-field value, so a run that is interrupted (even killed)
is finished by running it again, and a run with nothing left does nothing. A record whose data key
was shredded cannot be opened: its per-field ciphertexts are emptied (they were unreadable already).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q

from audit.services import audit_record
from governance.crypto.errors import RecordShredded
from governance.crypto.fields import GROUPS, EncryptedModel, _group_open, _plan, record_crypto


@dataclass(frozen=True)
class SealingResult:
    model: str
    sealed: int
    emptied: int  # shredded records whose unreadable per-field values were removed
    batches: int


def sealed_models() -> list[type[models.Model]]:
    """Every installed encrypted model with fields sealed into its records."""
    return [model for model in apps.get_models()
            if issubclass(model, EncryptedModel) and any(_plan(model).fields[g] for g in GROUPS)]


def _unsealed(model: type[models.Model]) -> Q:
    fields = [f for g in GROUPS for f in _plan(model).fields[g]]
    return reduce(or_, (Q(**{f"{f.attname}__isnull": False}) for f in fields))


def records_unsealed_count(model: type[models.Model]) -> int:
    """How many rows of ``model`` still hold a value in a per-field column."""
    return model._base_manager.filter(_unsealed(model)).count()


@transaction.atomic
def _batch_seal(model: type[models.Model], batch_size: int) -> tuple[int, int]:
    plan = _plan(model)
    fields = [f for g in GROUPS for f in plan.fields[g]]
    emptied_columns = {f.attname: None for f in fields}
    rows = list(model._default_manager.select_for_update(of=("self",)).filter(_unsealed(model))
                .order_by("pk")[:batch_size])
    sealed = emptied = 0
    for row in rows:
        try:
            record_crypto(row)
        except RecordShredded:
            model._base_manager.filter(pk=row.pk).update(**emptied_columns)
            emptied += 1
            continue
        state = row.__dict__
        for group in GROUPS:  # whatever is sealed already, then each remaining per-field value, opened
            _group_open(row, state, group)
        for field in fields:
            getattr(row, field.attname)
        values = {seal.attname: seal.pre_save(row, False) for seal in plan.seals.values()}
        model._base_manager.filter(pk=row.pk).update(**values, **emptied_columns)
        sealed += 1
    return sealed, emptied


def records_seal(*, model: type[models.Model], batch_size: int = 500,
                 on_batch: Callable[[int], None] | None = None) -> SealingResult:
    """Seal every record of ``model`` still stored one value per column; resumable and idempotent."""
    sealed = emptied = batches = 0
    while True:
        done, gone = _batch_seal(model, batch_size)
        if not done and not gone:
            break
        sealed, emptied, batches = sealed + done, emptied + gone, batches + 1
        if on_batch is not None:
            on_batch(sealed + emptied)
    if batches:
        audit_record("governance.records.sealed", object_type=model._meta.label_lower,
                     data={"sealed": sealed, "emptied": emptied, "batches": batches})
    return SealingResult(model._meta.label, sealed, emptied, batches)
