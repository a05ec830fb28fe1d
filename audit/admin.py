"""The audit log in the admin site, and the history every other admin page shows from it."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.registry import registered_events
from audit.services import audit_record, object_reference

HISTORY_PER_PAGE = 100


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


def _changed_fields(form, formsets) -> tuple[list[str], list[tuple[str, models.Model, list[str]]]]:
    """The parent's changed field names, and each inline row added, changed or deleted with its field names."""
    rows: list[tuple[str, models.Model, list[str]]] = []
    for formset in formsets or ():
        rows += [("added", obj, []) for obj in formset.new_objects]
        rows += [("changed", obj, sorted(fields)) for obj, fields in formset.changed_objects]
        rows += [("deleted", obj, []) for obj in formset.deleted_objects]
    return sorted(form.changed_data), rows


class AuditedModelAdmin(admin.ModelAdmin):
    """An admin page whose additions, changes and deletions are audit events, and whose history lists them.

    Events hold the model, the row's id and the names of the fields changed, never their values; Django's own
    ``LogEntry`` (which copies ``str(obj)`` into another table) is not written. Django runs the admin's save and
    the ``log_*`` calls in one transaction, so an event exists exactly when the change does. The history page
    shows every event recorded about the row, by the admin or by any service, and its reading is itself audited.
    """

    #: Where the row's municipality id is, so its events are in that tenant's log (``None``: no tenant).
    audit_tenant_path: str | None = "municipality_id"
    #: False where every save and delete already goes through services that record their own events.
    audit_admin_changes: bool = True

    def audit_tenant_id(self, obj: models.Model) -> int | None:
        if not self.audit_tenant_path:
            return None
        value: Any = obj
        for part in self.audit_tenant_path.split("__"):
            value = getattr(value, part, None)
        return value if isinstance(value, int) else None

    def construct_change_message(self, request, form, formsets, add=False):
        request._audit_admin_change = _changed_fields(form, formsets)
        return super().construct_change_message(request, form, formsets, add)

    def _record(self, request, verb: str, obj: models.Model, fields: list[str]) -> None:
        if not self.audit_admin_changes:
            return
        audit_record(
            f"audit.admin_record.{verb}",
            obj=obj,
            tenant_id=self.audit_tenant_id(obj),
            data={"fields": fields, "model": obj._meta.label_lower},
        )

    def _record_inline_rows(self, request, parent: models.Model) -> None:
        if not self.audit_admin_changes:
            return
        _fields, rows = getattr(request, "_audit_admin_change", ([], []))
        for verb, row, fields in rows:
            audit_record(
                f"audit.admin_record.{verb}",
                object_type=row._meta.label_lower,
                object_id=row.pk or "",
                tenant_id=self.audit_tenant_id(parent),
                data={"fields": fields, "model": row._meta.label_lower, "parent": list(object_reference(parent))},
            )

    def log_addition(self, request, obj, message):
        fields, _rows = getattr(request, "_audit_admin_change", ([], []))
        self._record(request, "added", obj, fields)
        self._record_inline_rows(request, obj)

    def log_change(self, request, obj, message):
        fields, _rows = getattr(request, "_audit_admin_change", ([], []))
        self._record(request, "changed", obj, fields)
        self._record_inline_rows(request, obj)

    def log_deletion(self, request, obj, object_repr):
        self._record(request, "deleted", obj, [])

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._record(request, "deleted", obj, [])

    def delete_queryset(self, request, queryset):
        # The bulk delete action logs before it deletes, outside any transaction of its own: one for both.
        with transaction.atomic():
            super().delete_queryset(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        """The row's change history from the audit log, newest first; the reading is recorded."""
        model = self.model
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(
                _("%(name)s with the id “%(key)s” does not exist.")
                % {"name": model._meta.verbose_name, "key": unquote(object_id)}
            )
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        object_type, pk = object_reference(obj)
        events = AuditEvent.objects.filter(object_type=object_type, object_id=pk).order_by("-seq")
        page = Paginator(events, HISTORY_PER_PAGE).get_page(request.GET.get("p"))
        descriptions = registered_events()
        actors = dict(
            get_user_model()
            .objects.filter(pk__in={e.actor_id for e in page if e.actor_id})
            .values_list("pk", "username")
        )
        rows = [
            {
                "event": e,
                "description": descriptions.get(e.name, ""),
                "actor": actors.get(e.actor_id, ""),
                "fields": e.data.get("fields") or e.fields,
            }
            for e in page
        ]
        audit_record(
            "audit.admin_history.read",
            obj=obj,
            tenant_id=self.audit_tenant_id(obj),
            data={"events_shown": len(rows), "page": page.number},
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: %s") % obj,
            "subtitle": None,
            "rows": rows,
            "page_obj": page,
            "module_name": str(model._meta.verbose_name_plural).capitalize(),
            "object": obj,
            "opts": model._meta,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "audit/admin_history.html", context)
