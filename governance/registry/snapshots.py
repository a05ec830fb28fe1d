"""Canonical snapshots of registry versions, their content hash, and the field-by-field diff of two snapshots.

A snapshot names things (party names, item labels, usernames) rather than ids, so a diff reads like the
committee's underlined changes and stays meaningful across databases.
"""

import hashlib
import json
from typing import Any

from governance.registry.models import (
    ConnectionVersion,
    ContractVersion,
    OutOfPurposeVersion,
    ProcessingVersion,
)


def _period(version) -> dict:
    period = {
        "start": version.period_start.isoformat() if version.period_start else None,
        "end": version.period_end.isoformat() if version.period_end else None,
        "note": version.period_note,
    }
    # Only a month precision is named, so the snapshots (and hashes) of versions given to the day stay as they were.
    if getattr(version, "period_precision", "day") != "day":
        period["precision"] = version.period_precision
    return period


def _business_names(part) -> list[str]:
    return sorted(str(business) for business in part.businesses.all())


def _grouped(lines, key_of, value_of) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for line in lines:
        grouped.setdefault(key_of(line), []).append(value_of(line))
    return grouped


def _processing(version: ProcessingVersion) -> dict:
    return {
        "kind": "processing",
        "business": str(version.part.business),
        "system_name": version.system_name,
        "subject_scope": version.subject_scope,
        "items": [item.qualified_label for item in version.items.order_by("order", "pk")],
        "items_reference": version.items_reference,
        "storage": version.storage,
        "reason": version.reason,
        "content": list(version.content),
        "schedule": list(version.schedule),
    }


def _connection(version: ConnectionVersion) -> dict:
    lines = version.item_lines.select_related("party", "item").order_by("party__name", "direction", "order", "pk")
    items: dict[str, dict[str, list[str]]] = {}
    for line in lines:
        items.setdefault(line.party.name, {}).setdefault(line.direction, []).append(line.item.qualified_label)
    return {
        "kind": "connection",
        "businesses": _business_names(version.part),
        "counterparty": version.counterparty.name,
        "reason": version.reason,
        "line": version.line,
        "line_note": version.line_note,
        "ward_endpoints": list(version.ward_endpoints),
        "party_endpoints": list(version.party_endpoints),
        "period": {**_period(version), "renews_yearly": version.renews_yearly},
        "requires_japanese_jurisdiction": version.requires_japanese_jurisdiction,
        "required_certifications": sorted(version.required_certifications),
        "items_reference": version.items_reference,
        "items": items,
        "ward_measures": list(version.ward_measures),
        "party_measures": list(version.party_measures),
        "approval_reference": version.approval_reference,
        "record_form_items": version.record_form_items,
    }


def _contract(version: ContractVersion) -> dict:
    contractors = {}
    for contractor in version.contractors.select_related("party", "subcontractor_of__party").order_by("order", "pk"):
        lines = contractor.item_lines.select_related("item").order_by("direction", "order", "pk")
        contractors[contractor.party.name] = {
            "order": contractor.order,
            # Named only when set, so the hashes of versions frozen before it existed stay valid.
            **({"group": contractor.group} if contractor.group else {}),
            "role_label": contractor.role_label,
            "reason": contractor.reason,
            "work": list(contractor.work),
            "media": list(contractor.media),
            "delivers_to": sorted(c.party.name for c in contractor.delivers_to.select_related("party")),
            "subcontractor_of": contractor.subcontractor_of.party.name if contractor.subcontractor_of else None,
            "items": _grouped(lines, lambda line: line.direction, lambda line: line.item.qualified_label),
        }
    return {
        "kind": "contract",
        "businesses": _business_names(version.part),
        "summary": version.summary,
        "period": {**_period(version), "renews_yearly": version.renews_yearly},
        "requires_japanese_jurisdiction": version.requires_japanese_jurisdiction,
        "required_certifications": sorted(version.required_certifications),
        "items_reference": version.items_reference,
        "items_note": version.items_note,
        "handlers": sorted(user.username for user in version.handlers.all()),
        "approval_reference": version.approval_reference,
        "contractors": contractors,
    }


def _out_of_purpose(version: OutOfPurposeVersion) -> dict:
    return {
        "kind": "out_of_purpose_use",
        "using_business": str(version.part.using_business),
        "providing_business": str(version.part.providing_business),
        "purpose": version.purpose,
        "period": _period(version),
        "items": [item.qualified_label for item in version.items.order_by("order", "pk")],
        "record_kinds": list(version.record_kinds),
        "legal_basis": version.legal_basis,
        "criterion": str(version.criterion) if version.criterion else None,
        "forms": list(version.forms),
        "usage_method": version.usage_method,
        "responsible_officer": version.responsible_officer,
    }


_SNAPSHOTS = {
    ProcessingVersion: _processing,
    ConnectionVersion: _connection,
    ContractVersion: _contract,
    OutOfPurposeVersion: _out_of_purpose,
}


def snapshot_of(version) -> dict:
    """The canonical, JSON-able content of any registry version, names rather than ids."""
    return _SNAPSHOTS[type(version)](version)


def snapshot_hash(snapshot: dict) -> str:
    """sha256 of the snapshot's canonical JSON: equal content, equal hash, whatever the key order."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _entry_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def registry_diff(old: dict, new: dict, _path: str = "") -> list[dict]:
    """Field-by-field changes from one snapshot to another.

    Each change is {"path", "change", …}: "changed" (old, new) for a scalar, "added"/"removed" (value) for a
    dict key or a list entry. Paths join keys with dots, e.g. "contractors.株式会社バックスグループ.media".
    """
    changes: list[dict] = []
    for key in sorted(set(old) | set(new)):
        path = f"{_path}.{key}" if _path else str(key)
        if key not in old:
            changes.append({"path": path, "change": "added", "value": new[key]})
        elif key not in new:
            changes.append({"path": path, "change": "removed", "value": old[key]})
        else:
            changes.extend(_value_diff(old[key], new[key], path))
    return changes


def _value_diff(old: Any, new: Any, path: str) -> list[dict]:
    if isinstance(old, dict) and isinstance(new, dict):
        return registry_diff(old, new, path)
    if isinstance(old, list) and isinstance(new, list):
        old_keys, new_keys = [_entry_key(v) for v in old], [_entry_key(v) for v in new]
        removed = [{"path": path, "change": "removed", "value": v} for v, k in zip(old, old_keys, strict=True)
                   if k not in new_keys]
        added = [{"path": path, "change": "added", "value": v} for v, k in zip(new, new_keys, strict=True)
                 if k not in old_keys]
        return removed + added
    if old != new:
        return [{"path": path, "change": "changed", "old": old, "new": new}]
    return []
