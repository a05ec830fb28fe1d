"""Which children an actor sees, answered in SQL from their memberships (the access policy then decides
which of the children's fields they read; see childcare.children.access).

- department staff: children of the facilities their department runs;
- facility staff: children of their own facility;
- vendor users: children of a registered business whose approval in force lists items for their party
  (childcare.children.contracts);
- guardians: their own children (a Guardian record linked to their login);
- auditors, committee members, administrators: no child (they see references in the audit log).

Every condition carries the membership's tenant, so no query crosses tenants. A child the actor may not
see is "not found", exactly like an id that does not exist.
"""

import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from childcare.children.contracts import businesses_for_parties
from childcare.children.models import Child, ChildGuardian, Guardian, HouseholdMember
from common.errors import Forbidden, InvalidInput, NotFound
from governance.crypto import blind_index
from governance.tenancy.models import Membership, Role, User

VIEWER_ROLES = (Role.DEPARTMENT_STAFF, Role.FACILITY_STAFF, Role.VENDOR_USER, Role.GUARDIAN)


def _memberships(actor: User) -> list[Membership]:
    if actor is None or not actor.is_authenticated:
        return []
    return [m for m in actor.memberships.all() if m.role in VIEWER_ROLES]


def _guardian_children(actor: User, municipality_id: int) -> QuerySet:
    return ChildGuardian.objects.filter(municipality_id=municipality_id, guardian__user=actor,
                                        guardian__municipality_id=municipality_id).values("child_id")


def children_scope(actor: User, memberships: list[Membership] | None = None) -> Q:
    """The children the actor may see, as one filter; refuses an actor none of whose roles shows children."""
    memberships = _memberships(actor) if memberships is None else memberships
    if not memberships:
        raise Forbidden(_("Your roles give no access to children's records; auditors find reads and changes "
                        "of them in the audit log"))
    scope = Q(pk__in=[])
    vendor_parties: dict[int, set[int]] = {}
    for m in memberships:
        tenant = Q(municipality_id=m.municipality_id)
        if m.role == Role.DEPARTMENT_STAFF:
            scope |= tenant & Q(facility__department_id=m.department_id)
        elif m.role == Role.FACILITY_STAFF:
            scope |= tenant & Q(facility_id=m.facility_id)
        elif m.role == Role.GUARDIAN:
            scope |= tenant & Q(pk__in=_guardian_children(actor, m.municipality_id))
        elif m.role == Role.VENDOR_USER:
            vendor_parties.setdefault(m.municipality_id, set()).add(m.party_id)
    for municipality_id, party_ids in vendor_parties.items():
        businesses = businesses_for_parties(municipality_id=municipality_id, party_ids=party_ids)
        scope |= Q(municipality_id=municipality_id, business_id__in=businesses)
    # A child erased by crypto-shredding (retention) is gone for everyone: its values cannot be read.
    return scope & Q(data_key__shredded_at__isnull=True)


def child_list(*, actor: User, facility_id: int | None = None, include_left: bool = False) -> QuerySet[Child]:
    """The children the actor may see (by default those who have not left), oldest record first.

    Encrypted columns cannot be sorted in SQL: callers sort what they show after reading it.
    """
    qs = Child.objects.filter(children_scope(actor)).select_related("facility")
    if facility_id is not None:
        qs = qs.filter(facility_id=facility_id)
    if not include_left:
        qs = qs.filter(Q(left_on__isnull=True) | Q(left_on__gt=timezone.localdate()))
    return qs.order_by("pk")


def _with_guardians(qs: QuerySet[Child]) -> QuerySet[Child]:
    # Guardians through the default manager, so each one's wrapped data key comes with its row.
    return qs.prefetch_related(
        Prefetch("guardian_links", queryset=ChildGuardian.objects.order_by("order", "pk")),
        Prefetch("guardian_links__guardian", queryset=Guardian.objects.all()),
        Prefetch("guardian_links__guardian__household_members", queryset=HouseholdMember.objects.order_by("pk")),
    )


# What a child can be searched by: the personal field each term is matched on (through its blind index).
SEARCH_TERMS = {"name": "child.name", "kana": "child.kana",
                "guardian_phone": "guardian.phone", "guardian_email": "guardian.email"}


@dataclass(frozen=True)
class ChildSearch:
    children: QuerySet[Child]  # in the actor's scope, matching every term
    fields: tuple[str, ...]  # the personal fields searched by ("child.name", "guardian.phone" …)
    municipality_ids: tuple[int, ...]  # the tenants searched (the actor's)


def child_search(*, actor: User, terms: dict[str, str]) -> ChildSearch:
    """The children the actor may see whose fields equal every term given (exact match on the blind indexes).

    Names and kana match whatever the width and spacing typed; a phone number whatever its hyphens. Children
    who left are included: a search looks for one child, whoever they are. Guardian terms find the children
    of the matching guardians. Whether the actor may read the fields searched by is for the access policy
    (``childcare.children.access.children_search``).
    """
    unknown = sorted(set(terms) - set(SEARCH_TERMS))
    if unknown:
        raise InvalidInput(
            _(
                "Children cannot be searched by %(items)s; use %(items2)s"
            )
            % {
                "items": ', '.join(unknown),
                "items2": ', '.join(SEARCH_TERMS),
            },
                           field=unknown[0])
    given = {key: value for key, value in terms.items() if value and value.strip()}
    if not given:
        raise InvalidInput(
            _(
                "Give at least one of %(items)s to search"
            )
            % {
                "items": ', '.join(SEARCH_TERMS),
            }, field="name")
    by_field: dict[str, dict[str, str]] = {"child": {}, "guardian": {}}
    for key, value in given.items():
        subject, attribute = SEARCH_TERMS[key].split(".")
        if not blind_index.normalise(attribute, value):  # e.g. a phone number of hyphens only
            raise InvalidInput(
                _(
                    "The search term %(key)s has nothing left to match once spaces and separators are removed"
                )
                % {
                    "key": key,
                }, field=key)
        by_field[subject][attribute] = value
    memberships = _memberships(actor)
    scope = children_scope(actor, memberships)
    municipality_ids = tuple(sorted({m.municipality_id for m in memberships}))
    found = Q(pk__in=[])
    for municipality_id in municipality_ids:
        # Each tenant's blind indexes are keyed by its own key: the terms are digested once per tenant.
        matches = Child.objects.matching(tenant=municipality_id, **by_field["child"])
        if by_field["guardian"]:
            guardians = Guardian.objects.matching(tenant=municipality_id, **by_field["guardian"]).values("pk")
            matches = matches.filter(pk__in=ChildGuardian.objects.filter(
                municipality_id=municipality_id, guardian__in=guardians).values("child_id"))
        found |= Q(pk__in=matches.values("pk"))
    children = _with_guardians(Child.objects.filter(scope & found).select_related("facility").order_by("pk"))
    return ChildSearch(children, tuple(SEARCH_TERMS[key] for key in given), municipality_ids)


def child_get(*, actor: User, record_uid: uuid.UUID | str) -> Child:
    """One child the actor may see, with its guardians; NotFound for any other id, existing or not."""
    try:
        uid = record_uid if isinstance(record_uid, uuid.UUID) else uuid.UUID(str(record_uid))
    except ValueError:
        raise NotFound(
            _(
                "No child has the id '%(record_uid)s'"
            )
            % {
                "record_uid": record_uid,
            }, field="record_uid") from None
    child = _with_guardians(Child.objects.filter(children_scope(actor), record_uid=uid)
                            .select_related("facility")).first()
    if child is None:
        raise NotFound(_("No child has the id '%(uid)s'") % {"uid": uid}, field="record_uid")
    return child


def my_children(*, actor: User) -> QuerySet[Child]:
    """The guardian portal: the children of the actor's own Guardian records, with their guardians."""
    memberships = [m for m in _memberships(actor) if m.role == Role.GUARDIAN]
    if not memberships:
        raise Forbidden(_("The guardian portal is for guardians"))
    return _with_guardians(Child.objects.filter(children_scope(actor, memberships))
                           .select_related("facility").order_by("pk"))


def guardian_of_login(*, actor: User) -> Guardian | None:
    """The Guardian record linked to the actor's login in a tenant where they act as guardian (the oldest one),
    unless it was erased; ``None`` for anyone else."""
    tenants = [m.municipality_id for m in _memberships(actor) if m.role == Role.GUARDIAN]
    if not tenants:
        return None
    return Guardian.objects.filter(user=actor, municipality_id__in=tenants,
                                   data_key__shredded_at__isnull=True).order_by("pk").first()
