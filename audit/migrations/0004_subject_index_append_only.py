"""The subject index is as append-only as the events it indexes (reuses 0002's trigger function)."""

from django.db import migrations

STATEMENTS = {
    "postgresql": [
        "CREATE TRIGGER audit_event_subject_append_only BEFORE UPDATE OR DELETE ON audit_auditeventsubject "
        "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();",
    ],
    "sqlite": [
        "CREATE TRIGGER audit_event_subject_no_update BEFORE UPDATE ON audit_auditeventsubject "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END;",
        "CREATE TRIGGER audit_event_subject_no_delete BEFORE DELETE ON audit_auditeventsubject "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only (DELETE refused)'); END;",
    ],
}
REVERSE = {
    "postgresql": ["DROP TRIGGER IF EXISTS audit_event_subject_append_only ON audit_auditeventsubject;"],
    "sqlite": ["DROP TRIGGER IF EXISTS audit_event_subject_no_update;",
               "DROP TRIGGER IF EXISTS audit_event_subject_no_delete;"],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_access_subjects_findings")]

    operations = [migrations.RunPython(_run(STATEMENTS), _run(REVERSE))]
