"""Reading deletion requests, certificates and notices, narrowed to the actor.

Vendor users see their own party's requests only (another party's request is "not found", never
"forbidden": its existence is not theirs to know). The ward — department staff, administrators and
auditors of the tenant — sees its tenant's requests; deciding on a certificate is narrower (see
``ensure_ward_decider``).
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from common.errors import Forbidden, NotFound
from governance.deletion.models import DeletionCertificate, DeletionNotice, DeletionRequest, DeletionStatus, NoticeKind
from governance.registry.access import vendor_party_ids
from governance.tenancy.models import Membership, Party, Role, User

WARD_ROLES = (Role.DEPARTMENT_STAFF, Role.ADMINISTRATOR, Role.AUDITOR)


def ward_tenant_ids(actor: User) -> set[int]:
    """Tenants whose deletion requests the actor may read as the ward."""
    return {m.municipality_id for m in actor.memberships.all() if m.role in WARD_ROLES}


def ensure_involved(actor: User) -> None:
    """Deletion requests are for the vendors they name and the ward's staff and auditors: refuse anyone else."""
    if not vendor_party_ids(actor) and not ward_tenant_ids(actor):
        raise Forbidden(_("Deletion requests are for vendor users and the ward's staff and auditors"))


def staff_tenant_ids(actor: User) -> set[int]:
    """Tenants where the actor is department staff or an administrator (notices, deciding)."""
    return {m.municipality_id for m in actor.memberships.all()
            if m.role in (Role.DEPARTMENT_STAFF, Role.ADMINISTRATOR)}


def deletion_request_list(*, actor: User, status: str = "", party_id: int | None = None
                          ) -> QuerySet[DeletionRequest]:
    """Requests of the actor's party (vendor users) or of the actor's tenants (the ward)."""
    requests = DeletionRequest.objects.filter(
        Q(party_id__in=vendor_party_ids(actor)) | Q(municipality_id__in=ward_tenant_ids(actor))
    ).select_related("party", "municipality")
    if status == "unclosed":
        requests = requests.exclude(status=DeletionStatus.CONFIRMED)
    elif status:
        requests = requests.filter(status=status)
    if party_id is not None:
        requests = requests.filter(party_id=party_id)
    return requests


def deletion_request_get(*, actor: User, pk) -> DeletionRequest:
    request = deletion_request_list(actor=actor).filter(pk=pk).first()
    if request is None:
        raise NotFound(
            _(
                "There is no deletion request %(pk)s for you: it does not exist or concerns another party."
            )
            % {
                "pk": pk,
            },
                       field="request")
    return request


def deletion_request_for_vendor(*, actor: User, pk) -> DeletionRequest:
    """A request of the actor's own party; any other request is not found."""
    request = DeletionRequest.objects.select_related("party").filter(
        pk=pk, party_id__in=vendor_party_ids(actor)).first()
    if request is None:
        raise NotFound(
            _(
                "There is no deletion request %(pk)s for your company: it does not exist or was sent to another "
                "party."
            )
            % {
                "pk": pk,
            }, field="request")
    return request


def deletion_requests_overdue(*, party: Party, today: date) -> QuerySet[DeletionRequest]:
    """The party's requests not yet closed whose due date has passed (what the gate gives the policy)."""
    return DeletionRequest.objects.filter(party=party, due__lt=today).exclude(
        status=DeletionStatus.CONFIRMED).order_by("due", "pk")


def certificate_list(*, request: DeletionRequest) -> QuerySet[DeletionCertificate]:
    """A request's certificates, newest first, without loading the PDFs."""
    return request.certificates.defer("pdf").select_related("uploaded_by", "decided_by").order_by("-uploaded_at",
                                                                                                  "-pk")


def request_department_ids(request: DeletionRequest) -> set[int]:
    """The departments owning the businesses of the channels the request's entries went over."""
    from governance.registry.models import ExternalConnection, OutsourcingContract

    entries = request.entries.values("entry__connection_id", "entry__contract_id")
    connections = {e["entry__connection_id"] for e in entries if e["entry__connection_id"]}
    contracts = {e["entry__contract_id"] for e in entries if e["entry__contract_id"]}
    departments = set(ExternalConnection.businesses.through.objects.filter(
        externalconnection_id__in=connections).values_list("registeredbusiness__department_id", flat=True))
    departments |= set(OutsourcingContract.businesses.through.objects.filter(
        outsourcingcontract_id__in=contracts).values_list("registeredbusiness__department_id", flat=True))
    return departments


def ensure_ward_decider(*, actor: User, request: DeletionRequest) -> None:
    """Only the tenant's administrators and staff of a department owning the exchanged businesses decide."""
    memberships = Membership.objects.filter(user=actor, municipality_id=request.municipality_id)
    if memberships.filter(role=Role.ADMINISTRATOR).exists():
        return
    if memberships.filter(role=Role.DEPARTMENT_STAFF, department_id__in=request_department_ids(request)).exists():
        return
    raise Forbidden(
        _(
            "You may not decide on the certificates of deletion request %(pk)s: only administrators and staff of "
            "the department owning the exchanged data may."
        )
        % {
            "pk": request.pk,
        })


def may_decide(*, actor: User, request: DeletionRequest) -> bool:
    try:
        ensure_ward_decider(actor=actor, request=request)
    except Forbidden:
        return False
    return True


def notice_list(*, actor: User) -> QuerySet[DeletionNotice]:
    """Deletion notices for the actor's party (vendor users) and every notice of the actor's tenants (staff)."""
    vendor_kinds = [NoticeKind.DELETION_REMINDER, NoticeKind.DELETION_OVERDUE]
    return DeletionNotice.objects.filter(
        Q(party_id__in=vendor_party_ids(actor), kind__in=vendor_kinds)
        | Q(municipality_id__in=staff_tenant_ids(actor))
    ).select_related("party", "request", "certification")
