from django.contrib import admin

from governance.tenancy.models import Department, Facility, Membership, Municipality, Party, User


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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["username", "is_active", "is_staff", "date_joined"]
    search_fields = ["username"]
    exclude = ["password", "user_permissions", "groups"]
    inlines = [MembershipInline]
