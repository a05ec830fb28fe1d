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
            "audit.admin_record.added": "A record was added on the admin site (field names only)",
            "audit.admin_record.changed": "A record was changed on the admin site (field names only)",
            "audit.admin_record.deleted": "A record was deleted on the admin site",
            "audit.admin_history.read": "A record's change history was shown on the admin site",
        })
        celery_context.connect()
