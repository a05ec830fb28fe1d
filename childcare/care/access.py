"""Reading children's personal fields for temporary care's pages, with the access policy and one access event.

A family's own page goes through ``childcare.children.access.children_read`` (the guardian portal's purpose).
A facility's roster asks the access policy as staff of the facility the child comes to that day (the child's
record is held at the facility that registered it), then records one access event for the whole roster.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from audit.services import record_access
from childcare.care import selectors
from childcare.care.errors import CareRefused
from childcare.care.permissions import is_staff_for
from childcare.children.fields import FIELDS
from governance.tenancy.models import Facility, Role, User
from policies import decide

PURPOSE_ROSTER = "childcare.care.roster"
ROSTER_FIELDS = ("child.name", "child.kana", "child.allergy_notes", "child.health_notes", "child.disability_notes")


@dataclass(frozen=True)
class RosterLine:
    booking_id: int
    slot: str
    band: str
    values: dict  # attribute → value, only what the policy lets this actor read
    notes: str | None  # 申送事項, shown with the sensitive fields only


def roster_read(*, actor: User, facility: Facility, date: datetime.date) -> list[RosterLine]:
    """The day's roster of a facility for its staff: names, and notes where the policy lets the role read them."""
    if not is_staff_for(actor, facility):
        raise CareRefused("care.staff_only", _("Only staff of the facility or its department see its roster"))
    memberships = [m for m in actor.memberships.all() if m.municipality_id == facility.municipality_id]
    facility_ids = sorted({m.facility_id for m in memberships if m.role == Role.FACILITY_STAFF})
    positions = sorted({m.position for m in memberships
                        if m.role == Role.FACILITY_STAFF and m.facility_id == facility.pk and m.position})
    decision = decide("access", {
        "actor": {"user_id": actor.pk, "roles": sorted({m.role for m in memberships}), "facility_ids": facility_ids,
                  "party_ids": [], "positions": positions},
        "subject": {"facility_id": facility.pk, "contract_party_ids": [], "approved_items_by_party": {},
                    "guardian_user_ids": []},
        "fields": [FIELDS[name].policy_input() for name in ROSTER_FIELDS],
    })
    allowed = [name for name in ROSTER_FIELDS if name in set(decision.get("fields") or [])]
    notes_allowed = "child.health_notes" in allowed
    bookings = list(selectors.roster_bookings(facility=facility, date=date))
    lines = [RosterLine(booking_id=b.pk, slot=b.place.slot.label, band=b.place.band,
                        values={FIELDS[n].attribute: getattr(b.child, FIELDS[n].attribute) for n in allowed},
                        notes=b.registration.notes if notes_allowed else None) for b in bookings]
    shown = [*allowed, *(["care_registration.notes"] if notes_allowed else [])]
    if bookings and shown:
        record_access(subjects=[b.child for b in bookings], fields=shown, purpose=PURPOSE_ROSTER,
                      tenant_id=facility.municipality_id,
                      sensitive_fields=[n for n in shown if n not in ("child.name", "child.kana")],
                      subject_facility_ids=[facility.pk] * len(bookings),
                      actor_facility_ids=facility_ids if Role.FACILITY_STAFF in {m.role for m in memberships}
                      else None)
    return lines
