"""The ward's lists for the subsidy as data: Tokyo-certified sitter companies (with their hourly price) and the
sitters each company marks as eligible from a date. Shown read-only here: they are kept on the department's pages
(/subsidy/companies/), where each change is checked and audited."""

from django.contrib import admin

from audit.admin import AuditedModelAdmin
from childcare.subsidy.models import EligibleSitter, SitterCompany


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EligibleSitterInline(ReadOnly, admin.TabularInline):
    model = EligibleSitter
    extra = 0


@admin.register(SitterCompany)
class SitterCompanyAdmin(ReadOnly, AuditedModelAdmin):
    list_display = ("code", "name", "hourly_price_yen", "certified_from", "certified_until", "municipality")
    list_filter = ("municipality",)
    inlines = [EligibleSitterInline]
