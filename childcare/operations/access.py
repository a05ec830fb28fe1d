"""Which of operations support's own personal fields a staff member may read, asked of the access policy.

Fields are named ``"<record>.<attribute>"`` ("absence_notice.reason", "health_record.temperature") and
asked about the child's facility exactly like the children's fields (policies/rego/access/access.rego):
sensitive ones only for the nurse and the head of that facility.
"""

from dataclasses import dataclass

from governance.tenancy.models import Facility, Role, User
from policies import decide


@dataclass(frozen=True)
class OperationsField:
    name: str
    sensitive: bool

    def policy_input(self) -> dict:
        return {"name": self.name, "sensitive": self.sensitive, "financial": False}


ABSENCE_REASON = OperationsField("absence_notice.reason", sensitive=True)


def actor_facility_ids(actor: User, municipality_id: int) -> list[int] | None:
    """The actor's facilities (for the access event), or None for an actor not bound to facilities."""
    memberships = [m for m in actor.memberships.all() if m.municipality_id == municipality_id]
    if not any(m.role == Role.FACILITY_STAFF for m in memberships):
        return None
    return sorted({m.facility_id for m in memberships if m.role == Role.FACILITY_STAFF})


def readable(*, actor: User, facility: Facility, fields: list[OperationsField]) -> set[str]:
    """The names of ``fields`` the actor may read about children of ``facility``."""
    memberships = [m for m in actor.memberships.all() if m.municipality_id == facility.municipality_id]
    decision = decide("access", {
        "actor": {"user_id": actor.pk, "roles": sorted({m.role for m in memberships}),
                  "facility_ids": sorted({m.facility_id for m in memberships if m.role == Role.FACILITY_STAFF}),
                  "party_ids": [],
                  "positions": sorted({m.position for m in memberships if m.role == Role.FACILITY_STAFF
                                       and m.facility_id == facility.pk and m.position})},
        "subject": {"facility_id": facility.pk, "contract_party_ids": [], "approved_items_by_party": {},
                    "guardian_user_ids": []},
        "fields": [f.policy_input() for f in fields],
    })
    return set(decision.get("fields") or [])
