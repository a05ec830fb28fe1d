"""Audit event names of children and guardians (field names only, never values)."""

CHILDCARE_EVENTS = {
    "childcare.child.registered": "A child was registered at a facility (field names only)",
    "childcare.child.updated": "Personal fields of a child were changed (field names only)",
    "childcare.child.left": "A child left the facility (retention counts from this day)",
    "childcare.guardian.added": "A guardian was registered (field names only)",
    "childcare.guardian.linked": "A guardian was linked to a child",
    "childcare.guardian.updated": "Personal fields of a guardian were changed (field names only)",
    "childcare.household_member.added": "A member of a guardian's household was recorded (field names only)",
    "childcare.household_member.updated": "Personal fields of a household member were changed (field names only)",
    "childcare.household_member.removed": "A household member was removed (their values are gone)",
    "childcare.registry_items.checked": "The fields a business's registry does not list were checked empty "
                                        "(field names and counts only)",
    "childcare.child_read.denied": "Someone asked for a child they may not see (answered 'not found')",
}
