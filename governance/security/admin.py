"""Logins and their memberships in the admin site: every change goes through the services."""

from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from audit.admin import AuditedModelAdmin
from common.errors import ApplicationError
from governance.security.admin_forms import MembershipAdminForm, UserAdminForm
from governance.security.enrolment import enrolment_code_issue, second_factor_reset
from governance.security.services import user_access_change, user_password_set
from governance.tenancy.models import Membership, User
from governance.tenancy.services import (
    MEMBERSHIP_FIELDS,
    membership_create,
    membership_delete,
    membership_update,
    user_create,
    user_delete,
)

# Tokens are issued only by logging in with the second factor: knox's admin would let anyone on the admin
# site mint a token for any user.
admin.site.unregister(AuthToken)


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    extra = 0


@admin.register(User)
class UserAdmin(AuditedModelAdmin):
    """Logins and their memberships. Every save and delete goes through the services, so role and access changes
    are validated, audited, and end API tokens where they must — as from any other caller."""

    audit_tenant_path = None  # a login may act for several municipalities
    audit_admin_changes = False  # the services record each change (access, password, memberships)
    form = UserAdminForm
    list_display = ["username", "is_active", "is_staff", "date_joined"]
    search_fields = ["username"]
    inlines = [MembershipInline]
    actions = ["issue_enrolment_codes", "reset_second_factor"]

    def get_readonly_fields(self, request, obj=None):
        return ["username"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        password = form.cleaned_data["new_password"]
        if not change:
            created = user_create(username=obj.username, password=password, is_staff=obj.is_staff,
                                  is_superuser=obj.is_superuser)
            # The admin goes on with the instance it built (the inlines point at it): make it the created row.
            obj.pk, obj.password, obj.date_joined = created.pk, created.password, created.date_joined
            obj._state.adding, obj._state.db = False, created._state.db
        user_access_change(user=obj, is_active=obj.is_active, is_staff=obj.is_staff, is_superuser=obj.is_superuser)
        if change and password:
            user_password_set(user=obj, password=password)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_delete(membership=membership)
        for membership in formset.new_objects:
            membership_create(user=form.instance, **{f: getattr(membership, f) for f in MEMBERSHIP_FIELDS})
        for membership, _changed in formset.changed_objects:
            membership_update(membership=membership, **{f: getattr(membership, f) for f in MEMBERSHIP_FIELDS})
        return None

    def delete_model(self, request, obj):
        user_delete(user=obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for user in queryset:
            user_delete(user=user)

    @admin.action(description=_("Issue an enrolment code (to set up an authenticator)"))
    def issue_enrolment_codes(self, request, queryset):
        issued, refused = [], []
        for user in queryset.order_by("username"):
            try:
                code, expires_at = enrolment_code_issue(user=user)
            except ApplicationError as exc:
                refused.append(exc.message)
            else:
                issued.append({"user": user, "code": code, "expires_at": expires_at})
        for message in refused:
            self.message_user(request, message, messages.WARNING)
        # Shown once on this page, never stored in a message (session or cookie) that outlives it.
        return TemplateResponse(request, "admin/governance/user/enrolment_codes.html",
                                {**self.admin_site.each_context(request), "opts": self.model._meta,
                                 "title": _("Enrolment codes"), "issued": issued})

    @admin.action(description=_("Reset the second factor (a lost authenticator)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_reset(user=user)
        self.message_user(request, _("The authenticators were removed. Issue each user an enrolment code to set "
                                     "up a new one."), messages.SUCCESS)
