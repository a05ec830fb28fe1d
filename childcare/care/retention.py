"""Temporary care's retention sources, registered with governance (called from ChildcareConfig.ready).

A registration is kept for its rule's period after it expires (``valid_until``), then crypto-shredded: it
has its own data key, so its notes, waiver and refusal reason become unreadable while the child's record
stays. Bookings and their usage (check-in/out, no-shows) carry no personal value, only a reference to the
child, and go after the period counted from the end of the booked day's fiscal year (``fiscal_year_ends_on``).
"""

from django.utils.translation import gettext_lazy as _


def retention_sources_register() -> None:
    from childcare.care.models import CareBooking, CareRegistration
    from governance.retention.sources import register_source

    register_source(name="childcare.temporary_care_registration", model=CareRegistration,
                    triggers={"last_use": "valid_until"}, subject_type="child", subject_field="child",
                    label=_("temporary-care registrations (after their expiry)"))
    register_source(name="childcare.temporary_care_booking", model=CareBooking,
                    triggers={"last_use": "fiscal_year_ends_on"}, subject_type="child", subject_field="child",
                    label=_("temporary-care bookings and usage (after the fiscal year)"))


def registrations_rekey(registrations) -> int:
    """Give registrations sealed with their child's data key a key of their own (re-sealing their values)."""
    from childcare.care.models import CareRegistration

    fields = [f.attname for f in CareRegistration._meta.concrete_fields if type(f).__name__.startswith("Encrypted")]
    count = 0
    for registration in registrations:
        values = {name: getattr(registration, name) for name in fields}
        registration.__dict__.pop("_crypto", None)  # the child's open key: the next save issues a new one
        registration.data_key_id = None
        for name, value in values.items():
            setattr(registration, name, value)
        registration.save(update_fields=["data_key", *fields])
        count += 1
    return count
