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
        from governance.demo import register_demo_step
        from governance.exchange.demo import demo_certificates_load

        register_demo_step("exchange", demo_certificates_load)
        register_events({
            "governance.exchange.completed": "Personal data crossed the ward's boundary through the gate",
            "governance.exchange.denied": "The exchange gate refused an exchange",
            "governance.ledger.exported": "The handover ledger was exported as CSV",
            "governance.exchange_file.downloaded": "An encrypted exchange file was downloaded",
        })
        # The registry (issue 3).
        from governance.registry.events import REGISTRY_EVENTS

        register_events(REGISTRY_EVENTS)
        from governance.registry.file_register import FILE_REGISTER_EVENTS

        register_events(FILE_REGISTER_EVENTS)
        signals.connect()
        # Field encryption and login protection (issue 6, crypto).
        from django.contrib.auth.signals import user_login_failed

        from governance.security import checks  # noqa: F401 — registers the demo authenticator check
        from governance.security.events import SECURITY_EVENTS
        from governance.security.lockout import on_login_failed

        register_events(SECURITY_EVENTS)
        user_login_failed.connect(on_login_failed, dispatch_uid="governance.security.lockout")
        # The committee workflow (issue 4).
        from governance.committee.events import COMMITTEE_EVENTS

        register_events(COMMITTEE_EVENTS)
        # Retention (issue 8): rules, the sweep and its erasures; the demo's rules.
        from governance.retention.demo import demo_retention_rules_load
        from governance.retention.events import RETENTION_EVENTS

        register_events(RETENTION_EVENTS)
        # Deletion requests, certificates and the subject trail (issue 8).
        from governance.deletion.events import DELETION_EVENTS

        register_events(DELETION_EVENTS)
        register_demo_step("retention", demo_retention_rules_load)
