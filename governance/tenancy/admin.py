"""The tenants and their organisation in the admin site."""

from django.contrib import admin

from governance.tenancy.models import Department, Facility, Municipality, Party


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "division", "municipality"]
    list_filter = ["municipality"]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "department", "municipality"]
    list_filter = ["municipality"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
