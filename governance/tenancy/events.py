"""Audit event names of logins and their roles."""

TENANCY_EVENTS = {
    "governance.user.created": "A login was created",
    "governance.membership.created": "A user was given a role in a tenant",
    "governance.membership.changed": "A user's role, scope or position in a tenant was changed",
    "governance.membership.deleted": "A user's role in a tenant was taken away",
    "governance.user.deleted": "A login was deleted",
}
