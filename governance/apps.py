from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "ガバナンス (governance)"

    def ready(self):
        from audit.registry import register_events
        from audit.scope import register_audit_scope, register_tenant_codes
        from governance.backup.events import BACKUP_EVENTS
        from governance.committee.events import COMMITTEE_EVENTS
        from governance.crypto.events import CRYPTO_EVENTS
        from governance.deletion.events import DELETION_EVENTS
        from governance.deletion.selectors import deletion_requests_overdue
        from governance.demo import register_demo_step
        from governance.exchange.demo import demo_certificates_load
        from governance.exchange.events import EXCHANGE_EVENTS
        from governance.exchange.gate import register_overdue_deletion_requests
        from governance.exchange.purposes import EXCHANGE_PURPOSES, register_exchange_purposes
        from governance.jobs.events import JOB_EVENTS
        from governance.notifications.events import NOTIFICATION_EVENTS
        from governance.registry.events import REGISTRY_EVENTS
        from governance.registry.file_register import FILE_REGISTER_EVENTS
        from governance.retention.demo import demo_retention_rules_load
        from governance.retention.events import RETENTION_EVENTS
        from governance.retention.jobs import retention_sweep_kind_register
        from governance.security import (
            checks,  # noqa: F401 — registers the demo authenticator check
            signals,
        )
        from governance.security.events import SECURITY_EVENTS
        from governance.security.keys import key_rotation_kind_register
        from governance.tenancy.events import TENANCY_EVENTS
        from governance.tenancy.selectors import audit_scope_for, tenant_id_for_code

        for events in (TENANCY_EVENTS, SECURITY_EVENTS, CRYPTO_EVENTS, REGISTRY_EVENTS, FILE_REGISTER_EVENTS,
                       COMMITTEE_EVENTS, EXCHANGE_EVENTS, RETENTION_EVENTS, DELETION_EVENTS, BACKUP_EVENTS,
                       JOB_EVENTS, NOTIFICATION_EVENTS):
            register_events(events)
        register_audit_scope(audit_scope_for)
        register_tenant_codes(tenant_id_for_code)
        signals.connect()
        register_overdue_deletion_requests(deletion_requests_overdue)
        register_exchange_purposes(EXCHANGE_PURPOSES)
        register_demo_step("exchange", demo_certificates_load)
        register_demo_step("retention", demo_retention_rules_load)
        retention_sweep_kind_register()
        key_rotation_kind_register()
