"""What the registry's edit forms start from and the content they send to `registry_part_update`: a form edits
the counterparty's items of a connection, or each contractor's group, role, reason, work, media and items of a
contract, and keeps the rest of the version (other parties' lines, the contractor chain) as it is. Lists stay
lists (one line each) and a period keeps the precision it was given."""

from governance.registry.models import ConnectionDirection, ContractDirection, DataItem
from governance.registry.parts import kind_of
from governance.registry.versioning import version_latest


def connection_edit_initial(*, part) -> dict:
    """The latest version of a connection as form values: scalars, and the counterparty's items by direction."""
    version = version_latest(part=part)
    own = version.item_lines.filter(party_id=version.counterparty_id)
    return {
        "reason": version.reason, "line": version.line, "line_note": version.line_note,
        "ward_endpoints": "\n".join(version.ward_endpoints), "party_endpoints": "\n".join(version.party_endpoints),
        "period_start": version.period_start, "period_end": version.period_end, "period_note": version.period_note,
        "period_precision": version.period_precision, "renews_yearly": version.renews_yearly,
        "items_reference": version.items_reference, "approval_reference": version.approval_reference,
        "ward_measures": "\n".join(version.ward_measures), "party_measures": "\n".join(version.party_measures),
        "record_form_sent": "\n".join((version.record_form_items or {}).get("sent", [])),
        "record_form_received": "\n".join((version.record_form_items or {}).get("received", [])),
        "sent_items": [str(pk) for pk in own.filter(direction=ConnectionDirection.SENT).values_list("item_id",
                                                                                                   flat=True)],
        "received_items": [str(pk) for pk in own.filter(direction=ConnectionDirection.RECEIVED).values_list(
            "item_id", flat=True)],
    }


def connection_edit_content(*, part, values: dict) -> dict:
    """The content to write for a connection edit: the form's scalars, the counterparty's items as chosen, and
    every other party's lines (e.g. the e-money operator's share) kept as they are."""
    version = version_latest(part=part)
    counterparty = version.counterparty_id
    kept = [{"party": line.party_id, "item": line.item_id, "direction": line.direction}
            for line in version.item_lines.exclude(party_id=counterparty).order_by("order", "pk")]
    chosen = [{"party": counterparty, "item": int(pk), "direction": direction}
              for direction, key in ((ConnectionDirection.SENT, "sent_items"),
                                     (ConnectionDirection.RECEIVED, "received_items"))
              for pk in values.get(key, [])]
    content = {
        "reason": values["reason"], "line": values["line"], "line_note": values["line_note"],
        "ward_endpoints": _lines(values["ward_endpoints"]), "party_endpoints": _lines(values["party_endpoints"]),
        "period_start": values["period_start"], "period_end": values["period_end"],
        "period_note": values["period_note"], "renews_yearly": values["renews_yearly"], "items": chosen + kept,
        **_structure(values, ("items_reference", "approval_reference"), ("ward_measures", "party_measures")),
    }
    if "record_form_sent" in values or "record_form_received" in values:
        content["record_form_items"] = _record_form_items(version.record_form_items, values)
    return content


def _structure(values: dict, texts, lines) -> dict:
    """The structure fields the form sent (one it did not send keeps the version's value): texts as they are,
    lists one entry a line, the period's precision when chosen."""
    out = {name: values[name] for name in texts if name in values}
    out |= {name: _lines(values[name]) for name in lines if name in values}
    if values.get("period_precision"):
        out["period_precision"] = values["period_precision"]
    return out


def _record_form_items(current, values: dict) -> dict:
    """The 電算結合記録票's item names per direction; a direction left empty is not written."""
    out = dict(current or {})
    for direction in ("sent", "received"):
        if f"record_form_{direction}" in values:
            names = _lines(values[f"record_form_{direction}"])
            out.pop(direction, None)
            if names:
                out[direction] = names
    return out


def contract_edit_initial(*, part) -> tuple[dict, list]:
    """The latest version of a contract as form values, and its contractors (each gets its own fields)."""
    version = version_latest(part=part)
    initial = {"summary": version.summary, "period_start": version.period_start, "period_end": version.period_end,
               "period_note": version.period_note, "period_precision": version.period_precision,
               "renews_yearly": version.renews_yearly, "items_reference": version.items_reference,
               "items_note": version.items_note, "approval_reference": version.approval_reference}
    contractors = list(version.contractors.select_related("party").order_by("order", "pk"))
    for contractor in contractors:
        prefix = f"c{contractor.party_id}"
        initial[f"{prefix}_group"] = contractor.group
        initial[f"{prefix}_role_label"] = contractor.role_label
        initial[f"{prefix}_reason"] = contractor.reason
        initial[f"{prefix}_work"] = "\n".join(contractor.work)
        initial[f"{prefix}_media"] = "\n".join(contractor.media)
        for direction in ContractDirection.values:
            initial[f"{prefix}_{direction}"] = [str(pk) for pk in contractor.item_lines.filter(
                direction=direction).values_list("item_id", flat=True)]
    return initial, contractors


def contract_edit_content(*, part, values: dict) -> dict:
    """The content to write for a contract edit: scalars, and each contractor's work, media and items as chosen;
    the chain (who delivers to whom, who sub-contracts) stays as it is."""
    current = kind_of(part).content_of(version_latest(part=part))
    contractors = []
    for entry in current["contractors"]:
        prefix = f"c{entry['party']}"
        contractors.append({
            **entry, **{name: values[f"{prefix}_{name}"] for name in ("group", "role_label", "reason")
                        if f"{prefix}_{name}" in values},
            "work": _lines(values[f"{prefix}_work"]), "media": _lines(values[f"{prefix}_media"]),
            "items": [{"item": int(pk), "direction": direction} for direction in ContractDirection.values
                      for pk in values.get(f"{prefix}_{direction}", [])],
        })
    return {"summary": values["summary"], "period_start": values["period_start"], "period_end": values["period_end"],
            "period_note": values["period_note"], "renews_yearly": values["renews_yearly"],
            **_structure(values, ("items_reference", "items_note", "approval_reference"), ()),
            "contractors": contractors}


def part_items(*, part) -> list:
    """The data items a connection's or contract's lines may name: those of its businesses."""
    return list(DataItem.objects.filter(business__in=part.businesses.all()).order_by("business", "order", "pk"))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
