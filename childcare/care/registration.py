"""利用登録 — registrations for temporary care: applied for, interviewed, approved or refused; one per fiscal year.

Each service writes its row and one audit event (field names, never values) in one transaction.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from childcare.care.errors import CareConflict, CareInvalid, CareNotFound, CareRefused
from childcare.care.models import CareRegistration, RegistrationStatus
from childcare.care.permissions import is_guardian_of, is_staff_for
from childcare.care.rules import fiscal_year_end
from childcare.children.models import Child
from governance.tenancy.models import User


def _require_staff(actor: User, registration: CareRegistration) -> None:
    if not is_staff_for(actor, registration.child.facility):
        raise CareRefused("care.staff_only", _("Only staff of the registering facility or its department may "
                                               "interview and decide on a registration"))


@transaction.atomic
def registration_apply(*, actor: User, child: Child, fiscal_year: int, notes: str = "") -> CareRegistration:
    """Apply for a child's registration for a fiscal year (by a guardian of the child, or by staff)."""
    if not (is_guardian_of(actor, child) or is_staff_for(actor, child.facility)):
        raise CareNotFound("care.child_not_found", _("No such child among yours"), field="child")
    if not isinstance(notes, str):
        raise CareInvalid("care.notes_not_text", _("The notes must be text"), field="notes")
    if CareRegistration.objects.filter(child=child, fiscal_year=fiscal_year).exists():
        raise CareConflict("care.registration_exists",
                           _("The child already has a registration for fiscal year %(year)s") % {"year": fiscal_year},
                           field="fiscal_year")
    registration = CareRegistration.objects.create(
        municipality_id=child.municipality_id, child=child, fiscal_year=fiscal_year, applied_by=actor,
        valid_until=fiscal_year_end(fiscal_year), notes=notes.strip())
    audit_record("childcare.care_registration.applied", obj=registration, tenant_id=child.municipality_id,
                 actor_id=actor.pk, subjects=[child], fields=["care_registration.notes"] if registration.notes else [],
                 data={"fiscal_year": fiscal_year})
    return registration


@transaction.atomic
def registration_interview(*, actor: User, registration: CareRegistration,
                           interviewed_on: datetime.date) -> CareRegistration:
    """Record the day of the interview (事前面接), which must precede approval."""
    _require_staff(actor, registration)
    if registration.status != RegistrationStatus.APPLIED:
        raise CareConflict("care.registration_decided", _("The registration has already been decided"),
                           field="status")
    if interviewed_on > timezone.localdate():
        raise CareInvalid("care.interview_in_future", _("The interview date %(date)s is in the future")
                          % {"date": interviewed_on.isoformat()}, field="interviewed_on")
    registration.interviewed_on = interviewed_on
    registration.save(update_fields=["interviewed_on"])
    audit_record("childcare.care_registration.interviewed", obj=registration, tenant_id=registration.municipality_id,
                 actor_id=actor.pk, subjects=[registration.child], data={"interviewed_on": interviewed_on.isoformat()})
    return registration


@transaction.atomic
def registration_decide(*, actor: User, registration: CareRegistration, approve: bool,
                        reason: str = "") -> CareRegistration:
    """Approve a registration after its interview, or refuse it with a reason the guardian is shown."""
    _require_staff(actor, registration)
    if registration.status != RegistrationStatus.APPLIED:
        raise CareConflict("care.registration_decided", _("The registration has already been decided"),
                           field="status")
    reason = reason.strip() if isinstance(reason, str) else ""
    if approve and registration.interviewed_on is None:
        raise CareRefused("care.interview_missing", _("Record the interview before approving the registration"),
                          field="interviewed_on")
    if not approve and not reason:
        raise CareInvalid("care.reason_missing", _("A refusal needs a reason"), field="reason")
    registration.status = RegistrationStatus.APPROVED if approve else RegistrationStatus.REFUSED
    registration.refusal_reason = "" if approve else reason
    registration.decided_by, registration.decided_at = actor, timezone.now()
    registration.save()
    audit_record("childcare.care_registration.approved" if approve else "childcare.care_registration.refused",
                 obj=registration, tenant_id=registration.municipality_id, actor_id=actor.pk,
                 subjects=[registration.child], fields=[] if approve else ["care_registration.refusal_reason"])
    return registration
