from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log has no edit or delete path, in code or here."""

    list_display = ["seq", "occurred_at", "name", "channel", "tenant_id", "actor_id", "object_type", "object_id"]
    list_filter = ["channel", "name"]
    search_fields = ["object_type", "object_id", "request_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
