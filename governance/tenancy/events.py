"""Audit event names of logins and their roles."""

TENANCY_EVENTS = {
    "governance.user.created": "A login was created",
    "governance.membership.created": "A user was given a role in a tenant",
}
