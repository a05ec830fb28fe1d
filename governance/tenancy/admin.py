"""The tenants and their organisation in the admin site."""

from django.contrib import admin

from audit.admin import AuditedModelAdmin
from governance.tenancy.models import Department, Facility, Municipality, Party


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin):
    audit_tenant_path = "pk"
    list_display = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ["name", "division", "municipality"]
    list_filter = ["municipality"]


@admin.register(Facility)
class FacilityAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "department", "municipality"]
    list_filter = ["municipality"]


@admin.register(Party)
class PartyAdmin(AuditedModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
