"""The event an append hands back reads as the row the database holds, and holds nothing of the caller's."""

import enum

import pytest
from django.db import transaction
from django.db.models.signals import post_init

from audit import context
from audit.models import AuditEvent
from audit.registry import register_events
from audit.services import audit_record, record_access

register_events({"audit.test_record.made": "A test event"})


class Kind(enum.IntEnum):
    FIRST = 1


class Code(enum.StrEnum):
    OPEN = "open"


def columns(event: AuditEvent) -> dict:
    return {name: value for name, value in vars(event).items() if name != "_state"}


@pytest.mark.django_db(transaction=True)
def test_the_event_handed_back_is_the_stored_row_as_loaded():
    given = {"kinds": (Kind.FIRST, [Code.OPEN]), Code.OPEN: {"n": None, "t": True}}
    with context.bound(channel="api", actor_id=7, request_id="r", ip_address="2001:0db8::0001"):
        alone = record_access(subjects=[("childcare.child", 5), ("childcare.child", 5)], fields=["b", "a"],
                              purpose="保育の実施", tenant_id=3, sensitive_fields=["a"])
        with transaction.atomic():
            inside = audit_record("audit.test_record.made", tenant_id=3, data=given)

    for event in (alone, inside):
        stored = AuditEvent.objects.get(seq=event.seq)
        assert columns(event) == columns(stored) and list(columns(event)) == list(columns(stored))
        assert (event.pk, event._state.adding, event._state.db) == (stored.seq, False, "default")
    assert inside.data == {"kinds": [1, ["open"]], "open": {"n": None, "t": True}}
    kinds = inside.data["kinds"]
    assert [type(v) for v in (kinds[0], kinds[1][0], *inside.data)] == [int, str, str, str]
    given["kinds"][1].append("later")  # the caller's own lists stay the caller's
    assert inside.data["kinds"][1] == ["open"]


def test_a_post_init_receiver_of_audit_events_still_sees_the_event(db):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.seq)

    post_init.connect(receiver, sender=AuditEvent)
    try:
        event = audit_record("audit.test_record.made", tenant_id=1)
    finally:
        post_init.disconnect(receiver, sender=AuditEvent)
    assert seen == [event.seq] and not event._state.adding
