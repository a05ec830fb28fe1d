"""Reads for the registry's web pages: what a business page, a version page and the index show, shaped for
templates. Access is decided by the registry's own selectors (governance.registry.selectors / access); this
module only composes them and never widens what they return.
"""


from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError, InvalidInput, NotFound
from common.wareki import wareki_date
from governance.registry import selectors
from governance.registry.access import ensure_full_reader, ensure_writer, reader_tenant_ids, vendor_party_ids
from governance.registry.consistency import business_findings
from governance.registry.diagram import flow_diagram, items_by_subject
from governance.registry.models import (
    ConnectionDirection,
    ConnectionVersion,
    ContractDirection,
    ContractVersion,
    Line,
    RegisteredBusiness,
)
from governance.registry.parts import kind_of
from governance.registry.snapshots import registry_diff, snapshot_of
from governance.registry.versioning import version_get, version_latest
from governance.tenancy.models import Department, Municipality, Party, PartyRole, User

PART_SELECTORS = {"connection": selectors.connection_list, "contract": selectors.contract_list}


def period_label(version) -> str:
    """A version's period in 和暦 at its precision with the document's own wording, e.g. 令和2年1月 〜 (令和2年1月…)."""
    start, end = wareki_date(version.period_start), wareki_date(version.period_end)
    if getattr(version, "period_precision", "day") == "month":  # 令和2年1月 is a month, not its first day
        start, end = (d[:d.index("月") + 1] if d else d for d in (start, end))
    text = f"{start} 〜 {end}" if start or end else ""
    if version.period_note:
        text = f"{text}（{version.period_note}）" if text else version.period_note
    return text


# --- who may do what ------------------------------------------------------------------------------------
def registry_tenants(*, actor: User) -> QuerySet[Municipality]:
    """Tenants whose whole registry the actor reads (committee members, auditors, staff, administrators)."""
    return Municipality.objects.filter(pk__in=reader_tenant_ids(actor))


def is_full_reader(*, actor: User) -> bool:
    return bool(reader_tenant_ids(actor))


def is_vendor(*, actor: User) -> bool:
    return bool(vendor_party_ids(actor))


def _may(check) -> bool:
    try:
        check()
    except ApplicationError:
        return False
    return True


def business_editable(*, actor: User, business: RegisteredBusiness) -> bool:
    """True when the actor may change the business (its department's staff, or an administrator)."""
    departments = {business.department_id, *business.other_departments.values_list("pk", flat=True)}
    return _may(lambda: ensure_writer(actor, municipality_id=business.municipality_id, department_ids=departments,
                                      what="the business"))


def part_editable(*, actor: User, part) -> bool:
    """True when the actor may change a connection or contract (staff of one of its businesses' departments)."""
    kind = kind_of(part)
    return _may(lambda: ensure_writer(actor, municipality_id=part.municipality_id,
                                      department_ids=kind.departments(part), what="the part"))


def department_list(*, actor: User) -> QuerySet[Department]:
    """Departments of the tenants the actor reads, for the index filter."""
    return Department.objects.filter(municipality__in=reader_tenant_ids(actor)).select_related("municipality")


def registry_tenant(*, actor: User, municipality) -> Municipality:
    """The tenant a tenant-wide page is for: the one named, or the actor's only one."""
    ensure_full_reader(actor)
    tenants = list(registry_tenants(actor=actor))
    if municipality in (None, ""):
        if len(tenants) != 1:
            raise InvalidInput(_("Choose the municipality"), field="municipality")
        return tenants[0]
    chosen = [t for t in tenants if str(t.pk) == str(municipality)]
    if not chosen:
        raise NotFound(
            _(
                "No municipality %(municipality)s that you may see"
            )
            % {
                "municipality": municipality,
            }, field="municipality")
    return chosen[0]


# --- shaping versions for display -----------------------------------------------------------------------
def _certifications(party: Party) -> list[dict]:
    today = timezone.localdate()
    return [{"kind": c.get_kind_display(), "number": c.number, "scope": c.scope,
             "valid_until": wareki_date(c.valid_until),
             "expired": c.valid_until is not None and c.valid_until < today}
            for c in party.certifications.all()]


def party_view(party: Party) -> dict:
    """A party with its certifications (expiry in 和暦) and where it hosts."""
    return {"party": party, "roles": [str(PartyRole(r).label) for r in party.roles if r in PartyRole.values],
            "certifications": _certifications(party)}


def connection_view(version: ConnectionVersion) -> dict:
    """A connection version: line, endpoints, period, and its items per party and direction."""
    groups: dict[tuple[int, str], dict] = {}
    for line in version.item_lines.select_related("party", "item").order_by("order", "pk"):
        group = groups.setdefault((line.party_id, line.direction), {
            "party": line.party, "direction": ConnectionDirection(line.direction).label, "labels": []})
        group["labels"].append(line.item.qualified_label)
    for group in groups.values():
        group["count"] = len(group["labels"])
        group["items"] = items_by_subject(group.pop("labels"))
    return {"version": version, "kind": "connection", "part": version.part,
            "line": Line(version.line).label if version.line in Line.values else version.line,
            "period": period_label(version), "groups": list(groups.values()),
            "counterparty": party_view(version.counterparty),
            "required_certifications": version.required_certifications}


def contract_view(version: ContractVersion) -> dict:
    """A contract version: the contractor chain (who delivers to whom, who sub-contracts from whom), items per
    contractor and direction, media, content of work, period and designated handlers."""
    contractors = []
    rows = version.contractors.select_related("party", "subcontractor_of__party").prefetch_related(
        "delivers_to__party", "party__certifications").order_by("order", "pk")
    for contractor in rows:
        directions: dict[str, list[str]] = {}
        for line in contractor.item_lines.select_related("item").order_by("direction", "order", "pk"):
            directions.setdefault(line.direction, []).append(line.item.qualified_label)
        contractors.append({
            "contractor": contractor, "party": party_view(contractor.party),
            "subcontractor_of": contractor.subcontractor_of.party if contractor.subcontractor_of else None,
            "delivers_to": [d.party for d in contractor.delivers_to.all()],
            "directions": [{"label": ContractDirection(d).label, "count": len(labels),
                            "items": items_by_subject(labels)}
                           for d, labels in directions.items()],
        })
    return {"version": version, "kind": "contract", "part": version.part, "period": period_label(version),
            "contractors": contractors, "handlers": [u.username for u in version.handlers.all()],
            "required_certifications": version.required_certifications}


def versions_of(part) -> list:
    """Every version of a part, newest first, with its state."""
    return list(kind_of(part).version.objects.filter(part=part).order_by("-number"))


# --- pages ----------------------------------------------------------------------------------------------
def business_page(*, actor: User, pk) -> dict:
    """Everything the business page shows: items, parties, connections, contracts, out-of-purpose uses,
    versions with their state, the data-flow diagram and the consistency findings."""
    detail = selectors.business_detail(actor=actor, pk=pk)
    business = detail["business"]
    latest = detail["latest_versions"]
    return {
        **detail,
        "parties": [party_view(p) for p in detail["parties"]],
        "connection_views": [{**connection_view(latest["connections"][p.pk]), "versions": versions_of(p)}
                             for p in detail["connections"]],
        "contract_views": [{**contract_view(latest["contracts"][p.pk]), "versions": versions_of(p)}
                           for p in detail["contracts"]],
        "processing_views": [{"part": p, "version": latest["processing"][p.pk], "versions": versions_of(p),
                              "items": items_by_subject([i.qualified_label
                                                         for i in latest["processing"][p.pk].items.all()])}
                             for p in detail["processing"]],
        "out_of_purpose_views": [{"part": p, "version": latest["out_of_purpose_uses"][p.pk],
                                  "versions": versions_of(p),
                                  "period": period_label(latest["out_of_purpose_uses"][p.pk]),
                                  "items": items_by_subject([i.qualified_label for i in
                                                             latest["out_of_purpose_uses"][p.pk].items.all()])}
                                 for p in detail["out_of_purpose_uses"]],
        "items_by_subject": items_by_subject([i.qualified_label for i in detail["items"]]),
        "findings": business_findings(business=business),
        "diagram": flow_diagram(business=business),
        "editable": business_editable(actor=actor, business=business),
    }


def business_diagram(*, actor: User, pk):
    """The data-flow diagram of a business the actor may read."""
    return flow_diagram(business=selectors.business_get(actor=actor, pk=pk))


def part_get(*, actor: User, kind: str, pk):
    """A connection or contract the actor may see (a vendor: only those it belongs to)."""
    if kind not in PART_SELECTORS:
        raise NotFound(_("No registry part of kind %(kind)s") % {"kind": f"{kind!r}"})
    return selectors._get(PART_SELECTORS[kind](actor=actor), pk, kind)


def version_page(*, actor: User, kind: str, pk, number: int | None = None) -> dict:
    """One version of a connection or contract, with the other versions and whether the actor may edit it."""
    part = part_get(actor=actor, kind=kind, pk=pk)
    version = version_latest(part=part) if number is None else version_get(part=part, number=number)
    view = connection_view(version) if kind == "connection" else contract_view(version)
    businesses = part.businesses.all()
    if is_full_reader(actor=actor):
        visible = set(selectors.business_list(actor=actor).filter(pk__in=businesses).values_list("pk", flat=True))
    else:
        visible = set()  # a vendor sees the part, not the businesses' pages
    return {**view, "view": view, "versions": versions_of(part),
            "businesses": [(b, b.pk in visible) for b in businesses], "editable": part_editable(actor=actor, part=part)}


def version_diff_page(*, actor: User, kind: str, pk, old: int, new: int) -> dict:
    """The field-by-field changes between two versions of a connection or contract."""
    part = part_get(actor=actor, kind=kind, pk=pk)
    old_version, new_version = version_get(part=part, number=old), version_get(part=part, number=new)
    return {"part": part, "kind": kind, "old": old_version, "new": new_version, "versions": versions_of(part),
            "changes": registry_diff(snapshot_of(old_version), snapshot_of(new_version))}


def vendor_registry(*, actor: User) -> dict:
    """What a vendor user sees: its parties and the connections and contracts it belongs to."""
    return {"parties": [party_view(p) for p in selectors.party_list(actor=actor)],
            "connections": [(c, version_latest(part=c)) for c in selectors.connection_list(actor=actor)],
            "contracts": [(c, version_latest(part=c)) for c in selectors.contract_list(actor=actor)]}


def index_page(*, actor: User, municipality=None, department=None, number=None, search=None) -> dict:
    """The registry index: businesses per department of the actor's tenants, filtered; a vendor's own parts."""
    if not is_full_reader(actor=actor):
        return {"vendor": vendor_registry(actor=actor)}
    businesses = selectors.business_list(actor=actor, municipality=municipality, department=department,
                                         number=number or None, search=search or None)
    businesses = businesses.prefetch_related("items", "connections", "contracts")
    by_department: dict[Department, list[RegisteredBusiness]] = {}
    for business in businesses.order_by("municipality__code", "department__name", "number", "name"):
        by_department.setdefault(business.department, []).append(business)
    return {"by_department": list(by_department.items()), "count": sum(map(len, by_department.values())),
            "tenants": list(registry_tenants(actor=actor)), "departments": list(department_list(actor=actor))}
