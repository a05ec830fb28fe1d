"""Audit event names of operations support (references and field names only, never values)."""

OPERATIONS_EVENTS = {
    "childcare.class.created": "A class was set up for a facility and fiscal year",
    "childcare.class_placement.saved": "A child was placed in a class",
    "childcare.class_staff.granted": "A staff member was granted a class",
    "childcare.class_staff.withdrawn": "A staff member's grant on a class was withdrawn",
}

OPERATIONS_EVENTS.update({
    "childcare.attendance.arrived": "Children were checked in (by their guardian's code or by staff)",
    "childcare.attendance.left": "Children were checked out (by their guardian's code or by staff)",
    "childcare.kiosk_pin.set": "A staff member set their kiosk PIN",
    "childcare.kiosk.unlocked": "A staff member unlocked a facility's kiosk with their PIN",
    "childcare.kiosk.unlock_refused": "A kiosk unlock was refused (wrong, unknown or locked PIN)",
    "childcare.kiosk.locked": "A kiosk was locked (by staff or after inactivity)",
    "childcare.absence_notice.sent": "A guardian sent an absence or lateness notice (field names only)",
    "childcare.absence_notice.withdrawn": "A guardian withdrew an absence or lateness notice",
    "childcare.contact_entry.written": "A contact book entry was written, with its photos (field names only)",
    "childcare.contact_photo.deleted": "A contact-book photo was deleted: a child shown in it was erased",
    "childcare.photo_sharing.decided": "A family let their child appear in shared photos, or refused it",
    "childcare.newsletter.sent": "A newsletter was sent to the families of a facility or class",
    "childcare.newsletter.read": "A guardian opened a newsletter for the first time (read receipt)",
    "childcare.health_record.added": "A health record was added (field names only)",
    "childcare.guidance_plan.saved": "A class's guidance plan was written or rewritten",
    "childcare.daily_log.saved": "A class's daily log was saved (field names only)",
})
