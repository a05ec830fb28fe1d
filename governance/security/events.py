"""Audit event names of signing in and API tokens (registered in GovernanceConfig.ready)."""

SECURITY_EVENTS = {
    "governance.user.logged_in": "A user logged in",
    "governance.user.logged_out": "A user logged out",
    "governance.user.login_failed": "A login attempt failed",
    "governance.token.issued": "An API token was issued",
    "governance.login.locked": "Repeated failed logins locked an account or an address",
    "governance.login.refused": "A login was refused because the account or address is locked",
    "governance.login.second_factor_failed": "A second-factor code was wrong",
    "governance.totp.enrolled": "An authenticator (TOTP) was set up for a login",
    "governance.recovery_code.issued": "New one-time recovery codes were issued",
    "governance.recovery_code.used": "A one-time recovery code was used to log in",
    "governance.enrolment_code.issued": "An administrator issued a one-time code for setting up an authenticator",
    "governance.second_factor.reset": "A login's authenticator and recovery codes were removed by an administrator",
    "governance.user.access_changed": "A login was (de)activated, or given or denied admin-site or superuser rights",
    "governance.user.password_changed": "A login was given a new password",
    "governance.token.revoked": "API tokens of a login were revoked (log-out, new password, reset, deactivation)",
}
