"""Audit event names of temporary care (references and field names, never values)."""

CARE_EVENTS = {
    "childcare.care_registration.applied": "A guardian or staff applied for a child's temporary-care registration",
    "childcare.care_registration.interviewed": "Staff recorded the registration interview (事前面接)",
    "childcare.care_registration.approved": "Staff approved a temporary-care registration",
    "childcare.care_registration.refused": "Staff refused a temporary-care registration, with a reason",
    "childcare.care_booking.created": "A temporary-care place was booked",
    "childcare.care_booking.cancelled": "A temporary-care booking was cancelled (fee by the facility's rule)",
    "childcare.care_waitlist.joined": "A child joined the waiting list of a full place",
    "childcare.care_waitlist.offered": "A freed place was offered to the next child on the waiting list",
    "childcare.care_waitlist.accepted": "A waiting-list offer was confirmed and became a booking",
    "childcare.care_waitlist.lapsed": "A waiting-list offer was declined or not confirmed in time",
    "childcare.care_booking.checked_in": "Facility staff recorded a child's arrival for a booking (real time)",
    "childcare.care_booking.checked_out": "Facility staff recorded a child's pick-up (late pick-up in 30-minute units)",
    "childcare.care_booking.no_show": "Facility staff marked a booking as a no-show",
    "childcare.care_fee.issued": "A household's temporary-care fees of a month were billed (charge and slip)",
    "childcare.care_registration.waiver_set": "Staff recorded a household's fee waiver on a registration",
    "childcare.care_lottery.committed": "A lottery opened: the SHA-256 of its sealed seed committed to the log",
    "childcare.care_lottery.applied": "A child applied for a place in a lottery",
    "childcare.care_lottery.drawn": "A lottery was drawn: its seed revealed, with the hash of the drawn orders",
    "childcare.care_lottery.verified": "An auditor re-ran a lottery's draw from its revealed seed",
    "childcare.care_registration.renewed": "A registration was renewed: to the fiscal year's end, or applied for "
                                           "the next fiscal year with the same notes",
}
