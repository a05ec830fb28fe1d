"""The event an append hands back reads as the row the database holds, and holds nothing of the caller's."""

import enum

import pytest
from django.db import transaction

from audit import context
from audit.models import AuditEvent
from audit.registry import register_events
from audit.services import audit_record, record_access

register_events({"audit.test_record.made": "A test event"})


class Kind(enum.IntEnum):
    FIRST = 1


class Code(enum.StrEnum):
    OPEN = "open"


def columns(event) -> dict:
    """Every column of the stored row (its seq, the transaction that wrote it, its digest and MAC included)."""
    return {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields
            if not f.attname.startswith("legacy_")}


@pytest.mark.django_db(transaction=True)
def test_the_event_handed_back_reads_as_the_stored_row():
    given = {"kinds": (Kind.FIRST, [Code.OPEN]), Code.OPEN: {"n": None, "t": True}}
    with context.bound(channel="api", actor_id=7, request_id="r", ip_address="2001:0db8::0001"):
        alone = record_access(subjects=[("childcare.child", 5), ("childcare.child", 5)], fields=["b", "a"],
                              purpose="保育の実施", tenant_id=3, sensitive_fields=["a"])
        with transaction.atomic():
            inside = audit_record("audit.test_record.made", tenant_id=3, data=given)

    for event in (alone, inside):
        stored = AuditEvent.objects.get(seq=event.seq)
        assert columns(event) == columns(stored) and event.xact is not None
    assert inside.data == {"kinds": [1, ["open"]], "open": {"n": None, "t": True}}
    kinds = inside.data["kinds"]
    assert [type(v) for v in (kinds[0], kinds[1][0], *inside.data)] == [int, str, str, str]
    given["kinds"][1].append("later")  # the caller's own lists stay the caller's
    assert inside.data["kinds"][1] == ["open"]
