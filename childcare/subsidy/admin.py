"""The ward's lists for the subsidy as data: Tokyo-certified sitter companies (with their hourly price) and the
sitters each company marks as eligible from a date."""

from django.contrib import admin

from audit.admin import AuditedModelAdmin
from childcare.subsidy.models import EligibleSitter, SitterCompany


class EligibleSitterInline(admin.TabularInline):
    model = EligibleSitter
    extra = 0


@admin.register(SitterCompany)
class SitterCompanyAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "hourly_price_yen", "certified_from", "certified_until", "municipality")
    list_filter = ("municipality",)
    inlines = [EligibleSitterInline]
