from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "監査ログ (audit log)"

    def ready(self):
        from audit import celery_context
        from audit.registry import register_events

        register_events({
            "audit.chain.verified": "The audit chain was verified",
            "audit.events.queried": "An auditor queried the audit log",
        })
        celery_context.connect()
