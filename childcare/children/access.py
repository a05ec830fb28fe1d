"""THE one place that reads children's and guardians' personal fields.

Pages, the API and exports hand the children a selector returned (already narrowed to the actor) to
:func:`children_read` with the fields they would like to show. For each child it asks the access
policy (``policies.decide("access", …)``, policies/rego/access/access.rego) which of those fields this
actor may read, opens only those, and records ONE access event for the whole response
(``audit.services.record_access``): the actor, every child and guardian shown, the field names
actually shown (never values), the purpose, the channel and the facility ids, so the periodic log
analysis can flag reads of another facility's children. Callers get plain views, not model
instances, so a template cannot read a field the policy withheld.
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from audit.services import record_access
from childcare.children import reasons as _reasons  # noqa: F401  (the policy's reasons, worded)
from childcare.children import selectors
from childcare.children.contracts import approved_party_fields
from childcare.children.fields import FIELDS, PersonalField, held_fields
from childcare.children.models import Child, ChildGuardian
from common.errors import InvalidInput
from governance.crypto.shredding import record_shredded
from governance.tenancy.models import Membership, Role, User
from policies import decide

# Why a page reads (shown to auditors as the access event's purpose).
PURPOSE_LIST = "childcare.children.list"
PURPOSE_DETAIL = "childcare.child.detail"
PURPOSE_EXPORT = "childcare.children.export"
PURPOSE_PORTAL = "childcare.guardian.portal"
PURPOSE_SEARCH = "childcare.children.search"
PURPOSE_GREETING = "childcare.guardian.greeting"
PURPOSE_OWN_RECORD = "childcare.guardian.own_record"
# Operations support's pages read children through here too (childcare.operations.access names them).
OPERATIONS_PURPOSES = ("childcare.operations.class", "childcare.operations.board", "childcare.operations.kiosk",
                       "childcare.operations.daily_log")
PURPOSES = (PURPOSE_LIST, PURPOSE_DETAIL, PURPOSE_EXPORT, PURPOSE_PORTAL, PURPOSE_SEARCH, PURPOSE_GREETING,
            PURPOSE_OWN_RECORD,
            *OPERATIONS_PURPOSES)


@dataclass(frozen=True)
class GuardianView:
    record_uid: uuid.UUID
    values: dict[str, Any]  # attribute → value, only the fields shown


@dataclass(frozen=True)
class ChildView:
    record_uid: uuid.UUID
    pk: int
    facility_id: int
    facility: str
    enrolled_on: datetime.date
    left_on: datetime.date | None
    values: dict[str, Any]  # attribute → value, only the fields shown
    guardians: tuple[GuardianView, ...] = ()
    household: tuple[GuardianView, ...] = ()  # the guardians' household members (同居家族), same shape
    fields: tuple[str, ...] = ()  # names shown
    withheld: tuple[str, ...] = ()  # names asked for but not permitted to this actor


@dataclass
class _Tenant:
    """What the policy input needs about the actor in one tenant, gathered once per response."""

    memberships: list[Membership]
    party_fields: dict[int, dict[int, frozenset[str]]] | None = None  # business → party → fields (vendors)
    guarded_child_ids: set[int] = field(default_factory=set)  # children the actor is a guardian of

    @property
    def roles(self) -> list[str]:
        return sorted({m.role for m in self.memberships})

    @property
    def facility_ids(self) -> list[int]:
        return sorted({m.facility_id for m in self.memberships if m.role == Role.FACILITY_STAFF})

    @property
    def party_ids(self) -> list[int]:
        return sorted({m.party_id for m in self.memberships if m.role == Role.VENDOR_USER})

    def positions_at(self, facility_id: int) -> list[str]:
        # Only the positions held at the child's own facility: a nurse elsewhere is not a nurse here.
        return sorted({m.position for m in self.memberships
                       if m.role == Role.FACILITY_STAFF and m.facility_id == facility_id and m.position})


def _tenant_context(actor: User, municipality_id: int, children: list[Child]) -> _Tenant:
    tenant = _Tenant([m for m in actor.memberships.all() if m.municipality_id == municipality_id])
    if tenant.party_ids:  # the registry's approvals matter to vendor users only
        tenant.party_fields = approved_party_fields(municipality_id=municipality_id)
    if Role.GUARDIAN in tenant.roles:
        tenant.guarded_child_ids = set(ChildGuardian.objects.filter(
            municipality_id=municipality_id, guardian__user=actor, guardian__municipality_id=municipality_id,
            child__in=[c.pk for c in children]).values_list("child_id", flat=True))
    return tenant


def policy_input(*, actor: User, tenant: _Tenant, child: Child, fields: Sequence[PersonalField]) -> dict:
    """The access policy's input for one child (shape documented in policies/rego/access/access.rego).

    The field names are childcare's ("child.allergy_notes"); a vendor party's approved items are given
    as the field names they cover (childcare.children.fields), so the policy compares like with like.
    """
    parties = (tenant.party_fields or {}).get(child.business_id, {})
    return {
        "actor": {"user_id": actor.pk, "roles": tenant.roles, "facility_ids": tenant.facility_ids,
                  "party_ids": tenant.party_ids, "positions": tenant.positions_at(child.facility_id)},
        "subject": {"facility_id": child.facility_id, "contract_party_ids": sorted(parties),
                    "approved_items_by_party": {str(p): sorted(f) for p, f in sorted(parties.items())},
                    # Only whether THIS actor is a guardian matters; no other login's id is needed.
                    "guardian_user_ids": [actor.pk] if child.pk in tenant.guarded_child_ids else []},
        "fields": [f.policy_input() for f in fields],
    }


def _requested(names: Sequence[str]) -> list[PersonalField]:
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise InvalidInput(
            _(
                "Unknown personal field(s) %(items)s; known: %(items2)s"
            )
            % {
                "items": ', '.join(unknown),
                "items2": ', '.join(FIELDS),
            },
                           field="fields")
    return [FIELDS[n] for n in dict.fromkeys(names)]


def children_search(*, actor: User, terms: dict[str, str], fields: Sequence[str], limit: int,
                    channel: str | None = None) -> list[ChildView]:
    """Search children (``selectors.child_search``) and open the permitted ``fields`` of those found.

    A child is found only if the actor may read every field searched by: a match on a field the actor may
    not read would confirm its value. A match discloses the fields searched by, so the access event names
    them among the fields read (and the guardians, for a guardian's phone or e-mail); every tenant searched
    records an event, found anyone or not, so that probing is in the log too. Values searched for never are.
    """
    search = selectors.child_search(actor=actor, terms=terms)
    return children_read(actor=actor, children=search.children[:limit], fields=[*fields, *search.fields],
                         purpose=PURPOSE_SEARCH, channel=channel, search=search)


def children_read(*, actor: User, children: Sequence[Child], fields: Sequence[str], purpose: str,
                  channel: str | None = None, search: selectors.ChildSearch | None = None) -> list[ChildView]:
    """Open the permitted fields of these children (and their guardians) and record one access event.

    ``children`` come from a childcare selector (so the actor may see each of them); guardians' fields are
    read from the children's prefetched ``guardian_links``. Returns one view per child, in the given order.
    When nothing personal is shown, nothing is recorded. A response spanning two tenants (a person working
    for two wards) records one event per tenant, because each tenant's auditors see only their own.
    """
    if purpose not in PURPOSES:
        raise InvalidInput(_("Unknown purpose '%(purpose)s'") % {"purpose": purpose}, field="purpose")
    requested = _requested(fields)
    children = list(children)
    tenants: dict[int, _Tenant] = {}
    for municipality_id in dict.fromkeys(c.municipality_id for c in children):
        tenants[municipality_id] = _tenant_context(actor, municipality_id,
                                                   [c for c in children if c.municipality_id == municipality_id])
    decisions: dict[tuple, Any] = {}
    held: dict[int, list[PersonalField]] = {}
    found: list[tuple[Child, ChildView]] = []
    for child in children:
        tenant = tenants[child.municipality_id]
        # A business held exactly to its registry has no other field: it is neither read nor "withheld".
        if child.business_id not in held:
            names = held_fields(child.business)
            held[child.business_id] = [f for f in requested if names is None or f.name in names]
        asked = held[child.business_id]
        # Children with the same facility, business and guardianship get the same answer: ask once.
        key = (child.municipality_id, child.facility_id, child.business_id, child.pk in tenant.guarded_child_ids)
        if key not in decisions:
            decisions[key] = decide("access", policy_input(actor=actor, tenant=tenant, child=child, fields=asked))
        allowed = set(decisions[key].get("fields") or [])
        if search is None or allowed.issuperset(search.fields):
            found.append((child, _view(child, asked, allowed)))
    # A search is recorded in every tenant searched, found anyone or not; a read, where something was shown.
    for municipality_id in dict.fromkeys([*tenants, *(search.municipality_ids if search else ())]):
        shown = [(c, v) for c, v in found if c.municipality_id == municipality_id and v.fields]
        if shown or search:
            tenant = tenants.get(municipality_id) or _tenant_context(actor, municipality_id, [])
            _record(tenant, municipality_id, shown, purpose=purpose, channel=channel,
                    searched_by=search.fields if search else None)
    return [view for _, view in found]


def _live_links(child: Child) -> list:
    """The child's guardian links whose guardian has not been erased (a guardian's retention can end first)."""
    return [link for link in child.guardian_links.all() if not record_shredded(link.guardian)]


def _household(child: Child) -> list:
    """The household members of the child's live guardians (each once, for two guardians of one home)."""
    members = {}
    for link in _live_links(child):
        for member in link.guardian.household_members.all():
            members.setdefault(member.pk, member)
    return list(members.values())


def _view(child: Child, requested: list[PersonalField], allowed: set[str]) -> ChildView:
    shown = [f for f in requested if f.name in allowed]
    values = {f.attribute: getattr(child, f.attribute) for f in shown if f.subject == "child"}
    guardian_fields = [f for f in shown if f.subject == "guardian"]
    guardians: list[GuardianView] = []
    if guardian_fields:
        for link in _live_links(child):
            guardian = link.guardian
            guardians.append(GuardianView(guardian.record_uid, {
                f.attribute: link.relationship if f.attribute == "relationship" else getattr(guardian, f.attribute)
                for f in guardian_fields}))
    household_fields = [f for f in shown if f.subject == "household_member"]
    household = tuple(GuardianView(m.record_uid, {f.attribute: getattr(m, f.attribute) for f in household_fields})
                      for m in _household(child)) if household_fields else ()
    names = tuple(f.name for f in shown if f.subject == "child" or (f.subject == "guardian" and guardians)
                  or (f.subject == "household_member" and household))
    return ChildView(record_uid=child.record_uid, pk=child.pk, facility_id=child.facility_id,
                     facility=child.facility.name, enrolled_on=child.enrolled_on, left_on=child.left_on,
                     values=values, guardians=tuple(guardians), household=household, fields=names,
                     withheld=tuple(f.name for f in requested if f.name not in allowed))


def _record(tenant: _Tenant, municipality_id: int, shown: list[tuple[Child, ChildView]], *, purpose: str,
            channel: str | None, searched_by: Sequence[str] | None) -> None:
    subjects: list[Any] = []
    names: set[str] = set()
    for child, view in shown:
        subjects.append(child)
        if view.guardians:
            subjects.extend(link.guardian for link in _live_links(child))
        if view.household:
            subjects.extend(_household(child))
        names.update(view.fields)
    # record_access is its own transaction; wrapping it again would only add a savepoint's round trips.
    record_access(
        subjects=subjects, fields=names, purpose=purpose, tenant_id=municipality_id, channel=channel,
        sensitive_fields=[n for n in names if FIELDS[n].sensitive],
        subject_facility_ids=[child.facility_id for child, _ in shown],
        # Only actors bound to facilities are compared with the children's facilities.
        actor_facility_ids=tenant.facility_ids if Role.FACILITY_STAFF in tenant.roles else None,
        searched_by=searched_by,
    )


def guardian_greeting_name(actor: User) -> str | None:
    """The guardian's own name, to greet them on the home page (``None`` for anyone but a guardian); recorded.

    A guardian reads their own record here, which the access policy (about children) has no question for;
    the read is still an access event like any other.
    """
    if actor is None or not actor.is_authenticated:
        return None
    guardian = selectors.guardian_of_login(actor=actor)
    if guardian is None or record_shredded(guardian):
        return None
    name = guardian.name
    record_access(subjects=[guardian], fields=["guardian.name"], purpose=PURPOSE_GREETING,
                  tenant_id=guardian.municipality_id)
    return name


def fields_permitted(*, actor: User, child: Child) -> set[str]:
    """The names of the fields the access policy lets the actor read about this child (nothing is opened)."""
    tenant = _tenant_context(actor, child.municipality_id, [child])
    decision = decide("access", policy_input(actor=actor, tenant=tenant, child=child, fields=list(FIELDS.values())))
    return set(decision.get("fields") or [])


def own_record_read(*, actor: User, guardian, members: Sequence, fields: Sequence[str]) -> None:
    """Record a guardian opening their own record and household to edit them (like the greeting, their own)."""
    record_access(subjects=[guardian, *members], fields=fields, purpose=PURPOSE_OWN_RECORD,
                  tenant_id=guardian.municipality_id,
                  sensitive_fields=[n for n in fields if FIELDS[n].sensitive])
