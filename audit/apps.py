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
            "audit.events.exported": "An auditor exported audit events as CSV",
            "audit.personal_data.read": "Personal fields were shown (page, API, export or PDF)",
            "audit.finding.updated": "An auditor changed the status of a log-analysis finding",
            "audit.analysis.completed": "The periodic log analysis ran",
        })
        celery_context.connect()
