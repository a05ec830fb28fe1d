"""What an amendment changes: the field-by-field diff of each part against the version the amended
submission's decision approved, labelled for the committee and marked the way the seeds underline changes.

The diff itself is the registry's (`registry_diff`); this module only picks the two versions and names paths.
"""

import json

from django.utils.translation import gettext_lazy as _

from governance.committee.models import Submission
from governance.committee.selectors import approved_version_of
from governance.registry.snapshots import registry_diff, snapshot_of

FIELD_LABELS = {
    "businesses": _("registered businesses"), "counterparty": _("counterparty"), "reason": _("reason"),
    "line": _("line"), "line_note": _("form of connection"), "ward_endpoints": _("ward endpoints"),
    "party_endpoints": _("counterparty endpoints"), "period": _("period"), "start": _("start"), "end": _("end"),
    "note": _("as written"), "renews_yearly": _("renewed yearly"),
    "requires_japanese_jurisdiction": _("Japanese jurisdiction required"),
    "required_certifications": _("required certifications"), "items_reference": _("items (reference)"),
    "items": _("items"), "ward_measures": _("ward's measures"), "party_measures": _("counterparty's measures"),
    "approval_reference": _("approval reference"), "record_form_items": _("items on the record form"),
    "summary": _("summary"), "items_note": _("items note"), "handlers": _("designated handlers"),
    "contractors": _("contractors"), "role_label": _("role"), "work": _("content of the work"),
    "media": _("media"), "delivers_to": _("delivers to"), "subcontractor_of": _("subcontractor of"),
    "order": _("order"), "provided": _("provided"), "collected": _("collected"), "processed": _("processed"),
    "sent": _("ward sends"), "received": _("ward receives"), "handled": _("handled within the chain"),
    "system_name": _("system"), "subject_scope": _("whose data"), "storage": _("where recorded"),
    "content": _("content"), "schedule": _("schedule"), "purpose": _("purpose"), "record_kinds": _("record kinds"),
    "legal_basis": _("legal basis"), "criterion": _("pre-approval criterion"), "forms": _("forms of use"),
    "usage_method": _("method of use"), "responsible_officer": _("responsible officer"),
}


def path_label(path: str) -> str:
    """"contractors.株式会社バックスグループ.media" → "contractors › 株式会社バックスグループ › media" (translated)."""
    return " › ".join(str(FIELD_LABELS.get(key, key)) for key in path.split("."))


def value_text(value) -> str:
    """A changed value as the committee reads it: item references lose their subject prefix."""
    if isinstance(value, str):
        subject, sep, label = value.partition(":")
        return label if sep and subject.replace("_", "").isalpha() and subject.isascii() else value
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def present(change: dict) -> dict:
    row = {"path": change["path"], "label": path_label(change["path"]), "change": change["change"]}
    if change["change"] == "changed":
        row.update(old=value_text(change["old"]), new=value_text(change["new"]))
    else:
        row["value"] = value_text(change["value"])
    return row


def amendment_diff(*, submission: Submission) -> list[dict]:
    """For each part of an amendment: the approved version, the amended version and what changed.

    Empty for a submission that amends nothing. A part the approved submission did not cover is listed
    with `approved` None (everything in it is new).
    """
    if submission.amends_id is None:
        return []
    parts = []
    for row in submission.parts.select_related("submission__amends").all():
        approved = approved_version_of(row)
        changes = registry_diff(snapshot_of(approved), snapshot_of(row.version)) if approved is not None else []
        parts.append({"row": row, "part": row.part, "approved": approved, "amended": row.version,
                      "changes": changes, "rows": [present(c) for c in changes]})
    return parts
