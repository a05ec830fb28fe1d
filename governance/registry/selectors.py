"""Reads of the registry, narrowed to what the actor may see: the tenant on every query, and for vendor
users only the parties, connections and contracts they belong to."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from common.errors import NotFound
from governance.registry.access import (
    ensure_full_reader,
    ensure_registry_reader,
    reader_tenant_ids,
    vendor_party_ids,
)
from governance.registry.models import (
    ConnectionDirection,
    DataItem,
    ExternalConnection,
    FacilityUse,
    OutOfPurposeUse,
    OutsourcingContract,
    PreApprovalCriterion,
    ProcessingActivity,
    RegisteredBusiness,
)
from governance.registry.versioning import version_latest
from governance.tenancy.models import Party, User


def _get(queryset: QuerySet, pk, label: str):
    obj = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    if obj is None:
        raise NotFound(_("No %(label)s %(pk)s that you may see") % {"label": label, "pk": pk})
    return obj


def business_list(*, actor: User, municipality: int | None = None, department: int | None = None,
                  number: str | None = None, search: str | None = None) -> QuerySet[RegisteredBusiness]:
    """Registered businesses of the actor's tenants, optionally by tenant, department, number or name."""
    ensure_full_reader(actor)
    qs = RegisteredBusiness.objects.filter(municipality__in=reader_tenant_ids(actor)).select_related(
        "municipality", "department").prefetch_related("other_departments")
    if municipality:
        qs = qs.filter(municipality=municipality)
    if department:
        qs = qs.filter(Q(department=department) | Q(other_departments=department)).distinct()
    if number:
        qs = qs.filter(number=number)
    if search:
        qs = qs.filter(name__icontains=search)
    return qs


def business_get(*, actor: User, pk) -> RegisteredBusiness:
    """One business the actor may read."""
    return _get(business_list(actor=actor), pk, "registered business")


def data_item_list(*, actor: User, business: int | None = None, subject: str | None = None,
                   sensitive: bool | None = None) -> QuerySet[DataItem]:
    """Data items of the actor's tenants, by business, subject or sensitivity."""
    ensure_full_reader(actor)
    qs = DataItem.objects.filter(municipality__in=reader_tenant_ids(actor)).select_related("business")
    if business:
        qs = qs.filter(business=business)
    if subject:
        qs = qs.filter(subject=subject)
    if sensitive is not None:
        qs = qs.filter(sensitive=sensitive)
    return qs


def data_item_get(*, actor: User, pk) -> DataItem:
    return _get(data_item_list(actor=actor), pk, "data item")


def party_list(*, actor: User, municipality: int | None = None, role: str | None = None,
               selection: str | None = None) -> QuerySet[Party]:
    """Parties the actor may see: all of its tenants' for readers, its own for a vendor user."""
    ensure_registry_reader(actor)
    qs = Party.objects.filter(Q(municipality__in=reader_tenant_ids(actor)) | Q(pk__in=vendor_party_ids(actor)))
    if municipality:
        qs = qs.filter(municipality=municipality)
    if role:
        qs = qs.filter(roles__icontains=f'"{role}"')  # a JSON list of codes; portable to SQLite
    if selection:
        qs = qs.filter(selection=selection)
    return qs.prefetch_related("certifications").select_related("municipality")


def party_get(*, actor: User, pk) -> Party:
    return _get(party_list(actor=actor), pk, "party")


def _parts(model, actor: User, vendor_filter: Q) -> QuerySet:
    ensure_registry_reader(actor)
    visible = Q(municipality__in=reader_tenant_ids(actor))
    parties = vendor_party_ids(actor)
    if parties:
        visible |= vendor_filter
    return model.objects.filter(visible).distinct()


def connection_list(*, actor: User, business: int | None = None, party: int | None = None,
                    municipality: int | None = None) -> QuerySet[ExternalConnection]:
    """External connections the actor may see (a vendor: those it is a counterparty or listed party of)."""
    parties = vendor_party_ids(actor)
    qs = _parts(ExternalConnection, actor, Q(versions__counterparty__in=parties)
                | Q(versions__item_lines__party__in=parties))
    if business:
        qs = qs.filter(businesses=business)
    if party:
        qs = qs.filter(Q(versions__counterparty=party) | Q(versions__item_lines__party=party))
    if municipality:
        qs = qs.filter(municipality=municipality)
    return qs.distinct().prefetch_related("businesses")


def contract_list(*, actor: User, business: int | None = None, party: int | None = None,
                  municipality: int | None = None) -> QuerySet[OutsourcingContract]:
    """Outsourcing contracts the actor may see (a vendor: those it is a contractor in)."""
    qs = _parts(OutsourcingContract, actor, Q(versions__contractors__party__in=vendor_party_ids(actor)))
    if business:
        qs = qs.filter(businesses=business)
    if party:
        qs = qs.filter(versions__contractors__party=party)
    if municipality:
        qs = qs.filter(municipality=municipality)
    return qs.distinct().prefetch_related("businesses")


def processing_list(*, actor: User, business: int | None = None, **_) -> QuerySet[ProcessingActivity]:
    """Processing activities (電算処理) of the actor's tenants."""
    ensure_full_reader(actor)
    qs = ProcessingActivity.objects.filter(municipality__in=reader_tenant_ids(actor)).select_related("business")
    return qs.filter(business=business) if business else qs


def out_of_purpose_use_list(*, actor: User, business: int | None = None, **_) -> QuerySet[OutOfPurposeUse]:
    """Out-of-purpose uses (目的外利用) of the actor's tenants, by using or providing business."""
    ensure_full_reader(actor)
    qs = OutOfPurposeUse.objects.filter(municipality__in=reader_tenant_ids(actor)).select_related(
        "using_business", "providing_business")
    if business:
        qs = qs.filter(Q(using_business=business) | Q(providing_business=business))
    return qs


def criterion_list(*, actor: User) -> QuerySet[PreApprovalCriterion]:
    """Pre-approval criteria (事前一括承認基準) with their examples."""
    ensure_full_reader(actor)
    return PreApprovalCriterion.objects.filter(municipality__in=reader_tenant_ids(actor)).prefetch_related(
        "examples__providing_business", "examples__using_business")


def business_parts(*, business: RegisteredBusiness) -> dict:
    """A business's processing, connections, contracts, out-of-purpose uses and facilities (no access check)."""
    return {
        "processing": list(business.processing_activities.all()),
        "connections": list(business.connections.all()),
        "contracts": list(business.contracts.all()),
        "out_of_purpose_uses": list(OutOfPurposeUse.objects.filter(
            Q(using_business=business) | Q(providing_business=business)).select_related(
            "using_business", "providing_business")),
        "facility_uses": list(FacilityUse.objects.filter(business=business).select_related("facility", "operator")),
    }


def business_detail(*, actor: User, pk) -> dict:
    """Everything a business page shows: the business, its items, the parties it deals with, its processing,
    connections, contracts (each with its latest version), out-of-purpose uses and facilities."""
    business = business_get(actor=actor, pk=pk)
    parts = business_parts(business=business)
    party_ids: set[int] = set()
    for part in parts["connections"]:
        latest = version_latest(part=part)
        party_ids |= {latest.counterparty_id, *latest.item_lines.values_list("party_id", flat=True)}
    for part in parts["contracts"]:
        party_ids |= set(version_latest(part=part).contractors.values_list("party_id", flat=True))
    return {
        "business": business,
        "items": list(business.items.order_by("order", "pk")),
        "parties": list(Party.objects.filter(pk__in=party_ids).prefetch_related("certifications")),
        **parts,
        "latest_versions": {
            key: {part.pk: version_latest(part=part) for part in parts[key]}
            for key in ("processing", "connections", "contracts", "out_of_purpose_uses")
        },
    }


WARD, SUBJECTS = "ward", "subjects"


def _party_node(party: Party) -> dict:
    return {"id": f"party:{party.pk}", "kind": "party", "label": party.name, "selection": party.selection,
            "roles": list(party.roles)}


def flow_graph(*, business: RegisteredBusiness) -> dict:
    """個人情報の流れ — who sends which items to whom over which connection or contract, derived from the latest
    version of each connection and contract of the business (nothing is stored).

    Nodes: the ward (owning department), the data subjects (when a contractor collects from them) and every
    party. Edges: {source, target, items, via: {kind, id, title, version, line}, note}.
    """
    nodes = {WARD: {"id": WARD, "kind": "ward", "label": f"{business.municipality} {business.department}"}}
    edges: list[dict] = []

    def add(source, target, items, via, note=""):
        edges.append({"source": source, "target": target, "items": items, "via": via, "note": note})

    for connection in business.connections.all():
        version = version_latest(part=connection)
        via = {"kind": "connection", "id": connection.pk, "title": connection.title, "version": version.number,
               "line": version.line}
        counterparty = f"party:{version.counterparty_id}"
        nodes[counterparty] = _party_node(version.counterparty)
        grouped: dict[tuple[int, str], list[str]] = {}
        for line in version.item_lines.select_related("party", "item").order_by("order", "pk"):
            nodes[f"party:{line.party_id}"] = _party_node(line.party)
            grouped.setdefault((line.party_id, line.direction), []).append(line.item.qualified_label)
        if not grouped:
            add(WARD, counterparty, [], via, version.items_reference)
            add(counterparty, WARD, [], via, version.items_reference)
        for (party_id, direction), labels in grouped.items():
            node = f"party:{party_id}"
            if direction == ConnectionDirection.SENT:
                add(WARD, node, labels, via)
            elif direction == ConnectionDirection.RECEIVED:
                add(node, WARD, labels, via)
            else:  # handled inside the chain: its share reaches the ward through the counterparty
                add(node, counterparty, labels, via, "handled")
    for contract in business.contracts.all():
        version = version_latest(part=contract)
        via = {"kind": "contract", "id": contract.pk, "title": contract.title, "version": version.number,
               "line": None}
        for contractor in version.contractors.select_related("party").prefetch_related("delivers_to__party"):
            node = f"party:{contractor.party_id}"
            nodes[node] = _party_node(contractor.party)
            by_direction: dict[str, list[str]] = {}
            for line in contractor.item_lines.select_related("item").order_by("order", "pk"):
                by_direction.setdefault(line.direction, []).append(line.item.qualified_label)
            if by_direction.get("provided"):
                add(WARD, node, by_direction["provided"], via, "provided")
            if by_direction.get("collected"):
                nodes[SUBJECTS] = {"id": SUBJECTS, "kind": "subjects", "label": business.subject_scope or "本人"}
                add(SUBJECTS, node, by_direction["collected"], via, "collected")
            processed = by_direction.get("processed", [])
            targets = [f"party:{t.party_id}" for t in contractor.delivers_to.all()]
            if processed or not by_direction:
                note = version.items_reference if not by_direction else "processed"
                for target in targets or [WARD]:
                    add(node, target, processed, via, note)
    return {"nodes": list(nodes.values()), "edges": edges}
