"""Audit event names of field encryption, login protection and access changes (registered in GovernanceConfig.ready)."""

SECURITY_EVENTS = {
    "governance.key_rotation.started": "A key ring's data keys began to be re-wrapped under a new key version",
    "governance.key_rotation.finished": "Every data key of a key ring is wrapped by its current key version",
    "governance.master_key.retired": "A master key was retired; the key versions it wrapped were destroyed",
    "governance.data_key.shredded": "A record's data key was destroyed (crypto-shredding)",
    "governance.data_keys.shredded": "Data keys of many records were destroyed at once (crypto-shredding)",
    "governance.login.locked": "Repeated failed logins locked an account or an address",
    "governance.login.refused": "A login was refused because the account or address is locked",
    "governance.login.second_factor_failed": "A second-factor code was wrong",
    "governance.totp.enrolled": "An authenticator (TOTP) was set up for a login",
    "governance.recovery_code.issued": "New one-time recovery codes were issued",
    "governance.recovery_code.used": "A one-time recovery code was used to log in",
    "governance.enrolment_code.issued": "An administrator issued a one-time code for setting up an authenticator",
    "governance.second_factor.reset": "A login's authenticator and recovery codes were removed by an administrator",
    "governance.membership.changed": "A user's role, scope or position in a tenant was changed",
    "governance.membership.deleted": "A user's role in a tenant was taken away",
    "governance.user.access_changed": "A login was (de)activated, or given or denied admin-site or superuser rights",
    "governance.user.password_changed": "A login was given a new password",
    "governance.user.deleted": "A login was deleted",
    "governance.token.revoked": "API tokens of a login were revoked (log-out, new password, reset, deactivation)",
}
