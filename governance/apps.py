from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "ガバナンス (governance)"

    def ready(self):
        from audit.registry import register_events
        from audit.scope import register_tenant_scope
        from governance import signals
        from governance.selectors import audited_tenant_ids

        register_events({
            "governance.user.created": "A login was created",
            "governance.user.logged_in": "A user logged in",
            "governance.user.logged_out": "A user logged out",
            "governance.user.login_failed": "A login attempt failed",
            "governance.token.issued": "An API token was issued",
            "governance.membership.created": "A user was given a role in a tenant",
        })
        register_tenant_scope(audited_tenant_ids)
        signals.connect()
