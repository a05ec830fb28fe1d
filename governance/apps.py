from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "ガバナンス (governance)"

    def ready(self):
        from audit.registry import register_events
        from audit.scope import register_audit_scope
        from governance import signals
        from governance.selectors import audit_scope_for

        register_events({
            "governance.user.created": "A login was created",
            "governance.user.logged_in": "A user logged in",
            "governance.user.logged_out": "A user logged out",
            "governance.user.login_failed": "A login attempt failed",
            "governance.token.issued": "An API token was issued",
            "governance.membership.created": "A user was given a role in a tenant",
        })
        register_audit_scope(audit_scope_for)
        signals.connect()
