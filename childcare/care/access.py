"""Reading children's personal fields for temporary care's pages, with the access policy and one access event.

A family's own page goes through ``childcare.children.access.children_read`` (the guardian portal's purpose).
A facility's roster asks the access policy as staff of the facility the child comes to that day, and the
registrations page as staff of the registering facility (登録施設) — the child may attend another facility or
none — then each records one access event per response. The registration's allergy, illness and disability
notes and its notes for the staff are sensitive: only the nurse and the facility head read them.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from audit.services import record_access
from childcare.care import selectors
from childcare.care.errors import CareRefused
from childcare.care.models import CareBooking, CareRegistration, RegistrationStatus
from childcare.care.permissions import is_staff_for
from childcare.children.fields import FIELDS
from governance.tenancy.models import Facility, Role, User
from policies import decide

PURPOSE_ROSTER = "childcare.care.roster"
PURPOSE_REGISTRATION = "childcare.care.registration"
PURPOSE_FAMILY = "childcare.guardian.portal"
ROSTER_FIELDS = ("child.name", "child.kana", "child.allergy_notes", "child.health_notes", "child.disability_notes")
REGISTRATION_CHILD_FIELDS = ("child.name", "child.kana", "child.birth_date")
# The registration's own notes, asked of the policy like the child's sensitive fields.
REGISTRATION_NOTES = ("allergy_notes", "health_notes", "disability_notes", "notes")


@dataclass(frozen=True)
class RosterLine:
    booking_id: int
    booking: CareBooking  # its attendance: checked in/out, late units, no-show
    slot: str
    band: str
    values: dict  # attribute → value, only what the policy lets this actor read
    notes: str | None  # 申送事項, shown with the sensitive fields only


def roster_read(*, actor: User, facility: Facility, date: datetime.date,
                booking_id: int | None = None) -> list[RosterLine]:
    """The day's roster of a facility for its staff: names, and notes where the policy lets the role read them.

    With ``booking_id``, that one line only (a row redrawn after a check-in): one child read, one event.
    """
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
    bookings = selectors.roster_bookings(facility=facility, date=date)
    bookings = list(bookings.filter(pk=booking_id) if booking_id is not None else bookings)
    lines = [RosterLine(booking_id=b.pk, booking=b, slot=b.place.slot.label, band=b.place.band,
                        values={FIELDS[n].attribute: getattr(b.child, FIELDS[n].attribute) for n in allowed},
                        notes=" ".join(v for v in (getattr(b.registration, a) for a in REGISTRATION_NOTES) if v)
                        if notes_allowed else None) for b in bookings]
    shown = [*allowed, *([f"care_registration.{a}" for a in REGISTRATION_NOTES] if notes_allowed else [])]
    if bookings and shown:
        record_access(subjects=[b.child for b in bookings], fields=shown, purpose=PURPOSE_ROSTER,
                      tenant_id=facility.municipality_id,
                      sensitive_fields=[n for n in shown if n not in ("child.name", "child.kana")],
                      subject_facility_ids=[facility.pk] * len(bookings),
                      actor_facility_ids=facility_ids if Role.FACILITY_STAFF in {m.role for m in memberships}
                      else None)
    return lines


@dataclass(frozen=True)
class RegistrationLine:
    registration: CareRegistration
    values: dict  # the child's attribute → value, only what the policy lets this actor read
    notes: dict | None  # the registration's notes by attribute; None when the role may not read them


def _staff_actor(actor: User, municipality_id: int, facility_id: int) -> tuple[dict, list[int], bool]:
    memberships = [m for m in actor.memberships.all() if m.municipality_id == municipality_id]
    facility_ids = sorted({m.facility_id for m in memberships if m.role == Role.FACILITY_STAFF})
    positions = sorted({m.position for m in memberships
                        if m.role == Role.FACILITY_STAFF and m.facility_id == facility_id and m.position})
    return ({"user_id": actor.pk, "roles": sorted({m.role for m in memberships}), "facility_ids": facility_ids,
             "party_ids": [], "positions": positions}, facility_ids,
            Role.FACILITY_STAFF in {m.role for m in memberships})


def registrations_read(*, actor: User, registrations: list[CareRegistration]) -> list[RegistrationLine]:
    """Registrations for the staff deciding them: the child's name and date of birth, notes where permitted.

    ``registrations`` come from ``selectors.staff_registrations``; the policy is asked as staff of each
    registering facility, and one access event per ward names every child and field shown.
    """
    note_inputs = [{"name": f"care_registration.{a}", "sensitive": True, "financial": False}
                   for a in REGISTRATION_NOTES]
    decisions: dict[int, set[str]] = {}
    lines: list[RegistrationLine] = []
    shown_by_ward: dict[int, tuple[list, set, list, list[int] | None]] = {}
    for registration in registrations:
        if registration.facility_id not in decisions:
            actor_input, _ids, _bound = _staff_actor(actor, registration.municipality_id, registration.facility_id)
            decisions[registration.facility_id] = set(decide("access", {
                "actor": actor_input,
                "subject": {"facility_id": registration.facility_id, "contract_party_ids": [],
                            "approved_items_by_party": {}, "guardian_user_ids": []},
                "fields": [*(FIELDS[n].policy_input() for n in REGISTRATION_CHILD_FIELDS), *note_inputs],
            }).get("fields") or [])
        allowed = decisions[registration.facility_id]
        child_fields = [n for n in REGISTRATION_CHILD_FIELDS if n in allowed]
        note_fields = [a for a in REGISTRATION_NOTES if f"care_registration.{a}" in allowed]
        child = registration.child
        lines.append(RegistrationLine(
            registration=registration,
            values={FIELDS[n].attribute: getattr(child, FIELDS[n].attribute) for n in child_fields},
            notes={a: getattr(registration, a) for a in note_fields} if note_fields else None))
        if child_fields or note_fields:
            _a, facility_ids, bound = _staff_actor(actor, registration.municipality_id, registration.facility_id)
            subjects, fields, facilities, _ = shown_by_ward.setdefault(
                registration.municipality_id, ([], set(), [], facility_ids if bound else None))
            subjects.append(child)
            fields.update([*child_fields, *(f"care_registration.{a}" for a in note_fields)])
            facilities.append(registration.facility_id)
    for municipality_id, (subjects, fields, facilities, actor_facility_ids) in shown_by_ward.items():
        record_access(subjects=subjects, fields=sorted(fields), purpose=PURPOSE_REGISTRATION,
                      tenant_id=municipality_id,
                      sensitive_fields=[n for n in fields if n.startswith("care_registration.")],
                      subject_facility_ids=facilities, actor_facility_ids=actor_facility_ids)
    return lines


def family_refusal_reasons(*, registrations: list[CareRegistration]) -> dict[int, str]:
    """The reasons of a family's refused registrations (registration id → reason), read with one access event.

    ``registrations`` come from ``selectors.family_registrations`` (the actor's own children): a guardian
    reads everything about their own child, so there is no policy question, only the record of the read.
    """
    refused = [r for r in registrations if r.status == RegistrationStatus.REFUSED]
    reasons = {r.pk: r.refusal_reason for r in refused}
    for municipality_id in dict.fromkeys(r.municipality_id for r in refused):
        ward = [r for r in refused if r.municipality_id == municipality_id]
        record_access(subjects=[r.child for r in ward], fields=["care_registration.refusal_reason"],
                      purpose=PURPOSE_FAMILY, tenant_id=municipality_id,
                      subject_facility_ids=[r.facility_id for r in ward])
    return reasons
