"""Audit event names of operations support (references and field names only, never values)."""

OPERATIONS_EVENTS = {
    "childcare.class.created": "A class was set up for a facility and fiscal year",
    "childcare.class_placement.saved": "A child was placed in a class",
    "childcare.class_staff.granted": "A staff member was granted a class",
    "childcare.class_staff.withdrawn": "A staff member's grant on a class was withdrawn",
}
