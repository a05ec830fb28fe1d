"""The access policy's reasons worded for the reader (policies/rego/access/access.rego writes them in English)."""

from django.utils.translation import gettext as _

from policies.messages import register_reason_wordings

WORDINGS = {
    "sensitive_field_not_permitted": lambda r, i: (
        _(
            "%(field)s is sensitive personal information: only nursing staff and the head of the child's own facility "
            "may read it."
        )
        % {"field": r["field"]}
    ),
    "field_not_permitted": lambda r, i: (
        _("Your role does not permit reading %(field)s of this person.") % {"field": r["field"]}
    ),
    "input_invalid": lambda r, i: _("The policy input has no valid fields; access is denied."),
}

register_reason_wordings("access", WORDINGS)
