"""利用登録 — registrations for temporary care: applied for, interviewed, approved or refused; one per fiscal year.

A guardian applies online for their child (or staff apply on the family's behalf) at a registering facility
(登録施設) of the child's ward, where the interview (事前面接) takes place; that facility's staff or its
department record the interview and decide. Each service checks, then writes its row and one audit event
(field names, never values) in one transaction: a refusal writes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from childcare.care.errors import CareConflict, CareInvalid, CareNotFound, CareRefused
from childcare.care.models import CareFacility, CareRegistration, RegistrationStatus
from childcare.care.permissions import is_guardian_of, is_staff_for
from childcare.care.rules import fiscal_year as fiscal_year_of
from childcare.care.rules import fiscal_year_end, registration_valid_until
from childcare.children.models import Child
from governance.tenancy.models import Facility, User

NOTES_MAX_LENGTH = 2000
NOTE_FIELDS = ("notes", "allergy_notes", "health_notes", "disability_notes")


def _require_staff(actor: User, registration: CareRegistration) -> None:
    if not is_staff_for(actor, registration.facility):
        raise CareRefused("care.staff_only", _("Only staff of the registering facility or its department may "
                                               "interview and decide on a registration"))


def _note(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise CareInvalid("care.notes_not_text", _("The notes must be text"), field=name)
    value = value.strip()
    if len(value) > NOTES_MAX_LENGTH:
        raise CareInvalid("care.notes_too_long", _("%(field)s: at most %(max)s characters (%(count)s given)")
                          % {"field": name, "max": NOTES_MAX_LENGTH, "count": len(value)}, field=name)
    return value


def registration_years(*, today: datetime.date) -> tuple[int, int]:
    """The fiscal years one may apply for: the current one and the next."""
    current = fiscal_year_of(today)
    return current, current + 1


@transaction.atomic
def registration_apply(*, actor: User, child: Child, facility: Facility, fiscal_year: int, notes: str = "",
                       allergy_notes: str = "", health_notes: str = "", disability_notes: str = "",
                       today: datetime.date | None = None) -> CareRegistration:
    """Apply for a child's registration for a fiscal year at a registering facility of the child's ward.

    By a guardian of the child, or by staff of that facility or its department. The allergy, illness and
    disability notes (要配慮個人情報) and the notes for the staff are stored encrypted.
    """
    if child.municipality_id != facility.municipality_id or not CareFacility.objects.filter(
            facility=facility).exists():
        raise CareNotFound("care.facility_not_found", _("Facility %(id)s offers no temporary care")
                           % {"id": facility.pk}, field="facility")
    if not (is_guardian_of(actor, child) or is_staff_for(actor, facility)):
        raise CareNotFound("care.child_not_found", _("No such child among yours"), field="child")
    today = today or timezone.localdate()
    years = registration_years(today=today)
    if fiscal_year not in years:
        raise CareInvalid("care.fiscal_year_invalid", _("Registrations are taken for fiscal year %(current)s or "
                                                        "%(next)s, not %(year)s")
                          % {"current": years[0], "next": years[1], "year": fiscal_year}, field="fiscal_year")
    values = {name: _note(name, value) for name, value in (
        ("notes", notes), ("allergy_notes", allergy_notes), ("health_notes", health_notes),
        ("disability_notes", disability_notes))}
    if CareRegistration.objects.filter(child=child, fiscal_year=fiscal_year).exists():
        raise CareConflict("care.registration_exists",
                           _("The child already has a registration for fiscal year %(year)s") % {"year": fiscal_year},
                           field="fiscal_year")
    term = CareFacility.objects.get(facility=facility).registration_term
    registration = CareRegistration.objects.create(
        municipality_id=child.municipality_id, child=child, facility=facility, fiscal_year=fiscal_year,
        applied_by=actor, valid_until=registration_valid_until(term=term, year=fiscal_year, today=today), **values)
    audit_record("childcare.care_registration.applied", obj=registration, tenant_id=child.municipality_id,
                 actor_id=actor.pk, subjects=[child],
                 fields=[f"care_registration.{name}" for name in NOTE_FIELDS if values[name]],
                 data={"fiscal_year": fiscal_year, "facility_id": facility.pk})
    return registration


@transaction.atomic
def registration_interview(*, actor: User, registration: CareRegistration,
                           interviewed_on: datetime.date) -> CareRegistration:
    """Record the day of the interview (事前面接), which precedes approval where the facility's rules say so."""
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
    """Approve a registration (after its interview where the rules require one), or refuse it with a reason."""
    _require_staff(actor, registration)
    if registration.status != RegistrationStatus.APPLIED:
        raise CareConflict("care.registration_decided", _("The registration has already been decided"),
                           field="status")
    reason = _note("reason", reason if reason is not None else "")
    interview_required = CareFacility.objects.filter(facility_id=registration.facility_id,
                                                     interview_required=True).exists()
    if approve and interview_required and registration.interviewed_on is None:
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


@transaction.atomic
def registration_renew(*, actor: User, registration: CareRegistration,
                       today: datetime.date | None = None) -> CareRegistration:
    """更新: a half-year registration runs on to the fiscal year's end; one at the fiscal year's end is renewed by
    an application for the next fiscal year, with the same notes and the interview already held (staff then
    decide it). By a guardian of the child or staff of the registering facility or its department."""
    today = today or timezone.localdate()
    if not (is_guardian_of(actor, registration.child) or is_staff_for(actor, registration.facility)):
        raise CareNotFound("care.registration_not_found", _("No such registration among yours"),
                           field="registration")
    if registration.status != RegistrationStatus.APPROVED:
        raise CareConflict("care.registration_not_approved", _("Only an approved registration is renewed"),
                           field="registration")
    if registration.valid_until < fiscal_year_end(registration.fiscal_year):
        previous = registration.valid_until
        registration.valid_until = fiscal_year_end(registration.fiscal_year)
        registration.save(update_fields=["valid_until"])
        audit_record("childcare.care_registration.renewed", obj=registration, tenant_id=registration.municipality_id,
                     actor_id=actor.pk, subjects=[registration.child],
                     data={"from": previous.isoformat(), "until": registration.valid_until.isoformat()})
        return registration
    year = registration.fiscal_year + 1
    if year not in registration_years(today=today):
        raise CareInvalid("care.renewal_too_early", _("Renewal for fiscal year %(year)s opens on %(date)s")
                          % {"year": year, "date": datetime.date(year - 1, 4, 1).isoformat()}, field="registration")
    if CareRegistration.objects.filter(child=registration.child, fiscal_year=year).exists():
        raise CareConflict("care.registration_exists",
                           _("The child already has a registration for fiscal year %(year)s") % {"year": year},
                           field="fiscal_year")
    term = CareFacility.objects.get(facility=registration.facility).registration_term
    renewed = CareRegistration.objects.create(
        municipality_id=registration.municipality_id, child=registration.child, facility=registration.facility,
        fiscal_year=year, applied_by=actor, interviewed_on=registration.interviewed_on,
        valid_until=registration_valid_until(term=term, year=year, today=today),
        **{name: getattr(registration, name) or "" for name in NOTE_FIELDS}, fee_waiver=registration.fee_waiver or "")
    audit_record("childcare.care_registration.renewed", obj=renewed, tenant_id=renewed.municipality_id,
                 actor_id=actor.pk, subjects=[renewed.child],
                 fields=[f"care_registration.{name}" for name in NOTE_FIELDS if getattr(renewed, name)],
                 data={"renews": registration.pk, "fiscal_year": year, "until": renewed.valid_until.isoformat()})
    return renewed
