"""Temporary care's rules as data: a facility's settings with its slots, capacities, fees and closed days."""

from django.contrib import admin

from audit.admin import AuditedModelAdmin
from childcare.care.models import CareClosedDay, CareFacility, CareSlot, CareSlotBand


class CareSlotInline(admin.TabularInline):
    model = CareSlot
    extra = 0
    show_change_link = True  # capacities and fees per band are edited on the slot


class CareClosedDayInline(admin.TabularInline):
    model = CareClosedDay
    extra = 0


@admin.register(CareFacility)
class CareFacilityAdmin(AuditedModelAdmin):
    audit_tenant_path = "facility__municipality_id"
    list_display = ("facility", "minimum_age_days", "window_opens_day", "deadline_days_before", "deadline_time",
                    "cancellation_fee", "max_days_per_week", "max_days_per_month")
    list_filter = ("facility__municipality",)
    inlines = [CareSlotInline, CareClosedDayInline]


class CareSlotBandInline(admin.TabularInline):
    model = CareSlotBand
    extra = 0


@admin.register(CareSlot)
class CareSlotAdmin(AuditedModelAdmin):
    audit_tenant_path = "care_facility__facility__municipality_id"
    list_display = ("care_facility", "code", "label", "starts_at", "ends_at")
    list_filter = ("care_facility",)
    inlines = [CareSlotBandInline]
