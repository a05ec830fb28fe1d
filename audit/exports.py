"""CSV of audit events — the same columns for the page and the API."""

import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from audit.models import AuditEvent
from common.csv import csv_streaming_response

COLUMNS = ["seq", "occurred_at", "name", "tenant_id", "actor_id", "channel", "request_id", "ip_address",
           "object_type", "object_id", "fields", "subjects", "purpose", "data", "mac"]


def _rows(events: Iterable[AuditEvent]) -> Iterator[list]:
    for e in events:
        yield [e.seq, e.occurred_at.isoformat(), e.name, e.tenant_id, e.actor_id, e.channel, e.request_id,
               e.ip_address, e.object_type, e.object_id, " ".join(e.fields),
               " ".join(f"{t}:{i}" for t, i in e.subjects), e.purpose,
               json.dumps(e.data, ensure_ascii=False, sort_keys=True), e.mac]


def events_csv_response(events, filename: str = "audit-events.csv") -> StreamingHttpResponse:
    return csv_streaming_response(filename, COLUMNS, _rows(events.iterator(chunk_size=2000)))
